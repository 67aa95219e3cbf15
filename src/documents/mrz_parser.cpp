#include "documents/mrz_parser.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "documents/byte_vector.hpp"
#include "documents/icao_codes.hpp"
#include "documents/mrz_normalizer.hpp"

namespace guomen::documents {
namespace {

namespace chrono = std::chrono;

// A run of characters on one line (0-based line and start).
struct Span {
  int line = 0;
  int start = 0;
  int length = 0;
};

// Where each field sits in a layout. A span of length 0 is absent.
struct Layout {
  Span document_code;
  Span issuing_state;
  Span name;
  Span document_number;
  Span document_number_check;
  Span nationality;
  Span birth_date;
  Span birth_date_check;
  Span sex;
  Span expiry_date;
  Span expiry_date_check;
  std::array<Span, 2> optional_data;
  Span optional_data_check;  // TD3 only
  Span composite_check;      // not on visas
  std::array<Span, 4> composite_parts;
  // TD1 and TD2: a document number longer than 9 characters continues in the
  // first optional data field (9303-5 §4.2.2 note j, 9303-6 §4.2.2 note j).
  bool long_document_number = false;
};

// 9303-5 §4.2.2: TD1.
constexpr Layout kTd1 = {{0, 0, 2}, {0, 2, 3},  {2, 0, 30},
                         {0, 5, 9}, {0, 14, 1}, {1, 15, 3},
                         {1, 0, 6}, {1, 6, 1},  {1, 7, 1},
                         {1, 8, 6}, {1, 14, 1}, {{{0, 15, 15}, {1, 18, 11}}},
                         {},        {1, 29, 1}, {{{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11}}},
                         true};
// 9303-6 §4.2.2: TD2.
constexpr Layout kTd2 = {{0, 0, 2},  {0, 2, 3},  {0, 5, 31},
                         {1, 0, 9},  {1, 9, 1},  {1, 10, 3},
                         {1, 13, 6}, {1, 19, 1}, {1, 20, 1},
                         {1, 21, 6}, {1, 27, 1}, {{{1, 28, 7}, {}}},
                         {},         {1, 35, 1}, {{{1, 0, 10}, {1, 13, 7}, {1, 21, 14}, {}}},
                         true};
// 9303-4 §4.2.2: TD3.
constexpr Layout kTd3 = {{0, 0, 2},  {0, 2, 3},  {0, 5, 39},
                         {1, 0, 9},  {1, 9, 1},  {1, 10, 3},
                         {1, 13, 6}, {1, 19, 1}, {1, 20, 1},
                         {1, 21, 6}, {1, 27, 1}, {{{1, 28, 14}, {}}},
                         {1, 42, 1}, {1, 43, 1}, {{{1, 0, 10}, {1, 13, 7}, {1, 21, 22}, {}}},
                         false};
// 9303-7 §4.2.2: MRV-A, no composite check digit.
constexpr Layout kMrvA = {{0, 0, 2},  {0, 2, 3},  {0, 5, 39}, {1, 0, 9},
                          {1, 9, 1},  {1, 10, 3}, {1, 13, 6}, {1, 19, 1},
                          {1, 20, 1}, {1, 21, 6}, {1, 27, 1}, {{{1, 28, 16}, {}}},
                          {},         {},         {},         false};
// 9303-7 §4.2.2: MRV-B.
constexpr Layout kMrvB = {{0, 0, 2},  {0, 2, 3},  {0, 5, 31}, {1, 0, 9},
                          {1, 9, 1},  {1, 10, 3}, {1, 13, 6}, {1, 19, 1},
                          {1, 20, 1}, {1, 21, 6}, {1, 27, 1}, {{{1, 28, 8}, {}}},
                          {},         {},         {},         false};

constexpr const Layout& LayoutOf(MrzFormat format) {
  switch (format) {
    case MrzFormat::kTd1:
      return kTd1;
    case MrzFormat::kTd2:
      return kTd2;
    case MrzFormat::kTd3:
      return kTd3;
    case MrzFormat::kMrvA:
      return kMrvA;
    case MrzFormat::kMrvB:
      return kMrvB;
  }
  return kTd3;
}

bool Contains(Span s, int line, int column) {
  return s.length > 0 && s.line == line && column >= s.start && column < s.start + s.length;
}

// The field a character position belongs to (check digits belong to the
// field they protect).
MrzField FieldAt(const Layout& l, int line, int column) {
  const std::pair<Span, MrzField> spans[] = {
      {l.document_code, MrzField::kDocumentCode},
      {l.issuing_state, MrzField::kIssuingState},
      {l.name, MrzField::kName},
      {l.document_number, MrzField::kDocumentNumber},
      {l.document_number_check, MrzField::kDocumentNumber},
      {l.nationality, MrzField::kNationality},
      {l.birth_date, MrzField::kBirthDate},
      {l.birth_date_check, MrzField::kBirthDate},
      {l.sex, MrzField::kSex},
      {l.expiry_date, MrzField::kExpiryDate},
      {l.expiry_date_check, MrzField::kExpiryDate},
      {l.optional_data[0], MrzField::kOptionalData},
      {l.optional_data[1], MrzField::kOptionalData},
      {l.optional_data_check, MrzField::kOptionalData},
      {l.composite_check, MrzField::kComposite},
  };
  for (const auto& [span, field] : spans) {
    if (Contains(span, line, column)) return field;
  }
  return MrzField::kMrz;
}

// 9303-3 §4.3: the MRZ alphabet is A-Z, 0-9 and the filler '<'.
constexpr bool IsMrzChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Fields that hold letters only (9303-3 §4.3: names and codes are alphabetic).
bool IsAlphabetic(MrzField f) {
  return f == MrzField::kDocumentCode || f == MrzField::kIssuingState || f == MrzField::kName ||
         f == MrzField::kNationality;
}

std::string_view StripTrailingFillers(std::string_view s) {
  // Trailing fillers come in long runs (a name field is often half fillers):
  // compare eight at a time first.
  constexpr uint64_t kEightFillers = 0x3C3C3C3C3C3C3C3CULL;  // "<<<<<<<<"
  static_assert('<' == 0x3C);
  while (s.size() >= 8) {
    uint64_t tail;
    std::memcpy(&tail, s.data() + s.size() - 8, sizeof tail);
    if (tail != kEightFillers) break;
    s.remove_suffix(8);
  }
  while (!s.empty() && s.back() == '<') s.remove_suffix(1);
  return s;
}
std::string_view StripFillers(std::string_view s) {
  while (!s.empty() && s.front() == '<') s.remove_prefix(1);
  return StripTrailingFillers(s);
}

// 9303-3 §4.6: fillers separate name components; one or more become a space.
// Written in place, branch-free: a filler writes a space and advances only
// when the previous character was not a filler, so a run leaves one space
// (the next letter overwrites the rest). The ends are stripped first, so no
// space leads or trails.
void FillersToSpaces(std::string_view s, FixedString<kMaxNameLength>& out) {
  s = StripFillers(s);
  out.resize_and_overwrite(s.size(), [s](char* p, size_t room) {
    size_t n = 0;
    bool previous = false;
    for (size_t i = 0; i < room; ++i) {
      const char c = s[i];
      const bool filler = c == '<';
      p[n] = filler ? ' ' : c;
      n += !(filler && previous);
      previous = filler;
    }
    return n;
  });
}

// The character check works on whole ByteVectors: the zone rounded up to 16
// bytes (96 for TD1's 90, still inside NormalizedMrz::chars).
constexpr size_t kMaxBlocks = (3 * 30 + kByteVectorSize - 1) / kByteVectorSize;
static_assert(kMaxBlocks * kByteVectorSize <= sizeof(NormalizedMrz::chars));

// Per layout and character position (lines back to back): `zone` is 0xFF
// inside the zone (the rounding tail is not checked), `alphabetic` is 0xFF in
// the fields that hold letters only (9303-3 §4.3: codes and names).
struct CharacterMasks {
  std::array<uint8_t, kMaxBlocks * kByteVectorSize> zone{};
  std::array<uint8_t, kMaxBlocks * kByteVectorSize> alphabetic{};
};

constexpr CharacterMasks MakeCharacterMasks(const Layout& l, int line_count, int line_length) {
  CharacterMasks m;
  for (int i = 0; i < line_count * line_length; ++i) m.zone[static_cast<size_t>(i)] = 0xFF;
  for (Span span : {l.document_code, l.issuing_state, l.name, l.nationality}) {
    for (int i = 0; i < span.length; ++i) {
      m.alphabetic[static_cast<size_t>(span.line * line_length + span.start + i)] = 0xFF;
    }
  }
  return m;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil, the algorithm behind std::chrono::sys_days). Inline integer
// arithmetic: converting through chrono's calendar types cost ~50
// instructions a call in an out-of-line library function, three times per
// document.
constexpr int DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<int>(doe) - 719468;
}
static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2000, 3, 1) == 11017);
static_assert(DaysFromCivil(1969, 12, 31) == -1);

// REQUIRES: date.complete().
int DayNumber(const MrzDate& date) { return DaysFromCivil(date.year, date.month, date.day); }

// Whether `a` is a later day than `b`. REQUIRES: both complete().
bool After(const MrzDate& a, const MrzDate& b) {
  if (a.year != b.year) return a.year > b.year;
  if (a.month != b.month) return a.month > b.month;
  return a.day > b.day;
}

std::string Quoted(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto u = static_cast<unsigned char>(c);
    return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15];
  }
  return std::string("'") + c + "'";
}

// One parser per layout: the layout is a template argument, so every field's
// line, offset and length is a compile-time constant. The field reads then
// compile to direct loads, and the fixed-length loops (character check, check
// digits) unroll or vectorise; with the layout read at run time they were
// loops over a table of spans. ParseMrz picks the instance once per document.
template <MrzFormat kFormat>
class Parser {
 public:
  Parser(const NormalizedMrz& mrz, const MrzOptions& options, MrzDocument& doc)
      : mrz_(mrz), options_(options), doc_(doc) {}

  // Not inlined into ParseMrz: five inlined parsers made ParseMrz so large
  // that GCC stopped inlining the small helpers there.
  [[gnu::noinline]] void Run() {
    CopyLines();
    CheckCharacters();
    ReadCodes();
    ReadName();
    ReadDocumentNumber();
    ReadDates();
    ReadSex();
    ReadOptionalData();
    ReadComposite();
    doc_.valid = doc_.errors.empty();
    RunChecks();
  }

 private:
  static constexpr const Layout& layout_ = LayoutOf(kFormat);
  static constexpr int kLineCount = MrzLineCount(kFormat);
  static constexpr int kLineLength = MrzLineLength(kFormat);
  static constexpr size_t kChars = static_cast<size_t>(kLineCount * kLineLength);
  static constexpr size_t kBlocks = (kChars + kByteVectorSize - 1) / kByteVectorSize;
  static constexpr CharacterMasks kMasks = MakeCharacterMasks(layout_, kLineCount, kLineLength);

  std::string_view At(Span s) const {
    return std::string_view(mrz_.chars.data() + s.line * kLineLength + s.start,
                            static_cast<size_t>(s.length));
  }

  // The 9303-3 §4.9 weighted sum of the characters at `kSpan`, the first
  // one weighted as position `kPhase` of the 7, 3, 1 cycle. The span is a
  // compile-time constant: the fold expands into a table load and a
  // multiply-add per character, with no loop and no weight bookkeeping.
  template <Span kSpan, size_t kPhase = 0>
  unsigned WeightedSum() const {
    const auto* p = reinterpret_cast<const unsigned char*>(mrz_.chars.data()) +
                    kSpan.line * kLineLength + kSpan.start;
    static constexpr unsigned kWeights[3] = {7, 3, 1};
    return [p]<size_t... kI>(std::index_sequence<kI...>) {
      return (0U + ... + (kCheckDigitValues[p[kI]] * kWeights[(kPhase + kI) % 3]));
    }
    (std::make_index_sequence<static_cast<size_t>(kSpan.length)>{});
  }

  // The check digit of the characters at `kSpan`.
  template <Span kSpan>
  char CheckDigitOf() const {
    return static_cast<char>('0' + WeightedSum<kSpan>() % 10);
  }

  // The composite check digit: its parts weighted as one string, each part's
  // phase continuing the previous one.
  char CompositeCheckDigit() const {
    constexpr auto& p = layout_.composite_parts;
    constexpr size_t kPhase1 = static_cast<size_t>(p[0].length) % 3;
    constexpr size_t kPhase2 = (kPhase1 + static_cast<size_t>(p[1].length)) % 3;
    constexpr size_t kPhase3 = (kPhase2 + static_cast<size_t>(p[2].length)) % 3;
    const unsigned sum = WeightedSum<p[0]>() + WeightedSum<p[1], kPhase1>() +
                         WeightedSum<p[2], kPhase2>() + WeightedSum<p[3], kPhase3>();
    return static_cast<char>('0' + sum % 10);
  }

  // Findings are the exception: the message is built by `message()` inside
  // these out-of-line functions, so that the parse of a clean document
  // carries none of the string code (whose spills made every caller's
  // prologue and epilogue heavy).
  template <typename Message>
  [[gnu::cold, gnu::noinline]] void AddError(Span s, MrzField field, const char* code,
                                             Message message) {
    doc_.errors.push_back(MrzIssue{s.line + 1, s.start + 1, field, code, message()});
  }
  template <typename Message>
  [[gnu::cold, gnu::noinline]] void AddWarning(Span s, MrzField field, const char* code,
                                               Message message) {
    doc_.warnings.push_back(MrzIssue{s.line + 1, s.start + 1, field, code, message()});
  }

  // Records one check digit; `filler_ok` accepts '<' for an unused field.
  void Verify(MrzField field, char expected, Span at, bool filler_ok) {
    const char found = At(at)[0];
    const bool ok = found == expected || (filler_ok && found == '<');
    doc_.check_digits.push_back(CheckDigit{field, expected, found, ok, at.line + 1, at.start + 1});
    if (!ok) {
      AddError(at, field, "check_digit", [&] {
        return std::string("check digit of ") + std::string(MrzFieldName(field)) + " should be '" +
               expected + "', the MRZ has " + Quoted(found);
      });
    }
  }

  void CopyLines() {
    doc_.format = kFormat;
    doc_.line_count = kLineCount;
    doc_.line_length = kLineLength;
    // The lines joined by '\n' (none after the last), copied in place.
    constexpr size_t kTextLength = kLineCount * (kLineLength + 1) - 1;
    static_assert(kTextLength <= kMaxMrzTextLength);
    doc_.text.resize_and_overwrite(kTextLength, [this](char* text, size_t) {
      for (int k = 0; k < kLineCount; ++k) {
        std::memcpy(text + k * (kLineLength + 1), mrz_.chars.data() + k * kLineLength,
                    static_cast<size_t>(kLineLength));
        if (k + 1 < kLineCount) text[k * (kLineLength + 1) + kLineLength] = '\n';
      }
      return kTextLength;
    });
  }

  void CheckCharacters() {
    // Fast path: a clean zone has only MRZ characters, and no digits in the
    // alphabetic fields. Only when that fails is each character attributed.
    // 16 characters per step (see byte_vector.hpp).
    ByteVector bad{};
    for (size_t k = 0; k < kBlocks; ++k) {
      const size_t at = k * kByteVectorSize;
      const ByteVector c = LoadBytes(mrz_.chars.data() + at);
      const ByteVector digit = InRange(c, '0', 10);
      const ByteVector allowed = digit | InRange(c, 'A', 26) | Equals(c, '<');
      bad |= (~allowed & LoadBytes(kMasks.zone.data() + at)) |
             (digit & LoadBytes(kMasks.alphabetic.data() + at));
    }
    if (!AnyLane(bad)) return;
    for (int k = 0; k < kLineCount; ++k) {
      const std::string_view line = mrz_.Line(k);
      for (int i = 0; i < kLineLength; ++i) {
        const char c = line[static_cast<size_t>(i)];
        if (IsMrzChar(c) && !IsDigit(c)) continue;
        const MrzField field = FieldAt(layout_, k, i);
        if (IsMrzChar(c) && !IsAlphabetic(field)) continue;
        const std::string what = IsMrzChar(c) ? "a digit" : Quoted(c);
        AddError(Span{k, i, 1}, field, "invalid_character", [&] {
          return what + " is not allowed in " + std::string(MrzFieldName(field)) +
                 (IsMrzChar(c) ? " (letters and '<' only)" : " (A-Z, 0-9 and '<' only)");
        });
      }
    }
  }

  void ReadCodes() {
    doc_.document_code.assign(StripTrailingFillers(At(layout_.document_code)));
    // 9303-4..7 §4.2.2: P for passports, V for visas, A, C or I for the
    // other official travel documents.
    const char kind = At(layout_.document_code)[0];
    bool expected = false;
    switch (kFormat) {
      case MrzFormat::kTd3:
        expected = kind == 'P';
        break;
      case MrzFormat::kTd1:
      case MrzFormat::kTd2:
        expected = kind == 'A' || kind == 'C' || kind == 'I';
        break;
      case MrzFormat::kMrvA:
      case MrzFormat::kMrvB:
        expected = kind == 'V';
        break;
    }
    if (!expected) {
      AddWarning(layout_.document_code, MrzField::kDocumentCode, "unexpected_document_code", [&] {
        return "document code " + Quoted(kind) + " is unusual for a " +
               std::string(MrzFormatName(kFormat)) + " document";
      });
    }
    ReadCode(layout_.issuing_state, MrzField::kIssuingState, doc_.issuing_state);
    ReadCode(layout_.nationality, MrzField::kNationality, doc_.nationality);
  }

  void ReadCode(Span span, MrzField field, FixedString<3>& out) {
    const std::string_view raw = At(span);
    out.assign(StripTrailingFillers(raw));
    if (IsIcaoCode(raw)) return;
    for (char c : raw) {
      if (!IsMrzChar(c) || IsDigit(c)) return;  // reported as invalid_character
    }
    AddWarning(span, field, "unknown_code", [&] {
      return std::string(MrzFieldName(field)) + " '" + std::string(raw) +
             "' is not on the ICAO 9303 code list";
    });
  }

  void ReadName() {
    const std::string_view field = At(layout_.name);
    // 9303-3 §4.6.5: a name that fills the field to the last position may
    // have been truncated.
    doc_.name_truncated = field.back() != '<';
    const std::string_view name = StripTrailingFillers(field);
    const size_t separator = name.find("<<");
    if (separator == std::string_view::npos) {
      FillersToSpaces(name, doc_.surname);
    } else {
      FillersToSpaces(name.substr(0, separator), doc_.surname);
      FillersToSpaces(name.substr(separator + 2), doc_.given_names);
    }
    if (doc_.name_truncated) {
      AddWarning(Span{layout_.name.line, layout_.name.start + layout_.name.length - 1, 1},
                 MrzField::kName, "name_truncated",
                 [&] { return "the name fills its field and may be truncated"; });
    }
  }

  void ReadDocumentNumber() {
    const std::string_view number = At(layout_.document_number);
    Span check = layout_.document_number_check;
    if (layout_.long_document_number && At(check)[0] == '<') {
      // 9303-5 §4.2.2 note j: the check digit position holds '<'; the number
      // continues in the optional data, and its check digit is the last
      // character before the next filler.
      const Span optional = layout_.optional_data[0];
      const std::string_view rest = At(optional);
      const size_t end = rest.find('<');
      const size_t length = end == std::string_view::npos ? rest.size() : end;
      if (length > 0) {
        const std::string_view extra = rest.substr(0, length - 1);
        static_assert(!layout_.long_document_number ||
                      layout_.document_number.length + layout_.optional_data[0].length - 1 <=
                          static_cast<int>(kMaxDocumentNumberLength));
        FixedString<kMaxDocumentNumberLength> joined(number);
        joined.append(extra);
        doc_.document_number.assign(StripTrailingFillers(joined));
        long_number_length_ = static_cast<int>(length);
        check = Span{optional.line, optional.start + static_cast<int>(length) - 1, 1};
        Verify(MrzField::kDocumentNumber, ComputeCheckDigit({number, extra}), check, false);
        return;
      }
    }
    doc_.document_number.assign(StripTrailingFillers(number));
    Verify(MrzField::kDocumentNumber, CheckDigitOf<layout_.document_number>(), check, false);
  }

  template <Span kSpan>
  void ReadDate(Span check, MrzField field, MrzDateKind kind, MrzDate& out) {
    constexpr Span span = kSpan;
    const std::string_view raw = At(span);
    out = ParseMrzDate(raw, kind, options_.today);
    Verify(field, CheckDigitOf<kSpan>(), check, false);
    if (out.state == MrzDate::State::kInvalid) {
      AddError(span, field, "invalid_date", [&] {
        return std::string(MrzFieldName(field)) + " '" + std::string(raw) +
               "' is not a date (YYMMDD, '<<' for an unknown part)";
      });
    } else if (out.state == MrzDate::State::kPartial) {
      const int column = static_cast<int>(raw.find('<'));
      AddWarning(Span{span.line, span.start + column, 1}, field, "unknown_date_part", [&] {
        return std::string(MrzFieldName(field)) + " has unknown parts: '" + std::string(raw) + "'";
      });
    }
  }

  void ReadDates() {
    ReadDate<layout_.birth_date>(layout_.birth_date_check, MrzField::kBirthDate,
                                 MrzDateKind::kBirth, doc_.birth_date);
    ReadDate<layout_.expiry_date>(layout_.expiry_date_check, MrzField::kExpiryDate,
                                  MrzDateKind::kExpiry, doc_.expiry_date);
    if (doc_.birth_date.complete() && doc_.expiry_date.complete() &&
        After(doc_.birth_date, doc_.expiry_date)) {
      AddError(layout_.birth_date, MrzField::kBirthDate, "birth_after_expiry", [&] {
        return "the date of birth " + doc_.birth_date.Iso() + " is after the date of expiry " +
               doc_.expiry_date.Iso();
      });
    }
  }

  void ReadSex() {
    const char c = At(layout_.sex)[0];
    doc_.sex = c;
    // 9303-3 §4.2.2: F, M, or X / '<' for unspecified.
    if (c == 'M' || c == 'F' || c == 'X' || c == '<' || !IsMrzChar(c)) return;
    AddError(layout_.sex, MrzField::kSex, "invalid_sex",
             [&] { return "sex " + Quoted(c) + " is not one of F, M, X or '<'"; });
  }

  void ReadOptionalData() {
    static_assert(layout_.optional_data[0].length <= static_cast<int>(kMaxOptionalDataLength) &&
                  layout_.optional_data[1].length <= static_cast<int>(kMaxOptionalDataLength));
    for (size_t k = 0; k < layout_.optional_data.size(); ++k) {
      Span span = layout_.optional_data[k];
      if (span.length == 0) break;
      std::string_view data = At(span);
      if (k == 0 && long_number_length_ > 0) {
        // After a long document number and its check digit comes one filler.
        data.remove_prefix(std::min(data.size(), static_cast<size_t>(long_number_length_)));
        data = StripFillers(data);
      } else {
        data = StripTrailingFillers(data);
      }
      doc_.optional_data.emplace_back(data);
    }
    if (layout_.optional_data_check.length > 0) {
      // 9303-4 §4.2.2 note: an unused personal number may have '<' as check digit.
      const std::string_view data = At(layout_.optional_data[0]);
      Verify(MrzField::kOptionalData, CheckDigitOf<layout_.optional_data[0]>(),
             layout_.optional_data_check, StripTrailingFillers(data).empty());
    }
  }

  void ReadComposite() {
    if constexpr (layout_.composite_check.length > 0) {
      Verify(MrzField::kComposite, CompositeCheckDigit(), layout_.composite_check, false);
    }
  }

  void RunChecks() {
    MrzChecks& checks = doc_.checks;
    if (doc_.expiry_date.complete()) {
      const int days =
          DayNumber(doc_.expiry_date) - DaysFromCivil(static_cast<int>(options_.today.year()),
                                                      static_cast<unsigned>(options_.today.month()),
                                                      static_cast<unsigned>(options_.today.day()));
      checks.days_to_expiry = days;
      checks.expired = days < 0;
      checks.expiring = !checks.expired && days <= options_.expiring_within_days;
      if (checks.expired) {
        AddWarning(layout_.expiry_date, MrzField::kExpiryDate, "expired",
                   [&] { return "the document expired on " + doc_.expiry_date.Iso(); });
      } else if (checks.expiring) {
        AddWarning(layout_.expiry_date, MrzField::kExpiryDate, "expiring", [&] {
          return "the document expires in " + std::to_string(days) + " day" +
                 (days == 1 ? "" : "s") + ", on " + doc_.expiry_date.Iso();
        });
      }
    }
    const MrzDate& birth = doc_.birth_date;
    if (birth.state != MrzDate::State::kInvalid && birth.year != 0) {
      const chrono::year year(birth.year);
      // Earliest and latest birth dates the known parts allow.
      const chrono::month first_month(birth.month != 0 ? birth.month : 1);
      const chrono::month last_month(birth.month != 0 ? birth.month : 12);
      const chrono::year_month_day earliest{year, first_month,
                                            chrono::day(birth.day != 0 ? birth.day : 1)};
      const chrono::year_month_day latest =
          birth.day != 0 ? chrono::year_month_day{year, last_month, chrono::day(birth.day)}
                         : chrono::year_month_day{chrono::year_month_day_last{
                               year, chrono::month_day_last{last_month}}};
      checks.age = AgeAt(earliest);
      const int youngest = AgeAt(latest);
      checks.under_18 = youngest < options_.adult_age;
      if (checks.under_18) {
        AddWarning(layout_.birth_date, MrzField::kBirthDate, "under_18", [&] {
          return std::string(birth.complete() ? "the holder is" : "the holder may be") + " under " +
                 std::to_string(options_.adult_age);
        });
      }
    }
  }

  // Whole years from `birth` to today.
  int AgeAt(chrono::year_month_day birth) const {
    const chrono::year_month_day& t = options_.today;
    int age = static_cast<int>(t.year()) - static_cast<int>(birth.year());
    if (chrono::month_day{t.month(), t.day()} < chrono::month_day{birth.month(), birth.day()}) {
      --age;
    }
    return age;
  }

  const NormalizedMrz& mrz_;
  const MrzOptions& options_;
  MrzDocument& doc_;
  int long_number_length_ = 0;  // characters of the number (with its check) in optional data
};

}  // namespace

core::Result<MrzDocument> ParseMrz(std::string_view text, const MrzOptions& options) {
  // One result object, constructed in place, filled in place and returned on
  // every path: with a single named return value the compiler constructs it
  // in the caller's storage (NRVO). An early `return Fail(...)` beside
  // `return result` made GCC move the whole document on the way out.
  core::Result<MrzDocument> result{std::in_place};
  core::Result<NormalizedMrz> normalized = NormalizeMrz(text);
  if (!normalized) {
    result = core::Fail(std::move(normalized).error());
    return result;
  }
  const NormalizedMrz& mrz = *normalized;
  result->normalizations = std::move(normalized->notes);
  switch (mrz.format) {
    case MrzFormat::kTd1:
      Parser<MrzFormat::kTd1>(mrz, options, *result).Run();
      break;
    case MrzFormat::kTd2:
      Parser<MrzFormat::kTd2>(mrz, options, *result).Run();
      break;
    case MrzFormat::kTd3:
      Parser<MrzFormat::kTd3>(mrz, options, *result).Run();
      break;
    case MrzFormat::kMrvA:
      Parser<MrzFormat::kMrvA>(mrz, options, *result).Run();
      break;
    case MrzFormat::kMrvB:
      Parser<MrzFormat::kMrvB>(mrz, options, *result).Run();
      break;
  }
  return result;
}

}  // namespace guomen::documents
