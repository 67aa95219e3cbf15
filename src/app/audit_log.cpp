#include "app/audit_log.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/crypto.hpp"
#include "core/strings.hpp"

namespace guomen::app {

using core::ErrorCode;

namespace {

// Length-prefixed fields: no two different events serialise the same way.
void Field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += '\n';
}
std::string OptStr(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; }

}  // namespace

std::string AuditLog::HashOf(const store::AuditEvent& e) const {
  std::string s = "guomen-audit-v1\n";
  Field(s, e.prev_hash);
  Field(s, std::to_string(e.id));
  Field(s, std::to_string(e.time_us));
  Field(s, OptStr(e.user_id));
  Field(s, e.username);
  Field(s, OptStr(e.unit_id));
  Field(s, e.action);
  Field(s, e.object_type);
  Field(s, e.object_id);
  Field(s, e.purpose);
  Field(s, e.source);
  Field(s, e.result);
  return KeyedHash(key_, s);
}

core::Status AuditLog::Append(store::Tx& tx, const Principal* who, const RequestMeta& meta,
                              const AuditRecord& record,
                              const std::string& claimed_username) const {
  GUOMEN_ASSIGN_OR_RETURN(auto head, tx.GetAuditHead());
  store::AuditEvent e;
  e.id = head.last_id + 1;
  e.time_us = core::ToMicros(clock_.Now());
  if (who) {
    e.user_id = who->user_id;
    e.username = who->username;
    e.unit_id = who->unit_id;
  } else {
    e.username = claimed_username;
  }
  e.action = record.action;
  e.object_type = record.object_type;
  e.object_id = record.object_id;
  e.purpose = meta.purpose;
  e.source = meta.source;
  e.result = record.result;
  e.prev_hash = head.last_hash;
  e.hash = HashOf(e);
  auto st = tx.AppendAuditEvent(e);
  if (!st.ok()) {
    core::Error err = std::move(st).error();
    err.message = "cannot write the audit trail, so the request was not carried out: " + err.message;
    return core::Fail(std::move(err));
  }
  return core::Status::Ok();
}

namespace {

struct CheckpointData {
  int64_t id = 0;
  std::string hash;
  std::string mac;
};

std::optional<CheckpointData> ParseCheckpoint(const std::string& text) {
  std::istringstream in(text);
  std::string magic, id, hash, time, mac;
  in >> magic >> id >> hash >> time >> mac;
  if (magic != "guomen-audit-checkpoint-v1" || !core::StartsWith(id, "id=") ||
      !core::StartsWith(hash, "hash=") || !core::StartsWith(mac, "mac=")) {
    return std::nullopt;
  }
  CheckpointData c;
  c.id = std::strtoll(id.c_str() + 3, nullptr, 10);
  c.hash = hash.substr(5);
  c.mac = mac.substr(4);
  return c;
}

}  // namespace

core::Result<std::string> AuditLog::Checkpoint(store::Store& store) const {
  store::AuditHead head;
  GUOMEN_RETURN_IF_ERROR(store.Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(head, tx.GetAuditHead());
    return core::Status::Ok();
  }));
  std::string body = "id=" + std::to_string(head.last_id) + " hash=" + head.last_hash;
  return "guomen-audit-checkpoint-v1 " + body + " time=" + core::FormatIso8601(clock_.Now()) +
         " mac=" + KeyedHash(key_, "checkpoint\n" + body);
}

core::Result<VerifyReport> AuditLog::Verify(store::Store& store,
                                            const std::optional<std::string>& checkpoint) const {
  std::optional<CheckpointData> cp;
  if (checkpoint) {
    cp = ParseCheckpoint(*checkpoint);
    if (!cp) return core::Fail(ErrorCode::kInvalidArgument, "the checkpoint is malformed");
    std::string body = "id=" + std::to_string(cp->id) + " hash=" + cp->hash;
    if (!ConstantTimeEquals(cp->mac, KeyedHash(key_, "checkpoint\n" + body))) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        "the checkpoint's signature does not match this server's audit key");
    }
  }
  VerifyReport report;
  bool checkpoint_seen = false;
  GUOMEN_RETURN_IF_ERROR(store.Transact([&](store::Tx& tx) -> core::Status {
    std::string prev(64, '0');
    int64_t prev_id = 0;
    auto bad = [&](int64_t id, std::string why) {
      report.ok = false;
      report.first_bad_id = id;
      report.message = std::move(why);
      return false;
    };
    GUOMEN_RETURN_IF_ERROR(tx.ScanAuditEvents([&](const store::AuditEvent& e) {
      ++report.events_checked;
      if (e.id != prev_id + 1) {
        return bad(e.id, "event " + std::to_string(e.id) + " follows event " +
                             std::to_string(prev_id) + ": events were deleted or inserted");
      }
      if (e.prev_hash != prev) {
        return bad(e.id, "event " + std::to_string(e.id) +
                             " does not link to the event before it: an event was deleted, "
                             "inserted or reordered");
      }
      if (!ConstantTimeEquals(HashOf(e), e.hash)) {
        return bad(e.id, "event " + std::to_string(e.id) + " was altered after it was written");
      }
      if (cp && e.id == cp->id) {
        if (e.hash != cp->hash) {
          return bad(e.id, "event " + std::to_string(e.id) + " differs from the checkpoint");
        }
        checkpoint_seen = true;
      }
      prev = e.hash;
      prev_id = e.id;
      return true;
    }));
    if (!report.ok) return core::Status::Ok();
    GUOMEN_ASSIGN_OR_RETURN(auto head, tx.GetAuditHead());
    if (head.last_id != prev_id || head.last_hash != prev) {
      report.ok = false;
      report.first_bad_id = prev_id + 1;
      report.message = "the chain ends at event " + std::to_string(prev_id) +
                       " but its head records event " + std::to_string(head.last_id) +
                       ": events at the end were removed";
      return core::Status::Ok();
    }
    if (cp && cp->id > 0 && !checkpoint_seen) {
      report.ok = false;
      report.first_bad_id = prev_id + 1;
      report.message = "the checkpoint names event " + std::to_string(cp->id) +
                       " but the chain ends at event " + std::to_string(prev_id) +
                       ": the tail was truncated";
      return core::Status::Ok();
    }
    report.message = "the audit chain of " + std::to_string(report.events_checked) +
                     " events is intact" + (cp ? " and reaches the checkpoint" : "");
    return core::Status::Ok();
  }));
  return report;
}

core::Result<std::string> LoadAuditKey(const std::string& path, bool create_if_missing) {
  std::ifstream in(path);
  if (!in) {
    if (!create_if_missing) {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        "the audit key file " + path +
                            " is missing; without it the audit trail cannot be written or "
                            "verified (guomen init creates it)");
    }
    std::string hex = RandomHex(32);
    FILE* f = std::fopen(path.c_str(), "wx");
    if (!f) {
      return core::Fail(ErrorCode::kFailedPrecondition, "cannot create the audit key file " + path);
    }
    ::chmod(path.c_str(), 0600);
    std::fputs((hex + "\n").c_str(), f);
    std::fclose(f);
    std::string key;
    core::HexDecode(hex, key);
    return key;
  }
  std::string line;
  std::getline(in, line);
  std::string key;
  if (!core::HexDecode(core::Trim(line), key) || key.size() != 32) {
    return core::Fail(ErrorCode::kFailedPrecondition,
                      "the audit key file " + path + " must hold 64 hexadecimal characters");
  }
  return key;
}

core::Status RequirePurpose(const RequestMeta& meta, std::string_view activity) {
  if (core::Trim(meta.purpose).size() < 4 || meta.purpose.size() > 500) {
    return core::Fail(core::ErrorCode::kValidation,
                      "state the purpose of this " + std::string(activity) +
                          " (4 to 500 characters); it is recorded in the audit trail",
                      "purpose", "purpose_required");
  }
  return core::Status::Ok();
}

}  // namespace guomen::app
