// Partner agencies (issue 7): configuration of agencies, endpoints and
// subscriptions (admin), the outbox, dead letters and the delivery log
// (admin, analyst), requeueing (admin), and the agencies' own pull and
// acknowledgement (role partner, API tokens).
#include "app/partner_service.hpp"
#include "http/api_support.hpp"

namespace guomen::http::api {

namespace {

json Time(int64_t us) { return core::FormatIso8601(core::FromMicros(us)); }
json OptTime(const std::optional<int64_t>& us) { return us ? Time(*us) : json(nullptr); }
json OptId(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json EndpointJson(const app::EndpointView& v) {
  const auto& e = v.endpoint;
  json j = {{"id", e.id},
            {"agency_id", e.agency_id},
            {"url", e.url},
            {"secret_hint", e.secret_hint},
            {"active", e.active},
            {"created_at", Time(e.created_at_us)}};
  // The secret leaves the server once: when it is made.
  if (!v.secret.empty()) j["secret"] = v.secret;
  return j;
}

json SubscriptionJson(const store::PartnerSubscription& s) {
  return {{"id", s.id},
          {"agency_id", s.agency_id},
          {"kind", s.kind},
          {"port_unit_id", OptId(s.port_unit_id)},
          {"created_at", Time(s.created_at_us)}};
}

json AgencyJson(const app::AgencyView& v) {
  const auto& a = v.agency;
  json endpoints = json::array();
  for (const auto& e : v.endpoints) endpoints.push_back(EndpointJson(e));
  json subs = json::array();
  for (const auto& s : v.subscriptions) subs.push_back(SubscriptionJson(s));
  return {{"id", a.id},
          {"code", a.code},
          {"name", a.name},
          {"name_en", a.name_en},
          {"kind", a.kind},
          {"system_user_id", OptId(a.system_user_id)},
          {"active", a.active},
          {"created_at", Time(a.created_at_us)},
          {"updated_at", Time(a.updated_at_us)},
          {"endpoints", endpoints},
          {"subscriptions", subs}};
}

json NotificationJson(const store::PartnerNotification& n) {
  json payload = json::parse(n.payload_json, nullptr, false);
  if (payload.is_discarded()) payload = json::object();
  return {{"id", n.id},
          {"created_at", Time(n.created_at_us)},
          {"agency_id", n.agency_id},
          {"endpoint_id", OptId(n.endpoint_id)},
          {"kind", n.kind},
          {"port_unit_id", n.port_unit_id},
          {"subject_ref", n.subject_ref},
          {"payload", payload},
          {"idempotency_key", n.idempotency_key},
          {"state", n.state},
          {"attempts", n.attempts},
          {"next_attempt_at", Time(n.next_attempt_at_us)},
          {"last_error", n.last_error},
          {"delivered_at", OptTime(n.delivered_at_us)},
          {"acked_at", OptTime(n.acked_at_us)}};
}

json DeliveryJson(const store::PartnerDelivery& d) {
  return {{"id", d.id},
          {"notification_id", d.notification_id},
          {"agency_id", d.agency_id},
          {"endpoint_id", d.endpoint_id},
          {"port_unit_id", d.port_unit_id},
          {"attempt", d.attempt},
          {"at", Time(d.at_us)},
          {"status_code", d.status_code},
          {"error", d.error},
          {"duration_ms", static_cast<double>(d.duration_us) / 1000.0},
          {"outcome", d.outcome}};
}

bool OptBoolField(const Ctx& c, const char* name, bool fallback) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) return fallback;
  if (!c.body.at(name).is_boolean()) {
    Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be true or false", name);
  }
  return c.body.at(name).get<bool>();
}

app::AgencyInput AgencyInputOf(const Ctx& c, bool with_code) {
  app::AgencyInput in;
  if (with_code) in.code = StrField(c, "code");
  in.name = StrField(c, "name");
  in.name_en = StrField(c, "name_en");
  in.kind = StrField(c, "kind");
  in.system_user_id = OptIntField(c, "system_user_id");
  in.active = OptBoolField(c, "active", true);
  return in;
}

int Limit(const Ctx& c) { return static_cast<int>(QueryInt(c, "limit", 1, 500).value_or(100)); }

}  // namespace

void AddPartnerRoutes(const RouteAdder& add, app::App& a) {
  const std::vector<std::string> kAdmin = {"admin"};
  const std::vector<std::string> kReaders = {"admin", "analyst"};

  // --- configuration ---
  add("GET", "/api/v1/partner-agencies", kAdmin, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& v : Take(a.partners().ListAgencies(*c.who))) list.push_back(AgencyJson(v));
    return Json(200, {{"agencies", list}});
  });
  add("POST", "/api/v1/partner-agencies", kAdmin, [&a](Ctx& c) {
    auto v = Take(a.partners().CreateAgency(*c.who, c.Meta(), AgencyInputOf(c, true)));
    return Json(201, {{"agency", AgencyJson(v)}});
  });
  add("GET", "/api/v1/partner-agencies/{id}", kAdmin, [&a](Ctx& c) {
    return Json(200, {{"agency", AgencyJson(Take(a.partners().GetAgency(*c.who, PathId(c))))}});
  });
  add("PUT", "/api/v1/partner-agencies/{id}", kAdmin, [&a](Ctx& c) {
    auto v = Take(a.partners().UpdateAgency(*c.who, c.Meta(), PathId(c), AgencyInputOf(c, false)));
    return Json(200, {{"agency", AgencyJson(v)}});
  });
  add("POST", "/api/v1/partner-agencies/{id}/endpoints", kAdmin, [&a](Ctx& c) {
    app::EndpointInput in;
    in.url = StrField(c, "url");
    if (c.body.contains("secret") && !c.body.at("secret").is_null()) in.secret = StrField(c, "secret");
    in.active = OptBoolField(c, "active", true);
    auto v = Take(a.partners().AddEndpoint(*c.who, c.Meta(), PathId(c), in));
    return Json(201, {{"endpoint", EndpointJson(v)}});
  });
  add("PUT", "/api/v1/partner-endpoints/{id}", kAdmin, [&a](Ctx& c) {
    auto v = Take(a.partners().UpdateEndpoint(*c.who, c.Meta(), PathId(c), StrField(c, "url"),
                                              OptBoolField(c, "active", true),
                                              OptBoolField(c, "rotate_secret", false)));
    return Json(200, {{"endpoint", EndpointJson(v)}});
  });
  add("POST", "/api/v1/partner-agencies/{id}/subscriptions", kAdmin, [&a](Ctx& c) {
    auto s = Take(a.partners().Subscribe(*c.who, c.Meta(), PathId(c), StrField(c, "kind"),
                                         OptIntField(c, "port_unit_id")));
    return Json(201, {{"subscription", SubscriptionJson(s)}});
  });
  add("DELETE", "/api/v1/partner-subscriptions/{id}", kAdmin, [&a](Ctx& c) {
    Take(a.partners().Unsubscribe(*c.who, c.Meta(), PathId(c)));
    return Json(200, {{"deleted", true}});
  });

  add("POST", "/api/v1/partner-agencies/{id}/ping", kAdmin, [&a](Ctx& c) {
    return Json(200, {{"queued", Take(a.partners().Ping(*c.who, c.Meta(), PathId(c)))}});
  });

  // --- the outbox, dead letters and the delivery log ---
  add("GET", "/api/v1/partner-notifications", kReaders, [&a](Ctx& c) {
    store::PartnerNotificationFilter f;
    f.state = QueryStr(c, "state");
    if (f.state && *f.state != "pending" && *f.state != "delivered" && *f.state != "dead") {
      Throw(ErrorCode::kInvalidArgument, "state is pending, delivered or dead", "state");
    }
    f.kind = QueryStr(c, "kind");
    f.agency_id = QueryInt(c, "agency_id", 1, INT64_MAX);
    f.before_id = QueryInt(c, "before_id", 1, INT64_MAX);
    f.limit = Limit(c);
    json list = json::array();
    for (const auto& n : Take(a.partners().ListNotifications(*c.who, f))) {
      list.push_back(NotificationJson(n));
    }
    return Json(200, {{"notifications", list}});
  });
  add("POST", "/api/v1/partner-notifications/{id}/requeue", kAdmin, [&a](Ctx& c) {
    auto n = Take(a.partners().Requeue(*c.who, c.Meta(), PathId(c)));
    return Json(200, {{"notification", NotificationJson(n)}});
  });
  add("GET", "/api/v1/partner-deliveries", kReaders, [&a](Ctx& c) {
    store::PartnerDeliveryFilter f;
    f.agency_id = QueryInt(c, "agency_id", 1, INT64_MAX);
    f.notification_id = QueryInt(c, "notification_id", 1, INT64_MAX);
    f.outcome = QueryStr(c, "outcome");
    if (f.outcome && *f.outcome != "delivered" && *f.outcome != "retry" && *f.outcome != "dead") {
      Throw(ErrorCode::kInvalidArgument, "outcome is delivered, retry or dead", "outcome");
    }
    f.before_id = QueryInt(c, "before_id", 1, INT64_MAX);
    f.limit = Limit(c);
    json list = json::array();
    for (const auto& d : Take(a.partners().ListDeliveries(*c.who, f))) {
      list.push_back(DeliveryJson(d));
    }
    return Json(200, {{"deliveries", list}});
  });

  // --- the agencies' pull ---
  add("GET", "/api/v1/partner/notifications", {"partner"}, [&a](Ctx& c) {
    int64_t after = QueryInt(c, "after", 0, INT64_MAX).value_or(0);
    json list = json::array();
    int64_t last = after;
    for (const auto& n : Take(a.partners().Pull(*c.who, c.Meta(), after, Limit(c)))) {
      list.push_back(NotificationJson(n));
      last = std::max(last, n.id);
    }
    return Json(200, {{"notifications", list}, {"next_after", last}});
  });
  add("POST", "/api/v1/partner/notifications/ack", {"partner"}, [&a](Ctx& c) {
    const json& ids = Field(c, "ids");
    if (!ids.is_array()) Throw(ErrorCode::kInvalidArgument, "'ids' must be a list of integers", "ids");
    std::vector<int64_t> list;
    for (const auto& v : ids) {
      if (!v.is_number_integer()) {
        Throw(ErrorCode::kInvalidArgument, "'ids' must be a list of integers", "ids");
      }
      list.push_back(v.get<int64_t>());
    }
    return Json(200, {{"acknowledged", Take(a.partners().Ack(*c.who, c.Meta(), list))}});
  });
}

}  // namespace guomen::http::api
