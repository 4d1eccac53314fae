#include "http/transfer_encoding.h"

#include <vector>

namespace bb::http {
namespace {

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsChunked(std::string_view coding) {
  constexpr std::string_view kChunked = "chunked";
  if (coding.size() != kChunked.size()) return false;
  for (std::size_t i = 0; i < coding.size(); ++i) {
    char c = coding[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kChunked[i]) return false;
  }
  return true;
}

}  // namespace

TransferEncodingVerdict CheckTransferEncoding(std::string_view field, bool present) {
  if (!present) return TransferEncodingVerdict::kAcceptable;
  std::vector<std::string_view> codings;
  while (true) {
    auto comma = field.find(',');
    std::string_view coding = TrimSpace(field.substr(0, comma));
    if (!coding.empty()) codings.push_back(coding);  // empty list elements are allowed (RFC 9110 §5.6.1)
    if (comma == std::string_view::npos) break;
    field.remove_prefix(comma + 1);
  }
  if (codings.empty() || !IsChunked(codings.back())) return TransferEncodingVerdict::kBadRequest;
  if (codings.size() == 1) return TransferEncodingVerdict::kAcceptable;
  for (std::size_t i = 0; i + 1 < codings.size(); ++i) {
    if (IsChunked(codings[i])) return TransferEncodingVerdict::kBadRequest;  // chunked twice
  }
  return TransferEncodingVerdict::kNotImplemented;
}

}  // namespace bb::http
