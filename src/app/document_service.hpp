// Reading travel documents at a desk: parses and checks an MRZ with the
// documents engine relative to today, and records in the audit trail that
// the caller read a document (the MRZ itself is personal data and is never
// logged). Thread-safe.
#pragma once

#include <string>

#include "app/audit_log.hpp"
#include "app/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "documents/mrz_parser.hpp"
#include "store/store.hpp"

namespace guomen::app {

class DocumentService {
 public:
  DocumentService(store::Store& store, const AuditLog& audit, const core::Clock& clock)
      : store_(store), audit_(audit), clock_(clock) {}

  // A document with failed checks is returned (valid=false). Errors:
  // kInvalidArgument (field "mrz") when the text fits no MRZ layout,
  // kTooLarge when it is over the engine's limit.
  core::Result<documents::MrzDocument> ReadMrz(const Principal& who, const RequestMeta& meta,
                                               const std::string& text,
                                               int expiring_within_days = 90);

 private:
  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace guomen::app
