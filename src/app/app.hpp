// The application: the store, the audit log and every service, wired once
// from a configuration. Adapters (http/, cli/) hold an App and call its
// services. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "app/admin_service.hpp"
#include "app/audit_log.hpp"
#include "app/audit_service.hpp"
#include "app/auth_service.hpp"
#include "app/document_service.hpp"
#include "app/inspection_service.hpp"
#include "app/manifest_service.hpp"
#include "app/partner_service.hpp"
#include "app/password_policy.hpp"
#include "app/rule_service.hpp"
#include "app/screening_service.hpp"
#include "app/traveller_service.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace guomen::app {

struct AppConfig {
  std::string store_location;  // SQLite path or postgresql:// URL
  std::string audit_key_path;  // empty: derived from the store location
  std::string data_dir;        // empty: DefaultDataDir()
  bool create_audit_key = false;
  const core::Clock* clock = nullptr;  // nullptr: the system clock
};

class App {
 public:
  // Opens the store (migrating it), loads the audit key and the password
  // policy, and builds the screening index from the stored watchlists.
  // Errors name what is missing.
  static core::Result<std::unique_ptr<App>> Open(const AppConfig& config);

  store::Store& store() { return *store_; }
  const core::Clock& clock() const { return *clock_; }
  const AuditLog& audit() const { return *audit_; }
  AuthService& auth() { return *auth_; }
  AdminService& admin() { return *admin_; }
  TravellerService& travellers() { return *travellers_; }
  AuditService& audit_service() { return *audit_service_; }
  DocumentService& documents() { return *documents_; }
  InspectionService& inspections() { return *inspections_; }
  RuleService& rules() { return *rules_; }
  ScreeningService& screening() { return *screening_; }
  ManifestService& manifests() { return *manifests_; }
  const ScreeningService& screening() const { return *screening_; }
  // Partner agencies, the outbox and its delivery worker (started by `guomen serve`).
  PartnerService& partners() { return *partners_; }
  // Ok when the store answers. Errors: kUnavailable naming the failure.
  core::Status Health();
  const PasswordPolicy& password_policy() const { return policy_; }

 private:
  App() = default;
  const core::Clock* clock_ = nullptr;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuditLog> audit_;
  PasswordPolicy policy_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AdminService> admin_;
  std::unique_ptr<TravellerService> travellers_;
  std::unique_ptr<AuditService> audit_service_;
  std::unique_ptr<DocumentService> documents_;
  std::unique_ptr<InspectionService> inspections_;
  std::unique_ptr<RuleService> rules_;
  std::unique_ptr<ScreeningService> screening_;
  std::unique_ptr<ManifestService> manifests_;
  std::unique_ptr<PartnerService> partners_;
};

// The audit key file that goes with a store location: "<path>.audit-key" for
// SQLite, "./var/audit.key" for PostgreSQL.
std::string DefaultAuditKeyPath(const std::string& store_location);

}  // namespace guomen::app
