#include "http/request_reader.h"

#include <boost/url/parse.hpp>

#include <cctype>
#include <vector>

#include "domain/validation.h"

namespace bb::http {

TransferEncodingVerdict CheckTransferEncoding(const WireRequest& header) {
  std::string codings;
  bool present = false;
  auto [first, last] = header.equal_range(boost::beast::http::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    if (present) codings += ',';
    codings += field->value();
    present = true;
  }
  return CheckTransferEncoding(codings, present);
}

Result<Request> ToRequest(const WireRequest& in, std::string remote_ip, bool trust_proxy) {
  Request out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  auto url = boost::urls::parse_origin_form(in.target());
  if (!url) return Error(ErrorCode::kMalformed, "The request target is not a valid path.");
  out.path = url->path();
  boost::urls::encoding_opts plus_is_space(true);
  for (auto param : url->params(plus_is_space)) out.query.emplace_back(param.key, param.value);
  // Decoded, the path and the query are text every database stores and compares alike, or the
  // request is refused (PostgreSQL refuses invalid UTF-8 and cuts text at a NUL; SQLite keeps both):
  // a path with 400, a query parameter with 422 naming it.
  if (!domain::IsStorableUtf8(out.path)) {
    return Error(ErrorCode::kMalformed, "The request path is not UTF-8 text (or holds a NUL character).");
  }
  std::vector<FieldError> bad_parameters;
  for (const auto& [key, value] : out.query) {
    if (!domain::IsStorableUtf8(key)) {
      bad_parameters.push_back({"query", "has a parameter name that is not UTF-8 text"});
    } else if (!domain::IsStorableUtf8(value)) {
      bad_parameters.push_back({key, "is not UTF-8 text (or holds a NUL character)"});
    }
  }
  if (!bad_parameters.empty()) {
    return Error(ErrorCode::kInvalidArgument, "A query parameter is not UTF-8 text.", std::move(bad_parameters));
  }
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  out.body = in.body();
  out.remote_ip = std::move(remote_ip);
  if (trust_proxy) {
    std::string_view forwarded = out.Header("x-forwarded-for");
    if (!forwarded.empty()) {
      auto comma = forwarded.rfind(',');
      std::string_view last = comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
      if (!last.empty()) out.remote_ip = std::string(last);
    }
  }
  return out;
}

}  // namespace bb::http
