#include "documents/mrz_normalizer.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "documents/byte_vector.hpp"

namespace guomen::documents {
namespace {

using core::ErrorCode;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
bool IsSpaceOrEol(char c) { return IsSpace(c) || c == '\r' || c == '\n'; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

void Note(NormalizedMrz& out, int line, const char* code, std::string message) {
  out.notes.push_back(MrzIssue{line, 0, MrzField::kMrz, code, std::move(message)});
}

core::Unexpected<core::Error> Unusable(std::string message) {
  return core::Fail(ErrorCode::kInvalidArgument, std::move(message), "mrz", "mrz_layout");
}

// Shortest line we pad with fillers: everything up to the last check digit
// before the optional data (or the name) must be there, because only trailing
// fillers are ever dropped by readers and keyboards.
int MinimumLength(int line_count, int line_index) {
  if (line_count == 3) {
    constexpr int kTd1[] = {15, 18, 1};
    return kTd1[line_index];
  }
  constexpr int kTwoLine[] = {5, 28};
  return kTwoLine[line_index];
}

// NormalizeExact for one geometry: `text` (without its final line end) is
// kCount lines of kLength. The sizes are constants, so the copies are a few
// fixed moves and the vector pass needs no run-time lane mask.
template <int kCount, int kLength>
bool NormalizeExactAs(std::string_view text, NormalizedMrz& out) {
  for (int k = 1; k < kCount; ++k) {
    if (text[static_cast<size_t>(k * (kLength + 1) - 1)] != '\n') return false;
  }
  for (int k = 0; k < kCount; ++k) {
    std::memcpy(out.chars.data() + k * kLength, text.data() + k * (kLength + 1),
                static_cast<size_t>(kLength));
  }
  // Control characters, whitespace and lower case letters need the general
  // path; any other byte is kept as it is (the parser reports it).
  constexpr size_t kChars = static_cast<size_t>(kCount * kLength);
  static_assert(kChars <= sizeof(out.chars));
  ByteVector special{};
  for (size_t at = 0; at < kChars; at += kByteVectorSize) {
    // The tail of the last block holds zeros or earlier lines: masked below.
    const ByteVector c = LoadBytes(out.chars.data() + at);
    ByteVector block = InRange(c, 0, 0x21) | InRange(c, 'a', 26);
    if (at + kByteVectorSize > kChars) {
      constexpr ByteVector kLane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
      block &= InRange(kLane, 0, static_cast<uint8_t>(kChars % kByteVectorSize));
    }
    special |= block;
  }
  if (AnyLane(special)) return false;
  out.line_count = kCount;
  out.line_length = kLength;
  out.format = *DetectMrzFormat(kCount, kLength, out.chars[0]);
  return true;
}

// The common case, as a reader sends it: the exact lines of one layout joined
// by '\n', optionally one final "\n" or "\r\n", upper case, no whitespace.
// Fills `out` and returns true for such text; returns false for anything
// else, which the general path then handles. The general path gives the same
// result for the text accepted here (no notes, the same lines); this one only
// skips its trimming, splitting and per-line passes.
bool NormalizeExact(std::string_view text, NormalizedMrz& out) {
  size_t size = text.size();
  if (size >= 2 && text[size - 2] == '\r' && text[size - 1] == '\n') {
    size -= 2;
  } else if (size >= 1 && text[size - 1] == '\n') {
    size -= 1;
  }
  switch (size) {
    case 3 * 30 + 2:
      return NormalizeExactAs<3, 30>(text, out);
    case 2 * 36 + 1:
      return NormalizeExactAs<2, 36>(text, out);
    case 2 * 44 + 1:
      return NormalizeExactAs<2, 44>(text, out);
    default:
      return false;
  }
}

}  // namespace

namespace {

// Everything NormalizeExact does not take.
core::Result<NormalizedMrz> NormalizeGeneral(std::string_view text) {
  if (text.size() > kMaxMrzInputBytes) {
    return core::Fail(ErrorCode::kTooLarge,
                      "MRZ input is " + std::to_string(text.size()) + " bytes; the limit is " +
                          std::to_string(kMaxMrzInputBytes),
                      "mrz", "mrz_too_large");
  }
  NormalizedMrz out;

  // Surrounding whitespace; one final line end is normal and not reported.
  bool whitespace = false;
  std::string_view body = text;
  while (!body.empty() && IsSpaceOrEol(body.front())) body.remove_prefix(1);
  while (!body.empty() && IsSpaceOrEol(body.back())) body.remove_suffix(1);
  if (body.empty()) return Unusable("the MRZ is empty");
  {
    const std::string_view tail =
        text.substr(static_cast<size_t>(body.data() - text.data()) + body.size());
    const bool plain_end = tail.empty() || tail == "\n" || tail == "\r\n";
    whitespace = body.data() != text.data() || !plain_end;
  }

  // Split on CR, LF and CRLF; drop blank lines between lines.
  std::array<std::string_view, 3> lines;
  int n = 0;
  bool carriage_return = false;
  bool blank_line = false;
  size_t start = 0;
  while (start <= body.size()) {
    const char* base = body.data() + start;
    const size_t rest = body.size() - start;
    const void* lf = std::memchr(base, '\n', rest);
    size_t end = lf == nullptr ? body.size()
                               : start + static_cast<size_t>(static_cast<const char*>(lf) - base);
    // A CR before the LF (CRLF), or CR alone as the line end.
    if (const void* cr = std::memchr(base, '\r', end - start); cr != nullptr) {
      carriage_return = true;
      end = start + static_cast<size_t>(static_cast<const char*>(cr) - base);
    }
    std::string_view raw = body.substr(start, end - start);
    std::string_view line = TrimSpaces(raw);
    if (line.size() != raw.size()) whitespace = true;
    if (line.empty()) {
      blank_line = true;
    } else {
      if (n == 3) return Unusable("the MRZ has more than 3 lines; the longest layout (TD1) has 3");
      lines[static_cast<size_t>(n++)] = line;
    }
    if (end < body.size() && body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n') {
      ++end;
    }
    start = end + 1;
  }
  if (carriage_return) Note(out, 0, "carriage_return", "line ends CR or CRLF read as LF");
  if (blank_line) Note(out, 0, "blank_line", "removed blank lines between the MRZ lines");
  if (whitespace) Note(out, 0, "whitespace", "removed whitespace around the MRZ or its lines");

  // A reader that sends every line on one line: split on whitespace, or by
  // the layouts' lengths (90 = TD1, 88 = TD3/MRV-A, 72 = TD2/MRV-B).
  if (n == 1) {
    const std::string_view one = lines[0];
    bool has_space = false;
    for (char c : one) has_space = has_space || IsSpace(c);
    int parts = 0;
    if (has_space) {
      size_t i = 0;
      while (i < one.size()) {
        while (i < one.size() && IsSpace(one[i])) ++i;
        size_t j = i;
        while (j < one.size() && !IsSpace(one[j])) ++j;
        if (j > i) {
          if (parts == 3) return Unusable("the MRZ line has more than 3 space-separated parts");
          lines[static_cast<size_t>(parts++)] = one.substr(i, j - i);
        }
        i = j;
      }
      if (parts < 2) return Unusable("the MRZ has one line with spaces; expected 2 or 3 lines");
    } else {
      int count = 0;
      int length = 0;
      switch (one.size()) {
        case 90:
          count = 3, length = 30;
          break;
        case 88:
          count = 2, length = 44;
          break;
        case 72:
          count = 2, length = 36;
          break;
        default:
          return Unusable("the MRZ is one line of " + std::to_string(one.size()) +
                          " characters; a layout has 2 or 3 lines, or 72, 88 or 90 characters "
                          "on one line");
      }
      for (int k = 0; k < count; ++k) {
        lines[static_cast<size_t>(k)] =
            one.substr(static_cast<size_t>(k * length), static_cast<size_t>(length));
      }
      parts = count;
    }
    n = parts;
    Note(out, 0, "single_line", "split one line into " + std::to_string(n) + " MRZ lines");
  }

  // Geometry: 3 lines are TD1 (30); 2 lines are 44 wide when any exceeds 36.
  size_t longest = 0;
  for (int k = 0; k < n; ++k) longest = std::max(longest, lines[static_cast<size_t>(k)].size());
  const int length = n == 3 ? 30 : (longest > 36 ? 44 : 36);
  for (int k = 0; k < n; ++k) {
    const int size = static_cast<int>(lines[static_cast<size_t>(k)].size());
    if (size > length) {
      return Unusable("line " + std::to_string(k + 1) + " has " + std::to_string(size) +
                      " characters; " + (n == 3 ? "a TD1 line has 30" : "the longest line has 44"));
    }
    if (size < MinimumLength(n, k)) {
      return Unusable("line " + std::to_string(k + 1) + " has " + std::to_string(size) +
                      " characters; a line of " + std::to_string(n) + "-line MRZ has " +
                      std::to_string(length));
    }
  }

  out.line_count = n;
  out.line_length = length;
  bool lower = false;
  for (int k = 0; k < n; ++k) {
    const std::string_view line = lines[static_cast<size_t>(k)];
    char* dst = out.chars.data() + k * length;
    std::memcpy(dst, line.data(), line.size());
    // Branch-free so that the compiler vectorises the common, clean case.
    unsigned has_lower = 0;
    for (char c : line) has_lower |= static_cast<unsigned char>(c - 'a') < 26U;
    if (has_lower != 0) {
      lower = true;
      for (size_t i = 0; i < line.size(); ++i) {
        if (static_cast<unsigned char>(dst[i] - 'a') < 26U) dst[i] = static_cast<char>(dst[i] - 32);
      }
    }
    const int missing = length - static_cast<int>(line.size());
    if (missing > 0) {
      std::memset(dst + line.size(), '<', static_cast<size_t>(missing));
      Note(out, k + 1, "filler_added",
           "line " + std::to_string(k + 1) + ": added " + std::to_string(missing) +
               " trailing filler" + (missing == 1 ? "" : "s"));
    }
  }
  if (lower) Note(out, 0, "lower_case", "lower-case letters read as upper case");

  const auto format = DetectMrzFormat(n, length, out.chars[0]);
  if (!format) return Unusable("no MRZ layout has " + std::to_string(n) + " lines");
  out.format = *format;
  return out;
}

}  // namespace

core::Result<NormalizedMrz> NormalizeMrz(std::string_view text) {
  // One named result, constructed in place and returned on every path
  // (NRVO): the common input is normalised straight into the caller's
  // storage.
  core::Result<NormalizedMrz> result{std::in_place};
  if (!NormalizeExact(text, *result)) result = NormalizeGeneral(text);
  return result;
}

}  // namespace guomen::documents
