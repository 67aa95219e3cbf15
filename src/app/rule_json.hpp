// JSON at the edges of rule management: one traveller's facts as a JSON
// object bound to an Activation, the facts a rule read rendered as text, and
// a rule's required questions as the JSON the store keeps. The rules engine
// stays JSON-free; this is the only app translation unit that parses JSON for
// rules. Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rules/activation.hpp"
#include "rules/value.hpp"

namespace guomen::app {

// A question the officer must ask when a rule fires, in both UI languages.
struct RequiredQuestion {
  std::string key;  // stable id, e.g. "purpose_of_travel"
  std::string text_zh;
  std::string text_en;
};

// Binds `facts_json` to `facts`. The JSON is an object nested by the fact
// paths of the schema: {"document": {"expiry": "2027-01-01T00:00:00Z"},
// "journey": {"visits": [{"country": "XXA", ...}]}}. Values follow the
// declared types: timestamps as RFC 3339 strings, durations as CEL duration
// strings ("3600s"), doubles as any JSON number, ints as integers, records
// (Visit, ScreeningHit) as objects with their declared fields. A missing or
// null fact stays not present; keys the schema does not declare are ignored,
// and so is "ref" (reference sets come from the store, never from callers).
// Errors: kInvalidArgument when the text is not a JSON object or a value does
// not fit its fact, naming the fact path.
core::Status BindFactsJson(std::string_view facts_json, rules::Activation& facts);

// A fact value as an officer reads it: strings bare, timestamps RFC 3339,
// durations "3600s", lists and maps in CEL notation.
std::string FactText(const rules::Value& value);

// Questions <-> the JSON array the store keeps. Parse errors: kInvalidArgument.
std::string QuestionsToJson(const std::vector<RequiredQuestion>& questions);
core::Result<std::vector<RequiredQuestion>> QuestionsFromJson(std::string_view text);

}  // namespace guomen::app
