// Small string utilities shared by every component (ASCII only; Unicode
// handling lives in names/).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guomen::core {

std::string_view Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
bool StartsWith(std::string_view s, std::string_view prefix);
// Lower-case hex of bytes.
std::string HexEncode(std::string_view bytes);
// Returns false on odd length or a non-hex character.
bool HexDecode(std::string_view hex, std::string& out);

}  // namespace guomen::core
