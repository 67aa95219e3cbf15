// Crew and passenger lists as CSV with the fields of IMO FAL Form 5 (crew
// list) and FAL Form 6 (passenger list), for ships and trains that do not
// send PAXLST. The rows become the same PaxlstMessage persons, so the
// advance-information service screens both alike.
//
// Format: RFC 4180 CSV (comma, double quotes, CRLF or LF, optional UTF-8 BOM)
// with a header row naming the columns, in any order, case-insensitive:
//   family_name (or surname)          given_names
//   nationality                       date_of_birth (or birth_date), YYYY-MM-DD
//   place_of_birth                    gender (or sex): M, F, U, X
//   rank_or_rating (Form 5: crew)     document_type (P, I, ...)
//   document_number                   issuing_state
//   expiry_date (YYYY-MM-DD)          port_of_embarkation, port_of_disembarkation
//   transit (yes/no, Form 6)          visa_number
//   booking_reference                 booking_date (YYYY-MM-DD)
// and, for ships, each person's Maritime Declaration of Health answers:
//   health_<question> (yes/no) for each code of HealthQuestions()
//   (health_fever, health_cough, ..., health_contact_with_case)
//   temperature (degrees Celsius)
// Unknown columns are reported (info) and ignored.
//
// A ship's file may open with its ports of call in the last 30 days: a
// header row naming port_of_call (UN/LOCODE), country, arrival_date and
// departure_date (YYYY-MM-DD), one row per port, then an empty line, then
// the person list with its own header row:
//   port_of_call,country,arrival_date,departure_date
//   SGSIN,SGP,2026-03-01,2026-03-02
//
//   family_name,given_names,...,health_fever,temperature A list with a
// rank_or_rating column is a crew list, otherwise a passenger list.
//
// Issues use the EDIFACT fields: `segment` is the 1-based line number of the
// row, `tag` is "CSV", `element` the 1-based column.
//
// Pure and thread-safe.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "edifact/paxlst_message.hpp"

namespace guomen::edifact {

struct FalCsvOptions {
  size_t max_input_bytes = size_t{16} << 20;
  size_t max_rows = 100000;
};

// Parses `csv`. Returns a message whose verdict follows its issues (a row
// without family name or with an unreadable date is an error on that row; the
// row's person is kept). Returns kInvalidArgument (reason "bad_csv") when
// there is no header row or it has no family_name column, or a quote is left
// open; kTooLarge above the limits.
core::Result<PaxlstMessage> ParseFalCsv(std::string_view csv, const FalCsvOptions& options = {});

}  // namespace guomen::edifact
