#include "rules/value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <string>

#include "rules/time_format.hpp"

namespace guomen::rules {

// Lists and maps keep a hash index of their string elements / keys once they
// are big enough for it to pay off, so `x in ref.alert_ports` stays O(1).
namespace {
constexpr size_t kIndexThreshold = 8;

// String equality without a call to memcmp for the short keys and codes
// rules compare (field names, countries, ports): two overlapping word loads.
inline bool SameString(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  auto load64 = [](const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  auto load32 = [](const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  };
  if (n >= 8) {
    if (n > 16) return std::memcmp(x, y, n) == 0;
    return load64(x) == load64(y) && load64(x + n - 8) == load64(y + n - 8);
  }
  if (n >= 4) return load32(x) == load32(y) && load32(x + n - 4) == load32(y + n - 4);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

// An open-addressing table of positions in the list / map, keyed by the
// string at that position: one flat array (no node per entry, so a lookup
// touches one or two cache lines) and a cheap hash (FNV-1a) that suits the
// short codes rules look up (countries, ports, list kinds).
class StringIndex {
 public:
  static uint64_t Hash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
  }

  // Indexes positions 0..n-1; key(i) is the string at position i. A key
  // that repeats an earlier one is not indexed again (the first wins).
  // Returns the first such position, or -1.
  template <class Key>
  int64_t Build(size_t n, const Key& key) {
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    mask_ = cap - 1;
    slots_.assign(cap, 0);
    int64_t first_repeat = -1;
    for (size_t i = 0; i < n; ++i) {
      std::string_view k = key(i);
      uint64_t h = Hash(k);
      size_t at = h & mask_;
      bool repeat = false;
      while (slots_[at] != 0) {
        if (Tag(slots_[at]) == Tag(h) && SameString(key(Position(slots_[at])), k)) {
          repeat = true;
          break;
        }
        at = (at + 1) & mask_;
      }
      if (repeat) {
        if (first_repeat < 0) first_repeat = static_cast<int64_t>(i);
        continue;
      }
      slots_[at] = (h & ~uint64_t{0xffffffff}) | (i + 1);
    }
    return first_repeat;
  }

  // The position of `k`, or -1.
  template <class Key>
  int64_t Find(std::string_view k, const Key& key) const {
    uint64_t h = Hash(k);
    for (size_t at = h & mask_;; at = (at + 1) & mask_) {
      uint64_t e = slots_[at];
      if (e == 0) return -1;
      if (Tag(e) == Tag(h) && SameString(key(Position(e)), k)) {
        return static_cast<int64_t>(Position(e));
      }
    }
  }

 private:
  static uint64_t Tag(uint64_t x) { return x >> 32; }
  static size_t Position(uint64_t e) { return static_cast<size_t>((e & 0xffffffff) - 1); }

  std::vector<uint64_t> slots_;  // 0: empty; else hash's high 32 bits | position + 1
  size_t mask_ = 0;
};

}  // namespace

struct Value::ListRep {
  std::vector<Value> items;
  StringIndex strings;   // positions in items
  bool indexed = false;  // every item is a string and strings is filled
};

struct Value::MapRep {
  std::vector<std::pair<Value, Value>> entries;
  StringIndex string_keys;  // positions in entries
  bool indexed = false;
};

std::string_view ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBool: return "bool";
    case ValueKind::kInt: return "int";
    case ValueKind::kUint: return "uint";
    case ValueKind::kDouble: return "double";
    case ValueKind::kString: return "string";
    case ValueKind::kTimestamp: return "timestamp";
    case ValueKind::kDuration: return "duration";
    case ValueKind::kList: return "list";
    case ValueKind::kMap: return "map";
    case ValueKind::kError: return "error";
  }
  return "unknown";
}

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = ValueKind::kBool;
  v.u_.b = b;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.kind_ = ValueKind::kInt;
  v.u_.i = i;
  return v;
}

Value Value::Uint(uint64_t u) {
  Value v;
  v.kind_ = ValueKind::kUint;
  v.u_.u = u;
  return v;
}

Value Value::Double(double d) {
  Value v;
  v.kind_ = ValueKind::kDouble;
  v.u_.d = d;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = ValueKind::kString;
  v.heap_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::Timestamp(int64_t seconds, int32_t nanos) {
  Value v;
  v.kind_ = ValueKind::kTimestamp;
  v.u_.t = Time{seconds, nanos};
  return v;
}

Value Value::Duration(int64_t seconds, int32_t nanos) {
  Value v;
  v.kind_ = ValueKind::kDuration;
  v.u_.t = Time{seconds, nanos};
  return v;
}

Value Value::List(std::vector<Value> items) {
  auto rep = std::make_shared<ListRep>();
  rep->items = std::move(items);
  if (rep->items.size() >= kIndexThreshold) {
    bool all_strings = true;
    for (const Value& item : rep->items) {
      if (item.kind() != ValueKind::kString) {
        all_strings = false;
        break;
      }
    }
    if (all_strings) {
      const auto& all = rep->items;
      // Duplicates are fine in a list: the index keeps the first.
      rep->strings.Build(all.size(), [&](size_t i) { return all[i].string_value(); });
      rep->indexed = true;
    }
  }
  Value v;
  v.kind_ = ValueKind::kList;
  v.heap_ = std::move(rep);
  return v;
}

Value Value::Map(std::vector<std::pair<Value, Value>> entries) {
  auto rep = std::make_shared<MapRep>();
  rep->entries = std::move(entries);
  bool all_strings = true;
  for (size_t i = 0; i < rep->entries.size(); ++i) {
    const Value& key = rep->entries[i].first;
    switch (key.kind()) {
      case ValueKind::kBool:
      case ValueKind::kInt:
      case ValueKind::kUint:
        all_strings = false;
        break;
      case ValueKind::kString:
        break;
      default:
        return Error("unsupported key type '" + std::string(ValueKindName(key.kind())) +
                     "' in map (keys are bool, int, uint or string)");
    }
  }
  if (all_strings && rep->entries.size() >= kIndexThreshold) {
    const auto& all = rep->entries;
    int64_t dup =
        rep->string_keys.Build(all.size(), [&](size_t i) { return all[i].first.string_value(); });
    if (dup >= 0) {
      return Error("duplicate key " + all[static_cast<size_t>(dup)].first.DebugString() +
                   " in map");
    }
    rep->indexed = true;
  } else {
    // Small maps (records such as a Visit) are scanned: cheaper than hashing.
    for (size_t i = 0; i < rep->entries.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (rep->entries[i].first.Equals(rep->entries[j].first)) {
          return Error("duplicate key " + rep->entries[i].first.DebugString() + " in map");
        }
      }
    }
  }
  Value v;
  v.kind_ = ValueKind::kMap;
  v.heap_ = std::move(rep);
  return v;
}

Value Value::Error(std::string message) {
  Value v;
  v.kind_ = ValueKind::kError;
  v.heap_ = std::make_shared<const std::string>(std::move(message));
  return v;
}

Value Value::PermanentError(std::string message) {
  // Never erased: a node's string stays where it is for the process.
  static std::mutex mu;
  static auto* messages = new std::set<std::string>();  // NOLINT: lives for the process
  const std::string* kept;
  {
    std::lock_guard lock(mu);
    kept = &*messages->insert(std::move(message)).first;
  }
  Value v;
  v.kind_ = ValueKind::kError;
  // An aliasing pointer without an owner: copies count no references.
  v.heap_ = std::shared_ptr<const void>(std::shared_ptr<const void>(), kept);
  return v;
}

std::string_view Value::string_value() const {
  return *static_cast<const std::string*>(heap_.get());
}

std::string_view Value::error_message() const {
  return *static_cast<const std::string*>(heap_.get());
}

const std::vector<Value>& Value::list_items() const {
  return static_cast<const ListRep*>(heap_.get())->items;
}

const std::vector<std::pair<Value, Value>>& Value::map_entries() const {
  return static_cast<const MapRep*>(heap_.get())->entries;
}

size_t Value::size() const {
  return kind_ == ValueKind::kList ? list_items().size() : map_entries().size();
}

const Value* Value::FindField(std::string_view key) const {
  const auto* rep = static_cast<const MapRep*>(heap_.get());
  if (rep->indexed) {
    const auto& entries = rep->entries;
    int64_t at =
        rep->string_keys.Find(key, [&](size_t i) { return entries[i].first.string_value(); });
    return at < 0 ? nullptr : &entries[static_cast<size_t>(at)].second;
  }
  // Small maps (records such as a Visit) are scanned.
  for (const auto& [k, v] : rep->entries) {
    if (k.kind() == ValueKind::kString && SameString(k.string_value(), key)) return &v;
  }
  return nullptr;
}

namespace {

// The scan behind FindField(key, hint), out of line so that the common case
// (the hint is right) needs no stack frame.
[[gnu::noinline]] const Value* ScanFields(const std::vector<std::pair<Value, Value>>& entries,
                                          std::string_view key, uint32_t& hint) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const Value& k = entries[i].first;
    if (k.kind() == ValueKind::kString && SameString(k.string_value(), key)) {
      hint = static_cast<uint32_t>(i);
      return &entries[i].second;
    }
  }
  return nullptr;
}

}  // namespace

const Value* Value::FindField(std::string_view key, uint32_t& hint) const {
  const auto* rep = static_cast<const MapRep*>(heap_.get());
  if (rep->indexed) return FindField(key);
  const auto& entries = rep->entries;
  if (hint < entries.size()) {
    const Value& k = entries[hint].first;
    if (k.kind() == ValueKind::kString && SameString(k.string_value(), key)) {
      return &entries[hint].second;
    }
  }
  return ScanFields(entries, key, hint);
}

const Value* Value::Find(const Value& key) const {
  if (key.kind() == ValueKind::kString) return FindField(key.string_value());
  const auto* rep = static_cast<const MapRep*>(heap_.get());
  if (rep->indexed) return nullptr;  // an indexed map has only string keys
  for (const auto& [k, v] : rep->entries) {
    if (k.Equals(key)) return &v;
  }
  return nullptr;
}

bool Value::Contains(const Value& element) const {
  const auto* rep = static_cast<const ListRep*>(heap_.get());
  if (rep->indexed) {
    if (element.kind() != ValueKind::kString) return false;
    const auto& items = rep->items;
    return rep->strings.Find(element.string_value(),
                             [&](size_t i) { return items[i].string_value(); }) >= 0;
  }
  for (const Value& item : rep->items) {
    if (item.Equals(element)) return true;
  }
  return false;
}

namespace {

// CEL numeric equality across int, uint and double (cel-spec "Numbers").
bool NumericEquals(const Value& a, const Value& b) {
  auto as_double = [](const Value& v) {
    switch (v.kind()) {
      case ValueKind::kInt: return static_cast<double>(v.int_value());
      case ValueKind::kUint: return static_cast<double>(v.uint_value());
      default: return v.double_value();
    }
  };
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kUint) {
    return a.int_value() >= 0 && static_cast<uint64_t>(a.int_value()) == b.uint_value();
  }
  if (a.kind() == ValueKind::kUint && b.kind() == ValueKind::kInt) {
    return b.int_value() >= 0 && static_cast<uint64_t>(b.int_value()) == a.uint_value();
  }
  return as_double(a) == as_double(b);
}

bool IsNumber(ValueKind k) {
  return k == ValueKind::kInt || k == ValueKind::kUint || k == ValueKind::kDouble;
}

}  // namespace

bool Value::Equals(const Value& other) const {
  if (kind_ != other.kind_) {
    if (IsNumber(kind_) && IsNumber(other.kind_)) return NumericEquals(*this, other);
    return false;
  }
  switch (kind_) {
    case ValueKind::kNull: return true;
    case ValueKind::kBool: return u_.b == other.u_.b;
    case ValueKind::kInt: return u_.i == other.u_.i;
    case ValueKind::kUint: return u_.u == other.u_.u;
    case ValueKind::kDouble: return u_.d == other.u_.d;
    case ValueKind::kString: return SameString(string_value(), other.string_value());
    case ValueKind::kTimestamp:
    case ValueKind::kDuration:
      return u_.t.seconds == other.u_.t.seconds && u_.t.nanos == other.u_.t.nanos;
    case ValueKind::kList: {
      const auto& a = list_items();
      const auto& b = other.list_items();
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!a[i].Equals(b[i])) return false;
      }
      return true;
    }
    case ValueKind::kMap: {
      if (size() != other.size()) return false;
      for (const auto& [k, v] : map_entries()) {
        const Value* w = other.Find(k);
        if (w == nullptr || !v.Equals(*w)) return false;
      }
      return true;
    }
    case ValueKind::kError: return false;
  }
  return false;
}

namespace {

void AppendQuoted(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  (void)ec;
  return std::string(buf, end);
}

void Value::AppendTo(std::string& out) const {
  switch (kind_) {
    case ValueKind::kNull: out += "null"; return;
    case ValueKind::kBool: out += u_.b ? "true" : "false"; return;
    case ValueKind::kInt: out += std::to_string(u_.i); return;
    case ValueKind::kUint: out += std::to_string(u_.u) + "u"; return;
    case ValueKind::kDouble: {
      std::string s = FormatDouble(u_.d);
      if (s == "NaN" || s == "Infinity" || s == "-Infinity") {
        out += "double(\"" + s + "\")";
        return;
      }
      // Keep the literal a double when re-parsed: 2 -> 2.0.
      if (s.find_first_of(".eE") == std::string::npos) s += ".0";
      out += s;
      return;
    }
    case ValueKind::kString: AppendQuoted(out, string_value()); return;
    case ValueKind::kTimestamp:
      out += "timestamp(\"" + FormatTimestamp(u_.t.seconds, u_.t.nanos) + "\")";
      return;
    case ValueKind::kDuration:
      out += "duration(\"" + FormatDuration(u_.t.seconds, u_.t.nanos) + "\")";
      return;
    case ValueKind::kList: {
      out += '[';
      bool first = true;
      for (const Value& v : list_items()) {
        if (!first) out += ", ";
        first = false;
        v.AppendTo(out);
      }
      out += ']';
      return;
    }
    case ValueKind::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : map_entries()) {
        if (!first) out += ", ";
        first = false;
        k.AppendTo(out);
        out += ": ";
        v.AppendTo(out);
      }
      out += '}';
      return;
    }
    case ValueKind::kError:
      out += "error(";
      AppendQuoted(out, error_message());
      out += ')';
      return;
  }
}

std::string Value::DebugString() const {
  std::string out;
  AppendTo(out);
  return out;
}

}  // namespace guomen::rules
