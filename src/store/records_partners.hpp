// The records of partner-agency push (migration 7): agencies (customs,
// health ...), their webhook endpoints and subscriptions, the transactional
// outbox of notifications (one row per agency delivery) and the delivery log
// (one row per attempt). Plain values, no behaviour; app/partner_service
// owns the workflow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guomen::store {

struct PartnerAgency {
  int64_t id = 0;
  std::string code;  // unique, stable: "cn-customs-dh"
  std::string name;  // Chinese name
  std::string name_en;
  std::string kind;  // customs, health, other
  // The account whose API tokens pull this agency's notifications (role
  // "partner"); unset: the agency cannot pull.
  std::optional<int64_t> system_user_id;
  bool active = true;
  int64_t created_at_us = 0;
  int64_t updated_at_us = 0;
};

struct PartnerEndpoint {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string url;         // http:// or https://
  std::string secret_box;  // the HMAC secret sealed by app/crypto SealSecret; never returned
  std::string secret_hint; // the secret's last 4 characters, for the UI
  bool active = true;
  int64_t created_at_us = 0;
};

struct PartnerSubscription {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string kind;                    // notification kind: customs, health, alert ...
  std::optional<int64_t> port_unit_id; // unset: every port
  int64_t created_at_us = 0;
};

// One outbox row: one notification for one agency endpoint (endpoint_id
// unset: an agency without endpoints, which only pulls).
struct PartnerNotification {
  int64_t id = 0;
  int64_t created_at_us = 0;
  int64_t agency_id = 0;
  std::optional<int64_t> endpoint_id;
  std::string kind;
  int64_t port_unit_id = 0;
  std::string subject_ref;
  std::string payload_json;
  std::string idempotency_key;
  std::string state = "pending";  // pending, delivered, dead
  int64_t attempts = 0;
  int64_t next_attempt_at_us = 0;
  std::string last_error;
  std::optional<int64_t> delivered_at_us;
  std::optional<int64_t> acked_at_us;  // pulled and acknowledged by the agency
};

struct PartnerNotificationFilter {
  std::optional<int64_t> agency_id;
  std::optional<std::string> state;
  std::optional<std::string> kind;
  std::optional<int64_t> after_id;   // id > after_id, oldest first
  std::optional<int64_t> before_id;  // id < before_id, newest first (when after_id is unset)
  bool unacked_only = false;
  int limit = 100;
};

// One delivery attempt.
struct PartnerDelivery {
  int64_t id = 0;
  int64_t notification_id = 0;
  int64_t agency_id = 0;
  int64_t endpoint_id = 0;
  int64_t port_unit_id = 0;
  int64_t attempt = 0;
  int64_t at_us = 0;
  int64_t status_code = 0;  // 0: no HTTP response (refused, timed out ...)
  std::string error;        // "" when delivered
  int64_t duration_us = 0;
  std::string outcome;      // delivered, retry, dead
};

struct PartnerDeliveryFilter {
  std::optional<int64_t> agency_id;
  std::optional<int64_t> notification_id;
  std::optional<std::string> outcome;
  std::optional<int64_t> before_id;  // newest first
  int limit = 100;
};

}  // namespace guomen::store
