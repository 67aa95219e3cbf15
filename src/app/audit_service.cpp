#include "app/audit_service.hpp"

namespace guomen::app {

core::Result<std::vector<store::AuditEvent>> AuditService::List(const Principal& who,
                                                                const RequestMeta& meta,
                                                                const store::AuditFilter& filter) {
  if (filter.limit < 1 || filter.limit > 500) {
    return core::Fail(core::ErrorCode::kValidation, "limit must be 1 to 500", "limit");
  }
  std::vector<store::AuditEvent> out;
  GUOMEN_RETURN_IF_ERROR(store_.TransactRetrying([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListAuditEvents(filter));
    return log_.Append(tx, &who, meta, {"audit.read", "audit_event", "", "ok"});
  }));
  return out;
}

core::Result<VerifyReport> AuditService::Verify(const Principal& who, const RequestMeta& meta) {
  GUOMEN_ASSIGN_OR_RETURN(auto report, log_.Verify(store_, std::nullopt));
  GUOMEN_RETURN_IF_ERROR(store_.TransactRetrying([&](store::Tx& tx) {
    return log_.Append(tx, &who, meta,
                       {"audit.verify", "audit_event", "", report.ok ? "ok" : "failed"});
  }));
  return report;
}

core::Result<std::string> AuditService::Checkpoint(const Principal& who, const RequestMeta& meta) {
  GUOMEN_ASSIGN_OR_RETURN(auto cp, log_.Checkpoint(store_));
  GUOMEN_RETURN_IF_ERROR(store_.TransactRetrying([&](store::Tx& tx) {
    return log_.Append(tx, &who, meta, {"audit.checkpoint", "audit_event", "", "ok"});
  }));
  return cp;
}

core::Status AuditService::RecordDenied(const Principal& who, const RequestMeta& meta,
                                       const std::string& what) {
  return store_.TransactRetrying([&](store::Tx& tx) {
    return log_.Append(tx, &who, meta, {"access.denied", "route", what, "denied"});
  });
}

}  // namespace guomen::app
