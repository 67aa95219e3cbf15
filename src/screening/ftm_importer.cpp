#include "screening/ftm_importer.hpp"

#include <simdjson.h>

#include <string>
#include <unordered_set>
#include <vector>

#include "core/strings.hpp"
#include "names/country_resolver.hpp"

namespace guomen::screening {
namespace {

std::vector<std::string> Strings(simdjson::dom::object props, std::string_view key) {
  std::vector<std::string> out;
  simdjson::dom::array values;
  if (props[key].get(values) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element v : values) {
    std::string_view s;
    if (v.get(s) == simdjson::SUCCESS && !core::Trim(s).empty()) out.emplace_back(core::Trim(s));
  }
  return out;
}

std::string Country(std::string_view raw) {
  std::string code = names::ResolveCountry(raw);
  return code.empty() ? std::string(raw) : code;
}

core::Status LineError(const ImportOptions& options, std::vector<ImportIssue>& issues,
                       const std::string& where, const std::string& message) {
  if (!options.keep_good_records) {
    return core::Fail(core::ErrorCode::kInvalidArgument, where + ": " + message, where);
  }
  issues.push_back({where, message + " (record skipped)", true});
  return core::Status::Ok();
}

bool SchemaType(std::string_view schema, EntryType& type) {
  if (schema == "Person")
    type = EntryType::kPerson;
  else if (schema == "Organization" || schema == "Company" || schema == "LegalEntity" ||
           schema == "PublicBody")
    type = EntryType::kEntity;
  else if (schema == "Vessel")
    type = EntryType::kVessel;
  else if (schema == "Airplane")
    type = EntryType::kAircraft;
  else
    return false;
  return true;
}

}  // namespace

core::Result<ImportResult> ImportFtm(std::string_view jsonl, const ImportOptions& options) {
  ImportResult result;
  simdjson::dom::parser parser;
  std::unordered_set<std::string> seen;
  size_t pos = 0;
  int line_number = 0;
  while (pos < jsonl.size()) {
    size_t end = jsonl.find('\n', pos);
    if (end == std::string_view::npos) end = jsonl.size();
    const std::string_view line = core::Trim(jsonl.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (line.empty()) continue;
    const std::string where = "line " + std::to_string(line_number);
    simdjson::dom::element doc;
    if (auto error = parser.parse(line.data(), line.size(), true).get(doc);
        error != simdjson::SUCCESS) {
      GUOMEN_RETURN_IF_ERROR(
          LineError(options, result.issues, where,
                    std::string("not valid JSON: ") + simdjson::error_message(error)));
      continue;
    }
    simdjson::dom::object entity;
    std::string_view id;
    std::string_view schema;
    if (doc.get(entity) != simdjson::SUCCESS) {
      GUOMEN_RETURN_IF_ERROR(LineError(options, result.issues, where, "not a JSON object"));
      continue;
    }
    if (entity["id"].get(id) != simdjson::SUCCESS || id.empty() ||
        entity["schema"].get(schema) != simdjson::SUCCESS) {
      GUOMEN_RETURN_IF_ERROR(
          LineError(options, result.issues, where, "no \"id\" or \"schema\" string"));
      continue;
    }
    WatchlistEntry e;
    if (!SchemaType(schema, e.type)) continue;  // relations and addresses
    e.id = std::string(id);
    const std::string record = where + " (id " + e.id + ")";
    if (!seen.insert(e.id).second) {
      GUOMEN_RETURN_IF_ERROR(LineError(options, result.issues, record, "duplicate id"));
      continue;
    }
    simdjson::dom::object props;
    if (entity["properties"].get(props) != simdjson::SUCCESS) {
      GUOMEN_RETURN_IF_ERROR(LineError(options, result.issues, record, "no \"properties\" object"));
      continue;
    }
    const auto names = Strings(props, "name");
    if (names.empty()) {
      GUOMEN_RETURN_IF_ERROR(LineError(options, result.issues, record, "no name"));
      continue;
    }
    for (size_t i = 0; i < names.size(); ++i) {
      e.names.push_back(
          {names[i], "", "", i == 0 ? NameQuality::kPrimary : NameQuality::kStrongAlias});
    }
    const auto first = Strings(props, "firstName");
    const auto last = Strings(props, "lastName");
    if (!first.empty()) e.names[0].given = first[0];
    if (!last.empty()) e.names[0].family = last[0];
    for (const char* key : {"alias", "previousName"}) {
      for (const auto& n : Strings(props, key))
        e.names.push_back({n, "", "", NameQuality::kStrongAlias});
    }
    for (const auto& n : Strings(props, "weakAlias"))
      e.names.push_back({n, "", "", NameQuality::kWeakAlias});
    for (const auto& d : Strings(props, "birthDate")) {
      auto parsed = ParseBirthDate(d);
      if (parsed.ok()) {
        e.birth_dates.push_back(*parsed);
      } else {
        result.issues.push_back({record, "birthDate not read: " + parsed.error().message, false});
      }
    }
    e.places_of_birth = Strings(props, "birthPlace");
    for (const char* key : {"nationality", "citizenship"}) {
      for (const auto& c : Strings(props, key)) {
        std::string code = Country(c);
        bool dup = false;
        for (const auto& have : e.nationalities) dup = dup || have == code;
        if (!dup) e.nationalities.push_back(std::move(code));
      }
    }
    const auto gender = Strings(props, "gender");
    if (!gender.empty()) e.gender = gender[0] == "male" ? "M" : gender[0] == "female" ? "F" : "";
    for (const auto& n : Strings(props, "passportNumber"))
      e.documents.push_back({"passport", n, ""});
    for (const auto& n : Strings(props, "idNumber")) e.documents.push_back({"national_id", n, ""});
    const auto topics = Strings(props, "topics");
    std::vector<std::string> datasets;
    simdjson::dom::array ds;
    if (entity["datasets"].get(ds) == simdjson::SUCCESS) {
      for (simdjson::dom::element d : ds) {
        std::string_view s;
        if (d.get(s) == simdjson::SUCCESS) datasets.emplace_back(s);
      }
    }
    e.reason = "OpenSanctions";
    if (!topics.empty()) e.reason += " topics [" + core::Join(topics, ", ") + "]";
    if (!datasets.empty()) e.reason += " from [" + core::Join(datasets, ", ") + "]";
    e.source_ref = e.id;
    e.remarks = core::Join(Strings(props, "notes"), "; ");
    result.entries.push_back(std::move(e));
  }
  return result;
}

}  // namespace guomen::screening
