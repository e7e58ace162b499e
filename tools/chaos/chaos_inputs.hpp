#pragma once

// Reads the inputs of the chaos checker: lighter-sim's GET /sim/record
// answer, gridbot's --summary-json file and its journal.

#include "tools/chaos/chaos_compare.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::chaos {

/// The exchange's view of `account` from the text of a GET /sim/record
/// answer, or why it cannot be read.
std::variant<exchange_view, std::string>
parse_sim_record(const std::string& text, int64_t account);

/// The markets of a --summary-json text, positions kept as their exact
/// decimal text, or why it cannot be read.
std::variant<std::vector<summary_market>, std::string>
parse_summary(const std::string& text);

/// The fills of a journal file by market symbol, or why it cannot be read.
std::variant<std::map<std::string, std::vector<fill_seen>>, std::string>
read_journal_fills(const std::string& path);

/// A whole file, or nothing when it cannot be opened.
std::optional<std::string> slurp(const std::string& path);

} // namespace trailgrid::chaos
