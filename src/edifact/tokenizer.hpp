// The first stage of the edifact engine: finds the interchange in the input
// (skipping telex and mail headers and trailing text), honours the UNA
// service string advice and the release character, splits segments, data
// elements and components, checks every data character against the syntax
// level UNB declares and converts values to UTF-8.
//
// It is tolerant: line breaks inside segments (wrapped lines), spaces or
// telex control characters between segments, a tag padded with spaces and a
// missing final terminator are read and reported as warnings. It does not
// check envelopes or control counts (see interchange.hpp).
//
// Pure (no I/O) and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "edifact/edifact_issue.hpp"
#include "edifact/segment.hpp"
#include "edifact/service_chars.hpp"
#include "edifact/syntax_level.hpp"

namespace guomen::edifact {

struct TokenizerOptions {
  // Inputs larger than this are refused with kTooLarge.
  size_t max_input_bytes = size_t{64} << 20;
  // After this many character-repertoire errors the rest are summarised in
  // one issue, so that a file in the wrong character set stays readable.
  int max_character_issues = 20;
};

struct TokenizedInterchange {
  ServiceChars service_chars;
  bool has_una = false;
  // As declared in UNB S001/0001 ("UNOA"), empty without UNB.
  std::string syntax_identifier;
  // The repertoire the data was checked against and decoded from: the
  // declared one, except kUtf8 when UNOC/UNOE/unknown data is in fact UTF-8,
  // and kUtf8 (characters not checked) when there is no UNB.
  SyntaxLevel level = SyntaxLevel::kUnoa;
  std::vector<Segment> segments;
  std::vector<EdifactIssue> issues;
  // Byte range of the interchange within the input (from UNA/UNB/UNH to the
  // end of the UNZ terminator or of the input).
  size_t begin = 0;
  size_t end = 0;
};

// Tokenizes one interchange (or one bare message) in `input`.
//
// Returns the segments whenever an interchange can be found, with issues for
// what was tolerated or wrong. Returns kInvalidArgument (reason
// "not_edifact") when the input holds no UNA, UNB or UNH segment, (reason
// "bad_una") when the UNA advice is malformed, and kTooLarge above
// options.max_input_bytes.
core::Result<TokenizedInterchange> Tokenize(std::string_view input,
                                            const TokenizerOptions& options = {});

}  // namespace guomen::edifact
