#pragma once

// Type IDs of every message type that travels as a top-level message element.
// Serialized by name on the wire (CAF 0.17), so all nodes must agree.

#include "messages/account.hpp"
#include "messages/gateway.hpp"
#include "messages/market_data.hpp"
#include "messages/node.hpp"
#include "messages/orders.hpp"
#include "messages/signing.hpp"
#include "messages/status.hpp"

#include "caf/type_id.hpp"

namespace trailgrid::messages {
struct market_peers;   // defined in messages/interfaces.hpp
struct route_market;   // defined in messages/interfaces.hpp
struct sign_and_send;  // defined in messages/interfaces.hpp
struct signer_session; // defined in messages/interfaces.hpp
} // namespace trailgrid::messages

CAF_BEGIN_TYPE_ID_BLOCK(trailgrid_messages, caf::first_custom_type_id)

CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::top_of_book))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::trade_print))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::mark_price))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::atr_update))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::fill))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::order_accepted))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::order_rejected))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::order_cancelled))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::replace_grid))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::reconciled))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::sign_request))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::sign_and_send))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::tx_outcome))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::nonce_resync))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::actor_status))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::market_peers))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::reset_done))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::cancel_grid))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::halt_notice))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::balance_update))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::send_batch))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::batch_reply))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::live_order))
CAF_ADD_TYPE_ID(trailgrid_messages,
                (std::vector<trailgrid::messages::live_order>))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::account_snapshot))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::fills_since))
CAF_ADD_TYPE_ID(trailgrid_messages, (std::vector<trailgrid::messages::fill>))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::route_market))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::market_exposure))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::reduce_only))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::atr_warmup))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::position_report))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::risk_halt))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::market_status))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::risk_record))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::signer_session))
CAF_ADD_TYPE_ID(trailgrid_messages, (trailgrid::messages::book_sample))

CAF_END_TYPE_ID_BLOCK(trailgrid_messages)
