// The character repertoire an interchange declares in UNB S001/0001 (ISO 9735
// syntax identifiers UNOA, UNOB, UNOC, UNOE, UNOW/UNOY), which characters each
// allows, and how data in it becomes UTF-8.
//
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace guomen::edifact {

enum class SyntaxLevel {
  kUnoa,     // level A: upper-case letters, digits, space and . , - ( ) / = ' + : ? ! " % & * ; < >
  kUnob,     // level B: level A plus lower case and the rest of printable ASCII
  kUnoc,     // ISO 8859-1 (Latin-1)
  kUnoe,     // ISO 8859-5 (Latin/Cyrillic)
  kUtf8,     // UNOW (UTF-8) or UNOY (ISO 10646-1, sent as UTF-8 in practice)
  kUnknown,  // anything else: read as UNOC would be, with a warning
};

// Maps "UNOA" ... to a level; kUnknown for anything else (also "").
SyntaxLevel ParseSyntaxLevel(std::string_view identifier);
std::string_view SyntaxLevelName(SyntaxLevel level);

// True when the byte may appear in data of an interchange at `level`.
// For kUtf8 every byte >= 0x20 is accepted here; encoding validity is checked
// by ToUtf8. Service characters declared by UNA are not data and are not
// checked.
bool IsAllowedByte(SyntaxLevel level, unsigned char byte);

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view bytes);

// Converts data bytes at `level` to UTF-8: Latin-1 for UNOC (and unknown
// levels), ISO 8859-5 for UNOE. For UNOA/UNOB/UTF-8, bytes >= 0x80 (which are
// errors at those levels) are kept when they form valid UTF-8 and read as
// Latin-1 otherwise, so the result is always valid UTF-8.
std::string ToUtf8(SyntaxLevel level, std::string_view bytes);

}  // namespace guomen::edifact
