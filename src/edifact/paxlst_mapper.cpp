#include "edifact/paxlst_mapper.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace guomen::edifact {
namespace {

namespace chrono = std::chrono;

// Where in the PAXLST structure the next segment is read.
enum class Region { kHeader, kLeg, kPerson, kDocument, kTrailer };

// Segments the PAXLST directory defines in groups 4 and 5 that carry nothing
// the engine maps (measurements, processing indicators, free text ...).
bool IsKnownUnmapped(std::string_view tag) {
  return tag == "MEA" || tag == "GEI" || tag == "FTX" || tag == "COM" || tag == "EMP" ||
         tag == "CPI" || tag == "QTY" || tag == "CTA";
}

ListType RoleCategory(std::string_view role, bool& in_transit, bool& known) {
  // WCO/IATA/ICAO PAXLST guide, NAD 3035: FL passenger, FM crew member,
  // DDT in-transit passenger, DDU in-transit crew member.
  known = true;
  in_transit = role == "DDT" || role == "DDU";
  if (role == "FL" || role == "DDT") return ListType::kPassenger;
  if (role == "FM" || role == "DDU") return ListType::kCrew;
  known = false;
  return ListType::kUnknown;
}

std::string JoinComponents(const Segment& s, size_t element, size_t from, size_t to) {
  std::string out;
  for (size_t c = from; c <= to; ++c) {
    const std::string_view v = s.Value(element, c);
    if (v.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(v);
  }
  return out;
}

class MessageMapper {
 public:
  MessageMapper(const TokenizedInterchange& tokens, const MessageEnvelope& env,
                std::optional<chrono::year_month_day> reference)
      : tokens_(tokens), env_(env), reference_(reference) {}

  PaxlstMessage Run() {
    m_.segment = env_.segment;
    m_.reference = env_.reference;
    m_.message_type = env_.type;
    m_.version = env_.version + env_.release;
    m_.association = env_.association;
    const size_t end = std::min(env_.last, tokens_.segments.size());
    size_t nads = 0;
    for (size_t i = env_.first + 1; i < end; ++i) nads += tokens_.segments[i].tag == "NAD" ? 1 : 0;
    m_.persons.reserve(nads);
    for (size_t i = env_.first + 1; i < end; ++i) {
      const Segment& s = tokens_.segments[i];
      if (s.tag == "UNT") break;
      Dispatch(s);
    }
    Finish();
    // Envelope issues first, then ours, in segment order.
    std::vector<EdifactIssue> all = env_.issues;
    all.insert(all.end(), std::make_move_iterator(issues_.begin()),
               std::make_move_iterator(issues_.end()));
    std::stable_sort(all.begin(), all.end(), [](const EdifactIssue& a, const EdifactIssue& b) {
      return a.segment < b.segment;
    });
    m_.issues = std::move(all);
    m_.verdict = VerdictOf(m_.issues);
    return std::move(m_);
  }

 private:
  void Add(Severity sev, const Segment& s, int element, int component, std::string code,
           std::string message) {
    EdifactIssue i;
    i.severity = sev;
    i.segment = s.number;
    i.tag = s.tag;
    i.element = element;
    i.component = component;
    i.code = std::move(code);
    i.message = std::move(message);
    issues_.push_back(std::move(i));
  }

  std::optional<chrono::year_month_day> CenturyReference() const {
    if (reference_) return reference_;
    for (const Leg& leg : m_.legs) {
      if (leg.departure.datetime) return leg.departure.datetime->date;
    }
    return std::nullopt;
  }

  // Reads DTM C507 (qualifier, value, format); reports an unreadable value.
  std::optional<EdifactDateTime> ReadDate(const Segment& s, CenturyRule rule) {
    std::string_view value = s.Value(1, 2);
    // Some carriers pad the value ("DTM+232: 1306212200:201").
    const size_t first = value.find_first_not_of(' ');
    if (first != 0 && first != std::string_view::npos) {
      Add(Severity::kWarning, s, 1, 2, "padded_value", "spaces before the date were removed");
      value.remove_prefix(first);
    }
    if (value.empty()) {
      Add(Severity::kWarning, s, 1, 2, "missing_element", "DTM has no date");
      return std::nullopt;
    }
    auto parsed = ParseEdifactDateTime(value, s.Value(1, 3), rule, CenturyReference());
    if (!parsed) {
      Add(Severity::kWarning, s, 1, 2, "invalid_date",
          "the date is not a calendar date in format " +
              (s.Value(1, 3).empty() ? std::string("(none)") : std::string(s.Value(1, 3))));
    }
    return parsed;
  }

  void Dispatch(const Segment& s) {
    const std::string& tag = s.tag;
    if (tag == "BGM") return Bgm(s);
    if (tag == "TDT") return Tdt(s);
    if (tag == "NAD") return Nad(s);
    if (tag == "CNT") return Cnt(s);
    if (tag == "DOC") return Doc(s);
    if (tag == "LOC") return Loc(s);
    if (tag == "DTM") return Dtm(s);
    if (tag == "RFF") return Rff(s);
    if (tag == "ATT") return Att(s);
    if (tag == "NAT") return Nat(s);
    if (tag == "COM" && region_ == Region::kHeader && reporting_party_seen_) {
      for (size_t e = 1; e <= s.elements.size(); ++e) {
        if (s.Value(e).empty()) continue;
        m_.contacts.push_back(std::string(s.Value(e, 1)) + ":" + std::string(s.Value(e, 2)));
      }
      return;
    }
    if (IsKnownUnmapped(tag)) return;
    // A malformed tag was reported by the tokenizer already.
    const bool well_formed = tag.size() == 3 && std::all_of(tag.begin(), tag.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
    if (!well_formed) return;
    Add(Severity::kWarning, s, 0, 0, "unexpected_segment",
        "segment " + tag + " is not part of a PAXLST message and was ignored");
  }

  void Bgm(const Segment& s) {
    if (bgm_seen_) {
      Add(Severity::kWarning, s, 0, 0, "repeated_segment", "a second BGM was ignored");
      return;
    }
    bgm_seen_ = true;
    m_.document_code = s.Value(1, 1);
    m_.document_id = s.Value(2, 1);
    const std::string_view function = s.Value(3, 1);
    const std::string& code = m_.document_code;
    // WCO/IATA/ICAO guide, BGM 1001: 745 passenger list, 250 crew list
    // declaration, 336 master crew list, 266 flight close-out, 655 gate pass.
    if (code == "745" || code == "266" || code == "655") {
      m_.list_type = ListType::kPassenger;
    } else if (code == "250" || code == "336") {
      m_.list_type = ListType::kCrew;
    } else if (code.empty()) {
      Add(Severity::kError, s, 1, 1, "missing_element", "BGM has no document name code");
    } else {
      Add(Severity::kWarning, s, 1, 1, "unknown_code",
          "BGM document name code " + code +
              " is not a passenger or crew list code (745, 250, 266, 336, 655)");
    }
    // Changes: 1004 "C", "CP", "CC" ... (not the close-out codes CL..), or
    // the message function 1225 4 (change) / 5 (replace).
    const std::string& id = m_.document_id;
    m_.change = (!id.empty() && id[0] == 'C' && id.rfind("CL", 0) != 0) || function == "4" ||
                function == "5";
  }

  void Tdt(const Segment& s) {
    if (region_ == Region::kPerson || region_ == Region::kDocument) {
      Add(Severity::kWarning, s, 0, 0, "segment_order",
          "TDT after the first person: the leg was read, but the order is wrong");
    }
    region_ = Region::kLeg;
    last_point_ = nullptr;
    Leg leg;
    leg.segment = s.number;
    leg.transport_id = s.Value(2, 1);
    leg.carrier = s.Value(5, 1);
    if (leg.transport_id.empty()) {
      Add(Severity::kError, s, 2, 1, "missing_element",
          "TDT has no conveyance reference (flight, voyage or train number)");
    }
    if (m_.legs.empty()) {
      m_.transport_id = leg.transport_id;
      m_.carrier = leg.carrier;
    }
    m_.legs.push_back(std::move(leg));
  }

  void Nad(const Segment& s) {
    const std::string_view role = s.Value(1, 1);
    if (role == "MS") {
      if (region_ != Region::kHeader) {
        Add(Severity::kWarning, s, 0, 0, "segment_order",
            "the reporting party (NAD+MS) should precede the legs and persons");
      }
      reporting_party_seen_ = true;
      m_.reporting_party = JoinComponents(s, 4, 1, 5);
      if (m_.reporting_party.empty()) m_.reporting_party = s.Value(2, 1);
      return;
    }
    bool in_transit = false;
    bool known = false;
    const ListType category = RoleCategory(role, in_transit, known);
    if (!known && region_ == Region::kHeader) {
      Add(Severity::kInfo, s, 1, 1, "unmapped_party",
          "a header party with role " + std::string(role) + " was not mapped");
      return;
    }
    if (!known) {
      Add(Severity::kWarning, s, 1, 1, "unknown_code",
          role.empty() ? std::string("NAD has no party function code; read as a person")
                       : "NAD party function " + std::string(role) +
                             " is not FL, FM, DDT or DDU; read as a person");
    }
    if (region_ == Region::kHeader && m_.legs.empty()) {
      Add(Severity::kError, s, 0, 0, "missing_segment",
          "a person before any TDT: the message has no leg");
      no_leg_reported_ = true;
    }
    region_ = Region::kPerson;
    Person p;
    p.segment = s.number;
    p.role = role;
    p.category = category;
    p.in_transit = in_transit;
    p.surname = s.Value(4, 1);
    p.given_names = JoinComponents(s, 4, 2, 5);
    if (p.surname.empty()) {
      Add(Severity::kError, s, 4, 1, "missing_element", "the person has no surname");
    }
    p.address.street = JoinComponents(s, 5, 1, 4);
    p.address.city = s.Value(6, 1);
    p.address.region = JoinComponents(s, 7, 1, 4);
    p.address.postcode = s.Value(8, 1);
    p.address.country = s.Value(9, 1);
    m_.persons.push_back(std::move(p));
  }

  Person* CurrentPerson(const Segment& s) {
    if (m_.persons.empty() || (region_ != Region::kPerson && region_ != Region::kDocument)) {
      Add(Severity::kWarning, s, 0, 0, "segment_order",
          s.tag + " outside a person's group was ignored");
      return nullptr;
    }
    return &m_.persons.back();
  }

  void Att(const Segment& s) {
    Person* p = CurrentPerson(s);
    if (p == nullptr) return;
    // ATT 9017 "2": gender, in C956/9019.
    if (s.Value(1) != "2") return;
    const std::string_view sex = s.Value(3, 1);
    p->sex = sex;
    if (!(sex == "M" || sex == "F" || sex == "U" || sex == "X")) {
      Add(Severity::kWarning, s, 3, 1, "unknown_code", "the gender is not M, F, U or X");
    }
  }

  void Nat(const Segment& s) {
    Person* p = CurrentPerson(s);
    if (p == nullptr) return;
    const std::string_view nat = s.Value(2, 1);
    if (nat.empty()) {
      Add(Severity::kWarning, s, 2, 1, "missing_element", "NAT has no nationality code");
      return;
    }
    if (p->nationality.empty()) p->nationality = nat;
  }

  void Rff(const Segment& s) {
    Reference r{std::string(s.Value(1, 1)), std::string(s.Value(1, 2))};
    if (region_ == Region::kHeader || region_ == Region::kLeg) {
      m_.references.push_back(std::move(r));
      return;
    }
    Person* p = CurrentPerson(s);
    if (p == nullptr) return;
    // AVF: the reservation (PNR locator); persons booked together share it.
    if (r.qualifier == "AVF" && p->booking_reference.empty()) p->booking_reference = r.value;
    p->references.push_back(std::move(r));
  }

  void Doc(const Segment& s) {
    Person* p = CurrentPerson(s);
    if (p == nullptr) return;
    region_ = Region::kDocument;
    TravelDocument d;
    d.segment = s.number;
    d.type = s.Value(1, 1);
    d.number = s.Value(2, 1);
    if (d.number.empty()) {
      Add(Severity::kWarning, s, 2, 1, "missing_element", "DOC has no document number");
    }
    if (d.type.empty()) {
      Add(Severity::kWarning, s, 1, 1, "missing_element", "DOC has no document type");
    }
    p->documents.push_back(std::move(d));
  }

  void Loc(const Segment& s) {
    const std::string_view q = s.Value(1, 1);
    const std::string_view where = s.Value(2, 1);
    if (region_ == Region::kHeader) return;  // message-level LOC: nothing to map
    if (region_ == Region::kLeg) {
      Leg& leg = m_.legs.back();
      // Guide §4.9: 125 last place of departure, 87 first place of arrival;
      // 92 routing (progressive flights): departure, then arrival.
      if (where.empty()) {
        Add(Severity::kWarning, s, 2, 1, "missing_element", "LOC has no location");
      }
      if (q == "125") {
        leg.departure.location = where;
        last_point_ = &leg.departure;
      } else if (q == "87") {
        leg.arrival.location = where;
        last_point_ = &leg.arrival;
      } else if (q == "92") {
        LegPoint& pt = leg.departure.location.empty() ? leg.departure : leg.arrival;
        pt.location = where;
        last_point_ = &pt;
      } else {
        last_point_ = nullptr;
      }
      return;
    }
    Person* p = CurrentPerson(s);
    if (p == nullptr) return;
    if (q == "91") {
      if (region_ == Region::kDocument && !p->documents.empty()) {
        p->documents.back().issuing_state = where;
      } else {
        Add(Severity::kWarning, s, 1, 1, "segment_order",
            "LOC+91 (document issuing country) outside a DOC group was ignored");
      }
      return;
    }
    if (where.empty() && q != "180") {
      Add(Severity::kWarning, s, 2, 1, "missing_element", "LOC has no location");
      return;
    }
    // Guide §4.17: 178 embarkation, 179 debarkation, 174 country of
    // residence, 180 place of birth, 22 place of clearance.
    if (q == "178") {
      p->embarkation = where;
    } else if (q == "179") {
      p->debarkation = where;
    } else if (q == "174") {
      p->residence_country = where;
    } else if (q == "180") {
      p->birth_country = where;
      p->birth_place = s.Value(2, 4);
    } else if (q == "22") {
      p->clearance = where;
    }
  }

  void Dtm(const Segment& s) {
    const std::string_view q = s.Value(1, 1);
    if (region_ == Region::kHeader || region_ == Region::kTrailer) return;
    if (region_ == Region::kLeg) {
      Leg& leg = m_.legs.back();
      if (q == "189") {
        leg.departure.datetime = ReadDate(s, CenturyRule::kNear);
      } else if (q == "232") {
        leg.arrival.datetime = ReadDate(s, CenturyRule::kNear);
      } else if (last_point_ != nullptr && !last_point_->datetime) {
        last_point_->datetime = ReadDate(s, CenturyRule::kNear);
      }
      return;
    }
    Person* p = CurrentPerson(s);
    if (p == nullptr) return;
    if (region_ == Region::kDocument) {
      TravelDocument& d = p->documents.back();
      if (q == "36") {
        d.expiry_date = ReadDate(s, CenturyRule::kNear);
      } else if (q == "182") {
        d.issue_date = ReadDate(s, CenturyRule::kPast);
      } else if (q == "329") {
        // A birth date after the DOC: misplaced but unambiguous.
        p->birth_date = ReadDate(s, CenturyRule::kPast);
      }
      return;
    }
    if (q == "329") {
      p->birth_date = ReadDate(s, CenturyRule::kPast);
    } else if (q == "171") {
      // 2005 code 171 "reference date/time": the date of the booking (RFF+AVF).
      p->booking_date = ReadDate(s, CenturyRule::kNear);
    }
  }

  void Cnt(const Segment& s) {
    region_ = Region::kTrailer;
    ControlTotal t;
    t.segment = s.number;
    t.qualifier = s.Value(1, 1);
    std::string_view value = s.Value(1, 2);
    if (value.empty() && !s.Value(2).empty()) {
      Add(Severity::kWarning, s, 2, 1, "malformed_segment",
          "the CNT total is in data element 2 instead of C270 component 2");
      value = s.Value(2, 1);
    }
    long v = 0;
    bool ok = !value.empty() && value.size() <= 9;
    for (char c : value) {
      if (c < '0' || c > '9') ok = false;
      if (ok) v = v * 10 + (c - '0');
    }
    if (!ok) {
      Add(Severity::kWarning, s, 1, 2, "invalid_number", "the CNT total is not a number");
      return;
    }
    t.value = v;
    m_.totals.push_back(std::move(t));
  }

  void Finish() {
    const Segment& unh = tokens_.segments[env_.first];
    if (!bgm_seen_) {
      Add(Severity::kError, unh, 0, 0, "missing_segment", "the message has no BGM segment");
    }
    if (m_.legs.empty() && !no_leg_reported_) {
      Add(Severity::kError, unh, 0, 0, "missing_segment", "the message has no TDT segment");
    }
    if (m_.persons.empty()) {
      Add(Severity::kWarning, unh, 0, 0, "no_persons", "the message lists no person");
    }
    if (m_.list_type == ListType::kUnknown) {
      // Fall back on the persons' roles.
      size_t crew = 0;
      size_t pax = 0;
      for (const Person& p : m_.persons) {
        crew += p.category == ListType::kCrew ? 1 : 0;
        pax += p.category == ListType::kPassenger ? 1 : 0;
      }
      if (crew + pax > 0) m_.list_type = crew > pax ? ListType::kCrew : ListType::kPassenger;
    }
    for (const ControlTotal& t : m_.totals) {
      ListType counted = t.qualifier == "42"   ? ListType::kPassenger
                         : t.qualifier == "41" ? ListType::kCrew
                                               : ListType::kUnknown;
      if (counted == ListType::kUnknown) continue;
      long n = 0;
      for (const Person& p : m_.persons) n += p.category == counted ? 1 : 0;
      const Segment& s = tokens_.segments[static_cast<size_t>(t.segment - 1)];
      const std::string what = counted == ListType::kPassenger ? "passengers" : "crew members";
      if (n > t.value) {
        Add(Severity::kWarning, s, 1, 2, "control_total",
            "CNT+" + t.qualifier + " declares " + std::to_string(t.value) + " " + what +
                " but the message lists " + std::to_string(n));
      } else if (n < t.value) {
        // The guide's totals are per flight; a list may be split over
        // several messages, so fewer here is not an error.
        Add(Severity::kInfo, s, 1, 2, "control_total",
            "CNT+" + t.qualifier + " declares " + std::to_string(t.value) + " " + what +
                " for the flight; this message lists " + std::to_string(n));
      }
    }
  }

  const TokenizedInterchange& tokens_;
  const MessageEnvelope& env_;
  std::optional<chrono::year_month_day> reference_;
  PaxlstMessage m_;
  std::vector<EdifactIssue> issues_;
  Region region_ = Region::kHeader;
  LegPoint* last_point_ = nullptr;
  bool bgm_seen_ = false;
  bool reporting_party_seen_ = false;
  bool no_leg_reported_ = false;
};

}  // namespace

bool IsSupportedPaxlst(const MessageEnvelope& envelope) {
  if (envelope.type != "PAXLST" || envelope.version != "D") return false;
  const std::string& r = envelope.release;
  if (r.size() != 3 || r[0] < '0' || r[0] > '9' || r[1] < '0' || r[1] > '9') return false;
  const int yy = (r[0] - '0') * 10 + (r[1] - '0');
  const int year = yy >= 90 ? 1900 + yy : 2000 + yy;
  const char letter = r[2];
  if (letter != 'A' && letter != 'B') return false;
  return year > 2002 || (year == 2002 && letter == 'B');
}

PaxlstMessage PaxlstMapper::Map(const TokenizedInterchange& tokens,
                                const MessageEnvelope& envelope) const {
  return MessageMapper(tokens, envelope, reference_date_).Run();
}

}  // namespace guomen::edifact
