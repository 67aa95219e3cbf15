#include "documents/mrz_parser.hpp"

#include <array>
#include <cstdint>
#include <string>

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
constexpr Layout kTd1 = {
    {0, 0, 2},  {0, 2, 3},  {2, 0, 30}, {0, 5, 9},  {0, 14, 1},
    {1, 15, 3}, {1, 0, 6},  {1, 6, 1},  {1, 7, 1},  {1, 8, 6},
    {1, 14, 1}, {{{0, 15, 15}, {1, 18, 11}}},        {},
    {1, 29, 1}, {{{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11}}},
    true};
// 9303-6 §4.2.2: TD2.
constexpr Layout kTd2 = {
    {0, 0, 2},  {0, 2, 3},  {0, 5, 31}, {1, 0, 9},  {1, 9, 1},
    {1, 10, 3}, {1, 13, 6}, {1, 19, 1}, {1, 20, 1}, {1, 21, 6},
    {1, 27, 1}, {{{1, 28, 7}, {}}},                  {},
    {1, 35, 1}, {{{1, 0, 10}, {1, 13, 7}, {1, 21, 14}, {}}},
    true};
// 9303-4 §4.2.2: TD3.
constexpr Layout kTd3 = {
    {0, 0, 2},  {0, 2, 3},  {0, 5, 39}, {1, 0, 9},  {1, 9, 1},
    {1, 10, 3}, {1, 13, 6}, {1, 19, 1}, {1, 20, 1}, {1, 21, 6},
    {1, 27, 1}, {{{1, 28, 14}, {}}},                 {1, 42, 1},
    {1, 43, 1}, {{{1, 0, 10}, {1, 13, 7}, {1, 21, 22}, {}}},
    false};
// 9303-7 §4.2.2: MRV-A, no composite check digit.
constexpr Layout kMrvA = {
    {0, 0, 2},  {0, 2, 3},  {0, 5, 39}, {1, 0, 9},  {1, 9, 1},
    {1, 10, 3}, {1, 13, 6}, {1, 19, 1}, {1, 20, 1}, {1, 21, 6},
    {1, 27, 1}, {{{1, 28, 16}, {}}},                 {},
    {},         {},
    false};
// 9303-7 §4.2.2: MRV-B.
constexpr Layout kMrvB = {
    {0, 0, 2},  {0, 2, 3},  {0, 5, 31}, {1, 0, 9},  {1, 9, 1},
    {1, 10, 3}, {1, 13, 6}, {1, 19, 1}, {1, 20, 1}, {1, 21, 6},
    {1, 27, 1}, {{{1, 28, 8}, {}}},                  {},
    {},         {},
    false};

const Layout& LayoutOf(MrzFormat format) {
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
constexpr bool IsMrzChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr std::array<uint8_t, 256> MakeNotMrzChar() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<size_t>(c)] = IsMrzChar(static_cast<char>(c)) ? 0 : 1;
  return t;
}
constexpr std::array<uint8_t, 256> kNotMrzChar = MakeNotMrzChar();

// Fields that hold letters only (9303-3 §4.3: names and codes are alphabetic).
bool IsAlphabetic(MrzField f) {
  return f == MrzField::kDocumentCode || f == MrzField::kIssuingState || f == MrzField::kName ||
         f == MrzField::kNationality;
}

std::string_view StripTrailingFillers(std::string_view s) {
  while (!s.empty() && s.back() == '<') s.remove_suffix(1);
  return s;
}
std::string_view StripFillers(std::string_view s) {
  while (!s.empty() && s.front() == '<') s.remove_prefix(1);
  return StripTrailingFillers(s);
}

// 9303-3 §4.6: fillers separate name components; one or more become a space.
std::string FillersToSpaces(std::string_view s) {
  s = StripFillers(s);
  std::string out;
  out.reserve(s.size());
  bool gap = false;
  for (char c : s) {
    if (c == '<') {
      gap = true;
      continue;
    }
    if (gap) out.push_back(' ');
    gap = false;
    out.push_back(c);
  }
  return out;
}

std::string Quoted(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto u = static_cast<unsigned char>(c);
    return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15];
  }
  return std::string("'") + c + "'";
}

class Parser {
 public:
  Parser(const NormalizedMrz& mrz, const MrzOptions& options, MrzDocument& doc)
      : mrz_(mrz), options_(options), layout_(LayoutOf(mrz.format)), doc_(doc) {}

  void Run() {
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
  std::string_view At(Span s) const {
    return mrz_.Line(s.line).substr(static_cast<size_t>(s.start), static_cast<size_t>(s.length));
  }

  void AddError(Span s, MrzField field, const char* code, std::string message) {
    doc_.errors.push_back(MrzIssue{s.line + 1, s.start + 1, field, code, std::move(message)});
  }
  void AddWarning(Span s, MrzField field, const char* code, std::string message) {
    doc_.warnings.push_back(MrzIssue{s.line + 1, s.start + 1, field, code, std::move(message)});
  }

  // Records one check digit; `filler_ok` accepts '<' for an unused field.
  void Verify(MrzField field, char expected, Span at, bool filler_ok) {
    const char found = At(at)[0];
    const bool ok = found == expected || (filler_ok && found == '<');
    doc_.check_digits.push_back(CheckDigit{field, expected, found, ok, at.line + 1, at.start + 1});
    if (!ok) {
      AddError(at, field, "check_digit",
               std::string("check digit of ") + std::string(MrzFieldName(field)) + " should be '" +
                   expected + "', the MRZ has " + Quoted(found));
    }
  }

  void CopyLines() {
    doc_.format = mrz_.format;
    doc_.line_count = mrz_.line_count;
    doc_.line_length = mrz_.line_length;
    doc_.text.reserve(static_cast<size_t>(mrz_.line_count * (mrz_.line_length + 1)));
    for (int k = 0; k < mrz_.line_count; ++k) {
      if (k > 0) doc_.text.push_back('\n');
      doc_.text.append(mrz_.Line(k));
    }
    doc_.check_digits.reserve(5);
  }

  void CheckCharacters() {
    // Fast path: a clean zone has only MRZ characters, and no digits in the
    // alphabetic fields. Only when that fails is each character attributed.
    const std::string_view all(mrz_.chars.data(),
                               static_cast<size_t>(mrz_.line_count * mrz_.line_length));
    // One table load per byte, no branches: 1 for bytes outside the alphabet.
    unsigned bad = 0;
    for (char c : all) bad |= kNotMrzChar[static_cast<unsigned char>(c)];
    for (Span span : {layout_.document_code, layout_.issuing_state, layout_.name,
                      layout_.nationality}) {
      for (char c : At(span)) bad |= static_cast<unsigned char>(c - '0') < 10U;
    }
    if (bad == 0) return;
    for (int k = 0; k < mrz_.line_count; ++k) {
      const std::string_view line = mrz_.Line(k);
      for (int i = 0; i < mrz_.line_length; ++i) {
        const char c = line[static_cast<size_t>(i)];
        if (IsMrzChar(c) && !IsDigit(c)) continue;
        const MrzField field = FieldAt(layout_, k, i);
        if (IsMrzChar(c) && !IsAlphabetic(field)) continue;
        const std::string what = IsMrzChar(c) ? "a digit" : Quoted(c);
        AddError(Span{k, i, 1}, field, "invalid_character",
                 what + " is not allowed in " + std::string(MrzFieldName(field)) +
                     (IsMrzChar(c) ? " (letters and '<' only)" : " (A-Z, 0-9 and '<' only)"));
      }
    }
  }

  void ReadCodes() {
    doc_.document_code = StripTrailingFillers(At(layout_.document_code));
    // 9303-4..7 §4.2.2: P for passports, V for visas, A, C or I for the
    // other official travel documents.
    const char kind = At(layout_.document_code)[0];
    bool expected = false;
    switch (doc_.format) {
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
      AddWarning(layout_.document_code, MrzField::kDocumentCode, "unexpected_document_code",
                 "document code " + Quoted(kind) + " is unusual for a " +
                     std::string(MrzFormatName(doc_.format)) + " document");
    }
    ReadCode(layout_.issuing_state, MrzField::kIssuingState, doc_.issuing_state);
    ReadCode(layout_.nationality, MrzField::kNationality, doc_.nationality);
  }

  void ReadCode(Span span, MrzField field, std::string& out) {
    const std::string_view raw = At(span);
    out = StripTrailingFillers(raw);
    if (IsIcaoCode(raw)) return;
    for (char c : raw) {
      if (!IsMrzChar(c) || IsDigit(c)) return;  // reported as invalid_character
    }
    AddWarning(span, field, "unknown_code",
               std::string(MrzFieldName(field)) + " '" + std::string(raw) +
                   "' is not on the ICAO 9303 code list");
  }

  void ReadName() {
    const std::string_view field = At(layout_.name);
    // 9303-3 §4.6.5: a name that fills the field to the last position may
    // have been truncated.
    doc_.name_truncated = field.back() != '<';
    const std::string_view name = StripTrailingFillers(field);
    const size_t separator = name.find("<<");
    if (separator == std::string_view::npos) {
      doc_.surname = FillersToSpaces(name);
    } else {
      doc_.surname = FillersToSpaces(name.substr(0, separator));
      doc_.given_names = FillersToSpaces(name.substr(separator + 2));
    }
    if (doc_.name_truncated) {
      AddWarning(Span{layout_.name.line, layout_.name.start + layout_.name.length - 1, 1},
                 MrzField::kName, "name_truncated",
                 "the name fills its field and may be truncated");
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
        doc_.document_number.reserve(number.size() + extra.size());
        doc_.document_number.append(number);
        doc_.document_number.append(extra);
        doc_.document_number = std::string(StripTrailingFillers(doc_.document_number));
        long_number_length_ = static_cast<int>(length);
        check = Span{optional.line, optional.start + static_cast<int>(length) - 1, 1};
        Verify(MrzField::kDocumentNumber, ComputeCheckDigit({number, extra}), check, false);
        return;
      }
    }
    doc_.document_number = StripTrailingFillers(number);
    Verify(MrzField::kDocumentNumber, ComputeCheckDigit(number), check, false);
  }

  void ReadDate(Span span, Span check, MrzField field, MrzDateKind kind, MrzDate& out) {
    const std::string_view raw = At(span);
    out = ParseMrzDate(raw, kind, options_.today);
    Verify(field, ComputeCheckDigit(raw), check, false);
    if (out.state == MrzDate::State::kInvalid) {
      AddError(span, field, "invalid_date",
               std::string(MrzFieldName(field)) + " '" + std::string(raw) +
                   "' is not a date (YYMMDD, '<<' for an unknown part)");
    } else if (out.state == MrzDate::State::kPartial) {
      const int column = static_cast<int>(raw.find('<'));
      AddWarning(Span{span.line, span.start + column, 1}, field, "unknown_date_part",
                 std::string(MrzFieldName(field)) + " has unknown parts: '" + std::string(raw) +
                     "'");
    }
  }

  void ReadDates() {
    ReadDate(layout_.birth_date, layout_.birth_date_check, MrzField::kBirthDate,
             MrzDateKind::kBirth, doc_.birth_date);
    ReadDate(layout_.expiry_date, layout_.expiry_date_check, MrzField::kExpiryDate,
             MrzDateKind::kExpiry, doc_.expiry_date);
    if (doc_.birth_date.complete() && doc_.expiry_date.complete() &&
        chrono::sys_days(doc_.birth_date.ToYmd()) > chrono::sys_days(doc_.expiry_date.ToYmd())) {
      AddError(layout_.birth_date, MrzField::kBirthDate, "birth_after_expiry",
               "the date of birth " + doc_.birth_date.Iso() + " is after the date of expiry " +
                   doc_.expiry_date.Iso());
    }
  }

  void ReadSex() {
    const char c = At(layout_.sex)[0];
    doc_.sex = c;
    // 9303-3 §4.2.2: F, M, or X / '<' for unspecified.
    if (c == 'M' || c == 'F' || c == 'X' || c == '<' || !IsMrzChar(c)) return;
    AddError(layout_.sex, MrzField::kSex, "invalid_sex",
             "sex " + Quoted(c) + " is not one of F, M, X or '<'");
  }

  void ReadOptionalData() {
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
      Verify(MrzField::kOptionalData, ComputeCheckDigit(data), layout_.optional_data_check,
             StripTrailingFillers(data).empty());
    }
  }

  void ReadComposite() {
    if (layout_.composite_check.length == 0) return;
    const auto& p = layout_.composite_parts;
    const char expected =
        p[3].length > 0 ? ComputeCheckDigit({At(p[0]), At(p[1]), At(p[2]), At(p[3])})
                        : ComputeCheckDigit({At(p[0]), At(p[1]), At(p[2])});
    Verify(MrzField::kComposite, expected, layout_.composite_check, false);
  }

  void RunChecks() {
    const chrono::sys_days today(options_.today);
    MrzChecks& checks = doc_.checks;
    if (doc_.expiry_date.complete()) {
      const int days = static_cast<int>(
          (chrono::sys_days(doc_.expiry_date.ToYmd()) - today).count());
      checks.days_to_expiry = days;
      checks.expired = days < 0;
      checks.expiring = !checks.expired && days <= options_.expiring_within_days;
      if (checks.expired) {
        AddWarning(layout_.expiry_date, MrzField::kExpiryDate, "expired",
                   "the document expired on " + doc_.expiry_date.Iso());
      } else if (checks.expiring) {
        AddWarning(layout_.expiry_date, MrzField::kExpiryDate, "expiring",
                   "the document expires in " + std::to_string(days) + " day" +
                       (days == 1 ? "" : "s") + ", on " + doc_.expiry_date.Iso());
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
        AddWarning(layout_.birth_date, MrzField::kBirthDate, "under_18",
                   std::string(birth.complete() ? "the holder is" : "the holder may be") +
                       " under " + std::to_string(options_.adult_age));
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
  const Layout& layout_;
  MrzDocument& doc_;
  int long_number_length_ = 0;  // characters of the number (with its check) in optional data
};

}  // namespace

core::Result<MrzDocument> ParseMrz(std::string_view text, const MrzOptions& options) {
  GUOMEN_ASSIGN_OR_RETURN(NormalizedMrz mrz, NormalizeMrz(text));
  // Filled in place: the document is moved only while it is still empty.
  core::Result<MrzDocument> result{MrzDocument{}};
  result->normalizations = std::move(mrz.notes);
  Parser(mrz, options, *result).Run();
  return result;
}

}  // namespace guomen::documents
