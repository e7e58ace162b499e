#pragma once

// Forward declarations of the exchange client's handles, for headers that
// only pass them around.

namespace trailgrid::lighter {

class rest_api;
class rest_gate;

namespace net {
class io_runner;
} // namespace net

} // namespace trailgrid::lighter
