#include "screening/ofac_importer.hpp"

#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/strings.hpp"
#include "names/country_resolver.hpp"
#include "screening/csv_reader.hpp"

namespace guomen::screening {
namespace {

std::string Value(std::string_view field) {
  std::string_view v = core::Trim(field);
  if (v == "-0-") return {};
  return std::string(v);
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

EntryName SplitName(const std::string& full, NameQuality quality) {
  EntryName n;
  n.full = full;
  n.quality = quality;
  const size_t comma = full.find(',');
  if (comma != std::string::npos) {
    n.family = std::string(core::Trim(std::string_view(full).substr(0, comma)));
    n.given = std::string(core::Trim(std::string_view(full).substr(comma + 1)));
  }
  return n;
}

std::string Country(std::string_view raw) {
  std::string code = names::ResolveCountry(raw);
  return code.empty() ? std::string(core::Trim(raw)) : code;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && core::AsciiLower(s.substr(0, prefix.size())) == prefix;
}

// "1084010 (Egypt) issued 2010" -> number "1084010", state "EG".
IdentityDocument ReadDocument(std::string type, std::string_view rest) {
  IdentityDocument d;
  d.type = std::move(type);
  size_t end = rest.find(" (");
  const size_t issued = rest.find(" issued");
  if (issued != std::string_view::npos && issued < end) end = issued;
  d.number = std::string(core::Trim(rest.substr(0, end)));
  if (end != std::string_view::npos && end < rest.size() && rest.substr(end, 2) == " (") {
    const size_t close = rest.find(')', end);
    if (close != std::string_view::npos)
      d.issuing_state = Country(rest.substr(end + 2, close - end - 2));
  }
  return d;
}

void ParseRemarks(std::string_view remarks, WatchlistEntry& entry, const std::string& where,
                  std::vector<ImportIssue>& issues) {
  for (const std::string& raw_part : core::Split(remarks, ';')) {
    std::string_view part = core::Trim(raw_part);
    if (StartsWithNoCase(part, "alt. ")) part = core::Trim(part.substr(5));
    if (!part.empty() && part.back() == '.') part.remove_suffix(1);
    if (StartsWithNoCase(part, "dob ")) {
      auto d = ParseBirthDate(part.substr(4));
      if (d.ok()) {
        entry.birth_dates.push_back(*d);
      } else {
        issues.push_back({where, "DOB not read: " + d.error().message, false});
      }
    } else if (StartsWithNoCase(part, "pob ")) {
      entry.places_of_birth.emplace_back(core::Trim(part.substr(4)));
    } else if (StartsWithNoCase(part, "nationality ")) {
      entry.nationalities.push_back(Country(part.substr(12)));
    } else if (StartsWithNoCase(part, "citizen ")) {
      entry.nationalities.push_back(Country(part.substr(8)));
    } else if (StartsWithNoCase(part, "gender ")) {
      const std::string g = core::AsciiLower(core::Trim(part.substr(7)));
      entry.gender = g == "male" ? "M" : g == "female" ? "F" : "";
    } else if (StartsWithNoCase(part, "passport ") ||
               StartsWithNoCase(part, "diplomatic passport ")) {
      const size_t at = core::AsciiLower(part).find("passport ") + 9;
      std::string_view rest = part.substr(at);
      if (StartsWithNoCase(rest, "no. ")) rest = rest.substr(4);
      entry.documents.push_back(ReadDocument("passport", rest));
    } else if (StartsWithNoCase(part, "a.k.a. ")) {
      std::string_view alias = core::Trim(part.substr(7));
      while (!alias.empty() && (alias.front() == '\'' || alias.front() == '"'))
        alias.remove_prefix(1);
      while (!alias.empty() && (alias.back() == '\'' || alias.back() == '"'))
        alias.remove_suffix(1);
      if (!alias.empty())
        entry.names.push_back(SplitName(std::string(alias), NameQuality::kWeakAlias));
    } else {
      const std::string lower = core::AsciiLower(part);
      for (std::string_view marker : {"national id no. ", "cedula no. ", "identification number ",
                                      "personal id no. ", " id no. ", "personal id card "}) {
        const size_t at = lower.find(marker);
        if (at == std::string::npos || at > 40) continue;
        entry.documents.push_back(ReadDocument("national_id", part.substr(at + marker.size())));
        break;
      }
    }
  }
}

core::Status RowError(const ImportOptions& options, std::vector<ImportIssue>& issues,
                      const std::string& where, const std::string& message) {
  if (!options.keep_good_records) {
    return core::Fail(core::ErrorCode::kInvalidArgument, where + ": " + message, where);
  }
  issues.push_back({where, message + " (record skipped)", true});
  return core::Status::Ok();
}

}  // namespace

core::Result<ImportResult> ImportOfac(const OfacFiles& files, const ImportOptions& options) {
  ImportResult result;
  std::unordered_map<std::string, std::string> extra_remarks;
  if (!files.comments.empty()) {
    CsvReader reader(files.comments);
    std::vector<std::string> f;
    while (true) {
      GUOMEN_ASSIGN_OR_RETURN(bool more, reader.Next(f));
      if (!more) break;
      if (f.size() < 2) continue;
      extra_remarks[std::string(core::Trim(f[0]))] += f[1];
    }
  }
  std::unordered_map<std::string, size_t> by_id;
  CsvReader reader(files.primary);
  std::vector<std::string> f;
  while (true) {
    GUOMEN_ASSIGN_OR_RETURN(bool more, reader.Next(f));
    if (!more) break;
    const std::string where = "primary file line " + std::to_string(reader.line());
    if (f.size() != 12) {
      GUOMEN_RETURN_IF_ERROR(RowError(options, result.issues, where,
                                      "expected 12 columns, found " + std::to_string(f.size())));
      continue;
    }
    WatchlistEntry e;
    e.id = std::string(core::Trim(f[0]));
    const std::string record = where + " (ent_num " + e.id + ")";
    if (!AllDigits(e.id)) {
      GUOMEN_RETURN_IF_ERROR(
          RowError(options, result.issues, where, "ent_num '" + e.id + "' is not a number"));
      continue;
    }
    if (by_id.count(e.id) != 0) {
      GUOMEN_RETURN_IF_ERROR(RowError(options, result.issues, record, "duplicate ent_num"));
      continue;
    }
    const std::string name = Value(f[1]);
    if (name.empty()) {
      GUOMEN_RETURN_IF_ERROR(RowError(options, result.issues, record, "empty SDN_Name"));
      continue;
    }
    const std::string type = core::AsciiLower(Value(f[2]));
    e.type = type == "individual" ? EntryType::kPerson
             : type == "vessel"   ? EntryType::kVessel
             : type == "aircraft" ? EntryType::kAircraft
                                  : EntryType::kEntity;
    e.names.push_back(e.type == EntryType::kPerson
                          ? SplitName(name, NameQuality::kPrimary)
                          : EntryName{name, "", "", NameQuality::kPrimary});
    const std::string program = Value(f[3]);
    const std::string title = Value(f[4]);
    e.reason =
        "OFAC programme " + (program.empty() ? std::string("(none given)") : "[" + program + "]");
    if (!title.empty()) e.reason += "; " + title;
    e.source_ref = "OFAC ent_num " + e.id;
    std::string remarks = Value(f[11]);
    if (auto it = extra_remarks.find(e.id); it != extra_remarks.end()) remarks += it->second;
    ParseRemarks(remarks, e, record, result.issues);
    // Everything else of the row, so that any change of the record shows in a diff.
    e.remarks = remarks;
    for (size_t c = 5; c < 11; ++c) e.remarks += " | " + Value(f[c]);
    by_id.emplace(e.id, result.entries.size());
    result.entries.push_back(std::move(e));
  }
  if (!files.aliases.empty()) {
    CsvReader alt(files.aliases);
    while (true) {
      GUOMEN_ASSIGN_OR_RETURN(bool more, alt.Next(f));
      if (!more) break;
      const std::string where = "alias file line " + std::to_string(alt.line());
      if (f.size() != 5) {
        GUOMEN_RETURN_IF_ERROR(RowError(options, result.issues, where,
                                        "expected 5 columns, found " + std::to_string(f.size())));
        continue;
      }
      const std::string id(core::Trim(f[0]));
      auto it = by_id.find(id);
      if (it == by_id.end()) {
        GUOMEN_RETURN_IF_ERROR(
            RowError(options, result.issues, where, "alias for unknown ent_num '" + id + "'"));
        continue;
      }
      const std::string alias = Value(f[3]);
      if (alias.empty()) continue;
      WatchlistEntry& e = result.entries[it->second];
      const bool weak = core::AsciiLower(Value(f[2])) == "weak aka";
      e.names.push_back(
          e.type == EntryType::kPerson
              ? SplitName(alias, weak ? NameQuality::kWeakAlias : NameQuality::kStrongAlias)
              : EntryName{alias, "", "", NameQuality::kStrongAlias});
    }
  }
  return result;
}

}  // namespace guomen::screening
