#include "http/mrz_json.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "documents/mrz_document.hpp"

namespace guomen::http {
namespace {

using nlohmann::json;

// The MRZ is ASCII; anything else came from a bad reader or a paste, and
// must not make the JSON invalid UTF-8.
std::string Ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x80) {
      out.push_back(c);
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  return out;
}

json Issues(const std::vector<documents::MrzIssue>& issues) {
  json out = json::array();
  for (const auto& i : issues) {
    out.push_back({{"line", i.line},
                   {"column", i.column},
                   {"field", documents::MrzFieldName(i.field)},
                   {"code", i.code},
                   {"message", Ascii(i.message)}});
  }
  return out;
}

json Iso(const documents::MrzDate& date) {
  std::string iso = date.Iso();
  return iso.empty() ? json(nullptr) : json(std::move(iso));
}

}  // namespace

json MrzToJson(const documents::MrzDocument& doc) {
  json j;
  j["valid"] = doc.valid;
  j["format"] = documents::MrzFormatName(doc.format);
  j["document_code"] = Ascii(doc.document_code);
  j["issuing_state"] = Ascii(doc.issuing_state);
  j["surname"] = Ascii(doc.surname);
  j["given_names"] = Ascii(doc.given_names);
  j["document_number"] = Ascii(doc.document_number);
  j["nationality"] = Ascii(doc.nationality);
  j["birth_date"] = Ascii(doc.birth_date.raw);
  j["birth_date_iso"] = Iso(doc.birth_date);
  j["sex"] = Ascii(std::string_view(&doc.sex, 1));
  j["expiry_date"] = Ascii(doc.expiry_date.raw);
  j["expiry_date_iso"] = Iso(doc.expiry_date);
  json optional = json::array();
  for (const auto& o : doc.optional_data) optional.push_back(Ascii(o));
  j["optional_data"] = std::move(optional);
  json checks = json::array();
  for (const auto& c : doc.check_digits) {
    checks.push_back({{"field", documents::MrzFieldName(c.field)},
                      {"expected", std::string(1, c.expected)},
                      {"found", Ascii(std::string_view(&c.found, 1))},
                      {"ok", c.ok},
                      {"line", c.line},
                      {"column", c.column}});
  }
  j["check_digits"] = std::move(checks);
  j["warnings"] = Issues(doc.warnings);
  j["errors"] = Issues(doc.errors);
  j["name_truncated"] = doc.name_truncated;
  json notes = json::array();
  for (const auto& n : doc.normalizations) {
    notes.push_back({{"line", n.line}, {"code", n.code}, {"message", n.message}});
  }
  j["normalizations"] = std::move(notes);
  const auto& k = doc.checks;
  j["checks"] = {{"expired", k.expired},
                 {"expiring", k.expiring},
                 {"days_to_expiry", k.days_to_expiry ? json(*k.days_to_expiry) : json(nullptr)},
                 {"under_18", k.under_18},
                 {"age", k.age ? json(*k.age) : json(nullptr)}};
  json lines = json::array();
  for (int i = 0; i < doc.line_count; ++i) lines.push_back(Ascii(doc.Line(i)));
  j["lines"] = std::move(lines);
  return j;
}

}  // namespace guomen::http
