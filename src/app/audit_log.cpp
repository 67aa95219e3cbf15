#include "app/audit_log.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <map>
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
  GUOMEN_ASSIGN_OR_RETURN(auto head, tx.ClaimAuditLane());
  store::AuditEvent e;
  e.id = head.next_id;
  e.lane = head.lane;
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

// A checkpoint names the last event of every lane that had one:
//   guomen-audit-checkpoint-v2 lane=0 id=N hash=H [lane=1 id=N hash=H ...] time=T mac=M
// The v1 form (before lanes) named the one chain: ... -v1 id=N hash=H time=T mac=M,
// which is lane 0 of the trail now.
struct CheckpointData {
  std::map<int, store::AuditHead> lanes;
  std::string body;  // what the mac covers
  std::string mac;
};

std::string CheckpointBody(const std::vector<store::AuditHead>& lanes) {
  std::string body;
  for (const auto& l : lanes) {
    if (l.last_id == 0) continue;
    if (!body.empty()) body += ' ';
    body += "lane=" + std::to_string(l.lane) + " id=" + std::to_string(l.last_id) +
            " hash=" + l.last_hash;
  }
  return body;
}

std::optional<CheckpointData> ParseCheckpoint(const std::string& text) {
  std::istringstream in(text);
  std::string magic, word;
  in >> magic;
  const bool v1 = magic == "guomen-audit-checkpoint-v1";
  if (!v1 && magic != "guomen-audit-checkpoint-v2") return std::nullopt;
  CheckpointData c;
  std::vector<std::string> body;
  store::AuditHead lane;
  bool have_lane = v1, have_id = false;
  while (in >> word) {
    const size_t eq = word.find('=');
    if (eq == std::string::npos) return std::nullopt;
    const std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (key == "lane") {
      if (v1 || have_lane) return std::nullopt;
      lane = store::AuditHead{static_cast<int>(std::strtol(value.c_str(), nullptr, 10)), 0, {}, 0};
      have_lane = true;
    } else if (key == "id") {
      if (!have_lane || have_id) return std::nullopt;
      lane.last_id = std::strtoll(value.c_str(), nullptr, 10);
      have_id = true;
    } else if (key == "hash") {
      if (!have_id) return std::nullopt;
      lane.last_hash = value;
      c.lanes[lane.lane] = lane;
      have_lane = v1 && c.lanes.empty();
      have_id = false;
    } else if (key == "time") {
      continue;
    } else if (key == "mac") {
      c.mac = value;
      break;
    } else {
      return std::nullopt;
    }
    body.push_back(word);
  }
  if (c.mac.empty() || have_id || (!v1 && have_lane)) return std::nullopt;
  c.body = core::Join(body, " ");
  return c;
}

}  // namespace

core::Result<std::string> AuditLog::Checkpoint(store::Store& store) const {
  std::vector<store::AuditHead> lanes;
  GUOMEN_RETURN_IF_ERROR(store.Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(lanes, tx.GetAuditLanes());
    return core::Status::Ok();
  }));
  std::string body = CheckpointBody(lanes);
  return "guomen-audit-checkpoint-v2 " + body + " time=" + core::FormatIso8601(clock_.Now()) +
         " mac=" + KeyedHash(key_, "checkpoint\n" + body);
}

core::Result<VerifyReport> AuditLog::Verify(store::Store& store,
                                            const std::optional<std::string>& checkpoint) const {
  std::optional<CheckpointData> cp;
  if (checkpoint) {
    cp = ParseCheckpoint(*checkpoint);
    if (!cp) return core::Fail(ErrorCode::kInvalidArgument, "the checkpoint is malformed");
    if (!ConstantTimeEquals(cp->mac, KeyedHash(key_, "checkpoint\n" + cp->body))) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        "the checkpoint's signature does not match this server's audit key");
    }
  }
  VerifyReport report;
  // Where each lane's chain has got to in the scan.
  struct LaneState {
    int64_t last_id = 0;
    std::string last_hash = std::string(64, '0');
    bool checkpoint_seen = false;
  };
  std::map<int, LaneState> seen;
  GUOMEN_RETURN_IF_ERROR(store.Transact([&](store::Tx& tx) -> core::Status {
    auto bad = [&](int64_t id, std::string why) {
      report.ok = false;
      report.first_bad_id = id;
      report.message = std::move(why);
      return false;
    };
    GUOMEN_RETURN_IF_ERROR(tx.ScanAuditEvents([&](const store::AuditEvent& e) {
      ++report.events_checked;
      LaneState& lane = seen[e.lane];
      const std::string event = "event " + std::to_string(e.id);
      if (e.prev_hash != lane.last_hash) {
        return bad(e.id, event + " does not link to the event before it" +
                             (lane.last_id > 0 ? " (event " + std::to_string(lane.last_id) + ")"
                                               : std::string()) +
                             ": an event was deleted, inserted or reordered");
      }
      if (!ConstantTimeEquals(HashOf(e), e.hash)) {
        return bad(e.id, event + " was altered after it was written");
      }
      if (cp) {
        auto it = cp->lanes.find(e.lane);
        if (it != cp->lanes.end() && it->second.last_id == e.id) {
          if (e.hash != it->second.last_hash) {
            return bad(e.id, event + " differs from the checkpoint");
          }
          lane.checkpoint_seen = true;
        }
      }
      lane.last_hash = e.hash;
      lane.last_id = e.id;
      return true;
    }));
    if (!report.ok) return core::Status::Ok();
    GUOMEN_ASSIGN_OR_RETURN(auto heads, tx.GetAuditLanes());
    std::map<int, store::AuditHead> by_lane;
    for (auto& h : heads) by_lane[h.lane] = h;
    for (const auto& [lane, st] : seen) {
      if (!by_lane.count(lane)) {
        report.ok = false;
        report.first_bad_id = st.last_id;
        report.message = "event " + std::to_string(st.last_id) + " is in lane " +
                         std::to_string(lane) + ", which the trail does not have";
        return core::Status::Ok();
      }
    }
    for (const auto& [lane, head] : by_lane) {
      const LaneState& st = seen[lane];
      if (head.last_id != st.last_id || head.last_hash != st.last_hash) {
        report.ok = false;
        report.first_bad_id = st.last_id + 1;
        report.message = "the chain ends at event " + std::to_string(st.last_id) +
                         " but its head records event " + std::to_string(head.last_id) +
                         ": events at the end were removed";
        return core::Status::Ok();
      }
    }
    if (cp) {
      for (const auto& [lane, mark] : cp->lanes) {
        const LaneState& st = seen[lane];
        if (mark.last_id > 0 && !st.checkpoint_seen) {
          report.ok = false;
          report.first_bad_id = st.last_id + 1;
          report.message = "the checkpoint names event " + std::to_string(mark.last_id) +
                           " but the chain ends at event " + std::to_string(st.last_id) +
                           ": the tail was truncated";
          return core::Status::Ok();
        }
      }
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
