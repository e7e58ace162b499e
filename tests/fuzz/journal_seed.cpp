// Writes seed inputs for journal_fuzz: a journal with one entry of every
// kind, prefixed by the harness's "fix the CRCs" byte. Usage:
// journal_seed <output file>

#include "runtime/journal.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

using namespace trailgrid::runtime;
using namespace trailgrid::strategy;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: journal_seed <output file>\n");
    return 2;
  }
  const std::string out = argv[1];
  const std::string tmp = out + ".tgj";
  std::remove(tmp.c_str());
  {
    auto w = journal_writer::open(tmp);
    if (!w) {
      std::fprintf(stderr, "%s\n", w.error().c_str());
      return 1;
    }
    auto& j = w.value();
    int64_t ts = 1700000000000;
    (void)j.append(journal_session{"node-a", "start"}, ts++);
    (void)j.append(journal_config{"markets.BTC.levels", "4", "5"}, ts++);
    (void)j.append(journal_ack{"BTC", 1, 11, 101}, ts++);
    (void)j.append(journal_fill{"BTC", 1, 101, 11, side::bid,
                                price_ticks{650000}, qty_lots{200},
                                quote_units{-13}, true, 9001, true},
                   ts++);
    (void)j.append(journal_reject{"BTC", 1, 12, 21701, "invalid size"}, ts++);
    (void)j.append(journal_reset{"BTC", 1, 3, price_ticks{650100}, 1500, 4, 4,
                                 "mid", false, "fill"},
                   ts++);
    (void)j.append(journal_pnl{"BTC", 1, qty_lots{200}, quote_units{0},
                               quote_units{20}, quote_units{-13},
                               quote_units{130000}},
                   ts++);
  }
  std::ifstream in(tmp, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  std::remove(tmp.c_str());
  std::ofstream o(out, std::ios::binary);
  o.put('\x01');
  o << bytes;
  return o ? 0 : 1;
}
