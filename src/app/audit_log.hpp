// The audit trail: a hash chain of events, each event's hash a keyed BLAKE2b
// of the previous hash and its own content, with a key only the server holds.
//
// Append runs inside the caller's transaction, so the event is written with
// the access it records or not at all (fail closed). Verify walks the chain
// and names the first event that was edited, deleted, reordered or inserted;
// a checkpoint of the chain head, exported elsewhere, also catches a
// truncated tail. Thread-safe (immutable after construction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace guomen::app {

struct AuditRecord {
  std::string action;       // "traveller.read", "auth.login", "user.create" ...
  std::string object_type;  // "traveller", "user", "unit", "session" ...
  std::string object_id;
  std::string result = "ok";  // ok, denied, failed, error
};

struct VerifyReport {
  bool ok = true;
  int64_t events_checked = 0;
  std::optional<int64_t> first_bad_id;
  std::string message;
};

class AuditLog {
 public:
  // REQUIRES: key is 32 bytes.
  AuditLog(std::string key, const core::Clock& clock) : key_(std::move(key)), clock_(clock) {}

  // Appends one event for `who` (nullptr for anonymous, e.g. a failed login
  // of `claimed_username`).
  core::Status Append(store::Tx& tx, const Principal* who, const RequestMeta& meta,
                      const AuditRecord& record, const std::string& claimed_username = {}) const;

  // Walks the whole chain. With a checkpoint (text from Checkpoint()), also
  // checks that the chain still reaches that event with that hash.
  core::Result<VerifyReport> Verify(store::Store& store,
                                    const std::optional<std::string>& checkpoint) const;

  // A one-line, keyed checkpoint of the current chain head.
  core::Result<std::string> Checkpoint(store::Store& store) const;

  // The hash of `event` given its prev_hash (exposed for tests).
  std::string HashOf(const store::AuditEvent& event) const;

 private:
  std::string key_;
  const core::Clock& clock_;
};

// Loads the 32-byte audit key from `path` (64 hex characters); with
// create_if_missing, writes a new random key there (mode 0600) first.
// Errors: kFailedPrecondition if the file is missing or malformed.
core::Result<std::string> LoadAuditKey(const std::string& path, bool create_if_missing);

// A read of personal data outside a workflow (a search, a history, a manual
// screening) states its purpose, which the audit event records: 4 to 500
// characters. `activity` names the read in the message ("lookup",
// "screening"). Errors: kValidation (field "purpose", reason
// purpose_required).
core::Status RequirePurpose(const RequestMeta& meta, std::string_view activity);

}  // namespace guomen::app
