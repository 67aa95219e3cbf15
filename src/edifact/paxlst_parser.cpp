#include "edifact/paxlst_parser.hpp"

#include <algorithm>
#include <utility>

#include "edifact/interchange.hpp"
#include "edifact/paxlst_mapper.hpp"

namespace guomen::edifact {

std::string_view ListTypeName(ListType type) {
  switch (type) {
    case ListType::kPassenger:
      return "passenger";
    case ListType::kCrew:
      return "crew";
    case ListType::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::vector<EdifactIssue> PaxlstInterchange::AllIssues() const {
  std::vector<EdifactIssue> all = issues;
  for (const PaxlstMessage& m : messages) all.insert(all.end(), m.issues.begin(), m.issues.end());
  std::stable_sort(all.begin(), all.end(), [](const EdifactIssue& a, const EdifactIssue& b) {
    return a.segment < b.segment;
  });
  return all;
}

size_t PaxlstInterchange::PersonCount() const {
  size_t n = 0;
  for (const PaxlstMessage& m : messages) n += m.persons.size();
  return n;
}

core::Result<PaxlstInterchange> ParsePaxlst(std::string_view input, const PaxlstOptions& options) {
  GUOMEN_ASSIGN_OR_RETURN(TokenizedInterchange tokens, Tokenize(input, options.tokenizer));
  Interchange ic = ReadEnvelopes(tokens);

  PaxlstInterchange out;
  out.has_header = ic.has_header;
  out.syntax_identifier = ic.header.syntax_identifier;
  out.syntax_version = ic.header.syntax_version;
  out.sender = ic.header.sender;
  out.recipient = ic.header.recipient;
  out.reference = ic.header.reference;
  if (!ic.header.prepared_date.empty()) {
    out.prepared = ParseEdifactDateTime(ic.header.prepared_date + ic.header.prepared_time, "",
                                        CenturyRule::kNear, options.reference_date);
    if (!out.prepared) {
      out.prepared = ParseEdifactDateTime(ic.header.prepared_date, "", CenturyRule::kNear,
                                          options.reference_date);
    }
    if (!out.prepared && !tokens.segments.empty()) {
      EdifactIssue i;
      i.severity = Severity::kWarning;
      i.segment = tokens.segments.front().number;
      i.tag = tokens.segments.front().tag;
      i.element = 4;
      i.code = "invalid_date";
      i.message = "the UNB date and time of preparation is not a calendar date";
      ic.issues.push_back(std::move(i));
    }
  }
  out.issues = std::move(tokens.issues);
  out.issues.insert(out.issues.end(), std::make_move_iterator(ic.issues.begin()),
                    std::make_move_iterator(ic.issues.end()));

  std::optional<std::chrono::year_month_day> reference = options.reference_date;
  if (!reference && out.prepared) reference = out.prepared->date;
  const PaxlstMapper mapper(reference);
  bool any_supported = false;
  Verdict verdict = Verdict::kUnsupported;
  for (const MessageEnvelope& env : ic.messages) {
    if (IsSupportedPaxlst(env)) {
      PaxlstMessage m = mapper.Map(tokens, env);
      if (env.group >= 0) m.group_reference = ic.groups[static_cast<size_t>(env.group)].reference;
      any_supported = true;
      verdict = Worse(verdict, m.verdict);
      out.messages.push_back(std::move(m));
      continue;
    }
    PaxlstMessage m;
    m.segment = env.segment;
    m.reference = env.reference;
    m.message_type = env.type;
    m.version = env.version + env.release;
    m.association = env.association;
    if (env.group >= 0) m.group_reference = ic.groups[static_cast<size_t>(env.group)].reference;
    m.issues = env.issues;
    EdifactIssue i;
    i.severity = Severity::kInfo;
    i.segment = env.segment;
    i.tag = "UNH";
    i.element = 2;
    i.code = "unsupported_message";
    i.message = "message " + env.type + " " + env.version + ":" + env.release +
                " is not a PAXLST of directory D release 02B or later; it was not read";
    m.issues.insert(m.issues.begin(), std::move(i));
    m.verdict = Verdict::kUnsupported;
    out.messages.push_back(std::move(m));
  }
  if (ic.messages.empty()) {
    EdifactIssue i;
    i.severity = Severity::kError;
    i.code = "missing_segment";
    i.message = "the interchange contains no message (no UNH)";
    out.issues.push_back(std::move(i));
  }
  std::stable_sort(out.issues.begin(), out.issues.end(),
                   [](const EdifactIssue& a, const EdifactIssue& b) {
                     return a.segment < b.segment;
                   });
  if (!any_supported && !ic.messages.empty()) {
    out.verdict = Verdict::kUnsupported;
  } else {
    out.verdict = Worse(verdict, VerdictOf(out.issues));
    if (!any_supported) out.verdict = VerdictOf(out.issues);
  }
  return out;
}

}  // namespace guomen::edifact
