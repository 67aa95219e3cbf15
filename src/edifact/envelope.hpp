// The service segments around PAXLST data (ISO 9735): the interchange header
// UNB, functional groups UNG/UNE and messages UNH/UNT, as read from a
// tokenized interchange.
//
// Plain values; thread-safe to read.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "edifact/edifact_issue.hpp"

namespace guomen::edifact {

// UNB: who sent the interchange to whom, when, under which reference.
struct InterchangeHeader {
  std::string syntax_identifier;  // S001/0001 "UNOA"
  std::string syntax_version;     // S001/0002 "4"
  std::string sender;             // S002/0004
  std::string sender_qualifier;   // S002/0007
  std::string recipient;          // S003/0010
  std::string recipient_qualifier;
  std::string prepared_date;  // S004/0017 as sent: YYMMDD (or CCYYMMDD)
  std::string prepared_time;  // S004/0019 HHMM
  std::string reference;      // 0020 interchange control reference
  std::string application_reference;  // 0026, e.g. "APIS"
  bool test = false;                  // 0035 == "1"
};

// UNG ... UNE.
struct GroupEnvelope {
  int segment = 0;           // UNG's segment number
  std::string function;      // 0038 "PAXLST"
  std::string sender;        // S006/0040
  std::string recipient;     // S007/0044
  std::string reference;     // 0048 group reference number
  std::string version;       // S008 "D:05B"
  int message_count = 0;     // messages found inside the group
  bool has_trailer = false;  // a UNE closed it
};

// UNH ... UNT.
struct MessageEnvelope {
  int segment = 0;            // UNH's segment number
  std::string reference;      // 0062 message reference number
  std::string type;           // S009/0065 "PAXLST"
  std::string version;        // S009/0052 "D"
  std::string release;        // S009/0054 "05B"
  std::string agency;         // S009/0051 "UN"
  std::string association;    // S009/0057 "IATA"
  int group = -1;             // index into Interchange::groups, -1 outside a group
  // Indices into TokenizedInterchange::segments: the UNH, and one past the
  // last segment that belongs to the message (the UNT when there is one).
  size_t first = 0;
  size_t last = 0;
  bool has_trailer = false;  // a UNT closed it
  // Envelope findings about this message (UNH/UNT): control count and
  // reference mismatches, a missing UNT.
  std::vector<EdifactIssue> issues;
};

}  // namespace guomen::edifact
