#include "multi_market/status_figures.hpp"

#include <charconv>

namespace trailgrid::multi_market {

using messages::actor_status;

namespace {

void sum_kind(const actor_status& node, std::string_view kind,
              std::optional<int64_t>& total) {
  if (node.kind == kind)
    if (auto n = figure_int(node, "live_orders"))
      total = total.value_or(0) + *n;
  for (const auto& c : node.children)
    sum_kind(c, kind, total);
}

} // namespace

const actor_status* find_status(const actor_status& tree,
                                std::string_view name) {
  if (tree.name == name) return &tree;
  for (const auto& c : tree.children)
    if (auto hit = find_status(c, name)) return hit;
  return nullptr;
}

std::optional<int64_t> figure_int(const actor_status& node,
                                  std::string_view key) {
  auto i = node.figures.find(std::string{key});
  if (i == node.figures.end()) return std::nullopt;
  const auto& text = i->second;
  int64_t value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

std::optional<int64_t> live_orders(const actor_status& tree) {
  std::optional<int64_t> total;
  sum_kind(tree, "executor", total);
  if (!total) sum_kind(tree, "grid", total);
  return total;
}

} // namespace trailgrid::multi_market
