#pragma once
// What the server makes of a request it has read off the wire: whether its body may be read at all
// (Transfer-Encoding), and the handler's view of it (method, path, query, lower-case headers,
// body, client address). With server.cc, the only code that knows Boost.Beast's message types.
// Pure functions; thread-safe.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

#include "common/result.h"
#include "http/message.h"
#include "http/transfer_encoding.h"

namespace bb::http {

using WireRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The verdict on the Transfer-Encoding fields of a request's header (every field of that name,
// joined), read before its body.
TransferEncodingVerdict CheckTransferEncoding(const WireRequest& header);

// The handler's view of a request read off the wire from `remote_ip` (replaced by the last
// X-Forwarded-For address when `trust_proxy`). Fails with kMalformed for a target that is not an
// origin-form URL.
Result<Request> ToRequest(const WireRequest& in, std::string remote_ip, bool trust_proxy);

}  // namespace bb::http
