#pragma once
// A response as the bytes sent on the wire.

#include <string>

#include "http/message.h"

namespace bb::http {

// The response as HTTP/1.x bytes: status line, the server's and the handler's headers,
// Content-Length, Connection when the connection will close (or stays open for HTTP/1.0), and the
// body (none for HEAD). Any CR or LF in a header name or value becomes a space, so that no value
// can start a header of its own. One buffer, for one write.
std::string SerializeResponse(const Response& response, unsigned version, bool close, bool head);

}  // namespace bb::http
