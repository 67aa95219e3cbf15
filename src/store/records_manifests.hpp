// Records of advance passenger and crew information (issue 7): manifests as
// received (the current version), every earlier version kept, and the persons
// of the current version with their screening results, analysts' marks and
// what happened at the desk. Times are microseconds since the epoch (UTC);
// *_json members hold JSON that app/manifest_service rendered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace guomen::store {

struct Manifest {
  int64_t id = 0;
  int64_t unit_id = 0;       // the port of arrival (a unit of kind port or station)
  std::string carrier;       // TDT carrier, e.g. "CA"
  std::string transport_id;  // flight, voyage or train number
  std::string list_type;     // passenger, crew, unknown
  std::optional<int64_t> scheduled_arrival_us;    // local time as sent, stored as if UTC
  std::optional<int64_t> scheduled_departure_us;  // idem
  std::string departure_location;
  std::string arrival_location;
  std::string sender;           // UNB sender (empty for CSV and JSON)
  std::string interchange_ref;  // UNB 0020 of the current version
  std::string message_ref;      // UNH 0062 of the current version
  std::string format;           // paxlst, fal_csv, json
  std::string verdict;          // valid, valid_with_warnings, invalid
  std::string issues_json;      // [{severity, segment, tag, element, code, message}]
  int64_t version = 1;
  std::string content_hash;    // of the current version's text
  int64_t received_at_us = 0;  // of the first version
  int64_t updated_at_us = 0;   // of the current version
  std::string source;          // api, inbox
  std::string raw_text;        // the current version as received
  std::optional<int64_t> screened_at_us;
  std::optional<int64_t> received_by;  // the user (or the token's user); null for the inbox
  std::string conveyance = "air";      // air, sea, rail, land
  // Ships: the ports of call in the last 30 days as declared,
  // [{port, country, arrived, departed}] (dates YYYY-MM-DD or null).
  std::string ports_of_call_json = "[]";
};

// One version of a manifest as received; the current one too.
struct ManifestVersion {
  int64_t id = 0;
  int64_t manifest_id = 0;
  int64_t unit_id = 0;
  int64_t version = 0;
  std::string sender;
  std::string interchange_ref;
  std::string message_ref;
  bool change = false;        // a BGM change message
  std::string document_code;  // BGM 1001
  std::string verdict;
  std::string issues_json;
  std::string content_hash;
  int64_t person_count = 0;
  int64_t received_at_us = 0;
  std::string source;
  std::string raw_text;
};

// A manifest with its counts, for the arrivals board.
struct ManifestSummary {
  Manifest manifest;  // raw_text left empty
  int64_t persons = 0;
  int64_t red = 0;
  int64_t yellow = 0;
  int64_t defective = 0;
  int64_t marked = 0;
};

struct ManifestFilter {
  std::optional<int64_t> unit_id;  // the port; else every unit of the scope
  int64_t from_us = 0;             // scheduled arrival in [from, to)
  int64_t to_us = 0;
  int limit = 200;
};

struct ManifestPerson {
  int64_t id = 0;
  int64_t manifest_id = 0;
  int64_t unit_id = 0;
  int64_t seq = 0;        // 1-based order in the message
  std::string role;       // passenger, crew, in_transit
  std::string role_code;  // NAD 3035 as sent: FL, FM, DDT ...
  std::string surname;
  std::string given_names;
  std::string birth_date;  // YYYY-MM-DD or ""
  std::string sex;
  std::string nationality;
  std::string embarkation;
  std::string debarkation;
  std::string documents_json;   // [{type, number, issuing_state, expiry_date}]
  std::string document_number;  // of the first document, for matching at the desk
  std::string issuing_state;
  bool from_defective_message = false;
  std::string risk_level = "unscreened";  // unscreened, green, yellow, red
  int64_t points = 0;
  std::string reasons_json = "[]";  // [{en, zh}]
  std::string hits_json =
      "[]";  // [{list_code, list_name, list_kind, action, entry_id, score, matched_name}]
  std::optional<int64_t> screened_at_us;
  std::string marks_json = "[]";  // [{mark, by, by_name, at}]
  // Ships: the person's Maritime Declaration of Health,
  // {answers: {question: bool}, temperature}; "" when none was sent.
  std::string health_json;
  std::string booking_reference;  // RFF+AVF / the JSON or CSV booking reference
  std::string booking_date;       // YYYY-MM-DD or YYYY-MM-DDTHH:MM, "" when not sent
};

// A manifest person with the manifest's arrival, for the desk.
struct ManifestPersonMatch {
  ManifestPerson person;
  int64_t manifest_id = 0;
  std::string transport_id;
  std::string carrier;
  std::optional<int64_t> scheduled_arrival_us;
};

}  // namespace guomen::store
