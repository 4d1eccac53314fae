#pragma once
// A response as the bytes sent on the wire.

#include <string>
#include <string_view>

#include "http/message.h"

namespace bb::http {

// The response as HTTP/1.x bytes: status line, the server's and the handler's headers,
// Content-Length, Connection when the connection will close (or stays open for HTTP/1.0), and the
// body (none for HEAD). Any CR or LF in a header name or value becomes a space, so that no value
// can start a header of its own. One buffer, for one write.
// A response with a `stream` gets no Content-Length and no body here: "Transfer-Encoding: chunked"
// for HTTP/1.1 (each part then goes out as ChunkOf, and LastChunk ends it), nothing for HTTP/1.0
// (the caller must close the connection after the body).
std::string SerializeResponse(const Response& response, unsigned version, bool close, bool head);

// `data` (not empty) as one HTTP/1.1 chunk: its size in hex, CRLF, the bytes, CRLF.
std::string ChunkOf(std::string_view data);
// The chunk that ends a chunked body (no trailers).
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

}  // namespace bb::http
