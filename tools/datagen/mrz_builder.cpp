#include "datagen/mrz_builder.hpp"

#include <algorithm>

#include "documents/check_digit.hpp"

namespace guomen::datagen {

namespace {

// Upper-case, spaces and other separators to fillers, padded or cut to `n`.
std::string Field(const std::string& s, size_t n) {
  std::string out;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '<';
  }
  out.resize(std::min(out.size(), n));
  out.append(n - out.size(), '<');
  return out;
}

}  // namespace

std::string BuildTd3(const Td3Fields& f) {
  std::string name = Field(f.surname, 39);
  std::string primary = Field(f.surname, f.surname.size());
  std::string secondary = Field(f.given_names, f.given_names.size());
  name = Field(primary + "<<" + secondary, 39);
  std::string line1 = Field(f.document_code, 2) + Field(f.issuing_state, 3) + name;
  std::string number = Field(f.document_number, 9);
  std::string birth = Field(f.birth_date, 6);
  std::string expiry = Field(f.expiry_date, 6);
  std::string optional = Field(f.optional_data, 14);
  char cd_number = documents::ComputeCheckDigit(number);
  char cd_birth = documents::ComputeCheckDigit(birth);
  char cd_expiry = documents::ComputeCheckDigit(expiry);
  char cd_optional = f.optional_data.empty() ? '<' : documents::ComputeCheckDigit(optional);
  std::string upper = number + cd_number;
  std::string middle = birth + cd_birth;
  std::string lower = expiry + cd_expiry + optional + cd_optional;
  char composite = documents::ComputeCheckDigit({upper, middle, lower});
  std::string line2 = upper + Field(f.nationality, 3) + middle + Field(f.sex, 1) + lower + composite;
  return line1 + "\n" + line2;
}

}  // namespace guomen::datagen
