#include "app/app.hpp"

#include <spdlog/spdlog.h>

#include "app/crypto.hpp"
#include "core/strings.hpp"

namespace guomen::app {

std::string DefaultAuditKeyPath(const std::string& location) {
  if (core::StartsWith(location, "postgres://") || core::StartsWith(location, "postgresql://")) {
    return "./var/audit.key";
  }
  std::string path = core::StartsWith(location, "sqlite:") ? location.substr(7) : location;
  return path + ".audit-key";
}

core::Result<std::unique_ptr<App>> App::Open(const AppConfig& config) {
  if (!InitCrypto()) {
    return core::Fail(core::ErrorCode::kInternal, "libsodium could not be initialised");
  }
  std::unique_ptr<App> app(new App());
  app->clock_ = config.clock ? config.clock : &core::SystemClock::Instance();
  std::string data_dir = config.data_dir.empty() ? DefaultDataDir() : config.data_dir;
  GUOMEN_ASSIGN_OR_RETURN(app->policy_, PasswordPolicy::Load(data_dir + "/common-passwords.txt"));
  std::string key_path = config.audit_key_path.empty()
                             ? DefaultAuditKeyPath(config.store_location)
                             : config.audit_key_path;
  GUOMEN_ASSIGN_OR_RETURN(std::string key, LoadAuditKey(key_path, config.create_audit_key));
  GUOMEN_ASSIGN_OR_RETURN(app->store_, store::OpenStore(config.store_location));
  app->audit_ = std::make_unique<AuditLog>(key, *app->clock_);
  // The CSRF secret is derived from the audit key so one secret file suffices.
  std::string csrf_secret_hex = KeyedHash(key, "guomen csrf secret v1");
  std::string csrf_secret;
  core::HexDecode(csrf_secret_hex, csrf_secret);
  app->auth_ = std::make_unique<AuthService>(*app->store_, *app->audit_, *app->clock_, csrf_secret);
  app->admin_ = std::make_unique<AdminService>(*app->store_, *app->audit_, app->policy_,
                                               *app->clock_);
  AuthService* auth = app->auth_.get();
  app->admin_->SetUnlockHook([auth](const std::string& username) { auth->ClearThrottle(username); });
  app->travellers_ = std::make_unique<TravellerService>(*app->store_, *app->audit_, *app->clock_);
  app->audit_service_ = std::make_unique<AuditService>(*app->store_, *app->audit_);
  app->documents_ = std::make_unique<DocumentService>(*app->store_, *app->audit_, *app->clock_);
  app->rules_ = std::make_unique<RuleService>(*app->store_, *app->audit_, *app->clock_);
  app->screening_ = std::make_unique<ScreeningService>(*app->store_, *app->audit_, *app->clock_);
  GUOMEN_RETURN_IF_ERROR(app->screening_->LoadIndex());
  // Partner endpoints' secrets are sealed under a key derived from the audit key too.
  std::string partner_key;
  core::HexDecode(KeyedHash(key, "guomen partner secret v1"), partner_key);
  app->partners_ =
      std::make_unique<PartnerService>(*app->store_, *app->audit_, *app->clock_, partner_key);
  // The desk screens and assesses through the screening and rule services.
  const ScreeningService* screening = app->screening_.get();
  DeskScreenFn screen = [screening](const screening::ScreeningQuery& q) -> core::Result<std::vector<DeskHit>> {
    GUOMEN_ASSIGN_OR_RETURN(auto hits, screening->ScreenForWorkflow(q));
    std::vector<DeskHit> out;
    out.reserve(hits.size());
    for (auto& h : hits) {
      DeskHit d;
      d.list_id = h.list_id;
      d.list_code = h.list_code;
      d.list_name = h.list_name;
      d.list_kind = h.list_kind;
      d.action = h.action;
      d.entry_hash = h.entry_hash;
      d.hit = std::move(h.hit);
      out.push_back(std::move(d));
    }
    return out;
  };
  const RuleService* rules = app->rules_.get();
  DeskAssessFn assess = [rules](int64_t port, const std::string& facts_json,
                                const std::vector<DeskHit>& hits,
                                int64_t now_us) -> core::Result<DeskRisk> {
    GUOMEN_ASSIGN_OR_RETURN(auto assessment, rules->Assess(port, facts_json, HitSignalsOf(hits), now_us));
    return DeskRiskOf(assessment);
  };
  app->inspections_ = std::make_unique<InspectionService>(*app->store_, *app->audit_, *app->clock_,
                                                          std::move(screen), std::move(assess));
  // Advance information; an analyst's "notify customs/health" mark goes to the
  // partner agencies' outbox in the mark's own transaction.
  const core::Clock* clock = app->clock_;
  PartnerNotifyFn notify = [clock](store::Tx& tx, const PartnerNotice& n) {
    return PartnerService::Enqueue(tx, n, core::ToMicros(clock->Now()));
  };
  app->manifests_ = std::make_unique<ManifestService>(*app->store_, *app->audit_, *app->clock_,
                                                      app->screening_.get(), app->rules_.get(),
                                                      std::move(notify));
  // A new list version or a change of the rules in force re-screens the
  // manifests whose conveyance has not arrived yet.
  ManifestService* manifests = app->manifests_.get();
  auto rescreen = [manifests] {
    auto r = manifests->RescreenPending();
    if (!r) spdlog::warn("[manifests] re-screening after a change failed: {}", r.error().message);
  };
  app->screening_->SetImportHook(rescreen);
  app->rules_->SetChangeHook(rescreen);
  return app;
}

core::Status App::Health() {
  auto st = store_->Transact([](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto lanes, tx.GetAuditLanes());
    (void)lanes;
    return core::Status::Ok();
  });
  if (!st.ok()) {
    return core::Fail(core::ErrorCode::kUnavailable, "the store does not answer: " + st.error().message);
  }
  return core::Status::Ok();
}

}  // namespace guomen::app
