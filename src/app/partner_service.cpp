#include "app/partner_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "app/crypto.hpp"
#include "app/webhook_client.hpp"
#include "core/strings.hpp"

namespace guomen::app {

using core::ErrorCode;
using core::Result;
using core::Status;

namespace {

Status RequireRole(const Principal& who, std::initializer_list<std::string_view> roles) {
  if (!who.HasAnyRole(roles)) {
    return core::Fail(ErrorCode::kPermissionDenied, "your roles do not allow this");
  }
  return Status::Ok();
}

bool IsCode(const std::string& s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
  });
}

Status ValidateAgency(const AgencyInput& in) {
  if (!IsCode(in.code, 2, 64)) {
    return core::Fail(ErrorCode::kValidation,
                      "the code is 2 to 64 characters of a-z, 0-9, '-' and '_'", "code");
  }
  auto name = core::Trim(in.name);
  if (name.empty() || name.size() > 200) {
    return core::Fail(ErrorCode::kValidation, "the name is 1 to 200 characters", "name");
  }
  auto name_en = core::Trim(in.name_en);
  if (name_en.empty() || name_en.size() > 200) {
    return core::Fail(ErrorCode::kValidation, "the English name is 1 to 200 characters",
                      "name_en");
  }
  if (in.kind != "customs" && in.kind != "health" && in.kind != "other") {
    return core::Fail(ErrorCode::kValidation, "kind is customs, health or other", "kind");
  }
  return Status::Ok();
}

Status ValidateUrl(const std::string& url) {
  std::string origin, path;
  if (url.size() > 2000 || !SplitWebhookUrl(url, origin, path)) {
    return core::Fail(ErrorCode::kValidation, "the URL must be an absolute http:// or https:// URL",
                      "url");
  }
  return Status::Ok();
}

// The secret's last four characters, shown so an operator can tell secrets apart.
std::string HintOf(const std::string& secret) {
  return secret.size() <= 4 ? std::string(secret.size(), '*') : secret.substr(secret.size() - 4);
}

std::chrono::microseconds Backoff(const DeliveryPolicy& p, int64_t attempt) {
  auto delay = p.base_delay;
  for (int64_t i = 1; i < attempt && delay < p.max_delay; ++i) delay *= 2;
  delay = std::min(delay, p.max_delay);
  // Jitter: up to a quarter more, so that receivers that come back are not
  // hit by every sender in the same second.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int64_t> jitter(0, std::max<int64_t>(0, delay.count() / 4));
  return delay + std::chrono::microseconds(jitter(rng));
}

}  // namespace

PartnerService::PartnerService(store::Store& store, const AuditLog& audit, const core::Clock& clock,
                               std::string secret_key)
    : store_(store), audit_(audit), clock_(clock), secret_key_(std::move(secret_key)) {}

PartnerService::~PartnerService() { StopWorker(); }

// --- the outbox ---

Status PartnerService::Enqueue(store::Tx& tx, const PartnerNotice& n, int64_t now_us) {
  if (!IsCode(n.kind, 1, 32)) {
    return core::Fail(ErrorCode::kValidation,
                      "a notice's kind is 1 to 32 characters of a-z, 0-9, '-' and '_'", "kind");
  }
  if (n.port_unit_id <= 0) {
    return core::Fail(ErrorCode::kValidation, "a notice names its port", "port_unit_id");
  }
  if (n.idempotency_key.empty() || n.idempotency_key.size() > 200) {
    return core::Fail(ErrorCode::kValidation, "a notice has an idempotency key of 1 to 200 bytes",
                      "idempotency_key");
  }
  auto payload = nlohmann::json::parse(n.payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) {
    return core::Fail(ErrorCode::kValidation, "a notice's payload is a JSON object",
                      "payload_json");
  }
  GUOMEN_ASSIGN_OR_RETURN(auto agencies, tx.ListSubscribedAgencies(n.kind, n.port_unit_id));
  for (const auto& agency : agencies) {
    GUOMEN_ASSIGN_OR_RETURN(bool seen, tx.HasPartnerNotification(agency.id, n.idempotency_key));
    if (seen) continue;
    store::PartnerNotification row;
    row.created_at_us = now_us;
    row.agency_id = agency.id;
    row.kind = n.kind;
    row.port_unit_id = n.port_unit_id;
    row.subject_ref = n.subject_ref;
    row.payload_json = n.payload_json;
    row.idempotency_key = n.idempotency_key;
    row.state = "pending";
    row.next_attempt_at_us = now_us;
    GUOMEN_ASSIGN_OR_RETURN(auto endpoints, tx.ListPartnerEndpoints(agency.id));
    bool any = false;
    for (const auto& e : endpoints) {
      if (!e.active) continue;
      any = true;
      row.endpoint_id = e.id;
      GUOMEN_ASSIGN_OR_RETURN(int64_t id, tx.InsertPartnerNotification(row));
      (void)id;
    }
    if (!any) {
      // Pull only: the agency's system fetches it.
      row.endpoint_id.reset();
      GUOMEN_ASSIGN_OR_RETURN(int64_t id, tx.InsertPartnerNotification(row));
      (void)id;
    }
  }
  return Status::Ok();
}

// --- configuration ---

Result<AgencyView> PartnerService::ViewOf(store::Tx& tx, const store::PartnerAgency& a) {
  AgencyView v;
  v.agency = a;
  GUOMEN_ASSIGN_OR_RETURN(auto endpoints, tx.ListPartnerEndpoints(a.id));
  for (auto& e : endpoints) {
    e.secret_box.clear();
    v.endpoints.push_back({std::move(e), ""});
  }
  GUOMEN_ASSIGN_OR_RETURN(v.subscriptions, tx.ListPartnerSubscriptions(a.id));
  return v;
}

Result<std::vector<AgencyView>> PartnerService::ListAgencies(const Principal& who) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  std::vector<AgencyView> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto agencies, tx.ListPartnerAgencies());
    for (const auto& a : agencies) {
      GUOMEN_ASSIGN_OR_RETURN(auto v, ViewOf(tx, a));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

Result<AgencyView> PartnerService::GetAgency(const Principal& who, int64_t id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  AgencyView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.GetPartnerAgency(id));
    if (!a) return core::Fail(ErrorCode::kNotFound, "no partner agency " + std::to_string(id));
    GUOMEN_ASSIGN_OR_RETURN(out, ViewOf(tx, *a));
    return Status::Ok();
  }));
  return out;
}

namespace {

// The system user must exist and hold the role "partner".
Status CheckSystemUser(store::Tx& tx, const std::optional<int64_t>& user_id) {
  if (!user_id) return Status::Ok();
  GUOMEN_ASSIGN_OR_RETURN(auto u, tx.GetUser(*user_id));
  if (!u || std::find(u->roles.begin(), u->roles.end(), "partner") == u->roles.end()) {
    return core::Fail(ErrorCode::kValidation,
                      "the system user must be an existing user with the role partner",
                      "system_user_id");
  }
  return Status::Ok();
}

}  // namespace

Result<AgencyView> PartnerService::CreateAgency(const Principal& who, const RequestMeta& meta,
                                                const AgencyInput& in) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  GUOMEN_RETURN_IF_ERROR(ValidateAgency(in));
  AgencyView out;
  int64_t now = core::ToMicros(clock_.Now());
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_RETURN_IF_ERROR(CheckSystemUser(tx, in.system_user_id));
    store::PartnerAgency a;
    a.code = in.code;
    a.name = std::string(core::Trim(in.name));
    a.name_en = std::string(core::Trim(in.name_en));
    a.kind = in.kind;
    a.system_user_id = in.system_user_id;
    a.active = in.active;
    a.created_at_us = a.updated_at_us = now;
    GUOMEN_ASSIGN_OR_RETURN(a.id, tx.InsertPartnerAgency(a));
    GUOMEN_ASSIGN_OR_RETURN(out, ViewOf(tx, a));
    return audit_.Append(tx, &who, meta,
                         {"partner.agency.create", "partner_agency", std::to_string(a.id), "ok"});
  }));
  return out;
}

Result<AgencyView> PartnerService::UpdateAgency(const Principal& who, const RequestMeta& meta,
                                                int64_t id, const AgencyInput& in) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  AgencyView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.GetPartnerAgency(id));
    if (!a) return core::Fail(ErrorCode::kNotFound, "no partner agency " + std::to_string(id));
    AgencyInput checked = in;
    checked.code = a->code;  // the code does not change
    GUOMEN_RETURN_IF_ERROR(ValidateAgency(checked));
    GUOMEN_RETURN_IF_ERROR(CheckSystemUser(tx, in.system_user_id));
    a->name = std::string(core::Trim(in.name));
    a->name_en = std::string(core::Trim(in.name_en));
    a->kind = in.kind;
    a->system_user_id = in.system_user_id;
    a->active = in.active;
    a->updated_at_us = core::ToMicros(clock_.Now());
    GUOMEN_RETURN_IF_ERROR(tx.UpdatePartnerAgency(*a));
    GUOMEN_ASSIGN_OR_RETURN(out, ViewOf(tx, *a));
    return audit_.Append(tx, &who, meta,
                         {"partner.agency.update", "partner_agency", std::to_string(id), "ok"});
  }));
  return out;
}

Result<EndpointView> PartnerService::AddEndpoint(const Principal& who, const RequestMeta& meta,
                                                 int64_t agency_id, const EndpointInput& in) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  GUOMEN_RETURN_IF_ERROR(ValidateUrl(in.url));
  if (!in.secret.empty() && (in.secret.size() < 16 || in.secret.size() > 256)) {
    return core::Fail(ErrorCode::kValidation, "a secret is 16 to 256 characters", "secret");
  }
  EndpointView out;
  out.secret = in.secret.empty() ? RandomHex(32) : in.secret;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.GetPartnerAgency(agency_id));
    if (!a) return core::Fail(ErrorCode::kNotFound, "no partner agency " + std::to_string(agency_id));
    store::PartnerEndpoint e;
    e.agency_id = agency_id;
    e.url = in.url;
    e.secret_box = SealSecret(secret_key_, out.secret);
    e.secret_hint = HintOf(out.secret);
    e.active = in.active;
    e.created_at_us = core::ToMicros(clock_.Now());
    GUOMEN_ASSIGN_OR_RETURN(e.id, tx.InsertPartnerEndpoint(e));
    e.secret_box.clear();
    out.endpoint = e;
    return audit_.Append(tx, &who, meta,
                         {"partner.endpoint.create", "partner_endpoint", std::to_string(e.id), "ok"});
  }));
  return out;
}

Result<EndpointView> PartnerService::UpdateEndpoint(const Principal& who, const RequestMeta& meta,
                                                    int64_t endpoint_id, const std::string& url,
                                                    bool active, bool rotate_secret) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  GUOMEN_RETURN_IF_ERROR(ValidateUrl(url));
  EndpointView out;
  if (rotate_secret) out.secret = RandomHex(32);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto e, tx.GetPartnerEndpoint(endpoint_id));
    if (!e) return core::Fail(ErrorCode::kNotFound, "no endpoint " + std::to_string(endpoint_id));
    e->url = url;
    e->active = active;
    e->secret_box.clear();
    if (rotate_secret) {
      e->secret_box = SealSecret(secret_key_, out.secret);
      e->secret_hint = HintOf(out.secret);
    }
    GUOMEN_RETURN_IF_ERROR(tx.UpdatePartnerEndpoint(*e));
    e->secret_box.clear();
    out.endpoint = *e;
    return audit_.Append(tx, &who, meta,
                         {rotate_secret ? "partner.endpoint.rotate" : "partner.endpoint.update",
                          "partner_endpoint", std::to_string(endpoint_id), "ok"});
  }));
  return out;
}

Result<store::PartnerSubscription> PartnerService::Subscribe(const Principal& who,
                                                             const RequestMeta& meta,
                                                             int64_t agency_id,
                                                             const std::string& kind,
                                                             std::optional<int64_t> port_unit_id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  if (!IsCode(kind, 1, 32)) {
    return core::Fail(ErrorCode::kValidation,
                      "the kind is 1 to 32 characters of a-z, 0-9, '-' and '_'", "kind");
  }
  store::PartnerSubscription s;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.GetPartnerAgency(agency_id));
    if (!a) return core::Fail(ErrorCode::kNotFound, "no partner agency " + std::to_string(agency_id));
    if (port_unit_id) {
      GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.GetUnit(*port_unit_id));
      if (!unit) {
        return core::Fail(ErrorCode::kValidation, "no unit " + std::to_string(*port_unit_id),
                          "port_unit_id");
      }
    }
    GUOMEN_ASSIGN_OR_RETURN(auto existing, tx.ListPartnerSubscriptions(agency_id));
    for (const auto& e : existing) {
      if (e.kind == kind && e.port_unit_id == port_unit_id) {
        return core::Fail(ErrorCode::kConflict, "the agency already has this subscription", "kind");
      }
    }
    s.agency_id = agency_id;
    s.kind = kind;
    s.port_unit_id = port_unit_id;
    s.created_at_us = core::ToMicros(clock_.Now());
    GUOMEN_ASSIGN_OR_RETURN(s.id, tx.InsertPartnerSubscription(s));
    return audit_.Append(tx, &who, meta,
                         {"partner.subscription.create", "partner_subscription",
                          std::to_string(s.id), "ok"});
  }));
  return s;
}

Status PartnerService::Unsubscribe(const Principal& who, const RequestMeta& meta,
                                   int64_t subscription_id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto s, tx.GetPartnerSubscription(subscription_id));
    if (!s) {
      return core::Fail(ErrorCode::kNotFound, "no subscription " + std::to_string(subscription_id));
    }
    GUOMEN_RETURN_IF_ERROR(tx.DeletePartnerSubscription(subscription_id));
    return audit_.Append(tx, &who, meta,
                         {"partner.subscription.delete", "partner_subscription",
                          std::to_string(subscription_id), "ok"});
  });
}

Result<int64_t> PartnerService::Ping(const Principal& who, const RequestMeta& meta,
                                     int64_t agency_id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  int64_t queued = 0;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.GetPartnerAgency(agency_id));
    if (!a) return core::Fail(ErrorCode::kNotFound, "no partner agency " + std::to_string(agency_id));
    GUOMEN_ASSIGN_OR_RETURN(auto endpoints, tx.ListPartnerEndpoints(agency_id));
    int64_t now = core::ToMicros(clock_.Now());
    for (const auto& e : endpoints) {
      if (!e.active) continue;
      store::PartnerNotification n;
      n.created_at_us = now;
      n.agency_id = agency_id;
      n.endpoint_id = e.id;
      n.kind = "ping";
      n.port_unit_id = who.unit_id;
      n.subject_ref = "ping";
      n.payload_json = R"({"ping":true})";
      n.idempotency_key = "ping-" + RandomHex(12);
      n.next_attempt_at_us = now;
      GUOMEN_ASSIGN_OR_RETURN(int64_t id, tx.InsertPartnerNotification(n));
      (void)id;
      ++queued;
    }
    if (queued == 0) {
      return core::Fail(ErrorCode::kFailedPrecondition, "the agency has no active endpoint", "",
                        "no_endpoint");
    }
    return audit_.Append(tx, &who, meta,
                         {"partner.ping", "partner_agency", std::to_string(agency_id), "ok"});
  }));
  return queued;
}

// --- the outbox and its log ---

Result<std::vector<store::PartnerNotification>> PartnerService::ListNotifications(
    const Principal& who, const store::PartnerNotificationFilter& filter) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin", "analyst"}));
  std::vector<store::PartnerNotification> out;
  store::PartnerNotificationFilter f = filter;
  f.limit = std::clamp(f.limit, 1, 500);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListPartnerNotifications(f, who.scope));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<store::PartnerDelivery>> PartnerService::ListDeliveries(
    const Principal& who, const store::PartnerDeliveryFilter& filter) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin", "analyst"}));
  std::vector<store::PartnerDelivery> out;
  store::PartnerDeliveryFilter f = filter;
  f.limit = std::clamp(f.limit, 1, 500);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListPartnerDeliveries(f, who.scope));
    return Status::Ok();
  }));
  return out;
}

Result<store::PartnerNotification> PartnerService::Requeue(const Principal& who,
                                                           const RequestMeta& meta,
                                                           int64_t notification_id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"admin"}));
  store::PartnerNotification out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto n, tx.GetPartnerNotification(notification_id));
    if (!n || !who.CanSeeUnit(n->port_unit_id)) {
      return core::Fail(ErrorCode::kNotFound, "no notification " + std::to_string(notification_id));
    }
    if (n->state != "dead") {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        "only a dead-lettered notification can be requeued (this one is " +
                            n->state + ")",
                        "", "not_dead");
    }
    n->state = "pending";
    n->attempts = 0;
    n->next_attempt_at_us = core::ToMicros(clock_.Now());
    n->last_error.clear();
    GUOMEN_RETURN_IF_ERROR(tx.UpdatePartnerNotification(*n));
    out = *n;
    return audit_.Append(tx, &who, meta,
                         {"partner.notification.requeue", "partner_notification",
                          std::to_string(notification_id), "ok"});
  }));
  return out;
}

// --- pull ---

Result<std::vector<store::PartnerNotification>> PartnerService::Pull(const Principal& who,
                                                                     const RequestMeta& meta,
                                                                     int64_t after_id, int limit) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"partner"}));
  std::vector<store::PartnerNotification> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto agency, tx.FindPartnerAgencyByUser(who.user_id));
    if (!agency || !agency->active) {
      return core::Fail(ErrorCode::kPermissionDenied,
                        "this account is not the system account of an active partner agency", "",
                        "not_a_partner");
    }
    store::PartnerNotificationFilter f;
    f.agency_id = agency->id;
    f.after_id = std::max<int64_t>(0, after_id);
    f.unacked_only = true;
    f.limit = std::clamp(limit, 1, 500);
    // The agency's own notifications, whatever port: not the caller's unit scope.
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListPartnerNotifications(f, std::nullopt));
    std::string ids;
    for (const auto& n : out) ids += (ids.empty() ? "" : ",") + std::to_string(n.id);
    // What left the system, to whom, is in the trail.
    return audit_.Append(tx, &who, meta, {"partner.pull", "partner_notification", ids, "ok"});
  }));
  return out;
}

Result<int64_t> PartnerService::Ack(const Principal& who, const RequestMeta& meta,
                                    const std::vector<int64_t>& ids) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"partner"}));
  if (ids.empty() || ids.size() > 500) {
    return core::Fail(ErrorCode::kValidation, "acknowledge 1 to 500 notification ids", "ids");
  }
  int64_t changed = 0;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto agency, tx.FindPartnerAgencyByUser(who.user_id));
    if (!agency || !agency->active) {
      return core::Fail(ErrorCode::kPermissionDenied,
                        "this account is not the system account of an active partner agency", "",
                        "not_a_partner");
    }
    int64_t now = core::ToMicros(clock_.Now());
    std::string acked;
    for (int64_t id : ids) {
      GUOMEN_ASSIGN_OR_RETURN(auto n, tx.GetPartnerNotification(id));
      if (!n || n->agency_id != agency->id || n->acked_at_us) continue;
      n->acked_at_us = now;
      if (!n->endpoint_id && n->state == "pending") {
        n->state = "delivered";
        n->delivered_at_us = now;
      }
      GUOMEN_RETURN_IF_ERROR(tx.UpdatePartnerNotification(*n));
      acked += (acked.empty() ? "" : ",") + std::to_string(id);
      ++changed;
    }
    return audit_.Append(tx, &who, meta, {"partner.ack", "partner_notification", acked, "ok"});
  }));
  return changed;
}

// --- delivery ---

std::string PartnerService::Signature(const std::string& secret, const std::string& body) {
  return "sha256=" + HmacSha256Hex(secret, body);
}

std::string PartnerService::WebhookBody(const store::PartnerNotification& n) {
  auto payload = nlohmann::json::parse(n.payload_json, nullptr, false);
  if (payload.is_discarded()) payload = nlohmann::json::object();
  nlohmann::json body = {{"id", n.id},
                         {"idempotency_key", n.idempotency_key},
                         {"kind", n.kind},
                         {"port_unit_id", n.port_unit_id},
                         {"subject_ref", n.subject_ref},
                         {"created_at", core::FormatIso8601(core::FromMicros(n.created_at_us))},
                         {"payload", payload}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<DeliveryRunSummary> PartnerService::DeliverDue(core::TimePoint now) {
  DeliveryPolicy p = policy();
  DeliveryRunSummary summary;
  int64_t now_us = core::ToMicros(now);
  for (;;) {
    std::vector<store::PartnerNotification> claimed;
    GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
      GUOMEN_ASSIGN_OR_RETURN(claimed, tx.ClaimDuePartnerNotifications(
                                           now_us, now_us + p.lease.count(), p.batch));
      return Status::Ok();
    }));
    if (claimed.empty()) break;
    summary.claimed += static_cast<int>(claimed.size());
    for (const auto& n : claimed) {
      // Each attempt is sent outside any transaction and recorded after it.
      store::PartnerNotification row = n;
      GUOMEN_RETURN_IF_ERROR(DeliverOne(row, now_us, summary));
    }
    if (static_cast<int>(claimed.size()) < p.batch) break;
  }
  return summary;
}

Status PartnerService::DeliverOne(const store::PartnerNotification& claimed, int64_t now_us,
                                  DeliveryRunSummary& summary) {
  DeliveryPolicy p = policy();
  std::optional<store::PartnerEndpoint> endpoint;
  std::optional<store::PartnerAgency> agency;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(endpoint, tx.GetPartnerEndpoint(*claimed.endpoint_id));
    GUOMEN_ASSIGN_OR_RETURN(agency, tx.GetPartnerAgency(claimed.agency_id));
    return Status::Ok();
  }));
  store::PartnerNotification n = claimed;
  n.attempts += 1;
  WebhookResponse resp;
  int64_t duration_us = 0;
  if (!endpoint || !endpoint->active || !agency || !agency->active) {
    resp.error = "the endpoint or its agency is inactive";
  } else if (auto secret = OpenSecret(secret_key_, endpoint->secret_box); !secret) {
    resp.error = secret.error().message;
  } else {
    WebhookRequest req;
    req.url = endpoint->url;
    req.body = WebhookBody(n);
    req.timeout = p.timeout;
    req.headers = {{"X-Guomen-Signature", Signature(*secret, req.body)},
                   {"Idempotency-Key", n.idempotency_key},
                   {"X-Guomen-Delivery-Attempt", std::to_string(n.attempts)},
                   {"X-Guomen-Notification-Kind", n.kind}};
    auto started = std::chrono::steady_clock::now();
    resp = PostWebhook(req);
    duration_us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    if (resp.error.empty() && (resp.status < 200 || resp.status > 299)) {
      resp.error = "HTTP " + std::to_string(resp.status);
    }
  }
  bool delivered = resp.error.empty();
  store::PartnerDelivery d;
  d.notification_id = n.id;
  d.agency_id = n.agency_id;
  d.endpoint_id = *n.endpoint_id;
  d.port_unit_id = n.port_unit_id;
  d.attempt = n.attempts;
  d.at_us = now_us;
  d.status_code = resp.status;
  d.error = resp.error;
  d.duration_us = duration_us;
  if (delivered) {
    n.state = "delivered";
    n.delivered_at_us = now_us;
    n.last_error.clear();
    d.outcome = "delivered";
    ++summary.delivered;
  } else {
    n.last_error = resp.error;
    bool too_old = now_us - n.created_at_us >= p.max_age.count();
    if (n.attempts >= p.max_attempts || too_old) {
      n.state = "dead";
      d.outcome = "dead";
      ++summary.dead;
    } else {
      n.next_attempt_at_us = now_us + Backoff(p, n.attempts).count();
      d.outcome = "retry";
      ++summary.retried;
    }
  }
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_RETURN_IF_ERROR(tx.UpdatePartnerNotification(n));
    GUOMEN_ASSIGN_OR_RETURN(int64_t id, tx.InsertPartnerDelivery(d));
    (void)id;
    return Status::Ok();
  });
}

void PartnerService::StartWorker(std::chrono::milliseconds period) {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  worker_ = std::thread([this, period] {
    std::unique_lock lk(mu_);
    while (!stop_) {
      lk.unlock();
      auto r = DeliverDue(clock_.Now());
      if (!r) {
        spdlog::warn("[partners] delivery run failed: {}", r.error().message);
      } else if (r->claimed > 0) {
        spdlog::info("[partners] delivered {}, retrying {}, dead-lettered {}", r->delivered,
                     r->retried, r->dead);
      }
      lk.lock();
      cv_.wait_for(lk, period, [this] { return stop_; });
    }
  });
}

void PartnerService::StopWorker() {
  std::thread t;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    t = std::move(worker_);
  }
  cv_.notify_all();
  if (t.joinable()) t.join();
}

void PartnerService::SetPolicy(const DeliveryPolicy& policy) {
  std::lock_guard lock(mu_);
  policy_ = policy;
}

DeliveryPolicy PartnerService::policy() const {
  std::lock_guard lock(mu_);
  return policy_;
}

}  // namespace guomen::app
