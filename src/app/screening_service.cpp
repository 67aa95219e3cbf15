#include "app/screening_service.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "app/crypto.hpp"
#include "core/strings.hpp"
#include "screening/ftm_importer.hpp"
#include "screening/guomen_csv_importer.hpp"
#include "screening/ofac_importer.hpp"
#include "screening/un_importer.hpp"

namespace guomen::app {

using core::ErrorCode;
using core::Result;
using core::Status;
using json = nlohmann::json;
namespace sc = screening;

namespace {

// --- Entries as stored: the engine's WatchlistEntry as JSON ---------------
// The serialisation is canonical (nlohmann orders object keys), so equal
// entries give equal text and equal content hashes: the diff of a
// re-import compares hashes, not entries.

template <typename Enum, size_t N>
bool EnumFromName(std::string_view name, Enum& out, const std::array<Enum, N>& all,
                  std::string_view (*name_of)(Enum)) {
  for (Enum e : all) {
    if (name_of(e) == name) {
      out = e;
      return true;
    }
  }
  return false;
}

constexpr std::array<sc::EntryType, 4> kEntryTypes = {sc::EntryType::kPerson, sc::EntryType::kEntity,
                                                      sc::EntryType::kVessel,
                                                      sc::EntryType::kAircraft};
constexpr std::array<sc::NameQuality, 3> kQualities = {
    sc::NameQuality::kPrimary, sc::NameQuality::kStrongAlias, sc::NameQuality::kWeakAlias};

json EntryToJson(const sc::WatchlistEntry& e) {
  json names = json::array();
  for (const auto& n : e.names) {
    names.push_back({{"full", n.full},
                     {"given", n.given},
                     {"family", n.family},
                     {"quality", sc::NameQualityName(n.quality)}});
  }
  json dates = json::array();
  for (const auto& d : e.birth_dates) {
    dates.push_back({{"year", d.year},
                     {"month", d.month},
                     {"day", d.day},
                     {"year_to", d.year_to},
                     {"approximate", d.approximate}});
  }
  json docs = json::array();
  for (const auto& d : e.documents) {
    docs.push_back({{"type", d.type}, {"number", d.number}, {"issuing_state", d.issuing_state}});
  }
  return {{"id", e.id},
          {"type", sc::EntryTypeName(e.type)},
          {"names", names},
          {"birth_dates", dates},
          {"places_of_birth", e.places_of_birth},
          {"nationalities", e.nationalities},
          {"gender", e.gender},
          {"documents", docs},
          {"action", e.action ? json(sc::ListActionName(*e.action)) : json(nullptr)},
          {"reason", e.reason},
          {"valid_until", e.valid_until},
          {"source_ref", e.source_ref},
          {"remarks", e.remarks}};
}

Result<sc::WatchlistEntry> EntryFromJson(const std::string& text) {
  try {
    json j = json::parse(text);
    sc::WatchlistEntry e;
    e.id = j.at("id").get<std::string>();
    if (!EnumFromName(j.at("type").get<std::string>(), e.type, kEntryTypes, sc::EntryTypeName)) {
      return core::Fail(ErrorCode::kInternal, "stored entry " + e.id + " has an unknown type");
    }
    for (const auto& n : j.at("names")) {
      sc::EntryName name;
      name.full = n.at("full").get<std::string>();
      name.given = n.at("given").get<std::string>();
      name.family = n.at("family").get<std::string>();
      if (!EnumFromName(n.at("quality").get<std::string>(), name.quality, kQualities,
                        sc::NameQualityName)) {
        return core::Fail(ErrorCode::kInternal, "stored entry " + e.id + " has an unknown quality");
      }
      e.names.push_back(std::move(name));
    }
    for (const auto& d : j.at("birth_dates")) {
      e.birth_dates.push_back(sc::BirthDate{d.at("year").get<int>(), d.at("month").get<int>(),
                                            d.at("day").get<int>(), d.at("year_to").get<int>(),
                                            d.at("approximate").get<bool>()});
    }
    e.places_of_birth = j.at("places_of_birth").get<std::vector<std::string>>();
    e.nationalities = j.at("nationalities").get<std::vector<std::string>>();
    e.gender = j.at("gender").get<std::string>();
    for (const auto& d : j.at("documents")) {
      e.documents.push_back(sc::IdentityDocument{d.at("type").get<std::string>(),
                                                 d.at("number").get<std::string>(),
                                                 d.at("issuing_state").get<std::string>()});
    }
    if (!j.at("action").is_null()) {
      sc::ListAction a;
      if (!sc::ParseListAction(j.at("action").get<std::string>(), a)) {
        return core::Fail(ErrorCode::kInternal, "stored entry " + e.id + " has an unknown action");
      }
      e.action = a;
    }
    e.reason = j.at("reason").get<std::string>();
    e.valid_until = j.at("valid_until").get<std::string>();
    e.source_ref = j.at("source_ref").get<std::string>();
    e.remarks = j.at("remarks").get<std::string>();
    return e;
  } catch (const std::exception& ex) {
    return core::Fail(ErrorCode::kInternal, std::string("a stored watchlist entry cannot be read: ") +
                                                ex.what());
  }
}

store::WatchlistEntryRow RowOf(int64_t list_id, const sc::WatchlistEntry& e) {
  store::WatchlistEntryRow row;
  row.list_id = list_id;
  row.entry_id = e.id;
  row.primary_name = e.names.empty() ? "" : e.names[0].full;
  std::string search;
  for (const auto& n : e.names) search += n.full + " | ";
  for (const auto& d : e.documents) search += d.number + " | ";
  search += e.id;
  row.search_text = core::AsciiUpper(search);
  row.data = json(EntryToJson(e)).dump(-1, ' ', false, json::error_handler_t::replace);
  row.content_hash = HashToken(row.data);
  return row;
}

Result<sc::Watchlist> WatchlistOf(const store::WatchlistRecord& r) {
  sc::Watchlist w;
  w.id = IndexListId(r.id);
  w.name = r.name;
  w.authority = r.authority;
  if (!sc::ParseListKind(r.kind, w.kind) || !sc::ParseListAction(r.action, w.action)) {
    return core::Fail(ErrorCode::kInternal, "watchlist " + r.code + " has an unknown kind or action");
  }
  w.version = std::to_string(r.current_version);
  w.imported_at = std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(r.updated_at_us)));
  w.threshold = r.threshold;
  return w;
}

std::optional<int64_t> ListIdOfIndexId(std::string_view id) {
  if (!core::StartsWith(id, "wl-")) return std::nullopt;
  int64_t v = 0;
  for (char c : id.substr(3)) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}


Status ValidateThreshold(double t) {
  if (!std::isfinite(t) || t <= 0 || t > 1) {
    return core::Fail(ErrorCode::kValidation, "the threshold is a score above 0 and at most 1",
                      "threshold");
  }
  return Status::Ok();
}

Status ValidateAction(const std::string& action) {
  sc::ListAction a;
  if (!sc::ParseListAction(action, a)) {
    return core::Fail(ErrorCode::kValidation,
                      "the action is one of arrest, deny_entry, deny_exit, notify, monitor",
                      "action");
  }
  return Status::Ok();
}

Status ValidateName(const std::string& name, const char* field) {
  auto n = core::Trim(name);
  if (n.empty() || n.size() > 200) {
    return core::Fail(ErrorCode::kValidation,
                      std::string("the ") + field + " is 1 to 200 characters", field);
  }
  return Status::Ok();
}

// A stored traveller as the screening engine's query.
sc::ScreeningQuery QueryOf(const store::Traveller& t) {
  sc::ScreeningQuery q;
  q.name = core::Trim(t.given_names + " " + t.surname);
  // Partial dates are stored with 00 for the unknown parts.
  std::string date = t.birth_date;
  if (date.size() == 10 && date.compare(4, 6, "-00-00") == 0) {
    date = date.substr(0, 4);
  } else if (date.size() == 10 && date.compare(7, 3, "-00") == 0) {
    date = date.substr(0, 7);
  }
  if (auto d = sc::ParseBirthDate(date)) q.birth_date = *d;
  q.nationality = t.nationality;
  q.document_number = t.document_number;
  if (t.sex == "M" || t.sex == "F") q.gender = t.sex;
  q.reference = std::to_string(t.id);
  return q;
}

}  // namespace

std::string IndexListId(int64_t list_id) { return "wl-" + std::to_string(list_id); }

// --- Index lifecycle -------------------------------------------------------

void ScreeningService::SetMeta(const store::WatchlistRecord& list) {
  std::unique_lock lock(meta_mu_);
  meta_[list.id] = list;
}

Status ScreeningService::LoadList(const store::WatchlistRecord& list) {
  GUOMEN_ASSIGN_OR_RETURN(auto w, WatchlistOf(list));
  std::vector<sc::WatchlistEntry> entries;
  entries.reserve(static_cast<size_t>(list.entry_count));
  Status parse_error;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    entries.clear();
    return tx.ScanWatchlistEntries(list.id, [&](const store::WatchlistEntryRow& row) {
      auto e = EntryFromJson(row.data);
      if (!e) {
        parse_error = core::Fail(e.error());
        return false;
      }
      entries.push_back(std::move(e).value());
      return true;
    });
  }));
  GUOMEN_RETURN_IF_ERROR(parse_error);
  SetMeta(list);
  GUOMEN_ASSIGN_OR_RETURN(auto diff, index_.PutList(std::move(w), std::move(entries)));
  (void)diff;
  return Status::Ok();
}

Status ScreeningService::LoadIndex() {
  std::vector<store::WatchlistRecord> lists;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(lists, tx.ListWatchlists());
    return Status::Ok();
  }));
  for (const auto& l : lists) {
    if (l.active) GUOMEN_RETURN_IF_ERROR(LoadList(l));
  }
  return Status::Ok();
}

// --- Lists -----------------------------------------------------------------

Result<store::WatchlistRecord> ScreeningService::DoCreate(const Principal* who,
                                                          const RequestMeta& meta,
                                                          const NewWatchlist& nl) {
  if (nl.code.size() < 2 || nl.code.size() > 64 ||
      !std::all_of(nl.code.begin(), nl.code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      })) {
    return core::Fail(ErrorCode::kValidation,
                      "the code is 2 to 64 characters of a-z, 0-9, '-' and '_'", "code");
  }
  GUOMEN_RETURN_IF_ERROR(ValidateName(nl.name, "name"));
  GUOMEN_RETURN_IF_ERROR(ValidateName(nl.authority, "authority"));
  sc::ListKind kind;
  if (!sc::ParseListKind(nl.kind, kind)) {
    return core::Fail(ErrorCode::kValidation,
                      "the kind is one of wanted, entry_ban, exit_ban, sanctions, "
                      "lost_stolen_documents, custom",
                      "kind");
  }
  GUOMEN_RETURN_IF_ERROR(ValidateAction(nl.action));
  GUOMEN_RETURN_IF_ERROR(ValidateThreshold(nl.threshold));
  store::WatchlistRecord r;
  r.code = nl.code;
  r.name = std::string(core::Trim(nl.name));
  r.authority = std::string(core::Trim(nl.authority));
  r.kind = nl.kind;
  r.action = nl.action;
  r.threshold = nl.threshold;
  r.active = true;
  r.created_at_us = r.updated_at_us = core::ToMicros(clock_.Now());
  std::lock_guard lock(import_mu_);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(r.id, tx.InsertWatchlist(r));
    if (!who) return Status::Ok();
    return audit_.Append(tx, who, meta, {"watchlist.create", "watchlist", std::to_string(r.id), "ok"});
  }));
  GUOMEN_RETURN_IF_ERROR(LoadList(r));  // an empty list until its first import
  return r;
}

Result<store::WatchlistRecord> ScreeningService::CreateList(const Principal& who,
                                                            const RequestMeta& meta,
                                                            const NewWatchlist& list) {
  return DoCreate(&who, meta, list);
}

Result<store::WatchlistRecord> ScreeningService::CreateListAsSystem(const NewWatchlist& list) {
  return DoCreate(nullptr, {}, list);
}

Result<store::WatchlistRecord> ScreeningService::UpdateList(const Principal& who,
                                                            const RequestMeta& meta,
                                                            int64_t list_id,
                                                            const WatchlistUpdate& u) {
  if (u.name) GUOMEN_RETURN_IF_ERROR(ValidateName(*u.name, "name"));
  if (u.authority) GUOMEN_RETURN_IF_ERROR(ValidateName(*u.authority, "authority"));
  if (u.action) GUOMEN_RETURN_IF_ERROR(ValidateAction(*u.action));
  if (u.threshold) GUOMEN_RETURN_IF_ERROR(ValidateThreshold(*u.threshold));
  std::lock_guard lock(import_mu_);
  store::WatchlistRecord r;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto found, tx.GetWatchlist(list_id));
    if (!found) return core::Fail(ErrorCode::kNotFound, "no watchlist " + std::to_string(list_id));
    r = *found;
    if (u.name) r.name = std::string(core::Trim(*u.name));
    if (u.authority) r.authority = std::string(core::Trim(*u.authority));
    if (u.action) r.action = *u.action;
    if (u.threshold) r.threshold = *u.threshold;
    if (u.active) r.active = *u.active;
    r.updated_at_us = core::ToMicros(clock_.Now());
    GUOMEN_RETURN_IF_ERROR(tx.UpdateWatchlist(r));
    return audit_.Append(tx, &who, meta,
                         {"watchlist.update", "watchlist", std::to_string(list_id), "ok"});
  }));
  // The index follows: a deactivated list is unloaded; an active one is
  // loaded again with its (possibly new) name, action and threshold.
  if (r.active) {
    GUOMEN_RETURN_IF_ERROR(LoadList(r));
  } else {
    index_.RemoveList(IndexListId(r.id));
    std::unique_lock mlock(meta_mu_);
    meta_.erase(r.id);
  }
  return r;
}

Result<std::vector<store::WatchlistRecord>> ScreeningService::Lists() const {
  std::vector<store::WatchlistRecord> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListWatchlists());
    return Status::Ok();
  }));
  return out;
}

Result<store::WatchlistRecord> ScreeningService::GetList(int64_t list_id) const {
  store::WatchlistRecord out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto found, tx.GetWatchlist(list_id));
    if (!found) return core::Fail(ErrorCode::kNotFound, "no watchlist " + std::to_string(list_id));
    out = *found;
    return Status::Ok();
  }));
  return out;
}

// --- Import ------------------------------------------------------------------

Result<ImportOutcome> ScreeningService::Import(const Principal& who, const RequestMeta& meta,
                                               int64_t list_id, const ImportRequest& request) {
  return DoImport(&who, meta, list_id, request, who.username);
}

Result<ImportOutcome> ScreeningService::ImportAsSystem(int64_t list_id,
                                                       const ImportRequest& request,
                                                       const std::string& imported_by) {
  return DoImport(nullptr, {}, list_id, request, imported_by);
}

Result<ImportOutcome> ScreeningService::DoImport(const Principal* who, const RequestMeta& meta,
                                                 int64_t list_id, const ImportRequest& req,
                                                 const std::string& imported_by) {
  GUOMEN_ASSIGN_OR_RETURN(auto list, GetList(list_id));
  sc::ImportOptions options;
  options.keep_good_records = req.keep_good_records;
  Result<sc::ImportResult> parsed = core::Fail(ErrorCode::kInternal, "not parsed");
  if (req.format == "ofac") {
    if (req.ofac_sdn.empty()) {
      return core::Fail(ErrorCode::kValidation, "an OFAC import needs sdn.csv", "sdn");
    }
    parsed = sc::ImportOfac({req.ofac_sdn, req.ofac_alt, req.ofac_comments}, options);
  } else if (req.format == "csv" || req.format == "ftm" || req.format == "un") {
    if (req.content.empty()) {
      return core::Fail(ErrorCode::kValidation, "the list file is empty", "content");
    }
    parsed = req.format == "csv"   ? sc::ImportGuomenCsv(req.content, options)
             : req.format == "ftm" ? sc::ImportFtm(req.content, options)
                                   : sc::ImportUnConsolidated(req.content, options);
  } else {
    return core::Fail(ErrorCode::kValidation, "the format is one of ofac, ftm, un, csv", "format");
  }
  if (!parsed) return core::Fail(std::move(parsed).error());
  sc::ImportResult imported = std::move(parsed).value();

  std::map<std::string, store::WatchlistEntryRow> rows;
  std::map<std::string, const sc::WatchlistEntry*> by_id;
  for (const auto& e : imported.entries) {
    rows.emplace(e.id, RowOf(list_id, e));
    by_id.emplace(e.id, &e);
  }

  ImportOutcome out;
  for (const auto& issue : imported.issues) {
    if (out.issues.size() >= kMaxIssues) break;
    out.issues.push_back(issue);
  }
  std::vector<std::string> added, changed, removed;
  std::lock_guard lock(import_mu_);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    added.clear();
    changed.clear();
    removed.clear();
    GUOMEN_ASSIGN_OR_RETURN(auto current, tx.GetWatchlist(list_id));
    if (!current) return core::Fail(ErrorCode::kNotFound, "no watchlist " + std::to_string(list_id));
    list = *current;
    GUOMEN_ASSIGN_OR_RETURN(auto hashes, tx.ListWatchlistEntryHashes(list_id));
    std::map<std::string, std::string> before(hashes.begin(), hashes.end());
    for (const auto& [id, row] : rows) {
      auto it = before.find(id);
      if (it == before.end()) {
        added.push_back(id);
      } else if (it->second != row.content_hash) {
        changed.push_back(id);
      }
    }
    for (const auto& [id, hash] : before) {
      if (!rows.count(id)) removed.push_back(id);
    }
    if (list.current_version > 0 && added.empty() && changed.empty() && removed.empty()) {
      // Idempotent: the same content again writes no version.
      out.unchanged = true;
      GUOMEN_ASSIGN_OR_RETURN(auto v, tx.GetWatchlistVersion(list_id, list.current_version));
      if (v) out.version = *v;
      if (!who) return Status::Ok();
      return audit_.Append(tx, who, meta,
                           {"watchlist.import", "watchlist", std::to_string(list_id), "unchanged"});
    }
    int64_t now = core::ToMicros(clock_.Now());
    store::WatchlistVersionRecord v;
    v.list_id = list_id;
    v.version = list.current_version + 1;
    v.format = req.format;
    v.source_version = imported.version;
    v.imported_by = imported_by;
    v.imported_at_us = now;
    v.entry_count = static_cast<int64_t>(rows.size());
    v.added = static_cast<int64_t>(added.size());
    v.changed = static_cast<int64_t>(changed.size());
    v.removed = static_cast<int64_t>(removed.size());
    v.issues = static_cast<int64_t>(imported.issues.size());
    GUOMEN_ASSIGN_OR_RETURN(v.id, tx.InsertWatchlistVersion(v));
    for (const auto* ids : {&added, &changed}) {
      for (const auto& id : *ids) {
        const auto& row = rows.at(id);
        GUOMEN_RETURN_IF_ERROR(tx.PutWatchlistEntry(row));
        GUOMEN_RETURN_IF_ERROR(tx.InsertWatchlistChange(
            {list_id, v.version, id, ids == &added ? "added" : "changed", row.primary_name}));
      }
    }
    for (const auto& id : removed) {
      GUOMEN_ASSIGN_OR_RETURN(auto old, tx.GetWatchlistEntry(list_id, id));
      GUOMEN_RETURN_IF_ERROR(tx.DeleteWatchlistEntry(list_id, id));
      GUOMEN_RETURN_IF_ERROR(tx.InsertWatchlistChange(
          {list_id, v.version, id, "removed", old ? old->primary_name : ""}));
      // A hit on an entry that left the list is no longer a lead.
      GUOMEN_RETURN_IF_ERROR(tx.WithdrawScreeningResults(list_id, id));
    }
    list.current_version = v.version;
    list.entry_count = v.entry_count;
    list.updated_at_us = now;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateWatchlist(list));
    out.version = v;
    if (!who) return Status::Ok();
    return audit_.Append(tx, who, meta,
                         {"watchlist.import", "watchlist",
                          std::to_string(list_id) + " v" + std::to_string(v.version), "ok"});
  }));
  out.list = list;
  if (out.unchanged || !list.active) return out;

  // The index follows in place: only the changed entries are re-indexed.
  std::vector<sc::WatchlistEntry> upserts;
  for (const auto* ids : {&added, &changed}) {
    for (const auto& id : *ids) upserts.push_back(*by_id.at(id));
  }
  SetMeta(list);
  if (index_.GetList(IndexListId(list_id))) {
    GUOMEN_ASSIGN_OR_RETURN(auto diff,
                            index_.UpdateList(IndexListId(list_id), std::move(upserts), removed));
    (void)diff;
  } else {
    GUOMEN_RETURN_IF_ERROR(LoadList(list));
  }
  std::vector<std::string> to_screen = added;
  to_screen.insert(to_screen.end(), changed.begin(), changed.end());
  out.rescreen = Rescreen(list, to_screen, removed);
  if (import_hook_) import_hook_();
  return out;
}

// --- Delta re-screening ----------------------------------------------------

RescreenSummary ScreeningService::Rescreen(const store::WatchlistRecord& list,
                                           const std::vector<std::string>& entry_ids,
                                           const std::vector<std::string>& removed_ids) {
  RescreenSummary s;
  s.withdrawn_entries = static_cast<int64_t>(removed_ids.size());
  s.entries_screened = static_cast<int64_t>(entry_ids.size());
  if (entry_ids.empty()) return s;
  auto subset = index_.Subset(IndexListId(list.id), entry_ids);
  if (!subset) return s;
  const sc::ScreeningIndex& sub = **subset;
  sc::ScreeningOptions options;
  options.top = 5;
  int64_t after = 0;
  constexpr int kPage = 1000;
  while (!s.truncated) {
    std::vector<store::Traveller> page;
    auto st = store_.Transact([&](store::Tx& tx) -> Status {
      GUOMEN_ASSIGN_OR_RETURN(page, tx.ListTravellersAfter(after, kPage));
      return Status::Ok();
    });
    if (!st.ok() || page.empty()) break;
    after = page.back().id;
    std::vector<sc::ScreeningQuery> queries;
    queries.reserve(page.size());
    for (const auto& t : page) queries.push_back(QueryOf(t));
    auto hits = sub.ScreenBatch(queries, options, 2);
    s.travellers_screened += static_cast<int64_t>(page.size());
    int64_t now = core::ToMicros(clock_.Now());
    (void)store_.Transact([&](store::Tx& tx) -> Status {
      for (size_t i = 0; i < page.size(); ++i) {
        for (const auto& h : hits[i]) {
          if (s.new_results >= kMaxRescreenResults) {
            s.truncated = true;
            return Status::Ok();
          }
          store::ScreeningResultRecord r;
          r.traveller_id = page[i].id;
          r.unit_id = page[i].unit_id;
          r.list_id = list.id;
          r.list_version = list.current_version;
          r.entry_id = h.entry_id;
          r.matched_name = h.matched_name;
          r.score = h.score;
          r.found_at_us = now;
          GUOMEN_ASSIGN_OR_RETURN(bool inserted, tx.InsertScreeningResult(r));
          if (inserted) ++s.new_results;
        }
      }
      return Status::Ok();
    });
    if (static_cast<int>(page.size()) < kPage) break;
  }
  return s;
}

// --- Versions, diffs, entries ---------------------------------------------

Result<std::vector<store::WatchlistVersionRecord>> ScreeningService::Versions(
    int64_t list_id) const {
  GUOMEN_ASSIGN_OR_RETURN(auto list, GetList(list_id));
  (void)list;
  std::vector<store::WatchlistVersionRecord> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListWatchlistVersions(list_id));
    return Status::Ok();
  }));
  return out;
}

Result<WatchlistDiff> ScreeningService::Diff(int64_t list_id, int64_t version, int offset,
                                             int limit) const {
  WatchlistDiff out;
  limit = std::clamp(limit, 1, kMaxPage);
  offset = std::max(offset, 0);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto v, tx.GetWatchlistVersion(list_id, version));
    if (!v) {
      return core::Fail(ErrorCode::kNotFound, "watchlist " + std::to_string(list_id) +
                                                  " has no version " + std::to_string(version));
    }
    out.version = *v;
    GUOMEN_ASSIGN_OR_RETURN(out.changes, tx.ListWatchlistChanges(list_id, version, offset, limit));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<EntryView>> ScreeningService::Entries(const Principal& who,
                                                         const RequestMeta& meta, int64_t list_id,
                                                         const std::string& query, int offset,
                                                         int limit) {
  if (query.size() > 100) {
    return core::Fail(ErrorCode::kValidation, "search for at most 100 characters", "q");
  }
  limit = std::clamp(limit, 1, kMaxPage);
  offset = std::max(offset, 0);
  std::vector<EntryView> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto list, tx.GetWatchlist(list_id));
    if (!list) return core::Fail(ErrorCode::kNotFound, "no watchlist " + std::to_string(list_id));
    GUOMEN_ASSIGN_OR_RETURN(auto rows, tx.SearchWatchlistEntries(
                                           list_id, std::string(core::Trim(query)), offset, limit));
    for (const auto& row : rows) {
      GUOMEN_ASSIGN_OR_RETURN(auto e, EntryFromJson(row.data));
      out.push_back({list_id, std::move(e)});
    }
    // Listed persons are personal data too: who browsed which list is kept.
    return audit_.Append(tx, &who, meta,
                         {"watchlist.entries", "watchlist", std::to_string(list_id), "ok"});
  }));
  return out;
}

// --- Screening ---------------------------------------------------------------

std::vector<WorkflowHit> ScreeningService::ToWorkflowHits(
    std::vector<sc::ScreeningHit> hits) const {
  std::vector<WorkflowHit> out;
  out.reserve(hits.size());
  std::shared_lock lock(meta_mu_);
  for (auto& h : hits) {
    auto id = ListIdOfIndexId(h.list_id);
    if (!id) continue;
    auto it = meta_.find(*id);
    if (it == meta_.end()) continue;  // unloaded since the screen began
    const auto& l = it->second;
    std::string action(sc::ListActionName(h.action));
    std::string hash;
    if (auto loaded = index_.GetList(h.list_id)) {
      if (const auto* e = loaded->FindEntry(h.entry_id)) hash = RowOf(l.id, *e).content_hash;
    }
    out.push_back({l.id, l.code, l.name, l.kind, action, std::move(h), std::move(hash)});
  }
  return out;
}

Result<std::vector<WorkflowHit>> ScreeningService::ScreenForWorkflow(
    const sc::ScreeningQuery& q) const {
  sc::ScreeningOptions options;
  options.top = 20;
  core::CpuGate::Slot slot(cpu_gate_);
  return ToWorkflowHits(index_.Screen(q, options));
}

Result<std::vector<WorkflowHit>> ScreeningService::Screen(const Principal& who,
                                                          const RequestMeta& meta,
                                                          const sc::ScreeningQuery& query,
                                                          std::optional<double> threshold,
                                                          size_t top) {
  GUOMEN_RETURN_IF_ERROR(RequirePurpose(meta, "screening"));
  if (core::Trim(query.name).empty() && core::Trim(query.document_number).empty()) {
    return core::Fail(ErrorCode::kValidation, "give a name or a document number to screen", "name");
  }
  if (query.name.size() > 300 || query.document_number.size() > 64) {
    return core::Fail(ErrorCode::kValidation, "the name is limited to 300 characters", "name");
  }
  if (threshold) GUOMEN_RETURN_IF_ERROR(ValidateThreshold(*threshold));
  if (top < 1 || top > kMaxTop) {
    return core::Fail(ErrorCode::kValidation, "top is 1 to 50", "top");
  }
  sc::ScreeningOptions options;
  options.threshold = threshold;
  options.top = top;
  std::vector<WorkflowHit> hits;
  {
    core::CpuGate::Slot slot(cpu_gate_);
    hits = ToWorkflowHits(index_.Screen(query, options));
  }
  std::string ids;
  for (const auto& h : hits) {
    if (!ids.empty()) ids += ",";
    ids += std::to_string(h.list_id) + ":" + h.hit.entry_id;
  }
  // The query itself is personal data and stays out of the trail; the
  // entries it hit are recorded.
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    return audit_.Append(tx, &who, meta,
                         {"screening.screen", "watchlist_entry", ids, hits.empty() ? "ok" : "hit"});
  }));
  return hits;
}

// --- Re-screening results ----------------------------------------------------

Result<std::vector<ScreeningResultView>> ScreeningService::Results(
    const Principal& who, const RequestMeta& meta, const store::ScreeningResultFilter& f) {
  if (f.status && *f.status != "new" && *f.status != "reviewed" && *f.status != "withdrawn") {
    return core::Fail(ErrorCode::kValidation, "the status is new, reviewed or withdrawn", "status");
  }
  store::ScreeningResultFilter filter = f;
  filter.limit = std::clamp(filter.limit, 1, kMaxPage);
  std::vector<ScreeningResultView> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    out.clear();
    GUOMEN_ASSIGN_OR_RETURN(auto results, tx.ListScreeningResults(filter, who.scope));
    std::map<int64_t, store::WatchlistRecord> lists;
    std::string ids;
    for (auto& r : results) {
      ScreeningResultView v;
      GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(r.traveller_id));
      if (t) v.traveller = *t;
      if (!lists.count(r.list_id)) {
        GUOMEN_ASSIGN_OR_RETURN(auto l, tx.GetWatchlist(r.list_id));
        if (l) lists[r.list_id] = *l;
      }
      v.list_code = lists[r.list_id].code;
      v.list_name = lists[r.list_id].name;
      if (!ids.empty()) ids += ",";
      ids += std::to_string(r.traveller_id);
      v.result = std::move(r);
      out.push_back(std::move(v));
    }
    return audit_.Append(tx, &who, meta, {"screening_result.list", "traveller", ids, "ok"});
  }));
  return out;
}

Result<ScreeningResultView> ScreeningService::Review(const Principal& who, const RequestMeta& meta,
                                                     int64_t result_id) {
  ScreeningResultView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto r, tx.GetScreeningResult(result_id));
    if (!r || !who.CanSeeUnit(r->unit_id)) {
      return core::Fail(ErrorCode::kNotFound, "no screening result " + std::to_string(result_id));
    }
    int64_t now = core::ToMicros(clock_.Now());
    if (r->status == "new") {
      GUOMEN_RETURN_IF_ERROR(tx.ReviewScreeningResult(result_id, who.user_id, now));
      r->status = "reviewed";
      r->reviewed_by = who.user_id;
      r->reviewed_at_us = now;
    }
    GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(r->traveller_id));
    if (t) out.traveller = *t;
    GUOMEN_ASSIGN_OR_RETURN(auto l, tx.GetWatchlist(r->list_id));
    if (l) {
      out.list_code = l->code;
      out.list_name = l->name;
    }
    out.result = *r;
    return audit_.Append(tx, &who, meta,
                         {"screening_result.review", "screening_result", std::to_string(result_id),
                          "ok"});
  }));
  return out;
}

// --- Explanations --------------------------------------------------------------

std::vector<std::string> ExplainHit(const sc::ScreeningHit& hit, std::string_view lang) {
  const bool zh = lang == "zh-CN" || lang == "zh";
  std::vector<std::string> out;
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.0f%%", hit.score * 100);
  std::string quality;
  switch (hit.name_quality) {
    case sc::NameQuality::kPrimary: quality = zh ? "主姓名" : "primary name"; break;
    case sc::NameQuality::kStrongAlias: quality = zh ? "别名" : "alias"; break;
    case sc::NameQuality::kWeakAlias: quality = zh ? "弱别名" : "weak alias"; break;
  }
  if (zh) {
    out.push_back("相似度 " + std::string(pct) + "：与名单条目 " + hit.entry_id + " 的" + quality +
                  "“" + hit.matched_name + "”相符");
  } else {
    out.push_back("Score " + std::string(pct) + ": matches the " + quality + " '" +
                  hit.matched_name + "' of list entry " + hit.entry_id);
  }
  for (const auto& e : hit.explanation) {
    std::string text = zh ? e.text_zh : e.text_en;
    if (text.empty()) text = e.text_en;
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

}  // namespace guomen::app
