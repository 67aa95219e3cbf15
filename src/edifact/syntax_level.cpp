#include "edifact/syntax_level.hpp"

#include <array>
#include <cstdint>

namespace guomen::edifact {
namespace {

// ISO 9735 Part 1 §6.2, level A: the only punctuation allowed besides the
// letters, digits and space.
constexpr std::string_view kLevelAPunctuation = ".,-()/='+:?!\"%&*;<>";

constexpr std::array<bool, 256> MakeLevelATable() {
  std::array<bool, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  t[' '] = true;
  for (char c : kLevelAPunctuation) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kLevelA = MakeLevelATable();

void AppendCodePoint(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// ISO 8859-5 upper half: A0 NBSP, A1-AC Ё..Ќ, AD soft hyphen, AE-EF Ў..я,
// F0 №, F1-FC ё..ќ, FD §, FE ў, FF џ.
uint32_t Iso8859_5(unsigned char b) {
  if (b < 0xA0) return b;
  if (b == 0xA0) return 0x00A0;
  if (b == 0xAD) return 0x00AD;
  if (b == 0xF0) return 0x2116;
  if (b == 0xFD) return 0x00A7;
  return 0x0400 + (b - 0xA0);
}

}  // namespace

SyntaxLevel ParseSyntaxLevel(std::string_view identifier) {
  if (identifier == "UNOA") return SyntaxLevel::kUnoa;
  if (identifier == "UNOB") return SyntaxLevel::kUnob;
  if (identifier == "UNOC") return SyntaxLevel::kUnoc;
  if (identifier == "UNOE") return SyntaxLevel::kUnoe;
  if (identifier == "UNOW" || identifier == "UNOY") return SyntaxLevel::kUtf8;
  return SyntaxLevel::kUnknown;
}

std::string_view SyntaxLevelName(SyntaxLevel level) {
  switch (level) {
    case SyntaxLevel::kUnoa:
      return "UNOA";
    case SyntaxLevel::kUnob:
      return "UNOB";
    case SyntaxLevel::kUnoc:
      return "UNOC";
    case SyntaxLevel::kUnoe:
      return "UNOE";
    case SyntaxLevel::kUtf8:
      return "UNOW";
    case SyntaxLevel::kUnknown:
      return "unknown";
  }
  return "unknown";
}

bool IsAllowedByte(SyntaxLevel level, unsigned char byte) {
  switch (level) {
    case SyntaxLevel::kUnoa:
      return kLevelA[byte];
    case SyntaxLevel::kUnob:
      return byte >= 0x20 && byte < 0x7F;
    case SyntaxLevel::kUnoc:
    case SyntaxLevel::kUnoe:
    case SyntaxLevel::kUnknown:
      // ISO 8859 graphic characters: the C1 range 0x80-0x9F is control.
      return (byte >= 0x20 && byte < 0x7F) || byte >= 0xA0;
    case SyntaxLevel::kUtf8:
      return byte >= 0x20 && byte != 0x7F;
  }
  return false;
}

bool IsValidUtf8(std::string_view bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(len) > n) return false;
    for (int k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(bytes[i + static_cast<size_t>(k)]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += static_cast<size_t>(len);
  }
  return true;
}

std::string ToUtf8(SyntaxLevel level, std::string_view bytes) {
  bool ascii = true;
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return std::string(bytes);
  const bool single_byte_charset = level == SyntaxLevel::kUnoc || level == SyntaxLevel::kUnoe ||
                                   level == SyntaxLevel::kUnknown;
  if (!single_byte_charset && IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    AppendCodePoint(out, level == SyntaxLevel::kUnoe ? Iso8859_5(b) : b);
  }
  return out;
}

}  // namespace guomen::edifact
