#pragma once
// Expected failures as values. Every layer returns Result<T>; the HTTP layer maps ErrorCode to a
// problem+json response in exactly one place (http/problem.cc).

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace bb {

enum class ErrorCode {
  kInvalidArgument,   // the input is wrong; `fields` names each bad field
  kMalformed,         // the input could not be parsed at all (e.g. invalid JSON)
  kNotFound,          // the object does not exist, or the caller may not know it exists
  kConflict,          // the object's state forbids the change (or a uniqueness key is taken)
  kUnauthenticated,   // no valid credentials
  kPermissionDenied,  // valid credentials, insufficient role
  kTooManyRequests,   // a rate limit was hit
  kUnavailable,       // a transient failure (storage commit failed, shutting down)
  kOutOfRange,        // a figure computed from stored data cannot be represented; `fields` names it
  kInternal,          // a bug or an unexpected failure
};

struct FieldError {
  std::string field;    // JSON pointer-ish path of the field, e.g. "landing_url" or "tags[2]"
  std::string message;  // what is wrong, for a person
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

class Error {
 public:
  Error(ErrorCode code, std::string message, std::vector<FieldError> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  // For kTooManyRequests and kUnavailable: when the caller may try again (0 = unspecified).
  int retry_after_seconds() const { return retry_after_seconds_; }
  Error&& WithRetryAfter(int seconds) && {
    retry_after_seconds_ = seconds;
    return std::move(*this);
  }

  static Error Invalid(std::vector<FieldError> fields) {
    return Error(ErrorCode::kInvalidArgument, "The request has invalid fields.", std::move(fields));
  }
  static Error InvalidField(std::string field, std::string message) {
    return Invalid({{std::move(field), std::move(message)}});
  }
  static Error NotFound(std::string what) { return Error(ErrorCode::kNotFound, std::move(what)); }
  static Error Conflict(std::string what) { return Error(ErrorCode::kConflict, std::move(what)); }
  static Error Internal(std::string what) { return Error(ErrorCode::kInternal, std::move(what)); }

 private:
  ErrorCode code_;
  std::string message_;
  std::vector<FieldError> fields_;
  int retry_after_seconds_ = 0;
};

// Result<T>: either a T or an Error. Accessing the wrong alternative is a programmer error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(failed_);
    return error_;
  }
  Error&& error() && {
    assert(failed_);
    return std::move(error_);
  }

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool failed_ = false;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

// The success or failure of `result`, without its value.
template <class T>
Status StatusOf(const Result<T>& result) {
  return result.ok() ? Status() : Status(result.error());
}

}  // namespace bb

#define BB_CONCAT_INNER(a, b) a##b
#define BB_CONCAT(a, b) BB_CONCAT_INNER(a, b)

// BB_RETURN_IF_ERROR(expr): returns the error of a failed Result from the enclosing function.
#define BB_RETURN_IF_ERROR(expr) BB_RETURN_IF_ERROR_IMPL(BB_CONCAT(bb_status_, __COUNTER__), expr)
#define BB_RETURN_IF_ERROR_IMPL(tmp, expr)        \
  do {                                            \
    auto&& tmp = (expr);                          \
    if (!tmp.ok()) return std::move(tmp).error(); \
  } while (false)

// BB_ASSIGN_OR_RETURN(decl, expr): `decl = value` on success, returns the error otherwise.
// Expands to several statements: do not use as the body of an unbraced if/else.
#define BB_ASSIGN_OR_RETURN(decl, expr) BB_ASSIGN_OR_RETURN_IMPL(BB_CONCAT(bb_result_, __COUNTER__), decl, expr)
#define BB_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).error();   \
  decl = std::move(tmp).value()
