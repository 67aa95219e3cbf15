#include "core/result.hpp"

namespace guomen::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kValidation: return "validation_failed";
    case ErrorCode::kThrottled: return "throttled";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kUnavailable: return "unavailable";
  }
  return "internal";
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kValidation: return 422;
    case ErrorCode::kThrottled: return 429;
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kUnavailable: return 503;
  }
  return 500;
}

// Exit codes follow sysexits.h where one fits.
int ExitCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 64;   // EX_USAGE
    case ErrorCode::kUnauthenticated: return 77;   // EX_NOPERM
    case ErrorCode::kPermissionDenied: return 77;  // EX_NOPERM
    case ErrorCode::kNotFound: return 66;          // EX_NOINPUT
    case ErrorCode::kConflict: return 73;          // EX_CANTCREAT
    case ErrorCode::kTooLarge: return 65;          // EX_DATAERR
    case ErrorCode::kValidation: return 65;        // EX_DATAERR
    case ErrorCode::kThrottled: return 75;         // EX_TEMPFAIL
    case ErrorCode::kFailedPrecondition: return 78;  // EX_CONFIG
    case ErrorCode::kInternal: return 70;          // EX_SOFTWARE
    case ErrorCode::kUnavailable: return 69;       // EX_UNAVAILABLE
  }
  return 70;
}

}  // namespace guomen::core
