#include "screening/un_importer.hpp"

#include <string>
#include <unordered_set>

#include "core/strings.hpp"
#include "names/country_resolver.hpp"
#include "screening/xml_reader.hpp"

namespace guomen::screening {
namespace {

std::string Country(std::string_view raw) {
  std::string code = names::ResolveCountry(raw);
  return code.empty() ? std::string(core::Trim(raw)) : code;
}

void AddDateOfBirth(const XmlElement& dob, WatchlistEntry& e, const std::string& where,
                    std::vector<ImportIssue>& issues) {
  const std::string type = core::AsciiUpper(dob.ChildText("TYPE_OF_DATE"));
  const std::string date = dob.ChildText("DATE");
  const std::string year = dob.ChildText("YEAR");
  const std::string from = dob.ChildText("FROM_YEAR");
  const std::string to = dob.ChildText("TO_YEAR");
  std::string text;
  if (!from.empty() && !to.empty()) {
    text = from + " to " + to;
  } else if (!date.empty()) {
    text = date;
  } else if (!year.empty()) {
    text = year;
  } else {
    return;  // an empty element: the list gives no date
  }
  auto d = ParseBirthDate(text);
  if (!d.ok()) {
    issues.push_back({where, "date of birth not read: " + d.error().message, false});
    return;
  }
  if (type == "APPROXIMATELY") d->approximate = true;
  e.birth_dates.push_back(*d);
}

core::Status RecordError(const ImportOptions& options, std::vector<ImportIssue>& issues,
                         const std::string& where, const std::string& message) {
  if (!options.keep_good_records) {
    return core::Fail(core::ErrorCode::kInvalidArgument, where + ": " + message, where);
  }
  issues.push_back({where, message + " (record skipped)", true});
  return core::Status::Ok();
}

}  // namespace

core::Result<ImportResult> ImportUnConsolidated(std::string_view xml,
                                                const ImportOptions& options) {
  GUOMEN_ASSIGN_OR_RETURN(auto root, ParseXml(xml));
  if (root->name != "CONSOLIDATED_LIST") {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "line " + std::to_string(root->line) + ": root element is <" + root->name +
                          ">, expected <CONSOLIDATED_LIST> (UN Security Council list format)",
                      "line " + std::to_string(root->line));
  }
  ImportResult result;
  result.version = root->Attribute("dateGenerated");
  std::unordered_set<std::string> seen;
  for (const char* group : {"INDIVIDUALS", "ENTITIES"}) {
    const XmlElement* list = root->Child(group);
    if (list == nullptr) continue;
    const bool persons = std::string_view(group) == "INDIVIDUALS";
    for (const auto& rec : list->children) {
      const std::string where =
          std::string(persons ? "INDIVIDUAL" : "ENTITY") + " at line " + std::to_string(rec->line);
      WatchlistEntry e;
      e.type = persons ? EntryType::kPerson : EntryType::kEntity;
      e.id = rec->ChildText("DATAID");
      if (e.id.empty()) {
        GUOMEN_RETURN_IF_ERROR(RecordError(options, result.issues, where, "no DATAID"));
        continue;
      }
      if (!seen.insert(e.id).second) {
        GUOMEN_RETURN_IF_ERROR(
            RecordError(options, result.issues, where, "duplicate DATAID " + e.id));
        continue;
      }
      EntryName primary;
      primary.quality = NameQuality::kPrimary;
      primary.given = rec->ChildText("FIRST_NAME");
      for (const char* part : {"SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
        const std::string p = rec->ChildText(part);
        if (p.empty()) continue;
        if (!primary.family.empty()) primary.family += ' ';
        primary.family += p;
      }
      primary.full = primary.given;
      if (!primary.family.empty())
        primary.full += (primary.full.empty() ? "" : " ") + primary.family;
      if (primary.full.empty()) {
        GUOMEN_RETURN_IF_ERROR(
            RecordError(options, result.issues, where + " (DATAID " + e.id + ")", "no name"));
        continue;
      }
      if (!persons) {
        primary.given.clear();
        primary.family.clear();
      }
      e.names.push_back(std::move(primary));
      const std::string original = rec->ChildText("NAME_ORIGINAL_SCRIPT");
      if (!original.empty()) e.names.push_back({original, "", "", NameQuality::kStrongAlias});
      for (const auto& child : rec->children) {
        if (child->name == "INDIVIDUAL_ALIAS" || child->name == "ENTITY_ALIAS") {
          const std::string alias = child->ChildText("ALIAS_NAME");
          if (alias.empty()) continue;
          const bool weak = core::AsciiLower(child->ChildText("QUALITY")) == "low";
          e.names.push_back(
              {alias, "", "", weak ? NameQuality::kWeakAlias : NameQuality::kStrongAlias});
        } else if (child->name == "INDIVIDUAL_DATE_OF_BIRTH") {
          AddDateOfBirth(*child, e, where + " (DATAID " + e.id + ")", result.issues);
        } else if (child->name == "INDIVIDUAL_PLACE_OF_BIRTH") {
          std::string place;
          for (const char* part : {"CITY", "STATE_PROVINCE", "COUNTRY"}) {
            const std::string p = child->ChildText(part);
            if (p.empty()) continue;
            if (!place.empty()) place += ", ";
            place += p;
          }
          if (!place.empty()) e.places_of_birth.push_back(place);
        } else if (child->name == "NATIONALITY") {
          for (const auto& v : child->children) {
            const std::string value(core::Trim(v->text));
            if (v->name == "VALUE" && !value.empty()) e.nationalities.push_back(Country(value));
          }
        } else if (child->name == "INDIVIDUAL_DOCUMENT") {
          IdentityDocument d;
          d.number = child->ChildText("NUMBER");
          if (d.number.empty()) continue;
          const std::string type = core::AsciiLower(child->ChildText("TYPE_OF_DOCUMENT"));
          d.type = type.find("passport") != std::string::npos ? "passport"
                   : type.find("ident") != std::string::npos  ? "national_id"
                                                              : type;
          const std::string state = child->ChildText("ISSUING_COUNTRY");
          if (!state.empty()) d.issuing_state = Country(state);
          e.documents.push_back(std::move(d));
        }
      }
      const std::string gender = core::AsciiLower(rec->ChildText("GENDER"));
      e.gender = gender == "male" ? "M" : gender == "female" ? "F" : "";
      e.source_ref = rec->ChildText("REFERENCE_NUMBER");
      e.remarks = rec->ChildText("COMMENTS1");
      const std::string list_type = rec->ChildText("UN_LIST_TYPE");
      e.reason = "UN Security Council " +
                 (list_type.empty() ? std::string("list") : list_type + " sanctions list");
      const std::string listed = rec->ChildText("LISTED_ON");
      if (!listed.empty()) e.reason += ", listed on " + listed;
      result.entries.push_back(std::move(e));
    }
  }
  return result;
}

}  // namespace guomen::screening
