#include "rules/border_schema.hpp"

#include "rules/rights_guard.hpp"

namespace guomen::rules {

core::Result<Schema> BorderFactSchema(const std::vector<std::string>& reference_sets) {
  Schema s;
  using C = FactCategory;
  const Type str = Type::String();
  const Type strings = Type::List(Type::String());

  GUOMEN_RETURN_IF_ERROR(s.DeclareObject(ObjectDecl{
      "Visit",
      "a stay in a country before this crossing, from the declaration or earlier crossings",
      {{"country", str, "ISO 3166-1 alpha-3 code, e.g. \"XXA\""},
       {"port", str, "UN/LOCODE of the port, when known, e.g. \"CNSHA\""},
       {"arrived", Type::Timestamp(), "when the stay began"},
       {"departed", Type::Timestamp(), "when it ended (absent while ongoing)"},
       {"source", str, "\"declaration\" or \"crossing\""}}}));
  GUOMEN_RETURN_IF_ERROR(s.DeclareObject(ObjectDecl{
      "ScreeningHit",
      "one watchlist match above the reporting threshold",
      {{"list_kind", str, "\"wanted\", \"sanctions\", \"lost_stolen_document\", \"alert\" ..."},
       {"score", Type::Double(), "match score 0..1"},
       {"action", str, "the list entry's action: \"arrest\", \"refer\", \"notify\", \"monitor\""},
       {"entry_id", str, "the list entry's id (for the explanation, not for targeting)"}}}));

  struct F {
    const char* path;
    Type type;
    C category;
    const char* description;
    const char* example;
  };
  const F facts[] = {
      {"now", Type::Timestamp(), C::kContext,
       "the time of the evaluation, passed in by the caller (never read from a clock)",
       "document.expiry - now < duration(\"720h\")"},
      // The travel document.
      {"document.type", str, C::kDocument, "ICAO 9303 document code: \"P\", \"PD\", \"ID\", \"V\"...",
       "document.type.startsWith(\"P\")"},
      {"document.issuing_state", str, C::kDemographic,
       "issuing state (ISO 3166-1 alpha-3); a proxy for nationality, so demographic",
       "document.issuing_state in ref.alert_countries && !document.mrz_valid"},
      {"document.expiry", Type::Timestamp(), C::kDocument, "date of expiry (00:00 UTC)",
       "document.expiry < now"},
      {"document.mrz_valid", Type::Bool(), C::kDocument,
       "all MRZ check digits verified", "!document.mrz_valid"},
      {"document.reported_lost_stolen", Type::Bool(), C::kDocument,
       "the document number is on a lost/stolen documents list",
       "document.reported_lost_stolen"},
      // The traveller: demographic facts only.
      {"traveller.age", Type::Int(), C::kDemographic, "age in whole years at `now`",
       "traveller.age < 18 && manifest.present && !manifest.accompanied"},
      {"traveller.nationality", str, C::kDemographic, "nationality (ISO 3166-1 alpha-3)",
       "traveller.nationality != document.issuing_state && !document.mrz_valid"},
      {"traveller.declared_residence", str, C::kDemographic,
       "country of residence as declared (ISO 3166-1 alpha-3)",
       "traveller.declared_residence != journey.embarkation_country"},
      // The journey.
      {"journey.direction", str, C::kTravel, "\"entry\" or \"exit\"",
       "journey.direction == \"entry\""},
      {"journey.port", str, C::kTravel, "UN/LOCODE of this port of entry/exit",
       "journey.port == \"CNSZX\""},
      {"journey.conveyance", str, C::kTravel, "\"air\", \"sea\", \"land\" or \"rail\"",
       "journey.conveyance == \"sea\""},
      {"journey.carrier", str, C::kTravel, "flight, voyage or vehicle identifier",
       "journey.carrier.startsWith(\"XY\")"},
      {"journey.embarkation_port", str, C::kTravel, "UN/LOCODE where this leg began",
       "journey.embarkation_port in ref.alert_ports"},
      {"journey.embarkation_country", str, C::kTravel, "ISO 3166-1 alpha-3 where this leg began",
       "journey.embarkation_country in ref.alert_countries"},
      {"journey.transit_ports", strings, C::kTravel, "UN/LOCODEs of intermediate stops",
       "journey.transit_ports.exists(p, p in ref.alert_ports)"},
      {"journey.visits", Type::List(Type::Object("Visit")), C::kTravel,
       "countries and ports visited before this crossing, with dates",
       "journey.visits.exists(v, v.country in ref.alert_countries && now - v.departed < "
       "duration(\"336h\"))"},
      {"journey.planned_stay", Type::Duration(), C::kTravel, "declared length of stay",
       "journey.planned_stay > duration(\"2160h\")"},
      // The health declaration (symptoms, temperature, contact; nothing more).
      {"health.symptoms", strings, C::kDeclaration,
       "declared symptoms: \"fever\", \"cough\", \"rash\", \"diarrhoea\"...",
       "\"fever\" in health.symptoms"},
      {"health.temperature", Type::Double(), C::kDeclaration,
       "measured or declared body temperature, degrees Celsius",
       "health.temperature >= 37.3"},
      {"health.contact_with_case", Type::Bool(), C::kDeclaration,
       "declared contact with a case of a notifiable disease",
       "health.contact_with_case"},
      // Screening.
      {"screening.best_score", Type::Map(str, Type::Double()), C::kScreening,
       "best match score per list kind",
       "screening.best_score[\"wanted\"] >= 0.9"},
      {"screening.hits", Type::List(Type::Object("ScreeningHit")), C::kScreening,
       "matches above the reporting threshold",
       "screening.hits.exists(h, h.action == \"refer\" && h.score >= 0.8)"},
      // History.
      {"history.crossings", Type::Int(), C::kHistory, "previous recorded crossings",
       "history.crossings == 0"},
      {"history.refusals", Type::Int(), C::kHistory, "previous refusals of entry",
       "history.refusals > 0"},
      {"history.last_refusal", Type::Timestamp(), C::kHistory, "when the last refusal was",
       "now - history.last_refusal < duration(\"8760h\")"},
      {"history.overstays", Type::Int(), C::kHistory, "previous overstays",
       "history.overstays >= 2"},
      {"history.secondary_referrals", Type::Int(), C::kHistory,
       "previous referrals to secondary inspection", "history.secondary_referrals > 3"},
      // Advance passenger information.
      {"manifest.present", Type::Bool(), C::kManifest,
       "the traveller was on an advance manifest for this arrival",
       "journey.conveyance == \"air\" && !manifest.present"},
      {"manifest.role", str, C::kManifest, "\"passenger\" or \"crew\"",
       "manifest.role == \"crew\" && history.overstays > 0"},
      {"manifest.booking_lead", Type::Duration(), C::kManifest,
       "time between booking and departure", "manifest.booking_lead < duration(\"24h\")"},
      {"manifest.paid_cash", Type::Bool(), C::kManifest, "the ticket was paid in cash",
       "manifest.paid_cash && manifest.one_way"},
      {"manifest.one_way", Type::Bool(), C::kManifest, "one-way ticket",
       "manifest.one_way && journey.planned_stay < duration(\"72h\")"},
      {"manifest.checked_bags", Type::Int(), C::kManifest, "number of checked bags",
       "manifest.checked_bags == 0 && journey.planned_stay > duration(\"720h\")"},
      {"manifest.accompanied", Type::Bool(), C::kManifest,
       "travelling with a booked companion (same booking reference)",
       "traveller.age < 16 && !manifest.accompanied"},
  };
  for (const F& f : facts) {
    GUOMEN_RETURN_IF_ERROR(s.DeclareFact(f.path, f.type, f.category, f.description, f.example));
  }
  for (const std::string& name : reference_sets) {
    std::string_view attribute = RightsGuard::ProtectedAttribute(name);
    if (!attribute.empty()) {
      return core::Fail(core::ErrorCode::kValidation,
                        RightsGuard::ProtectedMessage("ref." + name, attribute), name,
                        "rights_guard");
    }
    GUOMEN_RETURN_IF_ERROR(s.DeclareFact("ref." + name, strings, C::kReference,
                                         "reference set maintained by analysts",
                                         "journey.embarkation_port in ref." + name));
  }
  return s;
}

}  // namespace guomen::rules
