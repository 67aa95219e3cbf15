// A CONTRL message (UN/EDIFACT syntax and service report, ISO 9735-5) that
// acknowledges or rejects a received PAXLST interchange, for the carrier.
//
// The report names the interchange (UCI), each message with an error (UCM),
// and each erroneous segment (UCS) and element (UCD) with the ISO 9735 syntax
// error code (0085) closest to the engine's finding. Only positions, tags and
// codes travel back; never a person's data.
//
// Pure and thread-safe.
#pragma once

#include <string>

#include "edifact/paxlst_message.hpp"

namespace guomen::edifact {

struct ContrlOptions {
  std::string our_id = "GUOMEN";        // UNB sender of the CONTRL (recipient of the PAXLST)
  std::string control_reference = "1";  // UNB 0020 of the CONTRL
  // Preparation date and time, "YYMMDD" and "HHMM" (the caller's clock; the engine has none).
  std::string date = "000101";
  std::string time = "0000";
};

// ISO 9735 0083 action: "7" acknowledged (valid, or valid with warnings),
// "4" rejected (an error in the envelope, or every message invalid), "8"
// received with some messages rejected.
std::string ContrlAction(const PaxlstInterchange& ic);

// The ISO 9735 syntax error code (0085) for one of the engine's issue codes
// ("control_count" -> "29", "missing_segment" -> "13" ...; "18" unspecified).
std::string SyntaxErrorCode(const std::string& issue_code);

// The CONTRL interchange, segments separated by "'\n", with a UNA so that
// the service characters are explicit. Errors of invalid messages are
// reported; warnings are not (the message was accepted).
std::string MakeContrl(const PaxlstInterchange& ic, const ContrlOptions& options = {});

}  // namespace guomen::edifact
