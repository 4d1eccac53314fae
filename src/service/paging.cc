#include "service/paging.h"

#include <charconv>
#include <functional>

#include "crypto/crypto.h"
#include "domain/ids.h"

namespace bb::service {
namespace {

constexpr std::size_t kTagLength = 32;   // hex characters (128 bits) of the HMAC tying a cursor to its list
constexpr std::size_t kMaxCursor = 160;  // an id, a dot and the tag, in base64url

std::string TagOf(std::string_view key, std::string_view list, std::string_view last_id) {
  std::string text(list);
  text += '\n';
  text += last_id;
  return crypto::HmacSha256Hex(key, text).substr(0, kTagLength);
}

Error NotACursor() { return Error::InvalidField("cursor", "is not a cursor this API returned for this list"); }

}  // namespace

std::string EncodeCursor(std::string_view key, std::string_view list, std::string_view last_id) {
  return crypto::Base64UrlEncode(std::string(last_id) + '.' + TagOf(key, list, last_id));
}

namespace {

// The key a cursor points after, when it is one issued for the page's list and `well_formed` says
// the key is of the list's kind.
Result<std::string> KeyOfCursor(const Page& page, const std::function<bool(const std::string&)>& well_formed) {
  if (page.limit < 1 || page.limit > 200) return Error::InvalidField("limit", "must be between 1 and 200");
  if (page.cursor.empty()) return std::string();
  if (page.cursor.size() > kMaxCursor) return NotACursor();
  auto decoded = crypto::Base64UrlDecode(page.cursor);
  if (!decoded) return NotACursor();
  auto dot = decoded->rfind('.');
  if (dot == std::string::npos) return NotACursor();
  std::string key = decoded->substr(0, dot);
  if (!well_formed(key) || !crypto::ConstantTimeEquals(decoded->substr(dot + 1), TagOf(page.key, page.list, key))) {
    return NotACursor();
  }
  return key;
}

}  // namespace

Result<std::string> CheckPage(const Page& page, std::string_view id_prefix) {
  return KeyOfCursor(page, [&](const std::string& id) { return domain::IsWellFormedId(id_prefix, id); });
}

Result<std::string> CheckKeyPage(const Page& page) {
  return KeyOfCursor(page, [](const std::string& key) { return !key.empty(); });
}

Result<SnapshotPosition> ReadSnapshotCursor(const Page& page) {
  BB_ASSIGN_OR_RETURN(std::string after, CheckKeyPage(page));
  SnapshotPosition out;
  if (after.empty()) return out;
  // micros:position:id
  const auto first = after.find(':');
  const auto second = first == std::string::npos ? std::string::npos : after.find(':', first + 1);
  std::int64_t micros = 0;
  auto [micros_end, micros_error] = std::from_chars(after.data(), after.data() + first, micros);
  auto [start_end, start_error] = second == std::string::npos
                                      ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                                      : std::from_chars(after.data() + first + 1, after.data() + second, out.start);
  if (second == std::string::npos || micros_error != std::errc{} || micros_end != after.data() + first ||
      start_error != std::errc{} || start_end != after.data() + second) {
    return Error::InvalidField("cursor", "is not a cursor of this list");
  }
  out.as_of = FromMicros(micros);
  out.last_id = after.substr(second + 1);
  return out;
}

std::string SnapshotCursor(const Page& page, Timestamp as_of, std::size_t end, std::string_view last_id) {
  return EncodeCursor(page.key, page.list,
                      std::to_string(ToMicros(as_of)) + ":" + std::to_string(end) + ":" + std::string(last_id));
}

Status ProgramFilterExists(store::Queries& q, std::string_view program_id) {
  if (program_id.empty()) return Ok();
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound("No program with this id.");
  return Ok();
}

}  // namespace bb::service
