// libFuzzer target for the edifact engine: ParsePaxlst (and ParseFalCsv, the
// FAL Form 5/6 CSV reader) on arbitrary bytes.
//
// Besides the sanitizers, it checks the invariants callers rely on: every
// issue has a code and a message and points at an existing segment (or 0),
// verdicts agree with the issues, every string the engine returns is valid
// UTF-8 (the API renders them without repair), and counts add up.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DGUOMEN_FUZZ=ON
//   cmake --build build-fuzz --target edifact_fuzz
//   build-fuzz/fuzz/edifact_fuzz -dict=fuzz/edifact.dict fuzz/corpus/edifact
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "edifact/fal_csv_parser.hpp"
#include "edifact/paxlst_parser.hpp"
#include "edifact/syntax_level.hpp"

namespace {

using namespace guomen::edifact;

void Require(bool condition) {
  if (!condition) std::abort();
}

void Utf8(const std::string& s) { Require(IsValidUtf8(s)); }

void CheckIssues(const std::vector<EdifactIssue>& issues, int segment_count) {
  for (const EdifactIssue& i : issues) {
    Require(!i.code.empty());
    Require(!i.message.empty());
    Require(i.segment >= 0 && i.segment <= segment_count);
    Require(i.element >= 0 && i.component >= 0);
    Utf8(i.message);
    Utf8(i.tag);
  }
}

}  // namespace

void CheckCsv(std::string_view text) {
  const auto csv = ParseFalCsv(text);
  if (!csv) return;
  Require(csv->verdict == VerdictOf(csv->issues));
  for (const Person& p : csv->persons) {
    Utf8(p.surname);
    Utf8(p.given_names);
    if (p.birth_date) Require(p.birth_date->date.ok());
  }
  for (const EdifactIssue& i : csv->issues) Utf8(i.message);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckCsv(text);
  PaxlstOptions options;
  options.tokenizer.max_input_bytes = 1 << 20;
  const auto result = ParsePaxlst(text, options);
  if (!result) {
    Require(!result.error().message.empty());
    return 0;
  }
  const PaxlstInterchange& ic = *result;
  // Segment numbers are positions in the input; there are at most size of them.
  const int max_segments = static_cast<int>(size);
  CheckIssues(ic.issues, max_segments);
  bool any_supported = false;
  Verdict worst = Verdict::kUnsupported;
  for (const PaxlstMessage& m : ic.messages) {
    CheckIssues(m.issues, max_segments);
    if (m.verdict == Verdict::kUnsupported) {
      Require(m.persons.empty());
      continue;
    }
    any_supported = true;
    Require(m.verdict == VerdictOf(m.issues));
    worst = Worse(worst, m.verdict);
    for (const Person& p : m.persons) {
      Require(p.segment > m.segment);
      Utf8(p.surname);
      Utf8(p.given_names);
      Utf8(p.nationality);
      for (const TravelDocument& d : p.documents) {
        Utf8(d.number);
        Require(d.segment > p.segment);
        if (d.expiry_date) Require(d.expiry_date->date.ok());
      }
      if (p.birth_date) Require(p.birth_date->date.ok());
    }
    for (const Leg& l : m.legs) {
      Utf8(l.transport_id);
      if (l.departure.datetime) Require(l.departure.datetime->date.ok());
    }
  }
  if (ic.messages.empty()) {
    Require(ic.verdict == Verdict::kInvalid);
  } else if (!any_supported) {
    Require(ic.verdict == Verdict::kUnsupported);
  } else {
    Require(ic.verdict == Worse(worst, VerdictOf(ic.issues)));
  }
  Require(ic.AllIssues().size() >= ic.issues.size());
  return 0;
}
