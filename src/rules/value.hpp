// A CEL value: what facts hold and what rule expressions compute.
//
// Value is the one runtime representation used by the rules engine: facts in
// an Activation, literals in a compiled Program, and evaluation results. It is
// a small tagged union (scalars inline) with the string, list, map and error
// payloads held immutably behind a shared pointer, so copying a Value never
// copies a payload and a Value can be shared between threads once built.
//
// Errors are values too (kind kError): CEL's && and || absorb them, and an
// evaluation that ends in one reports it. Value is thread-compatible; const
// access from many threads is safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guomen::rules {

enum class ValueKind : uint8_t {
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kTimestamp,
  kDuration,
  kList,
  kMap,
  kError,
};

// The CEL type name of a kind: "null", "bool", "int", ..., "list", "map", "error".
std::string_view ValueKindName(ValueKind kind);

// Shortest round-trip decimal text of a double, as CEL's string(double):
// "1.5", "1e+100", "NaN", "Infinity", "-Infinity".
std::string FormatDouble(double d);

class Value {
 public:
  Value() : kind_(ValueKind::kNull) { u_.i = 0; }

  static Value Null() { return Value(); }
  static Value Bool(bool b);
  static Value Int(int64_t i);
  static Value Uint(uint64_t u);
  static Value Double(double d);
  static Value String(std::string s);
  // A timestamp as seconds since the Unix epoch plus nanoseconds.
  // REQUIRES: 0 <= nanos < 1e9 and seconds within CEL's range (years 1..9999);
  // use MakeTimestamp (time_format.hpp) when the input is not trusted.
  static Value Timestamp(int64_t seconds, int32_t nanos = 0);
  // A duration as seconds plus nanoseconds, normalized so 0 <= nanos < 1e9
  // (-1.5s is seconds -2, nanos 500000000).
  // REQUIRES: within CEL's range of +-315576000000 seconds.
  static Value Duration(int64_t seconds, int32_t nanos = 0);
  static Value List(std::vector<Value> items);
  // Keys must be bool, int, uint or string and distinct (by CEL equality);
  // otherwise returns an error value saying which.
  static Value Map(std::vector<std::pair<Value, Value>> entries);
  static Value Error(std::string message);
  // The same error, with the message kept for the life of the process, so
  // that copying the value changes no reference count: for the errors a
  // compiled program hands out to every evaluation on every thread ("fact
  // 'x' is not present"), where two cores counting references to one shared
  // message made each copy wait for the other core's cache. Only for a
  // bounded set of messages (one per fact of a schema), as none is freed.
  static Value PermanentError(std::string message);

  ValueKind kind() const { return kind_; }
  bool is_error() const { return kind_ == ValueKind::kError; }
  bool is_null() const { return kind_ == ValueKind::kNull; }

  // Accessors. REQUIRES: kind() is the one named.
  bool bool_value() const { return u_.b; }
  int64_t int_value() const { return u_.i; }
  uint64_t uint_value() const { return u_.u; }
  double double_value() const { return u_.d; }
  std::string_view string_value() const;
  // kTimestamp / kDuration.
  int64_t seconds() const { return u_.t.seconds; }
  int32_t nanos() const { return u_.t.nanos; }
  const std::vector<Value>& list_items() const;
  const std::vector<std::pair<Value, Value>>& map_entries() const;
  std::string_view error_message() const;

  // Number of elements of a list or entries of a map. REQUIRES: kList or kMap.
  size_t size() const;

  // Map lookup by CEL key equality (1 and 1u find the same entry); nullptr
  // when absent. REQUIRES: kind() == kMap.
  const Value* Find(const Value& key) const;
  // Map lookup by string key. REQUIRES: kind() == kMap.
  const Value* FindField(std::string_view key) const;
  // The same, trying position `hint` first and updating it to where the key
  // was found: a rule selecting `v.country` from records built alike (every
  // Visit of a traveller) finds the field with one comparison.
  const Value* FindField(std::string_view key, uint32_t& hint) const;
  // List membership by CEL equality. REQUIRES: kind() == kList.
  bool Contains(const Value& element) const;

  // CEL equality: numbers compare by value across int, uint and double; lists
  // and maps compare element-wise; values of different kinds are unequal.
  // NaN is unequal to itself. Errors compare unequal to everything.
  bool Equals(const Value& other) const;

  // Renders the value as CEL source text that evaluates back to it, e.g.
  // 1, 2u, 1.5, "a", timestamp("2026-01-01T00:00:00Z"), duration("3600s"),
  // [1, 2], {"a": 1}; an error renders as error("message").
  std::string DebugString() const;

 private:
  struct Time {
    int64_t seconds;
    int32_t nanos;
  };
  union Scalar {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    Time t;
  };
  struct ListRep;
  struct MapRep;

  ValueKind kind_;
  Scalar u_;
  std::shared_ptr<const void> heap_;

  void AppendTo(std::string& out) const;
};

}  // namespace guomen::rules
