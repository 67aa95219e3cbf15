#include "screening/guomen_csv_importer.hpp"

#include <array>
#include <map>
#include <string>
#include <unordered_set>

#include "core/strings.hpp"
#include "names/country_resolver.hpp"
#include "screening/csv_reader.hpp"

namespace guomen::screening {
namespace {

constexpr std::array<std::string_view, 16> kColumns = {
    "id",        "name",         "type",        "given",           "family",
    "aliases",   "weak_aliases", "birth_dates", "places_of_birth", "nationalities",
    "gender",    "documents",    "action",      "reason",          "valid_until",
    "source_ref"};

std::vector<std::string> Values(std::string_view field) {
  std::vector<std::string> out;
  for (const std::string& v : core::Split(field, '|')) {
    std::string_view t = core::Trim(v);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

std::string Country(std::string_view raw) {
  std::string code = names::ResolveCountry(raw);
  return code.empty() ? std::string(core::Trim(raw)) : code;
}

// Fills `e` from one row; returns "" or what is wrong (with the column).
std::string ReadRow(const std::map<std::string, std::string, std::less<>>& row, WatchlistEntry& e) {
  auto get = [&row](std::string_view column) -> std::string {
    auto it = row.find(column);
    return it == row.end() ? std::string() : std::string(core::Trim(it->second));
  };
  e.id = get("id");
  if (e.id.empty()) return "column id: empty";
  const std::string name = get("name");
  if (name.empty()) return "column name: empty";
  const std::string type = core::AsciiLower(get("type"));
  if (type.empty() || type == "person")
    e.type = EntryType::kPerson;
  else if (type == "entity")
    e.type = EntryType::kEntity;
  else if (type == "vessel")
    e.type = EntryType::kVessel;
  else if (type == "aircraft")
    e.type = EntryType::kAircraft;
  else
    return "column type: '" + type + "' is not person, entity, vessel or aircraft";
  e.names.push_back({name, get("given"), get("family"), NameQuality::kPrimary});
  for (const auto& a : Values(get("aliases")))
    e.names.push_back({a, "", "", NameQuality::kStrongAlias});
  for (const auto& a : Values(get("weak_aliases")))
    e.names.push_back({a, "", "", NameQuality::kWeakAlias});
  for (const auto& d : Values(get("birth_dates"))) {
    auto parsed = ParseBirthDate(d);
    if (!parsed.ok()) return "column birth_dates: " + parsed.error().message;
    e.birth_dates.push_back(*parsed);
  }
  e.places_of_birth = Values(get("places_of_birth"));
  for (const auto& n : Values(get("nationalities"))) e.nationalities.push_back(Country(n));
  const std::string gender = core::AsciiUpper(get("gender"));
  if (gender == "M" || gender == "MALE")
    e.gender = "M";
  else if (gender == "F" || gender == "FEMALE")
    e.gender = "F";
  else if (!gender.empty())
    return "column gender: '" + gender + "' is not M, F or empty";
  for (const auto& d : Values(get("documents"))) {
    const std::vector<std::string> parts = core::Split(d, ':');
    if (parts.size() < 2 || parts.size() > 3 || core::Trim(parts[1]).empty()) {
      return "column documents: '" + d + "' is not type:number[:issuing_state]";
    }
    e.documents.push_back({std::string(core::Trim(parts[0])), std::string(core::Trim(parts[1])),
                           parts.size() == 3 ? Country(parts[2]) : std::string()});
  }
  const std::string action = core::AsciiLower(get("action"));
  if (!action.empty()) {
    ListAction a;
    if (!ParseListAction(action, a)) {
      return "column action: '" + action +
             "' is not arrest, deny_entry, deny_exit, notify or monitor";
    }
    e.action = a;
  }
  e.reason = get("reason");
  e.valid_until = get("valid_until");
  e.source_ref = get("source_ref");
  return {};
}

}  // namespace

core::Result<ImportResult> ImportGuomenCsv(std::string_view csv, const ImportOptions& options) {
  CsvReader reader(csv);
  std::vector<std::string> header;
  GUOMEN_ASSIGN_OR_RETURN(bool has_header, reader.Next(header));
  if (!has_header) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "line 1: empty file, expected a header row", "line 1");
  }
  std::unordered_set<std::string> seen_columns;
  for (std::string& h : header) {
    h = core::AsciiLower(core::Trim(h));
    bool known = false;
    for (std::string_view c : kColumns) known = known || c == h;
    if (!known) {
      return core::Fail(
          core::ErrorCode::kInvalidArgument,
          "line 1: unknown column '" + h + "' (see docs/screening.md for the columns)", "line 1");
    }
    if (!seen_columns.insert(h).second) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "line 1: column '" + h + "' twice",
                        "line 1");
    }
  }
  for (std::string_view required : {"id", "name"}) {
    if (seen_columns.count(std::string(required)) == 0) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "line 1: the header has no '" + std::string(required) + "' column",
                        "line 1");
    }
  }
  ImportResult result;
  std::unordered_set<std::string> seen_ids;
  std::vector<std::string> fields;
  while (true) {
    GUOMEN_ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    const std::string where = "line " + std::to_string(reader.line());
    std::string problem;
    WatchlistEntry e;
    if (fields.size() != header.size()) {
      problem = "expected " + std::to_string(header.size()) + " fields as in the header, found " +
                std::to_string(fields.size());
    } else {
      std::map<std::string, std::string, std::less<>> row;
      for (size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
      problem = ReadRow(row, e);
      if (problem.empty() && !seen_ids.insert(e.id).second)
        problem = "column id: duplicate id " + e.id;
    }
    if (!problem.empty()) {
      if (!options.keep_good_records) {
        return core::Fail(core::ErrorCode::kInvalidArgument, where + ": " + problem, where);
      }
      result.issues.push_back({where, problem + " (record skipped)", true});
      continue;
    }
    result.entries.push_back(std::move(e));
  }
  return result;
}

}  // namespace guomen::screening
