// libFuzzer harness: the HTTP request reader. Raw bytes go through Boost.Beast's parser with the
// server's limits, then Bluebird's own reading: the Transfer-Encoding verdict taken before the
// body, the handler's view of the request (path, query, headers, cookies), routing, and an answer
// serialised with header values taken from the request. Invariants: an ambiguous body length is
// never accepted, and no header value can start a header of its own in the answer.

#include <fuzzer/FuzzedDataProvider.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstdlib>

#include "http/request_reader.h"
#include "http/response_writer.h"
#include "http/router.h"

namespace {

using namespace bb::http;
namespace beast = boost::beast;

const Router& TheRouter() {
  static const Router* router = [] {
    auto* r = new Router;
    for (const char* pattern : {"/api/v1/programs", "/api/v1/programs/{id}", "/api/v1/programs/{id}/advocates",
                                "/api/v1/referrals/{id}/stage", "/r/{code}"}) {
      r->Add({"GET", pattern, Access::kStaff, false, [](Request&) { return Response(); }, nullptr});
      r->Add({"POST", pattern, Access::kStaff, false, [](Request&) { return Response(); }, nullptr});
    }
    return r;
  }();
  return *router;
}

std::size_t Count(const std::string& text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  bool trust_proxy = input.ConsumeBool();
  std::string raw = input.ConsumeRemainingBytesAsString();
  beast::http::request_parser<beast::http::string_body> parser;
  parser.body_limit(64 * 1024);
  parser.header_limit(8 * 1024);
  parser.eager(false);
  beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(raw), ec);
  if (ec == beast::http::error::need_more) ec = {};
  if (ec || !parser.is_header_done()) return 0;
  TransferEncodingVerdict verdict = CheckTransferEncoding(parser.get());
  if (verdict == TransferEncodingVerdict::kAcceptable && parser.get().count(beast::http::field::transfer_encoding) &&
      !parser.chunked()) {
    std::abort();  // a Transfer-Encoding accepted that Beast does not read as chunked
  }
  if (verdict != TransferEncodingVerdict::kAcceptable) return 0;
  parser.eager(true);
  while (!ec && !parser.is_done() && used < raw.size()) {
    std::size_t more = parser.put(boost::asio::buffer(raw.data() + used, raw.size() - used), ec);
    if (more == 0) break;
    used += more;
  }
  if (ec || !parser.is_done()) return 0;
  auto request = ToRequest(parser.get(), "192.0.2.1", trust_proxy);
  if (!request.ok()) return 0;
  (void)request->Header("authorization");
  (void)request->Cookie("bb_session");
  (void)request->Cookie("bb_vid");
  (void)request->Query("cursor");
  auto match = TheRouter().Find(request->method, request->path);
  (void)match;

  Response answer = Response::Json(200, "{}");
  answer.With("X-Echo", std::string(request->Header("user-agent")));
  answer.With("Location", request->target);
  std::string wire = SerializeResponse(answer, 11, false, false);
  // Status line, Server, nosniff, Content-Type, X-Echo, Location, Content-Length, blank line.
  if (Count(wire, "\r\n") != 8 || Count(wire, "\n") != 8) std::abort();
  return 0;
}
