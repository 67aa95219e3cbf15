#include "names/similarity.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>

namespace guomen::names {
namespace {

// Per byte value, the positions (bits) where it occurs in a string of at most
// 64 bytes. One table per thread, cleared again after each use, so a call
// costs O(length), not a 2 KiB clear.
class PatternMasks {
 public:
  explicit PatternMasks(std::string_view s) : s_(s) {
    for (size_t i = 0; i < s.size(); ++i) Table()[static_cast<unsigned char>(s[i])] |= 1ULL << i;
  }
  ~PatternMasks() {
    for (char c : s_) Table()[static_cast<unsigned char>(c)] = 0;
  }
  PatternMasks(const PatternMasks&) = delete;
  PatternMasks& operator=(const PatternMasks&) = delete;
  uint64_t operator[](char c) const { return Table()[static_cast<unsigned char>(c)]; }

 private:
  static std::array<uint64_t, 256>& Table() {
    thread_local std::array<uint64_t, 256> table{};
    return table;
  }
  std::string_view s_;
};

// Jaro for |b| <= 64: the same greedy matching as the loop in Jaro (each
// character of a takes the first unmatched equal character of b in its
// window), with the candidates of b as bits.
double JaroBits(std::string_view a, std::string_view b) {
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  const PatternMasks pm(b);
  uint64_t b_matched = 0;
  uint64_t a_matched_small = 0;  // a's matched positions when |a| <= 64
  std::vector<char> a_matched_large;
  if (la > 64) a_matched_large.assign(static_cast<size_t>(la), 0);
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    if (lo > hi) continue;
    const uint64_t upto = hi >= 63 ? ~0ULL : ((1ULL << (hi + 1)) - 1);
    const uint64_t range = upto & ~((1ULL << lo) - 1);
    const uint64_t candidates = pm[a[static_cast<size_t>(i)]] & ~b_matched & range;
    if (candidates == 0) continue;
    b_matched |= candidates & (~candidates + 1);
    if (la > 64) {
      a_matched_large[static_cast<size_t>(i)] = 1;
    } else {
      a_matched_small |= 1ULL << i;
    }
    ++matches;
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  uint64_t rest = b_matched;
  for (int i = 0; i < la; ++i) {
    const bool matched = la > 64 ? a_matched_large[static_cast<size_t>(i)] != 0
                                 : ((a_matched_small >> i) & 1ULL) != 0;
    if (!matched) continue;
    const int k = __builtin_ctzll(rest);
    rest &= rest - 1;
    if (a[static_cast<size_t>(i)] != b[static_cast<size_t>(k)]) ++transpositions;
  }
  const double m = matches;
  return (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
}

// Optimal string alignment distance for 1 <= |a| <= 64 (Hyyroe 2003, bit-parallel:
// one column of the dynamic programme per character of b).
int OsaBits(std::string_view a, std::string_view b) {
  const PatternMasks pm(a);
  uint64_t vp = ~0ULL;
  uint64_t vn = 0;
  uint64_t d0 = 0;
  uint64_t pm_old = 0;
  int distance = static_cast<int>(a.size());
  const uint64_t last = 1ULL << (a.size() - 1);
  for (char c : b) {
    const uint64_t pm_j = pm[c];
    const uint64_t tr = (((~d0) & pm_j) << 1) & pm_old;
    d0 = (((pm_j & vp) + vp) ^ vp) | pm_j | vn | tr;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    if ((hp & last) != 0) ++distance;
    if ((hn & last) != 0) --distance;
    hp = (hp << 1) | 1;
    hn = hn << 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pm_old = pm_j;
  }
  return distance;
}

}  // namespace

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (b.size() <= 64) return JaroBits(a, b);
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  // Names are short: flags on the stack, the heap only for long strings.
  std::array<char, 64> a_small{};
  std::array<char, 64> b_small{};
  std::vector<char> a_large;
  std::vector<char> b_large;
  char* a_match = a_small.data();
  char* b_match = b_small.data();
  if (la > 64 || lb > 64) {
    a_large.assign(static_cast<size_t>(la), 0);
    b_large.assign(static_cast<size_t>(lb), 0);
    a_match = a_large.data();
    b_match = b_large.data();
  }
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (b_match[static_cast<size_t>(j)] || a[static_cast<size_t>(i)] != b[static_cast<size_t>(j)])
        continue;
      a_match[static_cast<size_t>(i)] = b_match[static_cast<size_t>(j)] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  int k = 0;
  for (int i = 0; i < la; ++i) {
    if (!a_match[static_cast<size_t>(i)]) continue;
    while (!b_match[static_cast<size_t>(k)]) ++k;
    if (a[static_cast<size_t>(i)] != b[static_cast<size_t>(k)]) ++transpositions;
    ++k;
  }
  const double m = matches;
  return (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  const double jaro = Jaro(a, b);
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int DamerauLevenshtein(std::string_view a, std::string_view b) {
  const size_t la = a.size();
  const size_t lb = b.size();
  if (la == 0) return static_cast<int>(lb);
  if (lb == 0) return static_cast<int>(la);
  if (la <= 64) return OsaBits(a, b);
  // Three rolling rows (two back for transpositions), on the stack for short names.
  std::array<int, 3 * 65> small{};
  std::vector<int> large;
  int* rows = small.data();
  if (lb + 1 > 65) {
    large.assign(3 * (lb + 1), 0);
    rows = large.data();
  }
  int* prev2 = rows;
  int* prev = rows + (lb + 1);
  int* cur = rows + 2 * (lb + 1);
  for (size_t j = 0; j <= lb; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= la; ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= lb; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, prev2[j - 2] + 1);
      }
      cur[j] = best;
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[lb];
}

double EditSimilarity(std::string_view a, std::string_view b) {
  const size_t longest = std::max(a.size(), b.size());
  if (longest == 0) return 1.0;
  return 1.0 - static_cast<double>(DamerauLevenshtein(a, b)) / static_cast<double>(longest);
}

double TokenSetSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  std::vector<char> used(longer.size(), 0);
  double total = 0;
  for (const std::string& s : shorter) {
    double best = 0;
    size_t best_j = longer.size();
    for (size_t j = 0; j < longer.size(); ++j) {
      if (used[j]) continue;
      const double sim = JaroWinkler(s, longer[j]);
      if (sim > best) {
        best = sim;
        best_j = j;
      }
    }
    if (best_j < longer.size()) used[best_j] = 1;
    total += best;
  }
  return total / static_cast<double>(longer.size());
}

}  // namespace guomen::names
