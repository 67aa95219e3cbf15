// The JSON form of a parsed MRZ, shared by `guomen mrz --json` and
// POST /api/v1/documents/mrz so that both print the same object.
//
// Pure and thread-safe. The only TU that builds it is mrz_json.cpp.
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace guomen::documents {
struct MrzDocument;
}

namespace guomen::http {

// Renders `doc` as (keys shown in this order, nlohmann sorts them):
//   {"valid":bool,"format":"TD1|TD2|TD3|MRVA|MRVB","document_code","issuing_state",
//    "surname","given_names","document_number","nationality",
//    "birth_date":"YYMMDD","birth_date_iso":"1974-08-12"|"1974-08"|"1974"|null,"sex",
//    "expiry_date","expiry_date_iso","optional_data":[...],
//    "check_digits":[{"field","expected","found","ok"}],
//    "warnings":[{"line","column","field","code","message"}],"errors":[same],
//    "name_truncated":bool,"normalizations":[{"line","code","message"}],
//    "checks":{"expired","expiring","days_to_expiry"|null,"under_18","age"|null},
//    "lines":["...","..."]}
// Bytes outside ASCII in the input are rendered as U+FFFD so the result is
// always valid UTF-8.
nlohmann::json MrzToJson(const documents::MrzDocument& doc);

}  // namespace guomen::http
