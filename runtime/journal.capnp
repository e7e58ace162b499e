# trailgrid journal: one append-only file per node. Every record is one
# packed Cap'n Proto message `Entry`, framed on disk (see runtime/journal.hpp):
#   file   = magic "TGJRNL01" (8 bytes), then records
#   record = body length (u32 LE), CRC-32 of body (u32 LE), body (packed Entry)
# Prices, sizes and amounts are the market's integers (price ticks, size
# lots, quote units = ticks x lots), never floats. Add fields and union
# members only at the end, with new ordinals: old readers skip what they do
# not know.
@0x8d39f94e0555b55a;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("trailgrid::runtime::journal_capnp");

enum Side {
  bid @0;
  ask @1;
}

# Start of a new accounting session: recover() counts from the last one.
struct Session {
  node @0 :Text;
  note @1 :Text;
}

# One fill of one of our orders.
struct Fill {
  market @0 :Text;
  marketIndex @1 :Int32;
  orderIndex @2 :Int64;
  clientOrderIndex @3 :Int64;
  side @4 :Side;
  price @5 :Int64;
  size @6 :Int64;
  fee @7 :Int64;        # quote units, signed (negative: rebate)
  isMaker @8 :Bool;
  tradeId @9 :Int64;
  feeReported @10 :Bool; # fee is the exchange's (else the configured rate)
}

# The exchange accepted an order.
struct Ack {
  market @0 :Text;
  marketIndex @1 :Int32;
  clientOrderIndex @2 :Int64;
  orderIndex @3 :Int64;
}

# The exchange refused a transaction.
struct Reject {
  market @0 :Text;
  marketIndex @1 :Int32;
  clientOrderIndex @2 :Int64;
  code @3 :Int32;
  reason @4 :Text;
}

# A grid reset: the replace_grid that went out.
struct Reset {
  market @0 :Text;
  marketIndex @1 :Int32;
  resetSeq @2 :UInt64;
  centre @3 :Int64;
  spacingPpm @4 :Int64;
  bidLevels @5 :UInt32;
  askLevels @6 :UInt32;
  source @7 :Text;         # mid_price_source actually used
  guardFallback @8 :Bool;  # the sanity guard chose the market mid
  why @9 :Text;            # start, fill, trailing, resume
}

# Position and PnL of a market at one moment (for reports; recover()
# rebuilds the exact figures from fills).
struct PnlSnapshot {
  market @0 :Text;
  marketIndex @1 :Int32;
  position @2 :Int64;
  realised @3 :Int64;
  unrealised @4 :Int64;
  fees @5 :Int64;
  volume @6 :Int64;
}

# A configuration value changed (or was set at start).
struct ConfigChange {
  key @0 :Text;
  oldValue @1 :Text;
  newValue @2 :Text;
}

# A market's risk state changed: a risk halt (drawdown, account drawdown;
# never an operator pause) or its resume, a breaker trip or resume, a new
# drawdown peak. The last one per market is restored at start.
struct Risk {
  market @0 :Text;
  marketIndex @1 :Int32;
  halted @2 :Bool;
  why @3 :Text;            # halt reason when halted
  peak @4 :Int64;          # drawdown peak equity, quote units
  breakerTripped @5 :Bool;
}

# The top of a market's book in effect from atMs on (reports: the price
# chart, and the markouts 1 s, 10 s and 60 s after each fill).
struct Book {
  market @0 :Text;
  marketIndex @1 :Int32;
  bid @2 :Int64;
  ask @3 :Int64;
  atMs @4 :Int64;          # Unix ms; may be earlier than the entry's tsMs
}

# A market's scale (written before its first Book entry), so reports print
# human prices and sizes.
struct Scale {
  market @0 :Text;
  marketIndex @1 :Int32;
  priceDecimals @2 :Int32;
  sizeDecimals @3 :Int32;
}

struct Entry {
  seq @0 :UInt64;   # 1, 2, 3, ... over the whole file
  tsMs @1 :Int64;   # Unix ms when written
  union {
    session @2 :Session;
    fill @3 :Fill;
    ack @4 :Ack;
    reject @5 :Reject;
    reset @6 :Reset;
    pnl @7 :PnlSnapshot;
    config @8 :ConfigChange;
    risk @9 :Risk;
    book @10 :Book;
    scale @11 :Scale;
  }
}
