// What the edifact engine reads from a PAXLST message: the list (passenger or
// crew, new or changed), the conveyance and its legs, and every person with
// their attributes, places, references and travel documents. The
// advance-information service stores, screens and renders these values.
//
// Plain values, no invariants beyond what the comments say; strings are
// UTF-8 and empty when the message did not send the item.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "edifact/edifact_date.hpp"
#include "edifact/edifact_issue.hpp"
#include "edifact/ship_declaration.hpp"
#include "edifact/verdict.hpp"

namespace guomen::edifact {

enum class ListType { kPassenger, kCrew, kUnknown };
// "passenger" | "crew" | "unknown".
std::string_view ListTypeName(ListType type);

// RFF C506: a qualifier (AVF reservation, ABO passenger reference, AEA
// government reference, CR customer reference, SEA seat, TN transaction ...)
// and its value.
struct Reference {
  std::string qualifier;
  std::string value;
  bool operator==(const Reference&) const = default;
};

// DOC group (segment group 5): a travel document with its DTM and LOC.
struct TravelDocument {
  int segment = 0;            // the DOC segment's number
  std::string type;           // C002/1001: P passport, I identity card, V visa, A, C ...
  std::string number;         // C503/1004
  std::string issuing_state;  // LOC+91
  std::optional<EdifactDateTime> expiry_date;  // DTM+36
  std::optional<EdifactDateTime> issue_date;   // DTM+182
};

// NAD address elements of a person (C059 street, 3164 city, C819 region,
// 3251 postcode, 3207 country).
struct Address {
  std::string street;
  std::string city;
  std::string region;
  std::string postcode;
  std::string country;
  bool Empty() const {
    return street.empty() && city.empty() && region.empty() && postcode.empty() && country.empty();
  }
};

// Segment group 4: one passenger or crew member.
struct Person {
  int segment = 0;   // the NAD segment's number
  std::string role;  // NAD 3035 as sent: FL, FM, DDT, DDU, COT ...
  ListType category = ListType::kUnknown;  // from the role
  bool in_transit = false;                 // DDT / DDU
  std::string surname;                     // C080 component 1
  std::string given_names;                 // C080 components 2-5, space-separated
  std::optional<EdifactDateTime> birth_date;  // DTM+329
  std::string sex;                            // ATT+2: M, F, U or X as sent
  std::string nationality;                    // NAT+2
  std::string embarkation;                    // LOC+178
  std::string debarkation;                    // LOC+179
  std::string clearance;                      // LOC+22: where the person clears
  std::string residence_country;              // LOC+174
  std::string birth_country;                  // LOC+180 component 1
  std::string birth_place;                    // LOC+180 component 4 (place name)
  Address address;
  std::vector<Reference> references;
  std::vector<TravelDocument> documents;
  // The booking: RFF+AVF (reservation / PNR locator) and the DTM+171
  // (reference date) of the person's group, the date the booking was made.
  std::string booking_reference;
  std::optional<EdifactDateTime> booking_date;
  // Ships: the person's answers on the Maritime Declaration of Health.
  HealthDeclaration health;
};

// A place and time of a leg (segment group 3: LOC and DTM).
struct LegPoint {
  std::string location;  // IATA/UN LOCODE as sent
  std::optional<EdifactDateTime> datetime;
};

// Segment group 2: TDT and its places.
struct Leg {
  int segment = 0;           // the TDT segment's number
  std::string transport_id;  // TDT 8028: flight number, voyage, train number
  std::string carrier;       // TDT C040/3127, empty when not sent
  LegPoint departure;        // LOC+125 (or the first LOC+92) with DTM+189
  LegPoint arrival;          // LOC+87 (or the second LOC+92) with DTM+232
};

// CNT: a control total as sent (41 crew, 42 passengers).
struct ControlTotal {
  int segment = 0;
  std::string qualifier;
  long value = 0;
};

// One UNH ... UNT, whether or not it is a PAXLST the engine reads.
struct PaxlstMessage {
  int segment = 0;             // the UNH segment's number
  std::string reference;       // UNH 0062; with the interchange reference, the resend key
  std::string message_type;    // "PAXLST"
  std::string version;         // "D05B"
  std::string association;     // "IATA"
  std::string group_reference;  // UNG 0048 when inside a group
  Verdict verdict = Verdict::kValid;
  // Every finding inside the message and about its UNH/UNT, in segment order.
  std::vector<EdifactIssue> issues;

  std::string document_code;  // BGM C002/1001: 745, 250, 266, 336, 655 ...
  std::string document_id;    // BGM C106/1004, e.g. "C", "CP" (changes)
  ListType list_type = ListType::kUnknown;
  bool change = false;  // a change to an earlier list (BGM 1004 starting with C, or 1225 4/5)
  std::string reporting_party;            // NAD+MS name
  std::vector<std::string> contacts;      // COM of the reporting party, "number:TE"
  std::vector<Reference> references;      // header RFF (TN transaction reference ...)
  // The conveyance: transport_id and carrier of the first leg.
  std::string transport_id;
  std::string carrier;
  std::vector<Leg> legs;
  std::vector<Person> persons;  // in message order
  std::vector<ControlTotal> totals;
  // Ships: the ports of call in the last 30 days (ship declaration).
  std::vector<PortOfCall> ports_of_call;
};

// One interchange: its envelope and its messages in order.
struct PaxlstInterchange {
  Verdict verdict = Verdict::kValid;
  std::string syntax_identifier;  // "UNOA"
  std::string syntax_version;     // "4"
  std::string sender;
  std::string recipient;
  std::optional<EdifactDateTime> prepared;  // UNB S004
  std::string reference;                    // UNB 0020
  bool has_header = false;                  // false for a bare message
  // Findings outside the messages: layout, character set, UNB/UNG/UNE/UNZ.
  std::vector<EdifactIssue> issues;
  std::vector<PaxlstMessage> messages;

  // `issues` and every message's issues, ordered by segment number.
  std::vector<EdifactIssue> AllIssues() const;
  // Number of persons over all messages.
  size_t PersonCount() const;
};

}  // namespace guomen::edifact
