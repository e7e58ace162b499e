#include "lighter/net/http_router.hpp"

namespace trailgrid::lighter::net {

namespace {

http_reply error_reply(int status, std::string message) {
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return {status, "application/json",
          R"({"code":)" + std::to_string(status) + R"(,"message":")" + escaped +
              R"("})"};
}

} // namespace

http_router& http_router::add(std::string method, std::string path,
                              route_handler handler) {
  return add(std::move(method), std::move(path),
             request_route_handler(
                 [h = std::move(handler)](const incoming_request& r) {
                   return h(r.target, r.body);
                 }));
}

http_router& http_router::add(std::string method, std::string path,
                              request_route_handler handler) {
  for (auto& r : routes_) {
    if (r.method == method && r.path == path) {
      r.handler = std::move(handler);
      return *this;
    }
  }
  routes_.push_back({std::move(method), std::move(path), std::move(handler)});
  return *this;
}

http_reply http_router::operator()(const incoming_request& req) const {
  std::string_view path = req.target.substr(0, req.target.find('?'));
  bool path_known = false;
  for (const auto& r : routes_) {
    if (r.path != path) continue;
    if (r.method == req.method) return r.handler(req);
    path_known = true;
  }
  if (path_known)
    return error_reply(405, std::string(req.method) + " not allowed on " +
                                std::string(path));
  return error_reply(404, "no route for " + std::string(path));
}

http_reply http_router::operator()(std::string_view method,
                                   std::string_view target,
                                   std::string_view body) const {
  return (*this)(incoming_request{method, target, body, {}});
}

} // namespace trailgrid::lighter::net
