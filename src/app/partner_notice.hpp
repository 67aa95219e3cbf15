// What a workflow asks to tell partner agencies (customs, health): written to
// the notification outbox in the transaction of the decision that caused it
// (PartnerService::Enqueue), delivered by webhook or pulled by the agency.
#pragma once

#include <cstdint>
#include <string>

namespace guomen::app {

struct PartnerNotice {
  std::string kind;         // "customs" | "health" | "alert" ...
  int64_t port_unit_id = 0;
  std::string subject_ref;  // e.g. "manifest:12/person:3"
  std::string payload_json;
  std::string idempotency_key;
};

}  // namespace guomen::app
