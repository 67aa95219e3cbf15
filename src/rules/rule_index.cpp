#include "rules/rule_index.hpp"

#include <algorithm>
#include <string>

namespace guomen::rules {

namespace {

// A guard's literals are strings, bools and ints (Program::Guard), for which
// Value::Equals is equality of one kind: a fact's value equals one exactly
// when their keys are the same. A value of another kind that may still equal
// a literal (a double or uint may equal an int) has no key, and meets every
// guard on its fact (the rules are then evaluated, as without the index).
// The remaining kinds (list, map, timestamp, duration, null) never equal
// such a literal.
enum class KeyOf { kKey, kMaybe, kNever };

KeyOf Key(const Value& v, std::string& key) {
  key.clear();
  switch (v.kind()) {
    case ValueKind::kString:
      key = "s";
      key += v.string_value();
      return KeyOf::kKey;
    case ValueKind::kBool:
      key = v.bool_value() ? "b1" : "b0";
      return KeyOf::kKey;
    case ValueKind::kInt:
      key = "i" + std::to_string(v.int_value());
      return KeyOf::kKey;
    case ValueKind::kUint:
    case ValueKind::kDouble:
    case ValueKind::kError:
      return KeyOf::kMaybe;
    default:
      return KeyOf::kNever;
  }
}

// At most this many guards of one rule are used (the count is a byte).
constexpr size_t kMaxGuards = 8;

}  // namespace

RuleIndex::RuleIndex(const std::vector<const Program*>& programs)
    : guards_needed_(programs.size(), 0) {
  std::string key;
  for (size_t r = 0; r < programs.size(); ++r) {
    std::vector<Program::Guard> guards = programs[r]->Guards();
    if (guards.size() > kMaxGuards) guards.resize(kMaxGuards);
    for (const Program::Guard& g : guards) {
      auto at = std::find_if(slots_.begin(), slots_.end(),
                             [&](const SlotGuards& s) { return s.slot == g.slot; });
      if (at == slots_.end()) {
        slots_.push_back({});
        at = slots_.end() - 1;
        at->slot = g.slot;
      }
      const auto rule = static_cast<uint32_t>(r);
      for (const Value& v : g.values) {
        if (Key(v, key) == KeyOf::kKey) at->by_value[key].push_back(rule);
      }
      at->every_guard.push_back(rule);
      ++guards_needed_[r];
    }
  }
}

size_t RuleIndex::guarded() const {
  return static_cast<size_t>(
      std::count_if(guards_needed_.begin(), guards_needed_.end(), [](uint8_t n) { return n > 0; }));
}

void RuleIndex::Candidates(const Activation& facts, std::vector<uint32_t>& out) const {
  std::vector<uint8_t> met(guards_needed_.size(), 0);
  std::string key;
  for (const SlotGuards& s : slots_) {
    const Value* v = s.slot < static_cast<int>(facts.slot_count()) ? facts.Get(s.slot) : nullptr;
    if (v == nullptr) continue;  // an absent fact meets no guard (the test is an error)
    switch (Key(*v, key)) {
      case KeyOf::kKey: {
        auto it = s.by_value.find(key);
        if (it != s.by_value.end()) {
          for (uint32_t r : it->second) ++met[r];
        }
        break;
      }
      case KeyOf::kMaybe:
        for (uint32_t r : s.every_guard) ++met[r];
        break;
      case KeyOf::kNever:
        break;
    }
  }
  out.clear();
  for (size_t r = 0; r < guards_needed_.size(); ++r) {
    if (met[r] == guards_needed_[r]) out.push_back(static_cast<uint32_t>(r));
  }
}

}  // namespace guomen::rules
