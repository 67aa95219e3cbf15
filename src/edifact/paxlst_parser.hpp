// ParsePaxlst: the entry point of the edifact engine. Reads one UN/EDIFACT
// interchange of PAXLST messages (passenger and crew lists, directory D
// release 02B and later) as airlines and carriers send it, and returns every
// message with its persons and a verdict.
//
//   tokenizer.hpp    finds the interchange, UNA, release character, syntax level
//   interchange.hpp  UNB/UNG/UNH/UNT/UNE/UNZ and their control counts
//   paxlst_mapper.hpp  BGM, TDT/LOC/DTM legs, NAD persons, DOC, CNT
//
// Verdicts: each message gets its own (valid, valid_with_warnings, invalid,
// or unsupported for another message type or an older release), so that one
// bad message does not hide the good ones; the interchange's verdict is the
// worst of its supported messages and its own envelope findings, and
// unsupported when no message is a supported PAXLST.
//
// Pure (no I/O, no clock) and thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "edifact/paxlst_message.hpp"
#include "edifact/tokenizer.hpp"

namespace guomen::edifact {

struct PaxlstOptions {
  // Gives two-digit years their century. Default: the UNB preparation date,
  // else the first leg's departure date, else fixed windows (edifact_date.hpp).
  std::optional<std::chrono::year_month_day> reference_date;
  TokenizerOptions tokenizer;
};

// Parses `input`, the bytes of one interchange as received (telex headers,
// CR/LF and trailing text allowed).
//
// Returns the interchange whenever one can be found, also when it is invalid.
// Returns kInvalidArgument with reason "not_edifact" (no UNA/UNB/UNH) or
// "bad_una", and kTooLarge above options.tokenizer.max_input_bytes.
core::Result<PaxlstInterchange> ParsePaxlst(std::string_view input,
                                            const PaxlstOptions& options = {});

}  // namespace guomen::edifact
