#include "documents/icao_codes.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace guomen::documents {
namespace {

using namespace std::string_view_literals;

// ISO 3166-1 alpha-3, which ICAO Doc 9303-3 §5 adopts for states.
// clang-format off
constexpr std::string_view kCodes[] = {
    "ABW"sv, "AFG"sv, "AGO"sv, "AIA"sv, "ALA"sv, "ALB"sv, "AND"sv, "ARE"sv, "ARG"sv, "ARM"sv,
    "ASM"sv, "ATA"sv, "ATF"sv, "ATG"sv, "AUS"sv, "AUT"sv, "AZE"sv, "BDI"sv, "BEL"sv, "BEN"sv,
    "BES"sv, "BFA"sv, "BGD"sv, "BGR"sv, "BHR"sv, "BHS"sv, "BIH"sv, "BLM"sv, "BLR"sv, "BLZ"sv,
    "BMU"sv, "BOL"sv, "BRA"sv, "BRB"sv, "BRN"sv, "BTN"sv, "BVT"sv, "BWA"sv, "CAF"sv, "CAN"sv,
    "CCK"sv, "CHE"sv, "CHL"sv, "CHN"sv, "CIV"sv, "CMR"sv, "COD"sv, "COG"sv, "COK"sv, "COL"sv,
    "COM"sv, "CPV"sv, "CRI"sv, "CUB"sv, "CUW"sv, "CXR"sv, "CYM"sv, "CYP"sv, "CZE"sv, "DEU"sv,
    "DJI"sv, "DMA"sv, "DNK"sv, "DOM"sv, "DZA"sv, "ECU"sv, "EGY"sv, "ERI"sv, "ESH"sv, "ESP"sv,
    "EST"sv, "ETH"sv, "FIN"sv, "FJI"sv, "FLK"sv, "FRA"sv, "FRO"sv, "FSM"sv, "GAB"sv, "GBR"sv,
    "GEO"sv, "GGY"sv, "GHA"sv, "GIB"sv, "GIN"sv, "GLP"sv, "GMB"sv, "GNB"sv, "GNQ"sv, "GRC"sv,
    "GRD"sv, "GRL"sv, "GTM"sv, "GUF"sv, "GUM"sv, "GUY"sv, "HKG"sv, "HMD"sv, "HND"sv, "HRV"sv,
    "HTI"sv, "HUN"sv, "IDN"sv, "IMN"sv, "IND"sv, "IOT"sv, "IRL"sv, "IRN"sv, "IRQ"sv, "ISL"sv,
    "ISR"sv, "ITA"sv, "JAM"sv, "JEY"sv, "JOR"sv, "JPN"sv, "KAZ"sv, "KEN"sv, "KGZ"sv, "KHM"sv,
    "KIR"sv, "KNA"sv, "KOR"sv, "KWT"sv, "LAO"sv, "LBN"sv, "LBR"sv, "LBY"sv, "LCA"sv, "LIE"sv,
    "LKA"sv, "LSO"sv, "LTU"sv, "LUX"sv, "LVA"sv, "MAC"sv, "MAF"sv, "MAR"sv, "MCO"sv, "MDA"sv,
    "MDG"sv, "MDV"sv, "MEX"sv, "MHL"sv, "MKD"sv, "MLI"sv, "MLT"sv, "MMR"sv, "MNE"sv, "MNG"sv,
    "MNP"sv, "MOZ"sv, "MRT"sv, "MSR"sv, "MTQ"sv, "MUS"sv, "MWI"sv, "MYS"sv, "MYT"sv, "NAM"sv,
    "NCL"sv, "NER"sv, "NFK"sv, "NGA"sv, "NIC"sv, "NIU"sv, "NLD"sv, "NOR"sv, "NPL"sv, "NRU"sv,
    "NZL"sv, "OMN"sv, "PAK"sv, "PAN"sv, "PCN"sv, "PER"sv, "PHL"sv, "PLW"sv, "PNG"sv, "POL"sv,
    "PRI"sv, "PRK"sv, "PRT"sv, "PRY"sv, "PSE"sv, "PYF"sv, "QAT"sv, "REU"sv, "ROU"sv, "RUS"sv,
    "RWA"sv, "SAU"sv, "SDN"sv, "SEN"sv, "SGP"sv, "SGS"sv, "SHN"sv, "SJM"sv, "SLB"sv, "SLE"sv,
    "SLV"sv, "SMR"sv, "SOM"sv, "SPM"sv, "SRB"sv, "SSD"sv, "STP"sv, "SUR"sv, "SVK"sv, "SVN"sv,
    "SWE"sv, "SWZ"sv, "SXM"sv, "SYC"sv, "SYR"sv, "TCA"sv, "TCD"sv, "TGO"sv, "THA"sv, "TJK"sv,
    "TKL"sv, "TKM"sv, "TLS"sv, "TON"sv, "TTO"sv, "TUN"sv, "TUR"sv, "TUV"sv, "TWN"sv, "TZA"sv,
    "UGA"sv, "UKR"sv, "UMI"sv, "URY"sv, "USA"sv, "UZB"sv, "VAT"sv, "VCT"sv, "VEN"sv, "VGB"sv,
    "VIR"sv, "VNM"sv, "VUT"sv, "WLF"sv, "WSM"sv, "YEM"sv, "ZAF"sv, "ZMB"sv, "ZWE"sv,
    // ICAO 9303-3 §5: Germany keeps its one-letter code.
    "D<<"sv,
    // British nationals other than citizens (9303-3 §5).
    "GBD"sv,  // British Overseas Territories Citizen
    "GBN"sv,  // British National (Overseas)
    "GBO"sv,  // British Overseas Citizen
    "GBP"sv,  // British Protected Person
    "GBS"sv,  // British Subject
    // United Nations.
    "UNO"sv,  // United Nations Organization or one of its officials
    "UNA"sv,  // a specialized agency of the United Nations or one of its officials
    "UNK"sv,  // resident of Kosovo, document issued by UNMIK
    // Persons without a stated nationality.
    "XXA"sv,  // stateless person (1954 Convention)
    "XXB"sv,  // refugee (1951 Convention)
    "XXC"sv,  // refugee other than under the 1951 Convention
    "XXX"sv,  // unspecified nationality
    // Organisations that issue travel documents.
    "EUE"sv,  // European Union
    "XBA"sv,  // African Development Bank
    "XIM"sv,  // African Export-Import Bank
    "XCC"sv,  // Caribbean Community
    "XCE"sv,  // Council of Europe
    "XCO"sv,  // Common Market for Eastern and Southern Africa
    "XEC"sv,  // Economic Community of West African States
    "XES"sv,  // Organisation of Eastern Caribbean States
    "XDC"sv,  // Southern African Development Community
    "XOM"sv,  // Sovereign Military Order of Malta
    "XPO"sv,  // International Criminal Police Organization (INTERPOL)
    // Codes in use on documents presented at the border (listed in issue 3).
    "RKS"sv,  // Kosovo
    "ZIM"sv,
};
// clang-format on

// Each code is a 3-digit number in base 27 ('<' = 0, 'A'..'Z' = 1..26), an
// index into a 27^3-bit set (2.5 KB): a lookup is three table loads and one
// bit test, with no search and no hashing of strings.
constexpr int kRadix = 27;

// The base-27 digit of each byte, -1 for bytes that are in no code.
constexpr std::array<int8_t, 256> kDigits = [] {
  std::array<int8_t, 256> d{};
  d.fill(-1);
  d['<'] = 0;
  for (int c = 'A'; c <= 'Z'; ++c) d[static_cast<size_t>(c)] = static_cast<int8_t>(c - 'A' + 1);
  return d;
}();

struct Table {
  std::array<uint64_t, (kRadix * kRadix * kRadix + 63) / 64> bits{};
  constexpr void Set(int i) { bits[static_cast<size_t>(i / 64)] |= uint64_t{1} << (i % 64); }
  constexpr bool Test(int i) const { return (bits[static_cast<size_t>(i / 64)] >> (i % 64)) & 1U; }
};

// Missing characters count as trailing fillers ("D" is "D<<"); -1 when a
// character is in no code.
constexpr int Index(std::string_view code) {
  int index = 0;
  int bad = 0;
  for (size_t i = 0; i < 3; ++i) {
    const int d = kDigits[static_cast<unsigned char>(i < code.size() ? code[i] : '<')];
    bad |= d;  // any -1 sets the sign bit
    index = index * kRadix + d;
  }
  return bad < 0 ? -1 : index;
}

constexpr Table MakeTable() {
  Table t;
  for (std::string_view code : kCodes) t.Set(Index(code));
  return t;
}

constexpr Table kTable = MakeTable();

}  // namespace

bool IsIcaoCode(std::string_view code) {
  if (code.empty() || code.size() > 3 || code[0] == '<') return false;
  const int index = Index(code);
  return index >= 0 && kTable.Test(index);
}

std::span<const std::string_view> IcaoCodes() { return kCodes; }

}  // namespace guomen::documents
