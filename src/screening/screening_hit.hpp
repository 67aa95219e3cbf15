// A screening hit and its explanation, for the officer who decides.
//
// Every factor that moved the score is one Explanation with a signed effect
// and a sentence in English and in Chinese that an officer can act on.
#pragma once

#include <string>
#include <vector>

#include "screening/watchlist.hpp"
#include "screening/watchlist_entry.hpp"

namespace guomen::screening {

enum class Factor {
  kNamePart,            // a query name part matched an entry name part
  kUnmatchedQueryPart,  // a query name part the entry does not have
  kUnmatchedEntryPart,  // an entry name part the query does not have
  kNameForm,            // the names' form disagrees: other written characters (Han,
                        // Hangul), father and son swapped around "bin", other legal forms
  kAliasQuality,        // the matched name is a weak alias
  kBirthDate,
  kNationality,
  kDocument,
  kGender,
};

// Stable lower-case name: "name_part", "birth_date" ...
std::string_view FactorName(Factor factor);

struct Explanation {
  Factor factor = Factor::kNamePart;
  std::string query_value;
  std::string entry_value;
  std::string rule;   // name parts: exact, variant, edit_distance, phonetic, initial,
                      // concatenation (+ "transliteration" when scripts differ);
                      // facts: the agreement (exact, same_year, conflict ...)
  double effect = 0;  // name parts: their share of the name score; facts: added to the score
  std::string text_en;
  std::string text_zh;
};

struct ScreeningHit {
  std::string list_id;
  std::string entry_id;
  EntryType entry_type = EntryType::kPerson;
  std::string matched_name;  // the entry's name as published
  NameQuality name_quality = NameQuality::kPrimary;
  std::string query_name;  // which of the query's names matched
  double score = 0;        // in [0,1], the whole person
  double name_score = 0;   // in [0,1], the name alone
  ListAction action = ListAction::kNotify;
  std::string reason;
  std::string source_ref;
  std::vector<Explanation> explanation;
};

}  // namespace guomen::screening
