#include "edifact/contrl.hpp"

#include <map>
#include <vector>

namespace guomen::edifact {

namespace {

// Escapes the service characters of the default UNA ":+.? '" with '?'.
std::string Esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ':' || c == '+' || c == '?' || c == '\'') out += '?';
    out += c;
  }
  return out;
}

struct Writer {
  std::vector<std::string> segs;
  void Add(std::string s) { segs.push_back(std::move(s)); }
};

void AddErrors(Writer& w, const std::vector<EdifactIssue>& issues) {
  // One UCS per erroneous segment (ISO 9735-5: segment position within the
  // interchange, and its error code when the segment as a whole is wrong),
  // then one UCD per erroneous element.
  std::map<int, std::vector<const EdifactIssue*>> by_segment;
  for (const auto& i : issues) {
    if (i.severity == Severity::kError && i.segment > 0) by_segment[i.segment].push_back(&i);
  }
  for (const auto& [segment, list] : by_segment) {
    bool whole = false;
    for (const auto* i : list) whole = whole || i->element == 0;
    std::string ucs = "UCS+" + std::to_string(segment);
    if (whole) {
      for (const auto* i : list) {
        if (i->element == 0) {
          ucs += "+" + SyntaxErrorCode(i->code);
          break;
        }
      }
    }
    w.Add(ucs);
    for (const auto* i : list) {
      if (i->element == 0) continue;
      std::string pos = std::to_string(i->element);
      if (i->component > 0) pos += ":" + std::to_string(i->component);
      w.Add("UCD+" + SyntaxErrorCode(i->code) + "+" + pos);
    }
  }
}

bool HasEnvelopeError(const PaxlstInterchange& ic) {
  for (const auto& i : ic.issues) {
    if (i.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace

std::string SyntaxErrorCode(const std::string& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"control_count", "29"},                                      // control count does not match
      {"control_total", "29"},       {"reference_mismatch", "28"},  // references do not match
      {"missing_segment", "13"},                                    // missing
      {"missing_element", "13"},     {"missing_unb", "13"},
      {"missing_terminator", "13"},  {"syntax_level", "21"},  // invalid character(s)
      {"unknown_syntax_level", "2"},                          // syntax level not supported
      {"invalid_date", "12"},                                 // invalid value
      {"invalid_number", "12"},      {"unknown_code", "12"},
      {"unexpected_segment", "15"},  // not supported in this position
      {"segment_order", "15"},       {"outside_message", "15"},
      {"repeated_segment", "35"},                                  // too many repetitions
      {"repeated_element", "35"},    {"malformed_segment", "16"},  // too many constituents
      {"malformed_tag", "12"},       {"no_persons", "13"},
      {"unsupported_message", "15"},
  };
  auto it = kCodes.find(code);
  return it == kCodes.end() ? "18" : it->second;  // 18: unspecified error
}

std::string ContrlAction(const PaxlstInterchange& ic) {
  if (HasEnvelopeError(ic)) return "4";
  size_t invalid = 0;
  for (const auto& m : ic.messages) invalid += m.verdict == Verdict::kInvalid ? 1 : 0;
  if (invalid == 0) return "7";
  return invalid == ic.messages.size() ? "4" : "8";
}

std::string MakeContrl(const PaxlstInterchange& ic, const ContrlOptions& o) {
  Writer w;
  w.Add("UNB+UNOA:4+" + Esc(o.our_id) + "+" + Esc(ic.sender) + "+" + o.date + ":" + o.time + "+" +
        Esc(o.control_reference));
  w.Add("UNH+1+CONTRL:D:3:UN");
  size_t unh = w.segs.size();
  std::string action = ContrlAction(ic);
  w.Add("UCI+" + Esc(ic.reference) + "+" + Esc(ic.sender) + "+" + Esc(ic.recipient) + "+" + action);
  AddErrors(w, ic.issues);
  for (const auto& m : ic.messages) {
    if (m.verdict == Verdict::kUnsupported) continue;
    std::string type = Esc(m.message_type.empty() ? std::string("PAXLST") : m.message_type);
    std::string version = m.version.size() == 4 ? m.version.substr(0, 1) + ":" + m.version.substr(1)
                                                : "D:" + Esc(m.version);
    std::string msg_action = m.verdict == Verdict::kInvalid ? "4" : "7";
    w.Add("UCM+" + Esc(m.reference) + "+" + type + ":" + version + ":" +
          Esc(m.association.empty() ? std::string("UN") : m.association) + "+" + msg_action);
    if (m.verdict == Verdict::kInvalid) AddErrors(w, m.issues);
  }
  size_t count = w.segs.size() - unh + 2;  // UNH .. UNT inclusive
  w.Add("UNT+" + std::to_string(count) + "+1");
  w.Add("UNZ+1+" + Esc(o.control_reference));
  std::string out = "UNA:+.? '\n";
  for (const auto& s : w.segs) out += s + "'\n";
  return out;
}

}  // namespace guomen::edifact
