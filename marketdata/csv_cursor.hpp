#pragma once

#include "marketdata/byte_source.hpp"
#include "marketdata/read_error.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::marketdata {

/// Splits a (possibly gzipped) CSV file into rows of comma-separated fields,
/// reading large blocks and keeping line numbers for error messages. No
/// quoting (none of our formats needs it); CRLF line ends and empty lines are
/// accepted. The shared engine of the typed readers.
class csv_cursor {
public:
  /// Most fields a row may have.
  static constexpr size_t max_fields = 16;

  /// Opens `path`; errors surface through error().
  explicit csv_cursor(std::string path);

  /// Reads the header line and checks it is exactly one of `accepted`
  /// (comma-joined column names). Returns the index of the match.
  std::optional<size_t>
  read_header(std::initializer_list<std::string_view> accepted);

  /// Advances to the next non-empty data row; false at the end or on error.
  /// @post on true, size() fields are available through field(i).
  bool next_row();

  /// Fields of the current row.
  size_t size() const { return size_; }
  /// Field `i` of the current row. @pre i < size()
  std::string_view field(size_t i) const { return fields_[i]; }
  /// The current 1-based line number.
  int64_t line() const { return line_; }

  /// Records an error about the current line (the first error wins).
  void fail(std::string message);
  /// Records an error about column `i` (0-based) of the current row, quoting
  /// its text: `what` says what was expected.
  void fail_field(size_t i, std::string_view what);
  /// Checks the current row has exactly `n` fields (records an error if not).
  bool expect_fields(size_t n);

  /// The first error, if any.
  const std::optional<read_error>& error() const { return error_; }
  /// The file being read.
  const std::string& path() const { return path_; }

private:
  bool next_line(std::string_view& line);
  bool fill();

  std::string path_;
  byte_source src_;
  // Not a vector: its zero-fill of a large block is measurable per file.
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  int64_t line_ = 0;
  std::vector<std::string> header_;
  std::array<std::string_view, max_fields> fields_{};
  size_t size_ = 0;
  std::optional<read_error> error_;
};

/// Parses a plain base-10 integer ("-12", "1723161254087891"): digits with an
/// optional leading '-', no spaces; nothing on overflow or other text.
std::optional<int64_t> parse_int64(std::string_view text);

/// Parses a decimal number as a double (locale-independent, round-trip
/// exact); nothing for malformed text, inf or nan.
std::optional<double> parse_double(std::string_view text);

} // namespace trailgrid::marketdata
