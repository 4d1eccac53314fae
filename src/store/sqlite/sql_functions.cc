#include "store/sqlite/sql_functions.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/click.h"
#include "domain/ids.h"

namespace bb::store::sqlite {
namespace {

// 64-bit FNV-1a of `text` after `seed`: the fallback for a value Bluebird did not write.
std::uint64_t Fnv1a(std::string_view text, std::uint8_t seed) {
  std::uint64_t hash = 0xcbf29ce484222325u;
  hash = (hash ^ seed) * 0x100000001b3u;
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
  return hash;
}

domain::Bits128 HashedBits(std::string_view text) { return {Fnv1a(text, 1), Fnv1a(text, 2)}; }

domain::Bits128 VisitorBits(std::string_view text) {
  if (auto bits = domain::ParseBase32Bits(text)) return *bits;
  return HashedBits(text);
}

domain::Bits128 AddressBits(std::string_view text) {
  if (auto bits = domain::ParseAddressHash(text)) return *bits;
  return HashedBits(text);
}

template <domain::Bits128 (*Bits)(std::string_view)>
void Half(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(arguments[0]));
  int size = sqlite3_value_bytes(arguments[0]);
  domain::Bits128 bits = Bits(std::string_view(text ? text : "", static_cast<std::size_t>(size)));
  std::uint64_t half = sqlite3_value_int64(arguments[1]) == 0 ? bits.high : bits.low;
  sqlite3_result_int64(context, static_cast<sqlite3_int64>(half));
}

}  // namespace

Status RegisterSqlFunctions(sqlite3* db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  for (auto [name, function] :
       {std::pair{"bb_visitor_half", &Half<VisitorBits>}, std::pair{"bb_address_half", &Half<AddressBits>}}) {
    int rc = sqlite3_create_function_v2(db, name, 2, kFlags, nullptr, function, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return Error::Internal(std::string("registering ") + name + ": " + sqlite3_errstr(rc));
  }
  return Ok();
}

}  // namespace bb::store::sqlite
