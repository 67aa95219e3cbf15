#include "app/app.hpp"

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
  app->screening_ = std::make_unique<ScreeningService>(*app->store_, *app->audit_, *app->clock_);
  GUOMEN_RETURN_IF_ERROR(app->screening_->LoadIndex());
  return app;
}

core::Status App::Health() {
  auto st = store_->Transact([](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto head, tx.GetAuditHead());
    (void)head;
    return core::Status::Ok();
  });
  if (!st.ok()) {
    return core::Fail(core::ErrorCode::kUnavailable, "the store does not answer: " + st.error().message);
  }
  return core::Status::Ok();
}

}  // namespace guomen::app
