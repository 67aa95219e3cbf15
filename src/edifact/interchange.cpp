#include "edifact/interchange.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace guomen::edifact {
namespace {

EdifactIssue MakeIssue(Severity severity, const Segment& seg, int element, std::string code,
                       std::string message) {
  EdifactIssue issue;
  issue.severity = severity;
  issue.segment = seg.number;
  issue.tag = seg.tag;
  issue.element = element;
  issue.code = std::move(code);
  issue.message = std::move(message);
  return issue;
}

// A control count: digits only (leading zeros allowed, ISO 9735 n..6).
std::optional<long> ParseCount(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Checks `seg`'s count in element 1 against `actual`, and its reference in
// element 2 against `expected_ref`; appends issues to `out`.
void CheckTrailer(const Segment& seg, long actual, const char* what,
                  const std::string& expected_ref, const char* header_tag,
                  std::vector<EdifactIssue>& out) {
  const std::string_view count_text = seg.Value(1);
  const auto count = ParseCount(count_text);
  if (!count) {
    out.push_back(MakeIssue(Severity::kError, seg, 1, "control_count",
                            "the control count '" + std::string(count_text) +
                                "' is not a number"));
  } else if (*count != actual) {
    out.push_back(MakeIssue(Severity::kError, seg, 1, "control_count",
                            seg.tag + " counts " + std::to_string(*count) + " " + what + ", " +
                                std::to_string(actual) + " were found"));
  }
  const std::string_view ref = seg.Value(2);
  if (ref != expected_ref) {
    out.push_back(MakeIssue(Severity::kError, seg, 2, "reference_mismatch",
                            seg.tag + " reference '" + std::string(ref) + "' does not match " +
                                header_tag + " reference '" + expected_ref + "'"));
  }
}

}  // namespace

Interchange ReadEnvelopes(const TokenizedInterchange& tokens) {
  Interchange ic;
  const std::vector<Segment>& segs = tokens.segments;
  size_t i = 0;
  if (!segs.empty() && segs[0].tag == "UNB") {
    const Segment& unb = segs[0];
    ic.has_header = true;
    InterchangeHeader& h = ic.header;
    h.syntax_identifier = unb.Value(1, 1);
    h.syntax_version = unb.Value(1, 2);
    h.sender = unb.Value(2, 1);
    h.sender_qualifier = unb.Value(2, 2);
    h.recipient = unb.Value(3, 1);
    h.recipient_qualifier = unb.Value(3, 2);
    h.prepared_date = unb.Value(4, 1);
    h.prepared_time = unb.Value(4, 2);
    h.reference = unb.Value(5);
    h.application_reference = unb.Value(7);
    h.test = unb.Value(11) == "1";
    for (auto [element, name] : {std::pair<int, const char*>{1, "syntax identifier"},
                                 {2, "interchange sender"},
                                 {3, "interchange recipient"},
                                 {4, "date and time of preparation"},
                                 {5, "interchange control reference"}}) {
      if (unb.Value(static_cast<size_t>(element)).empty()) {
        ic.issues.push_back(MakeIssue(Severity::kError, unb, element, "missing_element",
                                      std::string("UNB has no ") + name));
      }
    }
    i = 1;
  } else if (!segs.empty()) {
    ic.issues.push_back(MakeIssue(Severity::kWarning, segs[0], 0, "missing_unb",
                                  "no interchange header (UNB): read as a bare message"));
  }

  int open_group = -1;
  int open_message = -1;
  int groups_closed_or_open = 0;
  auto close_message = [&](size_t end, const Segment* at) {
    if (open_message < 0) return;
    MessageEnvelope& m = ic.messages[static_cast<size_t>(open_message)];
    m.last = end;
    if (at != nullptr) {
      m.issues.push_back(MakeIssue(Severity::kError, *at, 0, "missing_segment",
                                   "the message opened by UNH in segment " +
                                       std::to_string(m.segment) + " has no UNT trailer"));
    }
    open_message = -1;
  };
  auto close_group_missing = [&](const Segment& at) {
    if (open_group < 0) return;
    ic.issues.push_back(MakeIssue(Severity::kError, at, 0, "missing_segment",
                                  "the group opened by UNG in segment " +
                                      std::to_string(ic.groups[static_cast<size_t>(open_group)]
                                                         .segment) +
                                      " has no UNE trailer"));
    open_group = -1;
  };

  for (; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    const std::string& tag = s.tag;
    if (tag == "UNH") {
      close_message(i, &s);
      MessageEnvelope m;
      m.segment = s.number;
      m.reference = s.Value(1);
      m.type = s.Value(2, 1);
      m.version = s.Value(2, 2);
      m.release = s.Value(2, 3);
      m.agency = s.Value(2, 4);
      m.association = s.Value(2, 5);
      m.group = open_group;
      m.first = i;
      m.last = segs.size();
      if (m.reference.empty()) {
        m.issues.push_back(MakeIssue(Severity::kError, s, 1, "missing_element",
                                     "UNH has no message reference number"));
      }
      if (open_group >= 0) ++ic.groups[static_cast<size_t>(open_group)].message_count;
      ic.messages.push_back(std::move(m));
      open_message = static_cast<int>(ic.messages.size()) - 1;
    } else if (tag == "UNT") {
      if (open_message < 0) {
        ic.issues.push_back(
            MakeIssue(Severity::kError, s, 0, "unexpected_segment", "UNT without a UNH"));
        continue;
      }
      MessageEnvelope& m = ic.messages[static_cast<size_t>(open_message)];
      m.has_trailer = true;
      // ISO 9735-1: 0074 counts the segments of the message, UNH and UNT
      // included.
      CheckTrailer(s, static_cast<long>(i - m.first + 1), "segments", m.reference, "UNH",
                   m.issues);
      close_message(i + 1, nullptr);
    } else if (tag == "UNG") {
      close_message(i, &s);
      close_group_missing(s);
      GroupEnvelope g;
      g.segment = s.number;
      g.function = s.Value(1);
      g.sender = s.Value(2, 1);
      g.recipient = s.Value(3, 1);
      g.reference = s.Value(5);
      g.version = std::string(s.Value(7, 1)) + ":" + std::string(s.Value(7, 2));
      ic.groups.push_back(std::move(g));
      open_group = static_cast<int>(ic.groups.size()) - 1;
      ++groups_closed_or_open;
    } else if (tag == "UNE") {
      close_message(i, &s);
      if (open_group < 0) {
        ic.issues.push_back(MakeIssue(Severity::kWarning, s, 0, "unexpected_segment",
                                      "UNE without a UNG was ignored"));
        continue;
      }
      GroupEnvelope& g = ic.groups[static_cast<size_t>(open_group)];
      g.has_trailer = true;
      CheckTrailer(s, g.message_count, "messages", g.reference, "UNG", ic.issues);
      open_group = -1;
    } else if (tag == "UNZ") {
      close_message(i, &s);
      close_group_missing(s);
      ic.has_trailer = true;
      if (!ic.has_header) {
        ic.issues.push_back(MakeIssue(Severity::kWarning, s, 0, "unexpected_segment",
                                      "UNZ without a UNB was ignored"));
        break;
      }
      // ISO 9735-1: 0036 counts the functional groups when there are any,
      // otherwise the messages.
      const bool grouped = groups_closed_or_open > 0;
      CheckTrailer(s, grouped ? groups_closed_or_open : static_cast<long>(ic.messages.size()),
                   grouped ? "groups" : "messages", ic.header.reference, "UNB", ic.issues);
      break;
    } else if (tag == "UNB" || tag == "UNA") {
      ic.issues.push_back(MakeIssue(Severity::kError, s, 0, "unexpected_segment",
                                    tag + " inside an interchange was ignored"));
    } else if (open_message < 0) {
      ic.issues.push_back(MakeIssue(Severity::kError, s, 0, "outside_message",
                                    "segment outside any message (no UNH before it) was ignored"));
    }
  }
  if (open_message >= 0) {
    MessageEnvelope& m = ic.messages[static_cast<size_t>(open_message)];
    m.last = segs.size();
    const Segment& at = segs.back();
    m.issues.push_back(MakeIssue(Severity::kError, at, 0, "missing_segment",
                                 "the message opened by UNH in segment " +
                                     std::to_string(m.segment) + " has no UNT trailer"));
    open_message = -1;
  }
  if (open_group >= 0 && !segs.empty()) close_group_missing(segs.back());
  if (ic.has_header && !ic.has_trailer && !segs.empty()) {
    ic.issues.push_back(MakeIssue(Severity::kError, segs.back(), 0, "missing_segment",
                                  "the interchange has no UNZ trailer"));
  }
  return ic;
}

}  // namespace guomen::edifact
