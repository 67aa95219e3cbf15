// Reading the audit trail (auditors only; the HTTP adapter checks the role):
// listing with filters, verifying the chain and exporting a checkpoint. Each
// of these is itself recorded in the trail. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "app/audit_log.hpp"
#include "app/principal.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace guomen::app {

class AuditService {
 public:
  AuditService(store::Store& store, const AuditLog& log) : store_(store), log_(log) {}

  // Newest first. Errors: kValidation when limit is outside 1..500.
  core::Result<std::vector<store::AuditEvent>> List(const Principal& who, const RequestMeta& meta,
                                                    const store::AuditFilter& filter);
  core::Result<VerifyReport> Verify(const Principal& who, const RequestMeta& meta);
  core::Result<std::string> Checkpoint(const Principal& who, const RequestMeta& meta);
  // Records that `who` was refused `what` (e.g. "GET /api/v1/audit/events").
  core::Status RecordDenied(const Principal& who, const RequestMeta& meta, const std::string& what);

 private:
  store::Store& store_;
  const AuditLog& log_;
};

}  // namespace guomen::app
