// The JSON form of a parsed PAXLST interchange, shared by `guomen paxlst
// --json` and the advance-information API so that both print the same object.
//
// Pure and thread-safe. The only TU that builds it is paxlst_json.cpp.
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace guomen::core {
struct Error;
}
namespace guomen::edifact {
struct PaxlstInterchange;
}

namespace guomen::http {

// Renders `ic` as (nlohmann sorts the keys):
//   {"status":"valid|valid_with_warnings|invalid|unsupported",
//    "issues":[{"severity":"error|warning|info","segment":12,"tag":"UNT",
//               "element":1,"component":2 (both only when known),"code","message"}],
//    "interchange":{"syntax","syntax_version","sender","recipient",
//                   "prepared":"2007-02-18T15:45"|null,"reference"},
//    "messages":[{"reference","version":"D05B","status","segment",
//      "document_code":"745","change":bool,"list_type":"passenger|crew|unknown",
//      "reporting_party","conveyance":{"transport_id","carrier"},
//      "legs":[{"transport_id","carrier","departure":{"location","datetime"},
//               "arrival":{...}}],
//      "persons":[{"segment","role","category","in_transit","surname","given_names",
//        "birth_date":"1972-09-07","sex","nationality","embarkation","debarkation",
//        "residence_country","birth_country","birth_place","clearance",
//        "references":[{"qualifier","value"}],
//        "documents":[{"type","number","issuing_state","expiry_date","issue_date"}]}],
//      "totals":[{"qualifier","value"}]}]}
// Absent values are null. `issues` holds every finding of the interchange and
// its messages in segment order; persons keep the order of the message.
nlohmann::json PaxlstToJson(const edifact::PaxlstInterchange& ic);

// The same shape for input that is not an interchange at all (ParsePaxlst
// failed): status "invalid", one issue at segment 0 with the error's reason
// as code, no messages.
nlohmann::json PaxlstErrorToJson(const core::Error& error);

}  // namespace guomen::http
