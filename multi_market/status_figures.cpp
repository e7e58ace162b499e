#include "multi_market/status_figures.hpp"

namespace trailgrid::multi_market {

using messages::actor_status;

namespace {

void sum_kind(const actor_status& node, std::string_view kind,
              std::optional<int64_t>& total) {
  if (node.kind == kind && node.facts.live_orders >= 0)
    total = total.value_or(0) + node.facts.live_orders;
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

std::string figure_text(const actor_status& node, std::string_view key,
                        std::string_view missing) {
  auto i = node.figures.find(std::string{key});
  return i == node.figures.end() ? std::string{missing} : i->second;
}

std::optional<int64_t> live_orders(const actor_status& tree) {
  std::optional<int64_t> total;
  sum_kind(tree, "executor", total);
  if (!total) sum_kind(tree, "grid", total);
  return total;
}

namespace {

void render(const actor_status& node, int depth, std::string& out) {
  out.append(static_cast<size_t>(depth) * 2, ' ');
  out += node.name + " [" + node.kind + ", " + to_string(node.state);
  if (node.restarts > 0) out += ", restarts " + std::to_string(node.restarts);
  out += "]";
  for (auto& [k, v] : node.figures)
    out += " " + k + "=" + v;
  out += "\n";
  for (auto& c : node.children)
    render(c, depth + 1, out);
}

} // namespace

std::string render_tree(const actor_status& tree) {
  std::string out;
  render(tree, 0, out);
  return out;
}

} // namespace trailgrid::multi_market
