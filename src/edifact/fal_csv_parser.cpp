#include "edifact/fal_csv_parser.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "edifact/ship_declaration.hpp"
#include "edifact/syntax_level.hpp"

namespace guomen::edifact {
namespace {

enum class Column {
  kIgnored,
  kFamilyName,
  kGivenNames,
  kNationality,
  kBirthDate,
  kBirthPlace,
  kGender,
  kRank,
  kDocumentType,
  kDocumentNumber,
  kIssuingState,
  kExpiryDate,
  kEmbarkation,
  kDebarkation,
  kTransit,
  kVisa,
  kHealthAnswer,  // health_<question>: yes/no (Maritime Declaration of Health)
  kTemperature,
  kBookingReference,
  kBookingDate,
};

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '-') c = '_';
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

Column ColumnOf(const std::string& name) {
  const std::string n = Lower(Trim(name));
  if (n == "family_name" || n == "surname") return Column::kFamilyName;
  if (n == "given_names" || n == "given_name") return Column::kGivenNames;
  if (n == "nationality") return Column::kNationality;
  if (n == "date_of_birth" || n == "birth_date") return Column::kBirthDate;
  if (n == "place_of_birth" || n == "birth_place") return Column::kBirthPlace;
  if (n == "gender" || n == "sex") return Column::kGender;
  if (n == "rank_or_rating" || n == "rank") return Column::kRank;
  if (n == "document_type" || n == "nature_of_identity_document") return Column::kDocumentType;
  if (n == "document_number" || n == "number_of_identity_document") return Column::kDocumentNumber;
  if (n == "issuing_state") return Column::kIssuingState;
  if (n == "expiry_date") return Column::kExpiryDate;
  if (n == "port_of_embarkation") return Column::kEmbarkation;
  if (n == "port_of_disembarkation" || n == "port_of_debarkation") return Column::kDebarkation;
  if (n == "transit") return Column::kTransit;
  if (n == "visa_number") return Column::kVisa;
  if (n.rfind("health_", 0) == 0 && IsHealthQuestion(n.substr(7))) return Column::kHealthAnswer;
  if (n == "temperature" || n == "body_temperature") return Column::kTemperature;
  if (n == "booking_reference") return Column::kBookingReference;
  if (n == "booking_date") return Column::kBookingDate;
  return Column::kIgnored;
}

// The ports-of-call table's columns.
enum class PortColumn { kIgnored, kPort, kCountry, kArrived, kDeparted };
PortColumn PortColumnOf(const std::string& name) {
  const std::string n = Lower(Trim(name));
  if (n == "port_of_call" || n == "port") return PortColumn::kPort;
  if (n == "country") return PortColumn::kCountry;
  if (n == "arrival_date" || n == "arrived") return PortColumn::kArrived;
  if (n == "departure_date" || n == "departed") return PortColumn::kDeparted;
  return PortColumn::kIgnored;
}

// A ship's file may open with its ports of call: a header naming
// port_of_call, its rows, then an empty line before the person list.
// Returns the length of that section (0 when there is none).
size_t PortsSectionLength(std::string_view in) {
  const size_t eol = in.find('\n');
  const std::string header = Lower(in.substr(0, eol));
  if (header.find("port_of_call") == std::string::npos) return 0;
  size_t pos = eol;
  while (pos != std::string_view::npos && pos < in.size()) {
    const size_t next = in.find('\n', pos + 1);
    const std::string_view line =
        in.substr(pos + 1, (next == std::string_view::npos ? in.size() : next) - pos - 1);
    if (Trim(line).empty() || Trim(line) == "\r") return pos + 1;
    pos = next;
  }
  return in.size();
}

double ParseCelsius(const std::string& v, bool& ok) {
  ok = false;
  if (v.empty() || v.size() > 8) return 0;
  size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);
  } catch (const std::exception&) {
    return 0;
  }
  ok = used == v.size() && d >= 30.0 && d <= 45.0;
  return d;
}

struct Row {
  int line = 0;
  std::vector<std::string> cells;
};

// RFC 4180 records. Returns false on an unterminated quote.
bool SplitRecords(std::string_view in, std::vector<Row>& rows, size_t max_rows, int& bad_line) {
  size_t i = 0;
  int line = 1;
  while (i < in.size()) {
    Row row;
    row.line = line;
    std::string cell;
    bool quoted = false;
    bool done = false;
    while (i < in.size() && !done) {
      const char c = in[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < in.size() && in[i + 1] == '"') {
            cell.push_back('"');
            i += 2;
          } else {
            quoted = false;
            ++i;
          }
        } else {
          if (c == '\n') ++line;
          cell.push_back(c);
          ++i;
        }
        continue;
      }
      if (c == '"' && Trim(cell).empty()) {
        cell.clear();
        quoted = true;
      } else if (c == ',') {
        row.cells.push_back(std::move(cell));
        cell.clear();
      } else if (c == '\n') {
        done = true;
        ++line;
      } else if (c != '\r') {
        cell.push_back(c);
      }
      ++i;
    }
    if (quoted) {
      bad_line = row.line;
      return false;
    }
    row.cells.push_back(std::move(cell));
    const bool blank = row.cells.size() == 1 && Trim(row.cells[0]).empty();
    if (!blank) rows.push_back(std::move(row));
    if (rows.size() > max_rows + 1) return true;
  }
  return true;
}

}  // namespace

core::Result<PaxlstMessage> ParseFalCsv(std::string_view csv, const FalCsvOptions& options) {
  if (csv.size() > options.max_input_bytes) {
    return core::Fail(core::ErrorCode::kTooLarge, "the list is larger than the size limit", "csv",
                      "too_large");
  }
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
  const size_t ports_length = PortsSectionLength(csv);
  std::vector<Row> port_rows;
  int bad_line = 0;
  if (ports_length > 0 &&
      !SplitRecords(csv.substr(0, ports_length), port_rows, options.max_rows, bad_line)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "a quoted field opened on line " + std::to_string(bad_line) +
                          " is never closed",
                      "csv", "bad_csv");
  }
  int line_offset = 0;
  for (size_t i = 0; i < ports_length; ++i) line_offset += csv[i] == '\n' ? 1 : 0;
  csv.remove_prefix(ports_length);
  std::vector<Row> rows;
  if (!SplitRecords(csv, rows, options.max_rows, bad_line)) {
    bad_line += line_offset;
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "a quoted field opened on line " + std::to_string(bad_line) +
                          " is never closed",
                      "csv", "bad_csv");
  }
  if (rows.size() > options.max_rows + 1) {
    return core::Fail(core::ErrorCode::kTooLarge,
                      "the list has more than " + std::to_string(options.max_rows) + " rows",
                      "csv", "too_large");
  }
  for (auto& r : rows) r.line += line_offset;
  if (rows.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "the list has no header row", "csv",
                      "bad_csv");
  }
  PaxlstMessage m;
  m.message_type = "FAL";
  auto add = [&m](Severity sev, int line, int column, std::string code, std::string message) {
    EdifactIssue i;
    i.severity = sev;
    i.segment = line;
    i.tag = "CSV";
    i.element = column;
    i.code = std::move(code);
    i.message = std::move(message);
    m.issues.push_back(std::move(i));
  };
  std::vector<Column> columns;
  bool has_family = false;
  bool crew = false;
  for (size_t c = 0; c < rows[0].cells.size(); ++c) {
    const Column col = ColumnOf(rows[0].cells[c]);
    columns.push_back(col);
    has_family = has_family || col == Column::kFamilyName;
    crew = crew || col == Column::kRank;
    if (col == Column::kIgnored) {
      add(Severity::kInfo, rows[0].line, static_cast<int>(c + 1), "unknown_column",
          "column " + std::to_string(c + 1) + " is not a FAL Form 5/6 field and was ignored");
    }
  }
  if (!has_family) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "the header row has no family_name (or surname) column", "csv", "bad_csv");
  }
  m.list_type = crew ? ListType::kCrew : ListType::kPassenger;
  m.document_code = crew ? "FAL5" : "FAL6";
  auto date = [&](const std::string& v, int line, int column, CenturyRule rule)
      -> std::optional<EdifactDateTime> {
    // ISO 8601 calendar dates only: YYYY-MM-DD.
    if (v.empty()) return std::nullopt;
    if (v.size() == 10 && v[4] == '-' && v[7] == '-') {
      auto d = ParseEdifactDateTime(v.substr(0, 4) + v.substr(5, 2) + v.substr(8, 2), "102", rule,
                                    std::nullopt);
      if (d) return d;
    }
    add(Severity::kError, line, column, "invalid_date",
        "column " + std::to_string(column) + " is not a date in the form YYYY-MM-DD");
    return std::nullopt;
  };
  if (!port_rows.empty()) {
    std::vector<PortColumn> pcols;
    for (size_t c = 0; c < port_rows[0].cells.size(); ++c) {
      pcols.push_back(PortColumnOf(port_rows[0].cells[c]));
      if (pcols.back() == PortColumn::kIgnored) {
        add(Severity::kInfo, port_rows[0].line, static_cast<int>(c + 1), "unknown_column",
            "column " + std::to_string(c + 1) + " is not a ports-of-call field and was ignored");
      }
    }
    for (size_t r = 1; r < port_rows.size(); ++r) {
      const Row& row = port_rows[r];
      PortOfCall pc;
      for (size_t c = 0; c < row.cells.size() && c < pcols.size(); ++c) {
        const std::string v = Trim(row.cells[c]);
        const int col = static_cast<int>(c + 1);
        switch (pcols[c]) {
          case PortColumn::kIgnored:
            break;
          case PortColumn::kPort:
            pc.port = v;
            break;
          case PortColumn::kCountry:
            pc.country = v;
            break;
          case PortColumn::kArrived:
            pc.arrived = date(v, row.line, col, CenturyRule::kNear);
            break;
          case PortColumn::kDeparted:
            pc.departed = date(v, row.line, col, CenturyRule::kNear);
            break;
        }
      }
      if (pc.port.empty() && pc.country.empty()) {
        add(Severity::kError, row.line, 0, "missing_element",
            "the port of call has neither a port nor a country");
        continue;
      }
      m.ports_of_call.push_back(std::move(pc));
    }
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    const Row& row = rows[r];
    Person p;
    p.segment = row.line;
    p.role = crew ? "FM" : "FL";
    p.category = m.list_type;
    TravelDocument doc;
    doc.segment = row.line;
    if (row.cells.size() != columns.size()) {
      add(Severity::kWarning, row.line, 0, "column_count",
          "the row has " + std::to_string(row.cells.size()) + " fields, the header " +
              std::to_string(columns.size()));
    }
    for (size_t c = 0; c < row.cells.size() && c < columns.size(); ++c) {
      std::string v = Trim(row.cells[c]);
      if (!IsValidUtf8(v)) {
        add(Severity::kWarning, row.line, static_cast<int>(c + 1), "encoding",
            "the field is not UTF-8; it was read as ISO 8859-1");
        v = ToUtf8(SyntaxLevel::kUnoc, v);
      }
      const int col = static_cast<int>(c + 1);
      switch (columns[c]) {
        case Column::kIgnored:
        case Column::kRank:
        case Column::kVisa:
          break;
        case Column::kFamilyName:
          p.surname = v;
          break;
        case Column::kGivenNames:
          p.given_names = v;
          break;
        case Column::kNationality:
          p.nationality = v;
          break;
        case Column::kBirthDate:
          p.birth_date = date(v, row.line, col, CenturyRule::kPast);
          break;
        case Column::kBirthPlace:
          p.birth_place = v;
          break;
        case Column::kGender:
          p.sex = v;
          if (!v.empty() && v != "M" && v != "F" && v != "U" && v != "X") {
            add(Severity::kWarning, row.line, col, "unknown_code",
                "the gender is not M, F, U or X");
          }
          break;
        case Column::kDocumentType:
          doc.type = v;
          break;
        case Column::kDocumentNumber:
          doc.number = v;
          break;
        case Column::kIssuingState:
          doc.issuing_state = v;
          break;
        case Column::kExpiryDate:
          doc.expiry_date = date(v, row.line, col, CenturyRule::kNear);
          break;
        case Column::kEmbarkation:
          p.embarkation = v;
          break;
        case Column::kDebarkation:
          p.debarkation = v;
          break;
        case Column::kHealthAnswer: {
          if (v.empty()) break;
          const std::string question = Lower(Trim(rows[0].cells[c])).substr(7);
          if (auto yes = ParseYesNo(v)) {
            p.health.answers.push_back(HealthAnswer{question, *yes});
          } else {
            add(Severity::kWarning, row.line, col, "unknown_code",
                "the answer to " + question + " is not yes or no; it was ignored");
          }
          break;
        }
        case Column::kTemperature: {
          if (v.empty()) break;
          bool ok = false;
          const double t = ParseCelsius(v, ok);
          if (ok) {
            p.health.temperature = t;
          } else {
            add(Severity::kWarning, row.line, col, "invalid_number",
                "the temperature is not degrees Celsius between 30 and 45; it was ignored");
          }
          break;
        }
        case Column::kBookingReference:
          p.booking_reference = v;
          break;
        case Column::kBookingDate:
          p.booking_date = date(v, row.line, col, CenturyRule::kNear);
          break;
        case Column::kTransit: {
          const std::string t = Lower(v);
          p.in_transit = t == "yes" || t == "y" || t == "true" || t == "1";
          break;
        }
      }
    }
    if (p.surname.empty()) {
      add(Severity::kError, row.line, 0, "missing_element", "the row has no family name");
    }
    if (!doc.number.empty() || !doc.type.empty()) p.documents.push_back(std::move(doc));
    // Answers in the questions' order, whatever the columns' order.
    std::stable_sort(p.health.answers.begin(), p.health.answers.end(),
                     [](const HealthAnswer& a, const HealthAnswer& b) {
                       const auto& q = HealthQuestions();
                       return std::find(q.begin(), q.end(), a.question) <
                              std::find(q.begin(), q.end(), b.question);
                     });
    m.persons.push_back(std::move(p));
  }
  if (m.persons.empty()) {
    add(Severity::kWarning, rows[0].line, 0, "no_persons", "the list has no rows");
  }
  m.verdict = VerdictOf(m.issues);
  return m;
}

}  // namespace guomen::edifact
