#include "http/paxlst_json.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "edifact/paxlst_message.hpp"

namespace guomen::http {
namespace {

using nlohmann::json;

json Str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json Date(const std::optional<edifact::EdifactDateTime>& d) {
  return d ? json(d->Iso()) : json(nullptr);
}

json IssueJson(const edifact::EdifactIssue& i) {
  json j = {{"severity", std::string(edifact::SeverityName(i.severity))},
            {"segment", i.segment},
            {"tag", i.tag},
            {"code", i.code},
            {"message", i.message}};
  if (i.element > 0) j["element"] = i.element;
  if (i.component > 0) j["component"] = i.component;
  return j;
}

json PointJson(const edifact::LegPoint& p) {
  return {{"location", Str(p.location)}, {"datetime", Date(p.datetime)}};
}

json PersonJson(const edifact::Person& p) {
  json docs = json::array();
  for (const edifact::TravelDocument& d : p.documents) {
    docs.push_back({{"type", Str(d.type)},
                    {"number", Str(d.number)},
                    {"issuing_state", Str(d.issuing_state)},
                    {"expiry_date", Date(d.expiry_date)},
                    {"issue_date", Date(d.issue_date)}});
  }
  json refs = json::array();
  for (const edifact::Reference& r : p.references) {
    refs.push_back({{"qualifier", r.qualifier}, {"value", r.value}});
  }
  json j = {{"segment", p.segment},
            {"role", Str(p.role)},
            {"category", std::string(edifact::ListTypeName(p.category))},
            {"in_transit", p.in_transit},
            {"surname", Str(p.surname)},
            {"given_names", Str(p.given_names)},
            {"birth_date", Date(p.birth_date)},
            {"sex", Str(p.sex)},
            {"nationality", Str(p.nationality)},
            {"embarkation", Str(p.embarkation)},
            {"debarkation", Str(p.debarkation)},
            {"residence_country", Str(p.residence_country)},
            {"birth_country", Str(p.birth_country)},
            {"birth_place", Str(p.birth_place)},
            {"clearance", Str(p.clearance)},
            {"references", std::move(refs)},
            {"documents", std::move(docs)}};
  if (!p.address.Empty()) {
    j["address"] = {{"street", Str(p.address.street)},
                    {"city", Str(p.address.city)},
                    {"region", Str(p.address.region)},
                    {"postcode", Str(p.address.postcode)},
                    {"country", Str(p.address.country)}};
  }
  return j;
}

json MessageJson(const edifact::PaxlstMessage& m) {
  json legs = json::array();
  for (const edifact::Leg& l : m.legs) {
    legs.push_back({{"transport_id", Str(l.transport_id)},
                    {"carrier", Str(l.carrier)},
                    {"departure", PointJson(l.departure)},
                    {"arrival", PointJson(l.arrival)}});
  }
  json persons = json::array();
  for (const edifact::Person& p : m.persons) persons.push_back(PersonJson(p));
  json totals = json::array();
  for (const edifact::ControlTotal& t : m.totals) {
    totals.push_back({{"qualifier", t.qualifier}, {"value", t.value}});
  }
  return {{"reference", Str(m.reference)},
          {"message_type", Str(m.message_type)},
          {"version", Str(m.version)},
          {"segment", m.segment},
          {"status", std::string(edifact::VerdictName(m.verdict))},
          {"document_code", Str(m.document_code)},
          {"change", m.change},
          {"list_type", std::string(edifact::ListTypeName(m.list_type))},
          {"reporting_party", Str(m.reporting_party)},
          {"conveyance", {{"transport_id", Str(m.transport_id)}, {"carrier", Str(m.carrier)}}},
          {"legs", std::move(legs)},
          {"persons", std::move(persons)},
          {"totals", std::move(totals)}};
}

}  // namespace

json PaxlstToJson(const edifact::PaxlstInterchange& ic) {
  json issues = json::array();
  for (const edifact::EdifactIssue& i : ic.AllIssues()) issues.push_back(IssueJson(i));
  json messages = json::array();
  for (const edifact::PaxlstMessage& m : ic.messages) messages.push_back(MessageJson(m));
  return {{"status", std::string(edifact::VerdictName(ic.verdict))},
          {"issues", std::move(issues)},
          {"interchange",
           {{"syntax", Str(ic.syntax_identifier)},
            {"syntax_version", Str(ic.syntax_version)},
            {"sender", Str(ic.sender)},
            {"recipient", Str(ic.recipient)},
            {"prepared", Date(ic.prepared)},
            {"reference", Str(ic.reference)}}},
          {"messages", std::move(messages)}};
}

json PaxlstErrorToJson(const core::Error& error) {
  return {{"status", "invalid"},
          {"issues", json::array({{{"severity", "error"},
                                   {"segment", 0},
                                   {"tag", ""},
                                   {"code", std::string(error.Reason())},
                                   {"message", error.message}}})},
          {"interchange", nullptr},
          {"messages", json::array()}};
}

}  // namespace guomen::http
