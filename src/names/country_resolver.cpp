#include "names/country_resolver.hpp"

#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <string>
#include <unordered_map>

#include "core/strings.hpp"
#include "names/transliterator.hpp"

namespace guomen::names {
namespace {

// Lower-case ASCII letters only, spaces collapsed: "Korea, Republic of" -> "korea republic of".
std::string Key(std::string_view s) {
  const std::string latin = Transliterator::Instance().ToLatin(s);
  std::string out;
  for (char c : latin) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Names lists use that ICU's English display names do not cover.
constexpr std::pair<const char*, const char*> kExtraNames[] = {
    {"russia", "RU"},
    {"russian federation", "RU"},
    {"iran", "IR"},
    {"iran islamic republic of", "IR"},
    {"syria", "SY"},
    {"syrian arab republic", "SY"},
    {"north korea", "KP"},
    {"democratic people s republic of korea", "KP"},
    {"korea north", "KP"},
    {"dprk", "KP"},
    {"south korea", "KR"},
    {"korea south", "KR"},
    {"republic of korea", "KR"},
    {"korea republic of", "KR"},
    {"laos", "LA"},
    {"lao people s democratic republic", "LA"},
    {"vietnam", "VN"},
    {"viet nam", "VN"},
    {"burma", "MM"},
    {"tanzania", "TZ"},
    {"united republic of tanzania", "TZ"},
    {"bolivia", "BO"},
    {"venezuela", "VE"},
    {"moldova", "MD"},
    {"republic of moldova", "MD"},
    {"palestine", "PS"},
    {"state of palestine", "PS"},
    {"west bank", "PS"},
    {"gaza", "PS"},
    {"ivory coast", "CI"},
    {"cote d ivoire", "CI"},
    {"congo democratic republic of the", "CD"},
    {"democratic republic of the congo", "CD"},
    {"drc", "CD"},
    {"republic of the congo", "CG"},
    {"united kingdom", "GB"},
    {"uk", "GB"},
    {"great britain", "GB"},
    {"usa", "US"},
    {"united states of america", "US"},
    {"turkey", "TR"},
    {"turkiye", "TR"},
    {"czech republic", "CZ"},
    {"macedonia", "MK"},
    {"swaziland", "SZ"},
    {"micronesia", "FM"},
    {"brunei darussalam", "BN"},
    {"cape verde", "CV"},
    {"the gambia", "GM"},
    {"the bahamas", "BS"},
    {"holy see", "VA"},
    {"kosovo", "XK"},
    {"d", "DE"},  // ICAO 9303: Germany is "D<<" on passports
};

std::unordered_map<std::string, std::string> BuildTable() {
  std::unordered_map<std::string, std::string> table;
  const icu::Locale english = icu::Locale::getEnglish();
  for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) {
    const std::string alpha2 = *c;
    const icu::Locale region("", alpha2.c_str());
    table[core::AsciiLower(alpha2)] = alpha2;
    const char* alpha3 = region.getISO3Country();
    if (alpha3 != nullptr && *alpha3 != '\0') table[core::AsciiLower(alpha3)] = alpha2;
    icu::UnicodeString display;
    region.getDisplayCountry(english, display);
    std::string utf8;
    display.toUTF8String(utf8);
    const std::string key = Key(utf8);
    if (!key.empty() && key != core::AsciiLower(alpha2)) table.emplace(key, alpha2);
  }
  for (const auto& [name, code] : kExtraNames) table[name] = code;
  return table;
}

}  // namespace

std::string CountryAlpha3(std::string_view name_or_code) {
  const std::string alpha2 = ResolveCountry(name_or_code);
  if (alpha2.size() != 2) return {};
  const icu::Locale region("", alpha2.c_str());
  const char* alpha3 = region.getISO3Country();
  return alpha3 == nullptr ? std::string() : core::AsciiUpper(alpha3);
}

std::string ResolveCountry(std::string_view name_or_code) {
  static const std::unordered_map<std::string, std::string> table = BuildTable();
  const std::string key = Key(name_or_code);
  if (key.empty()) return {};
  auto it = table.find(key);
  if (it != table.end()) return it->second;
  // "Afghanistan (in exile)" style: try the words before a bracket or comma.
  const size_t cut = key.find(' ');
  if (cut != std::string::npos) {
    it = table.find(key.substr(0, cut));
    if (it != table.end() && it->second.size() == 2 && key.substr(0, cut).size() > 3) {
      return it->second;
    }
  }
  return {};
}

}  // namespace guomen::names
