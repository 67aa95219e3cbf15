// Errors as values for every layer of guomen.
//
// Engines, the store and the services return Result<T> (a value or an Error)
// or Status (an Error or nothing). The names follow std::expected so that
// Result can become an alias when the toolchain has it. ErrorCode is closed:
// each code maps to exactly one HTTP status and one process exit code
// (HttpStatus / ExitCode below), in one place.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace guomen::core {

enum class ErrorCode {
  kInvalidArgument,     // malformed input: bad JSON, wrong type, parse error (400)
  kUnauthenticated,     // no valid session or credentials (401)
  kPermissionDenied,    // authenticated but the role does not allow it (403)
  kNotFound,            // missing, or in a unit the caller may not see (404)
  kConflict,            // already exists, or a concurrent change (409)
  kTooLarge,            // request or input over a size limit (413)
  kValidation,          // well-formed but breaks a rule (422)
  kThrottled,           // too many attempts; retry later (429)
  kFailedPrecondition,  // the system is not in a state to do it (409)
  kInternal,            // a bug or an unexpected failure (500)
  kUnavailable,         // a dependency (database, disk) failed (503)
};

// Stable lower-case name used in API errors, e.g. "not_found".
std::string_view ErrorCodeName(ErrorCode code);
int HttpStatus(ErrorCode code);
int ExitCode(ErrorCode code);

// An error: a code, a message an operator can act on, and optionally the
// field or position it concerns (e.g. "password", "line 2 column 14").
// `reason` is a more specific machine-readable code than `code`
// (e.g. "invalid_credentials", "purpose_required"); empty means ErrorCodeName.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::string reason;
  int retry_after_seconds = 0;  // for kThrottled

  std::string_view Reason() const {
    return reason.empty() ? ErrorCodeName(code) : std::string_view(reason);
  }
};

inline Error MakeError(ErrorCode code, std::string message, std::string field = {},
                       std::string reason = {}) {
  return Error{code, std::move(message), std::move(field), std::move(reason), 0};
}

template <typename E>
class Unexpected {
 public:
  explicit Unexpected(E e) : error_(std::move(e)) {}
  E& error() & { return error_; }
  E&& error() && { return std::move(error_); }

 private:
  E error_;
};

inline Unexpected<Error> Fail(ErrorCode code, std::string message, std::string field = {},
                              std::string reason = {}) {
  return Unexpected<Error>(MakeError(code, std::move(message), std::move(field), std::move(reason)));
}
inline Unexpected<Error> Fail(Error e) { return Unexpected<Error>(std::move(e)); }

// A value of type T or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit
  Result(Unexpected<Error> e) : v_(std::in_place_index<1>, std::move(e).error()) {}  // NOLINT
  // The value constructed in place from `args`: no move of a large T.
  template <typename... Args>
  explicit Result(std::in_place_t, Args&&... args)
      : v_(std::in_place_index<0>, std::forward<Args>(args)...) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  bool ok() const { return has_value(); }

  // REQUIRES: has_value().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !has_value().
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// An Error or success.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Unexpected<Error> e) : error_(std::move(e).error()), ok_(false) {}  // NOLINT implicit
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // REQUIRES: !ok().
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace guomen::core

#define GUOMEN_CONCAT_INNER_(a, b) a##b
#define GUOMEN_CONCAT_(a, b) GUOMEN_CONCAT_INNER_(a, b)

// Returns the error of a Status/Result expression from the enclosing function.
#define GUOMEN_RETURN_IF_ERROR_IMPL_(tmp, expr)           \
  do {                                                    \
    auto tmp = (expr);                                    \
    if (!tmp.has_value()) {                               \
      return ::guomen::core::Fail(std::move(tmp).error()); \
    }                                                     \
  } while (false)
#define GUOMEN_RETURN_IF_ERROR(expr) \
  GUOMEN_RETURN_IF_ERROR_IMPL_(GUOMEN_CONCAT_(guomen_status_, __COUNTER__), expr)

#define GUOMEN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)        \
  auto tmp = (expr);                                         \
  if (!tmp.has_value()) {                                    \
    return ::guomen::core::Fail(std::move(tmp).error());     \
  }                                                          \
  lhs = std::move(tmp).value()

// `GUOMEN_ASSIGN_OR_RETURN(auto x, Compute());` binds the value or returns the error.
#define GUOMEN_ASSIGN_OR_RETURN(lhs, expr) \
  GUOMEN_ASSIGN_OR_RETURN_IMPL_(GUOMEN_CONCAT_(guomen_result_, __COUNTER__), lhs, expr)
