// The records the Store reads and writes: plain values, no behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records_inspection.hpp"
#include "store/records_manifests.hpp"  // IWYU pragma: export
#include "store/records_partners.hpp"  // IWYU pragma: export
#include "store/records_rules.hpp"  // IWYU pragma: export
#include "store/records_screening.hpp"  // IWYU pragma: export

namespace guomen::store {

struct Unit {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string code;     // stable short code, e.g. "YN-DH-RUILI"
  std::string name;     // Chinese name
  std::string name_en;  // English name
  std::string kind;     // ministry, province, prefecture, county, port, station
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  int64_t unit_id = 0;
  std::vector<std::string> roles;
  std::string password_hash;  // argon2id encoded string
  bool disabled = false;
  bool locked = false;
  int64_t failed_logins = 0;  // consecutive failures since the last success
  int64_t created_at_us = 0;
};

struct Session {
  int64_t id = 0;
  std::string token_hash;  // hex BLAKE2b of the token; the token itself is never stored
  std::string csrf_hash;
  int64_t user_id = 0;
  int64_t created_at_us = 0;
  int64_t last_seen_us = 0;
  std::string source;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string token_hash;
  std::vector<std::string> roles;  // a subset of the owner's roles
  int64_t created_at_us = 0;
  std::optional<int64_t> expires_at_us;
  bool revoked = false;
};

struct AuditEvent {
  int64_t id = 0;
  int64_t time_us = 0;
  std::optional<int64_t> user_id;
  std::string username;  // as claimed (for failed logins) or the user's name
  std::optional<int64_t> unit_id;
  std::string action;       // e.g. "auth.login", "traveller.read", "user.create"
  std::string object_type;  // e.g. "traveller", "user"
  std::string object_id;
  std::string purpose;
  std::string source;  // client address
  std::string result;  // "ok", "denied", "failed", "error"
  std::string prev_hash;
  std::string hash;
  // The chain ("lane") the event belongs to; prev_hash links to the event
  // before it in the same lane.
  int lane = 0;
};

struct AuditFilter {
  std::optional<std::string> username;
  std::optional<std::string> action;
  std::optional<std::string> object_type;
  std::optional<std::string> object_id;
  std::optional<std::string> result;
  std::optional<int64_t> from_us;
  std::optional<int64_t> to_us;
  std::optional<int64_t> before_id;
  int limit = 50;
};

// The head of one lane of the audit trail. The trail is one hash chain on
// SQLite (lane 0); on PostgreSQL it is several, so that concurrent
// transactions each append to a lane of their own instead of queueing on one
// head row until their commits are flushed.
struct AuditHead {
  int lane = 0;
  int64_t last_id = 0;
  std::string last_hash;  // hex; all zeros before the lane's first event
  int64_t next_id = 0;    // set by ClaimAuditLane: the id of the next event appended
};

// A person known to guomen (a traveller who crossed or was recorded).
struct Traveller {
  int64_t id = 0;
  int64_t unit_id = 0;  // the unit that recorded the person
  std::string surname;
  std::string given_names;
  std::string nationality;  // ICAO 9303 code
  std::string birth_date;   // ISO date, may be partial ("1980-00-00" unknown parts as 00)
  std::string sex;          // M, F, X
  std::string document_type;
  std::string document_number;
  std::string issuing_state;
  int64_t created_at_us = 0;
};

}  // namespace guomen::store
