// Looking up persons outside a workflow: every search and every read is
// audited with the purpose the officer gives (required), and limited to the
// caller's units. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "app/audit_log.hpp"
#include "app/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace guomen::app {

class TravellerService {
 public:
  static constexpr int kMaxResults = 100;

  TravellerService(store::Store& store, const AuditLog& audit, const core::Clock& clock)
      : store_(store), audit_(audit), clock_(clock) {}

  // Errors: kValidation reason purpose_required (field "purpose") without a
  // purpose; kValidation (field "q") for a query under 2 characters.
  core::Result<std::vector<store::Traveller>> Search(const Principal& who, const RequestMeta& meta,
                                                     const std::string& query);
  // Errors: as Search; kNotFound if missing or outside the caller's units.
  core::Result<store::Traveller> Get(const Principal& who, const RequestMeta& meta, int64_t id);

  // Records a traveller (used by workflows and demo data). Not audited as a read.
  core::Result<int64_t> Record(store::Tx& tx, store::Traveller traveller);

 private:
  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace guomen::app
