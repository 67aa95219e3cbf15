// Maps the segments of one PAXLST message (UNH ... UNT) to a PaxlstMessage:
// BGM document code, header references and reporting party, the legs (TDT
// with LOC and DTM), every person (NAD with ATT, DTM, LOC, NAT, RFF and the
// DOC group) and the control totals (CNT), reporting each deviation with its
// segment number, tag and element.
//
// The mapper reads what can be read: a person with a malformed segment is
// kept, a segment the message does not define is reported and skipped.
//
// Pure and thread-safe (a mapper object is used by one thread at a time).
#pragma once

#include <chrono>
#include <optional>

#include "edifact/envelope.hpp"
#include "edifact/paxlst_message.hpp"
#include "edifact/tokenizer.hpp"

namespace guomen::edifact {

// True for PAXLST in directory D, release 02B or later (D02B, D05B, D12B,
// D15B ...), the releases the WCO/IATA/ICAO guidelines are written for.
bool IsSupportedPaxlst(const MessageEnvelope& envelope);

class PaxlstMapper {
 public:
  // `reference_date` gives two-digit years their century (usually the UNB
  // preparation date); without it the first leg's departure date is used.
  explicit PaxlstMapper(std::optional<std::chrono::year_month_day> reference_date)
      : reference_date_(reference_date) {}

  // Maps `envelope`'s segments from `tokens`. REQUIRES: the envelope was read
  // from `tokens` and IsSupportedPaxlst(envelope). Copies the envelope's
  // issues into the result and sets its verdict.
  PaxlstMessage Map(const TokenizedInterchange& tokens, const MessageEnvelope& envelope) const;

 private:
  std::optional<std::chrono::year_month_day> reference_date_;
};

}  // namespace guomen::edifact
