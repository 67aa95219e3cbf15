// Reads the envelopes of a tokenized interchange and checks their control
// counts and references: UNT's segment count and message reference, UNE's
// message count and group reference, UNZ's group or message count and
// interchange reference. Missing trailers and segments outside any message
// are reported; every message that can be delimited is returned, so one bad
// message does not hide the good ones.
//
// Pure and thread-safe.
#pragma once

#include <vector>

#include "edifact/edifact_issue.hpp"
#include "edifact/envelope.hpp"
#include "edifact/tokenizer.hpp"

namespace guomen::edifact {

struct Interchange {
  bool has_header = false;   // a UNB opened it
  bool has_trailer = false;  // a UNZ closed it
  InterchangeHeader header;
  std::vector<GroupEnvelope> groups;
  std::vector<MessageEnvelope> messages;
  // Findings about UNB, UNG/UNE, UNZ and segments outside any message.
  std::vector<EdifactIssue> issues;
};

// Never fails: an input without UNB is read as bare messages (a warning),
// and an input without any UNH yields no messages.
Interchange ReadEnvelopes(const TokenizedInterchange& tokens);

}  // namespace guomen::edifact
