#include "marketdata/csv_cursor.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace trailgrid::marketdata {

namespace {

constexpr size_t max_line_bytes = 1u << 20;

std::string quote_text(std::string_view text) {
  constexpr size_t max_shown = 60;
  std::string out = "\"";
  out.append(text.substr(0, max_shown));
  if (text.size() > max_shown) out += "...";
  out += '"';
  return out;
}

} // namespace

std::string read_error::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (column > 0) {
    out += "column " + std::to_string(column);
    if (!column_name.empty()) out += " (" + column_name + ")";
    out += ": ";
  }
  out += message;
  return out;
}

csv_cursor::csv_cursor(std::string path)
    : path_(std::move(path)), src_(path_), buf_(new char[read_block_bytes]),
      cap_(read_block_bytes) {
  if (!src_.ok()) error_ = read_error{path_, 0, 0, {}, src_.error()};
}

bool csv_cursor::fill() {
  if (eof_ || error_) return false;
  // Keep the unfinished line, move it to the front, and grow the buffer only
  // if a single line fills it.
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == cap_) {
    if (cap_ >= max_line_bytes + read_block_bytes) {
      error_ = read_error{path_, line_ + 1, 0, {}, "line is too long"};
      return false;
    }
    std::unique_ptr<char[]> bigger{new char[cap_ * 2]};
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    cap_ *= 2;
  }
  size_t n = src_.read(buf_.get() + end_, cap_ - end_);
  if (!src_.ok()) {
    error_ = read_error{path_, 0, 0, {}, src_.error()};
    return false;
  }
  if (n == 0) eof_ = true;
  end_ += n;
  return n > 0;
}

bool csv_cursor::next_line(std::string_view& line) {
  for (;;) {
    const char* start = buf_.get() + begin_;
    auto* nl =
        static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    if (nl != nullptr) {
      size_t len = static_cast<size_t>(nl - start);
      begin_ += len + 1;
      ++line_;
      if (len > 0 && start[len - 1] == '\r') --len;
      line = std::string_view{start, len};
      return true;
    }
    if (!fill()) {
      if (error_ || begin_ == end_) return false;
      // The last line has no newline.
      size_t len = end_ - begin_;
      const char* last = buf_.get() + begin_;
      begin_ = end_;
      ++line_;
      if (last[len - 1] == '\r') --len;
      line = std::string_view{last, len};
      return true;
    }
  }
}

std::optional<size_t>
csv_cursor::read_header(std::initializer_list<std::string_view> accepted) {
  if (error_) return std::nullopt;
  std::string_view line;
  if (!next_line(line)) {
    if (!error_)
      error_ = read_error{
          path_, 1, 0, {}, "file is empty (a header line is required)"};
    return std::nullopt;
  }
  // Tolerate a UTF-8 byte order mark.
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  size_t index = 0;
  for (auto want : accepted) {
    if (line == want) {
      header_.clear();
      size_t pos = 0;
      for (;;) {
        size_t comma = line.find(',', pos);
        header_.emplace_back(line.substr(pos, comma - pos));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
      }
      return index;
    }
    ++index;
  }
  std::string allowed;
  for (auto want : accepted)
    allowed += (allowed.empty() ? "\"" : " or \"") + std::string{want} + "\"";
  error_ =
      read_error{path_,
                 line_,
                 0,
                 {},
                 "header must be " + allowed + ", got " + quote_text(line)};
  return std::nullopt;
}

bool csv_cursor::next_row() {
  if (error_) return false;
  std::string_view line;
  do {
    if (!next_line(line)) return false;
  } while (line.empty());
  size_ = 0;
  const char* p = line.data();
  const char* end = p + line.size();
  for (;;) {
    auto* comma = static_cast<const char*>(
        std::memchr(p, ',', static_cast<size_t>(end - p)));
    const char* stop = comma ? comma : end;
    if (size_ == max_fields) {
      fail("too many columns (more than " + std::to_string(max_fields) + ")");
      return false;
    }
    fields_[size_++] = std::string_view{p, static_cast<size_t>(stop - p)};
    if (!comma) break;
    p = comma + 1;
  }
  return true;
}

void csv_cursor::fail(std::string message) {
  if (!error_) error_ = read_error{path_, line_, 0, {}, std::move(message)};
}

void csv_cursor::fail_field(size_t i, std::string_view what) {
  if (error_) return;
  std::string name = i < header_.size() ? header_[i] : std::string{};
  error_ = read_error{path_, line_, static_cast<int>(i) + 1, std::move(name),
                      std::string{what} + ", got " +
                          quote_text(i < size_ ? fields_[i] : "")};
}

bool csv_cursor::expect_fields(size_t n) {
  if (size_ == n) return true;
  fail("expected " + std::to_string(n) + " columns, got " +
       std::to_string(size_));
  return false;
}

std::optional<int64_t> parse_int64(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    unsigned d = static_cast<unsigned>(c) - '0';
    if (d > 9) return std::nullopt;
    v = v * 10 + d;
  }
  constexpr uint64_t max = std::numeric_limits<int64_t>::max();
  if (v > max + (negative ? 1 : 0)) return std::nullopt;
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

std::optional<double> parse_double(std::string_view text) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto res = std::from_chars(text.data(), end, v);
  if (res.ec != std::errc{} || res.ptr != end || !std::isfinite(v))
    return std::nullopt;
  return v;
}

} // namespace trailgrid::marketdata
