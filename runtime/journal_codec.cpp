#include "runtime/journal_codec.hpp"

#include "journal.capnp.h"

#include <capnp/message.h>
#include <capnp/serialize-packed.h>
#include <kj/exception.h>
#include <kj/io.h>
#include <zlib.h>

#include <limits>
#include <type_traits>

namespace trailgrid::runtime::journal_detail {

namespace schema = trailgrid::runtime::journal_capnp;

namespace {

schema::Side to_schema(strategy::side s) {
  return s == strategy::side::bid ? schema::Side::BID : schema::Side::ASK;
}

strategy::side from_schema(schema::Side s) {
  return s == schema::Side::BID ? strategy::side::bid : strategy::side::ask;
}

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// -- encode -------------------------------------------------------------------

struct encoder {
  schema::Entry::Builder e;

  void operator()(const journal_session& x) {
    auto b = e.initSession();
    b.setNode(x.node);
    b.setNote(x.note);
  }
  void operator()(const journal_fill& x) {
    auto b = e.initFill();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setOrderIndex(x.order_index);
    b.setClientOrderIndex(x.client_order_index);
    b.setSide(to_schema(x.side));
    b.setPrice(x.price.value);
    b.setSize(x.size.value);
    b.setFee(x.fee.value);
    b.setIsMaker(x.is_maker);
    b.setTradeId(x.trade_id);
    b.setFeeReported(x.fee_reported);
  }
  void operator()(const journal_ack& x) {
    auto b = e.initAck();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setClientOrderIndex(x.client_order_index);
    b.setOrderIndex(x.order_index);
  }
  void operator()(const journal_reject& x) {
    auto b = e.initReject();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setClientOrderIndex(x.client_order_index);
    b.setCode(x.code);
    b.setReason(x.reason);
  }
  void operator()(const journal_reset& x) {
    auto b = e.initReset();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setResetSeq(x.reset_seq);
    b.setCentre(x.centre.value);
    b.setSpacingPpm(x.spacing_ppm);
    b.setBidLevels(x.bid_levels);
    b.setAskLevels(x.ask_levels);
    b.setSource(x.source);
    b.setGuardFallback(x.guard_fallback);
    b.setWhy(x.why);
  }
  void operator()(const journal_pnl& x) {
    auto b = e.initPnl();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setPosition(x.position.value);
    b.setRealised(x.realised.value);
    b.setUnrealised(x.unrealised.value);
    b.setFees(x.fees.value);
    b.setVolume(x.volume.value);
  }
  void operator()(const journal_config& x) {
    auto b = e.initConfig();
    b.setKey(x.key);
    b.setOldValue(x.old_value);
    b.setNewValue(x.new_value);
  }
  void operator()(const journal_risk& x) {
    auto b = e.initRisk();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setHalted(x.halted);
    b.setWhy(x.why);
    b.setPeak(x.peak.value);
    b.setBreakerTripped(x.breaker_tripped);
  }
  void operator()(const journal_book& x) {
    auto b = e.initBook();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setBid(x.bid.value);
    b.setAsk(x.ask.value);
    b.setAtMs(x.at_ms);
  }
  void operator()(const journal_scale& x) {
    auto b = e.initScale();
    b.setMarket(x.market);
    b.setMarketIndex(x.market_index);
    b.setPriceDecimals(x.price_decimals);
    b.setSizeDecimals(x.size_decimals);
  }
};

// -- decode -------------------------------------------------------------------

std::optional<journal_entry> decode_entry(schema::Entry::Reader e) {
  switch (e.which()) {
  case schema::Entry::SESSION: {
    auto r = e.getSession();
    return journal_session{r.getNode(), r.getNote()};
  }
  case schema::Entry::FILL: {
    auto r = e.getFill();
    journal_fill x;
    x.market = r.getMarket();
    x.market_index = r.getMarketIndex();
    x.order_index = r.getOrderIndex();
    x.client_order_index = r.getClientOrderIndex();
    x.side = from_schema(r.getSide());
    x.price = strategy::price_ticks{r.getPrice()};
    x.size = strategy::qty_lots{r.getSize()};
    x.fee = strategy::quote_units{r.getFee()};
    x.is_maker = r.getIsMaker();
    x.trade_id = r.getTradeId();
    x.fee_reported = r.getFeeReported();
    return x;
  }
  case schema::Entry::ACK: {
    auto r = e.getAck();
    return journal_ack{r.getMarket(), r.getMarketIndex(),
                       r.getClientOrderIndex(), r.getOrderIndex()};
  }
  case schema::Entry::REJECT: {
    auto r = e.getReject();
    return journal_reject{r.getMarket(), r.getMarketIndex(),
                          r.getClientOrderIndex(), r.getCode(), r.getReason()};
  }
  case schema::Entry::RESET: {
    auto r = e.getReset();
    journal_reset x;
    x.market = r.getMarket();
    x.market_index = r.getMarketIndex();
    x.reset_seq = r.getResetSeq();
    x.centre = strategy::price_ticks{r.getCentre()};
    x.spacing_ppm = r.getSpacingPpm();
    x.bid_levels = r.getBidLevels();
    x.ask_levels = r.getAskLevels();
    x.source = r.getSource();
    x.guard_fallback = r.getGuardFallback();
    x.why = r.getWhy();
    return x;
  }
  case schema::Entry::PNL: {
    auto r = e.getPnl();
    journal_pnl x;
    x.market = r.getMarket();
    x.market_index = r.getMarketIndex();
    x.position = strategy::qty_lots{r.getPosition()};
    x.realised = strategy::quote_units{r.getRealised()};
    x.unrealised = strategy::quote_units{r.getUnrealised()};
    x.fees = strategy::quote_units{r.getFees()};
    x.volume = strategy::quote_units{r.getVolume()};
    return x;
  }
  case schema::Entry::CONFIG: {
    auto r = e.getConfig();
    return journal_config{r.getKey(), r.getOldValue(), r.getNewValue()};
  }
  case schema::Entry::RISK: {
    auto r = e.getRisk();
    journal_risk x;
    x.market = r.getMarket();
    x.market_index = r.getMarketIndex();
    x.halted = r.getHalted();
    x.why = r.getWhy();
    x.peak = strategy::quote_units{r.getPeak()};
    x.breaker_tripped = r.getBreakerTripped();
    return x;
  }
  case schema::Entry::BOOK: {
    auto r = e.getBook();
    return journal_book{r.getMarket(), r.getMarketIndex(),
                        strategy::price_ticks{r.getBid()},
                        strategy::price_ticks{r.getAsk()}, r.getAtMs()};
  }
  case schema::Entry::SCALE: {
    auto r = e.getScale();
    return journal_scale{r.getMarket(), r.getMarketIndex(),
                         r.getPriceDecimals(), r.getSizeDecimals()};
  }
  }
  return std::nullopt; // a newer kind of entry
}

} // namespace

std::optional<std::string> implausible(const journal_entry& entry) {
  const auto* fill = std::get_if<journal_fill>(&entry);
  if (!fill) return std::nullopt;
  const int64_t price = fill->price.value, size = fill->size.value;
  if (price < 1 || price > int64_t{0xFFFFFFFF})
    return "a fill at price " + std::to_string(price) +
           " (the exchange's prices are 1..2^32-1)";
  if (size < 1 || size >= (int64_t{1} << 48))
    return "a fill of size " + std::to_string(size) +
           " (the exchange's sizes are 1..2^48-1)";
  const auto notional = static_cast<int128>(price) * size;
  if (notional > std::numeric_limits<int64_t>::max())
    return "a fill whose notional does not fit in 64 bits";
  const auto fee = static_cast<int128>(fill->fee.value);
  if (fee > notional || -fee > notional)
    return "a fill whose fee " + std::to_string(fill->fee.value) +
           " exceeds its notional";
  return std::nullopt;
}

uint32_t crc32_of(const unsigned char* data, std::size_t size) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; feed large inputs in chunks.
  while (size > 0) {
    auto n = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    crc = ::crc32(crc, data, n);
    data += n;
    size -= n;
  }
  return static_cast<uint32_t>(crc);
}

uint32_t load_u32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

void append_frame(std::string& out, const journal_record& record) {
  capnp::MallocMessageBuilder message(128);
  auto e = message.initRoot<schema::Entry>();
  e.setSeq(record.seq);
  e.setTsMs(record.ts_ms);
  std::visit(encoder{e}, record.entry);
  kj::VectorOutputStream body(256);
  capnp::writePackedMessage(body, message);
  auto bytes = body.getArray();
  put_u32(out, static_cast<uint32_t>(bytes.size()));
  put_u32(out, crc32_of(bytes.begin(), bytes.size()));
  out.append(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

expected<decoded, std::string> decode_body(const unsigned char* data,
                                           std::size_t size) {
  try {
    kj::ArrayInputStream in(kj::arrayPtr(data, size));
    capnp::PackedMessageReader reader(in);
    auto e = reader.getRoot<schema::Entry>();
    decoded out;
    out.seq = e.getSeq();
    out.ts_ms = e.getTsMs();
    out.entry = decode_entry(e);
    if (out.entry)
      if (auto why = implausible(*out.entry))
        return "the record decodes to " + *why;
    return out;
  } catch (const kj::Exception& ex) {
    return std::string{ex.getDescription().cStr()};
  }
}

} // namespace trailgrid::runtime::journal_detail
