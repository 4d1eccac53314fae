#pragma once
// RFC 9457 problem details: the one place where errors become HTTP responses.
//
// Body: {"type": "/problems/<slug>", "title", "status", "detail", "instance": <path>,
//        "request_id", "errors": [{"field", "message"}]}  (errors only when fields are named)

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "http/message.h"

namespace bb::http {

// The HTTP status for an error code.
int StatusFor(ErrorCode code);

// A problem response for a service or parsing error. Internal errors hide their message.
Response ErrorResponse(const Error& error, const Request& request);

// A problem response for a condition that only HTTP knows (405, 413, 415, 431 ...).
Response ProblemResponse(int status, std::string_view slug, std::string_view title, std::string_view detail,
                         const Request& request, const std::vector<FieldError>& fields = {});

}  // namespace bb::http
