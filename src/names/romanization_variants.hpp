// Romanisation variant groups: spellings that may be the same name part
// (ZHANG/CHANG/CHEUNG/TEO, MOHAMMED/MUHAMMAD, ALEXANDER/ALEKSANDR ...).
//
// Loaded once from the compiled-in tables of data/ (see data/README.md). A
// spelling can belong to several groups (CHANG is Wade-Giles for ZHANG and
// Pinyin for CHANG). Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace guomen::names {

class RomanizationVariants {
 public:
  // The groups of every table in data/ (Chinese, Korean, Arabic, given names).
  static const RomanizationVariants& Default();

  // Builds from lines in the table format ("# comment", groups of spellings).
  explicit RomanizationVariants(const std::vector<std::string_view>& lines);

  // The canonical spellings (first of each group) of the groups holding
  // `token`; empty when the token is in no group. `token` is lower-case ASCII.
  const std::vector<std::string>& Groups(std::string_view token) const;

  // True when a and b share a group (and are not equal).
  bool AreVariants(std::string_view a, std::string_view b) const;
  // The token's set of groups as a number (0: in no group), so that a caller
  // comparing the same tokens many times looks each up once (NameToken keeps it).
  uint32_t SetOf(std::string_view token) const;
  // True when two sets of SetOf share a group (AreVariants of their tokens,
  // unless the tokens are equal).
  bool SetsShare(uint32_t a, uint32_t b) const;

  size_t group_count() const { return group_count_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>> groups_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> set_of_;
  std::vector<std::vector<uint32_t>>
      sets_;  // set -> its groups' numbers, ascending; sets_[0] empty
  size_t group_count_ = 0;
};

}  // namespace guomen::names
