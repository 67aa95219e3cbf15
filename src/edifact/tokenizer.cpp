#include "edifact/tokenizer.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <utility>

namespace guomen::edifact {
namespace {

bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsUpperAlnum(c) || (c >= 'a' && c <= 'z'); }

std::string Hex(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

void AddIssue(std::vector<EdifactIssue>& issues, Severity severity, const Segment* seg,
              int element, int component, std::string code, std::string message) {
  EdifactIssue issue;
  issue.severity = severity;
  if (seg != nullptr) {
    issue.segment = seg->number;
    issue.tag = seg->tag;
  }
  issue.element = element;
  issue.component = component;
  issue.code = std::move(code);
  issue.message = std::move(message);
  issues.push_back(std::move(issue));
}

// Finds where the interchange starts: the first "UNA", "UNB" or "UNH" that is
// not inside a word. Returns npos when there is none.
size_t FindStart(std::string_view in) {
  for (size_t p = in.find("UN"); p != std::string_view::npos; p = in.find("UN", p + 1)) {
    if (p + 3 >= in.size()) return std::string_view::npos;
    const char k = in[p + 2];
    if (k != 'A' && k != 'B' && k != 'H') continue;
    if (p > 0 && IsAlnum(in[p - 1])) continue;
    if (IsAlnum(in[p + 3])) continue;
    return p;
  }
  return std::string_view::npos;
}

// For echoing unchecked input (a malformed tag, an unknown syntax
// identifier) in issues: printable ASCII only, at most `max` characters, so
// that issues are always short, valid UTF-8.
std::string PrintableAscii(std::string_view s, size_t max) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?');
  }
  if (s.size() > max) out += "...";
  return out;
}

bool IsBlankRun(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') return false;
  }
  return true;
}

// Splits segments from `in[pos..]` per `sc`. Stops after the UNZ terminator.
class SegmentSplitter {
 public:
  SegmentSplitter(std::string_view in, const ServiceChars& sc, TokenizedInterchange& out)
      : in_(in), sc_(sc), out_(out) {
    for (char c : {sc.terminator, sc.element, sc.component, sc.release, sc.repetition, '\r', '\n'}) {
      if (c != '\0') special_[static_cast<unsigned char>(c)] = true;
    }
  }

  size_t Run(size_t pos) {
    int wrapped = 0;
    int first_wrapped = 0;
    int layout = 0;
    int first_layout_segment = 0;
    int repeated = 0;
    int first_repeated = 0;
    const size_t n = in_.size();
    // One segment per terminator is close enough to reserve once.
    size_t estimate = 0;
    for (size_t p = pos; p < n; ++p) estimate += in_[p] == sc_.terminator ? 1 : 0;
    out_.segments.reserve(estimate + 1);
    while (pos < n) {
      // Between segments: CR/LF is the usual one-segment-per-line layout;
      // spaces and telex control characters (STX, ETX ...) are tolerated.
      const char c = in_[pos];
      if (c == '\r' || c == '\n') {
        ++pos;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 || c == ' ') {
        if (layout++ == 0) first_layout_segment = static_cast<int>(out_.segments.size()) + 1;
        ++pos;
        continue;
      }
      if (c == sc_.terminator) {  // an empty segment
        ++pos;
        continue;
      }
      Segment seg;
      seg.number = static_cast<int>(out_.segments.size()) + 1;
      seg.offset = pos;
      std::string tag;
      bool in_tag = true;
      std::vector<std::string> element;
      std::vector<std::vector<std::string>>& fields = seg.elements;
      auto current = [&]() -> std::string& { return in_tag ? tag : element.back(); };
      bool in_repeat = false;
      bool terminated = false;
      bool seg_wrapped = false;
      bool seg_repeated = false;
      while (pos < n) {
        // Copy the run of ordinary characters in one go.
        size_t run = pos;
        while (run < n && !special_[static_cast<unsigned char>(in_[run])]) ++run;
        if (run > pos) {
          if (!in_repeat) current().append(in_.data() + pos, run - pos);
          pos = run;
          if (pos >= n) break;
        }
        const char ch = in_[pos];
        if (ch == '\r' || ch == '\n') {
          seg_wrapped = true;
          ++pos;
          continue;
        }
        if (sc_.release != '\0' && ch == sc_.release) {
          // ISO 9735-1 §7.3: the release character makes the next service
          // character data. Before anything else it is kept as data.
          size_t next = pos + 1;
          while (next < n && (in_[next] == '\r' || in_[next] == '\n')) ++next;
          if (next < n && sc_.IsService(in_[next])) {
            if (!in_repeat) current().push_back(in_[next]);
            pos = next + 1;
          } else {
            if (!in_repeat) current().push_back(ch);
            ++pos;
          }
          continue;
        }
        ++pos;
        if (ch == sc_.terminator) {
          terminated = true;
          break;
        }
        if (ch == sc_.element) {
          if (in_tag) {
            in_tag = false;
          } else {
            fields.push_back(std::move(element));
          }
          element.assign(1, std::string());
          in_repeat = false;
        } else if (ch == sc_.component) {
          // Components of the tag element (syntax 4 allows none in PAXLST)
          // are dropped.
          if (in_tag) {
            in_repeat = true;
          } else if (!in_repeat) {
            element.emplace_back();
          }
        } else if (sc_.repetition != '\0' && ch == sc_.repetition) {
          in_repeat = true;
          seg_repeated = true;
        }
      }
      if (!in_tag) fields.push_back(std::move(element));
      if (seg_wrapped && wrapped++ == 0) first_wrapped = seg.number;
      if (seg_repeated && repeated++ == 0) first_repeated = seg.number;
      // A run of blanks and control bytes at the end of the input is trailing
      // layout, not a segment.
      if (!terminated && fields.empty() && IsBlankRun(tag)) break;
      const std::string_view raw_tag = tag;
      size_t tag_end = raw_tag.size();
      while (tag_end > 0 && raw_tag[tag_end - 1] == ' ') --tag_end;
      size_t tag_begin = 0;
      while (tag_begin < tag_end && raw_tag[tag_begin] == ' ') ++tag_begin;
      seg.tag = std::string(raw_tag.substr(tag_begin, tag_end - tag_begin));
      const bool tag_ok = seg.tag.size() == 3 && IsUpperAlnum(seg.tag[0]) &&
                          IsUpperAlnum(seg.tag[1]) && IsUpperAlnum(seg.tag[2]);
      if (!tag_ok) seg.tag = PrintableAscii(seg.tag, 8);
      out_.segments.push_back(std::move(seg));
      const Segment& s = out_.segments.back();
      if (!tag_ok) {
        AddIssue(out_.issues, Severity::kError, &s, 0, 0, "malformed_tag",
                 "segment tag is not three upper-case letters or digits");
      } else if (tag_end - tag_begin != raw_tag.size()) {
        AddIssue(out_.issues, Severity::kWarning, &s, 0, 0, "padded_tag",
                 "spaces around the segment tag were removed");
      }
      if (!terminated) {
        AddIssue(out_.issues, Severity::kWarning, &s, 0, 0, "missing_terminator",
                 "the last segment has no segment terminator");
      }
      if (s.tag == "UNZ") break;
    }
    if (wrapped > 0) {
      AddIssue(out_.issues, Severity::kWarning, nullptr, 0, 0, "wrapped_lines",
               "line breaks inside " + std::to_string(wrapped) +
                   " segment(s) were removed (wrapped lines), the first in segment " +
                   std::to_string(first_wrapped));
    }
    if (layout > 0) {
      AddIssue(out_.issues, Severity::kWarning, nullptr, 0, 0, "layout_characters",
               std::to_string(layout) +
                   " space or control character(s) between segments were ignored, the first "
                   "before segment " +
                   std::to_string(first_layout_segment));
    }
    if (repeated > 0) {
      AddIssue(out_.issues, Severity::kInfo, nullptr, 0, 0, "repeated_element",
               std::to_string(repeated) +
                   " segment(s) repeat a data element; the first repetition is used, the first "
                   "in segment " +
                   std::to_string(first_repeated));
    }
    return pos;
  }

 private:
  std::string_view in_;
  const ServiceChars& sc_;
  TokenizedInterchange& out_;
  std::array<bool, 256> special_{};
};

bool HasHighByte(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// Checks each value against the level (one issue per segment, at most
// `max_issues` in all) and converts values with non-ASCII bytes to UTF-8.
void CheckAndDecode(TokenizedInterchange& t, int max_issues) {
  int reported = 0;
  int suppressed = 0;
  for (Segment& seg : t.segments) {
    bool seg_reported = false;
    for (size_t e = 0; e < seg.elements.size(); ++e) {
      for (size_t c = 0; c < seg.elements[e].size(); ++c) {
        std::string& value = seg.elements[e][c];
        if (!seg_reported) {
          for (char ch : value) {
            const auto b = static_cast<unsigned char>(ch);
            if (IsAllowedByte(t.level, b)) continue;
            seg_reported = true;
            if (reported < max_issues) {
              ++reported;
              AddIssue(t.issues, Severity::kError, &seg, static_cast<int>(e + 1),
                       static_cast<int>(c + 1), "syntax_level",
                       "character " + Hex(b) + " is outside the declared syntax level " +
                           (t.syntax_identifier.empty() ? std::string("(none)")
                                                        : PrintableAscii(t.syntax_identifier, 8)));
            } else {
              ++suppressed;
            }
            break;
          }
        }
        if (HasHighByte(value)) value = ToUtf8(t.level, value);
      }
    }
  }
  if (suppressed > 0) {
    AddIssue(t.issues, Severity::kError, nullptr, 0, 0, "syntax_level",
             std::to_string(suppressed) +
                 " more segment(s) have characters outside the declared syntax level");
  }
}

}  // namespace

core::Result<TokenizedInterchange> Tokenize(std::string_view input,
                                            const TokenizerOptions& options) {
  if (input.size() > options.max_input_bytes) {
    return core::Fail(core::ErrorCode::kTooLarge,
                      "the interchange is larger than " +
                          std::to_string(options.max_input_bytes) + " bytes",
                      "interchange", "too_large");
  }
  const size_t start = FindStart(input);
  if (start == std::string_view::npos) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "no UNA, UNB or UNH segment found: the input is not an EDIFACT interchange",
                      "interchange", "not_edifact");
  }
  TokenizedInterchange t;
  t.begin = start;
  if (!IsBlankRun(input.substr(0, start))) {
    AddIssue(t.issues, Severity::kWarning, nullptr, 0, 0, "telex_header",
             std::to_string(start) +
                 " byte(s) before the interchange were ignored (telex or mail header)");
  }
  size_t pos = start;
  if (input.compare(start, 3, "UNA") == 0) {
    const auto sc = ServiceChars::FromUna(input.substr(start + 3, 6));
    if (!sc) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "the UNA service string advice is malformed (fewer than six characters, "
                        "or two roles share a character)",
                        "UNA", "bad_una");
    }
    t.service_chars = *sc;
    t.has_una = true;
    pos = start + 9;
  }
  SegmentSplitter splitter(input, t.service_chars, t);
  t.end = splitter.Run(pos);
  if (t.end < input.size() && !IsBlankRun(input.substr(t.end))) {
    AddIssue(t.issues, Severity::kWarning, nullptr, 0, 0, "trailing_text",
             std::to_string(input.size() - t.end) +
                 " byte(s) after the interchange trailer were ignored");
  }

  if (!t.segments.empty() && t.segments.front().tag == "UNB") {
    t.syntax_identifier = std::string(t.segments.front().Value(1, 1));
    t.level = ParseSyntaxLevel(t.syntax_identifier);
    if (t.level == SyntaxLevel::kUnknown) {
      AddIssue(t.issues, Severity::kWarning, &t.segments.front(), 1, 1, "unknown_syntax_level",
               "syntax identifier '" + PrintableAscii(t.syntax_identifier, 8) +
                   "' is not supported; data is read as ISO 8859-1");
    }
    const std::string_view body = input.substr(t.begin, t.end - t.begin);
    if ((t.level == SyntaxLevel::kUnoc || t.level == SyntaxLevel::kUnoe ||
         t.level == SyntaxLevel::kUnknown) &&
        HasHighByte(body) && IsValidUtf8(body)) {
      AddIssue(t.issues, Severity::kWarning, &t.segments.front(), 1, 1, "utf8_data",
               "the interchange declares " + PrintableAscii(t.syntax_identifier, 8) +
                   " but its data is UTF-8; it is read as UTF-8");
      t.level = SyntaxLevel::kUtf8;
    }
  } else {
    t.level = SyntaxLevel::kUtf8;
  }
  CheckAndDecode(t, options.max_character_issues);
  return t;
}

}  // namespace guomen::edifact
