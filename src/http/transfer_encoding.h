#pragma once
// Which request bodies Bluebird reads: a Content-Length, or a Transfer-Encoding of exactly
// `chunked`. Anything else in Transfer-Encoding is refused before the body is read, because a
// reader that guesses the body's length would take the rest of it as the next request
// (RFC 9112 §6.1 and §6.3). Pure function; thread-safe.

#include <string_view>

namespace bb::http {

enum class TransferEncodingVerdict {
  kAcceptable,      // no Transfer-Encoding, or exactly "chunked" (any case)
  kBadRequest,      // chunked is not the final coding (or the field is empty or malformed): 400, then close
  kNotImplemented,  // chunked is final but another coding precedes it (e.g. "gzip, chunked"): 501, then close
};

// `field` is the request's Transfer-Encoding field values joined by "," (empty when absent);
// `present` says whether the request carried the field at all.
TransferEncodingVerdict CheckTransferEncoding(std::string_view field, bool present);

}  // namespace bb::http
