// Partner-agency push (issue 7, "Partner agencies"): agencies (customs,
// health ...) with webhook endpoints and subscriptions (which notification
// kinds, which ports), a transactional outbox that other services fill in
// their own transaction (Enqueue), a delivery worker that POSTs each
// notification signed with HMAC-SHA-256 and retries with exponential
// back-off and jitter until it is delivered or dead-lettered, a delivery log
// of every attempt, requeueing from the dead letters, and a pull API for
// agencies' systems (role "partner", API tokens).
//
// Delivery is at least once; the Idempotency-Key header lets the receiver
// make it exactly once. Endpoint secrets are sealed in the store with a key
// derived from the server's audit key and never returned after creation.
//
// Thread-safe: DeliverDue may run in the worker thread and in callers at
// once (each due notification is claimed in the store before it is sent).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/audit_log.hpp"
#include "app/partner_notice.hpp"
#include "app/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace guomen::app {


struct AgencyInput {
  std::string code;  // 2-64 characters of a-z, 0-9, '-', '_'
  std::string name;
  std::string name_en;
  std::string kind;  // customs, health, other
  std::optional<int64_t> system_user_id;  // a user with role "partner"
  bool active = true;
};

struct EndpointInput {
  std::string url;     // http:// or https://
  std::string secret;  // empty: a random one is made (and returned once)
  bool active = true;
};

// An endpoint as the API shows it: the secret only right after it was made.
struct EndpointView {
  store::PartnerEndpoint endpoint;  // secret_box is cleared
  std::string secret;               // set only on creation or rotation
};

struct AgencyView {
  store::PartnerAgency agency;
  std::vector<EndpointView> endpoints;
  std::vector<store::PartnerSubscription> subscriptions;
};

// How the worker retries. Attempt n (1-based) failing waits
// min(base * 2^(n-1), cap) plus up to a quarter of that again (jitter);
// a notification is dead after max_attempts or when older than max_age.
struct DeliveryPolicy {
  std::chrono::microseconds base_delay = std::chrono::seconds(1);
  std::chrono::microseconds max_delay = std::chrono::minutes(10);
  // About 24 hours of 10-minute retries: the age limit usually comes first.
  int max_attempts = 150;
  std::chrono::microseconds max_age = std::chrono::hours(24);
  std::chrono::milliseconds timeout = std::chrono::seconds(10);
  // A claimed notification is not taken again before this, should the
  // worker die while sending it.
  std::chrono::microseconds lease = std::chrono::minutes(2);
  int batch = 100;
};

struct DeliveryRunSummary {
  int claimed = 0;
  int delivered = 0;
  int retried = 0;
  int dead = 0;
};

class PartnerService {
 public:
  // `secret_key`: 32 bytes that seal the endpoints' secrets.
  PartnerService(store::Store& store, const AuditLog& audit, const core::Clock& clock,
                 std::string secret_key);
  ~PartnerService();  // stops the worker
  PartnerService(const PartnerService&) = delete;
  PartnerService& operator=(const PartnerService&) = delete;

  // Writes one outbox row per subscribed agency endpoint (one pull-only row
  // for an active agency without an active endpoint), in the caller's
  // transaction. A notice whose idempotency key an agency already has is not
  // written again for it. Errors: kValidation for a notice without kind,
  // port, idempotency key or with a payload that is not a JSON object.
  static core::Status Enqueue(store::Tx& tx, const PartnerNotice& n, int64_t now_us);

  // --- configuration (role admin; audited) ---
  core::Result<std::vector<AgencyView>> ListAgencies(const Principal& who);
  // Errors: kNotFound.
  core::Result<AgencyView> GetAgency(const Principal& who, int64_t id);
  // Errors: kValidation naming the field; kConflict (field "code").
  core::Result<AgencyView> CreateAgency(const Principal& who, const RequestMeta& meta,
                                        const AgencyInput& in);
  // Changes everything but the code. Errors: as CreateAgency, kNotFound.
  core::Result<AgencyView> UpdateAgency(const Principal& who, const RequestMeta& meta, int64_t id,
                                        const AgencyInput& in);
  core::Result<EndpointView> AddEndpoint(const Principal& who, const RequestMeta& meta,
                                         int64_t agency_id, const EndpointInput& in);
  // Changes the URL and active flag; with rotate_secret, makes a new secret
  // (returned once). Errors: kNotFound, kValidation.
  core::Result<EndpointView> UpdateEndpoint(const Principal& who, const RequestMeta& meta,
                                            int64_t endpoint_id, const std::string& url,
                                            bool active, bool rotate_secret);
  // port_unit_id unset: every port. Errors: kNotFound, kValidation.
  core::Result<store::PartnerSubscription> Subscribe(const Principal& who, const RequestMeta& meta,
                                                     int64_t agency_id, const std::string& kind,
                                                     std::optional<int64_t> port_unit_id);
  core::Status Unsubscribe(const Principal& who, const RequestMeta& meta, int64_t subscription_id);
  // Queues a "ping" notification (no personal data) to each active endpoint
  // of the agency, at the caller's unit, so an operator can check an
  // endpoint; returns how many were queued. Errors: kNotFound,
  // kFailedPrecondition when the agency has no active endpoint.
  core::Result<int64_t> Ping(const Principal& who, const RequestMeta& meta, int64_t agency_id);

  // --- the outbox and its log (roles admin, analyst), of the caller's ports ---
  core::Result<std::vector<store::PartnerNotification>> ListNotifications(
      const Principal& who, const store::PartnerNotificationFilter& filter);
  core::Result<std::vector<store::PartnerDelivery>> ListDeliveries(
      const Principal& who, const store::PartnerDeliveryFilter& filter);
  // Puts a dead notification back to pending, due now, attempts reset (role
  // admin; audited). Errors: kNotFound (also outside the caller's ports),
  // kFailedPrecondition when it is not dead.
  core::Result<store::PartnerNotification> Requeue(const Principal& who, const RequestMeta& meta,
                                                   int64_t notification_id);

  // --- pull (role partner: the agency whose system user the caller is) ---
  // Unacknowledged notifications of the caller's agency with id > after_id,
  // oldest first. Errors: kPermissionDenied when the caller is no agency's
  // system user.
  core::Result<std::vector<store::PartnerNotification>> Pull(const Principal& who,
                                                             const RequestMeta& meta,
                                                             int64_t after_id, int limit);
  // Marks the caller's notifications acknowledged (pull-only rows become
  // delivered); returns how many changed. Others' ids are ignored.
  core::Result<int64_t> Ack(const Principal& who, const RequestMeta& meta,
                            const std::vector<int64_t>& ids);

  // --- delivery ---
  // Sends every notification due at `now` (in batches until none is due) and
  // records each attempt. Errors: only store errors.
  core::Result<DeliveryRunSummary> DeliverDue(core::TimePoint now);
  // Starts a thread that calls DeliverDue(clock.Now()) every `period`.
  void StartWorker(std::chrono::milliseconds period = std::chrono::seconds(1));
  // Stops and joins it (returns after an attempt in flight ends).
  void StopWorker();
  void SetPolicy(const DeliveryPolicy& policy);
  DeliveryPolicy policy() const;

  // The signature header value of `body` under `secret`: "sha256=<hex>".
  static std::string Signature(const std::string& secret, const std::string& body);
  // The JSON body POSTed for a notification.
  static std::string WebhookBody(const store::PartnerNotification& n);

 private:
  core::Result<AgencyView> ViewOf(store::Tx& tx, const store::PartnerAgency& a);
  // Sends one claimed notification and records the attempt; `now_us` is the
  // run's time (the fake clock's in tests).
  core::Status DeliverOne(const store::PartnerNotification& n, int64_t now_us,
                          DeliveryRunSummary& summary);

  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
  std::string secret_key_;
  mutable std::mutex mu_;  // policy_ and the worker's state
  DeliveryPolicy policy_;
  std::thread worker_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace guomen::app
