#include "datagen/paxlst_builder.hpp"

#include <array>
#include <cstdio>
#include <random>

namespace guomen::datagen {

namespace {

// Invented combinations of common name parts of a region, with the
// nationalities a traveller of that region holds (ISO 3166 alpha-3).
struct Region {
  std::vector<const char*> surnames, given, nationalities;
};

const std::array<Region, 8>& Regions() {
  static const std::array<Region, 8> regions = {{
      {{"WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "ZHAO", "HUANG", "ZHOU", "WU", "XU", "SUN"},
       {"WEI", "FANG", "XIAOMING", "JING", "LEI", "YAN", "HAO", "MIN", "JUN", "XIU YING", "TAO"},
       {"CHN", "CHN", "CHN", "SGP", "MYS"}},
      {{"NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU", "DANG", "BUI"},
       {"VAN AN", "THI HOA", "MINH", "DUC", "THI LAN", "QUANG", "HUONG", "TUAN"},
       {"VNM"}},
      {{"AUNG", "KYAW", "THANT", "HTUN", "WIN", "MYINT", "ZAW", "OO"},
       {"MIN", "SU", "THIDA", "HLAING", "NAING", "KHIN", "AYE", "TUN"},
       {"MMR"}},
      {{"IVANOV", "SMIRNOVA", "PETROV", "KUZNETSOVA", "POPOV", "SOKOLOV", "VOLKOVA", "NOVIKOV"},
       {"SERGEI", "OLGA", "DMITRI", "ANNA", "ALEXEI", "TATIANA", "IVAN", "ELENA"},
       {"RUS", "RUS", "KAZ", "BLR"}},
      {{"SINGH", "KUMAR", "SHARMA", "PATEL", "GUPTA", "REDDY", "KHAN", "DAS"},
       {"ARJUN", "PRIYA", "RAHUL", "ANJALI", "VIKRAM", "SUNITA", "RAVI", "NEHA"},
       {"IND", "IND", "NPL", "PAK", "BGD"}},
      {{"AL HASSAN", "HAMDAN", "KHALIL", "HADDAD", "SALEH", "NASSER", "MANSOUR", "YOUSEF"},
       {"AHMED", "FATIMA", "OMAR", "LAYLA", "KARIM", "MARIAM", "YUSUF", "NOOR"},
       {"JOR", "ARE", "EGY", "LBN"}},
      {{"MUELLER", "SCHMIDT", "DUBOIS", "ROSSI", "GARCIA", "O'NEILL", "SMITH", "JANSEN"},
       {"ANNA MARIA", "JEAN", "LUCA", "SOFIA", "THOMAS", "CLAIRE", "JAMES", "ELENA"},
       {"DEU", "FRA", "ITA", "ESP", "IRL", "GBR", "NLD"}},
      {{"SUKSAWAT", "WONGSAWAT", "CHAIYAPORN", "SRISUK", "BOONMA", "PHROMMA", "KAEWKLA"},
       {"SOMCHAI", "MALEE", "ANAN", "KANYA", "PRASERT", "NARISA", "CHATCHAI"},
       {"THA"}},
  }};
  return regions;
}

// EDIFACT level A with the UNA defaults: ' + : ? are released with '?'.
std::string Escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\'' || c == '+' || c == ':' || c == '?') out += '?';
    out += c;
  }
  return out;
}

// "1972-09-07" -> "720907"
std::string Yymmdd(const std::string& iso) {
  return iso.size() == 10 ? iso.substr(2, 2) + iso.substr(5, 2) + iso.substr(8, 2) : "";
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : rng_(seed) {}
  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }
  double Unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  std::mt19937_64 rng_;
};

PaxlstTraveller Invented(Rng& g) {
  const Region& r = Regions()[g.Below(Regions().size())];
  PaxlstTraveller t;
  t.surname = g.Pick(r.surnames);
  t.given_names = g.Pick(r.given);
  t.nationality = g.Pick(r.nationalities);
  t.sex = g.Below(2) ? "F" : "M";
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", 1945 + static_cast<int>(g.Below(65)),
                1 + static_cast<int>(g.Below(12)), 1 + static_cast<int>(g.Below(28)));
  t.birth_date = b;
  std::snprintf(b, sizeof b, "%c%08u", static_cast<char>('A' + g.Below(26)),
                static_cast<unsigned>(g.Below(100000000)));
  t.document_number = b;
  return t;
}

}  // namespace

SyntheticPaxlst BuildSyntheticPaxlst(const SyntheticPaxlstOptions& o,
                                     const std::vector<PaxlstTraveller>& listed) {
  Rng g(o.seed * 0x9E3779B97F4A7C15ULL + 0x7a11ULL);
  SyntheticPaxlst out;
  const std::string carrier = o.transport_id.substr(0, 2);
  std::string body = "BGM+745'\r\nNAD+MS+++OPS CENTRE'\r\nCOM+1 555 0100:TE'\r\nTDT+20+" +
                     o.transport_id + "+++" + carrier + "'\r\nLOC+125+" + o.departure +
                     "'\r\nDTM+189:" + o.departure_time + ":201'\r\nLOC+87+" + o.arrival +
                     "'\r\nDTM+232:" + o.arrival_time + ":201'\r\n";
  int segments = 10;  // UNH, the 8 above, UNT
  char buf[512];
  for (int i = 0; i < o.persons; ++i) {
    const bool from_list = !listed.empty() && g.Unit() < o.listed_share;
    PaxlstTraveller t = from_list ? listed[g.Below(listed.size())] : Invented(g);
    out.listed += from_list ? 1 : 0;
    std::snprintf(buf, sizeof buf,
                  "NAD+FL+++%s:%s'\r\nATT+2++%s'\r\nDTM+329:%s'\r\nLOC+178+%s'\r\n"
                  "LOC+179+%s'\r\nNAT+2+%s'\r\nRFF+AVF:%06X'\r\nDOC+P:110:111+%s'\r\n"
                  "DTM+36:%02u%02u15'\r\nLOC+91+%s'\r\n",
                  Escaped(t.surname).c_str(), Escaped(t.given_names).c_str(), t.sex.c_str(),
                  Yymmdd(t.birth_date).c_str(), o.departure.c_str(), o.arrival.c_str(),
                  t.nationality.c_str(), static_cast<unsigned>(g.Below(0x1000000)),
                  Escaped(t.document_number).c_str(), 27 + static_cast<unsigned>(g.Below(10)),
                  1 + static_cast<unsigned>(g.Below(12)), t.nationality.c_str());
    body += buf;
    segments += 10;
  }
  body += "CNT+42:" + std::to_string(o.persons) + "'\r\n";
  ++segments;
  out.persons = o.persons;
  out.text = "UNA:+.? '\r\nUNB+UNOA:4+" + carrier + "API:ZZ+GUOMEN:ZZ+261201:0800+" +
             o.interchange_ref + "'\r\nUNH+" + o.message_ref + "+PAXLST:D:05B:UN:IATA'\r\n" + body +
             "UNT+" + std::to_string(segments) + "+" + o.message_ref + "'\r\nUNZ+1+" +
             o.interchange_ref + "'\r\n";
  return out;
}

}  // namespace guomen::datagen
