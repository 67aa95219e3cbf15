#include "rules/evaluator.hpp"

#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <string>

#include "rules/time_format.hpp"

namespace guomen::rules {

namespace {

Value Overflow() { return Value::Error("integer overflow"); }

bool IsNumber(ValueKind k) {
  return k == ValueKind::kInt || k == ValueKind::kUint || k == ValueKind::kDouble;
}

// Three-way comparison of numbers of any kinds (cel-spec: heterogeneous
// numeric comparison). Returns 2 when unordered (NaN involved).
int CompareNumbers(const Value& a, const Value& b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  ValueKind ka = a.kind(), kb = b.kind();
  if (ka == ValueKind::kInt && kb == ValueKind::kInt) return cmp(a.int_value(), b.int_value());
  if (ka == ValueKind::kDouble && kb == ValueKind::kDouble) {
    double x = a.double_value(), y = b.double_value();
    if (std::isnan(x) || std::isnan(y)) return 2;
    return cmp(x, y);
  }
  if (ka == ValueKind::kUint && kb == ValueKind::kUint) return cmp(a.uint_value(), b.uint_value());
  if (ka == ValueKind::kInt && kb == ValueKind::kUint) {
    return a.int_value() < 0 ? -1 : cmp(static_cast<uint64_t>(a.int_value()), b.uint_value());
  }
  if (ka == ValueKind::kUint && kb == ValueKind::kInt) {
    return b.int_value() < 0 ? 1 : cmp(a.uint_value(), static_cast<uint64_t>(b.int_value()));
  }
  // A double is involved; long double holds every int64/uint64 exactly on x86-64.
  auto as_ld = [](const Value& v) -> long double {
    switch (v.kind()) {
      case ValueKind::kInt: return static_cast<long double>(v.int_value());
      case ValueKind::kUint: return static_cast<long double>(v.uint_value());
      default: return static_cast<long double>(v.double_value());
    }
  };
  long double x = as_ld(a), y = as_ld(b);
  if (std::isnan(x) || std::isnan(y)) return 2;
  return cmp(x, y);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Value AddTime(const Value& t, const Value& d, bool subtract, bool to_timestamp) {
  int64_t s = 0;
  int64_t ds = d.seconds();
  int64_t dn = d.nanos();
  if (subtract) {
    ds = -ds;
    dn = -dn;
  }
  if (__builtin_add_overflow(t.seconds(), ds, &s)) {
    return Value::Error(to_timestamp ? "timestamp out of range" : "duration out of range");
  }
  int64_t n = t.nanos() + dn;
  return to_timestamp ? MakeTimestamp(s, n) : MakeDuration(s, n);
}

int64_t TruncSeconds(const Value& d) {
  return d.seconds() + (d.seconds() < 0 && d.nanos() > 0 ? 1 : 0);
}

Value ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return Value::Error("cannot convert \"" + std::string(s.substr(0, 64)) + "\" to int");
  }
  return Value::Int(v);
}

Value ParseUint(std::string_view s) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return Value::Error("cannot convert \"" + std::string(s.substr(0, 64)) + "\" to uint");
  }
  return Value::Uint(v);
}

Value ParseDouble(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return Value::Error("cannot convert \"" + std::string(s.substr(0, 64)) + "\" to double");
  }
  return Value::Double(v);
}

Value ParseBool(std::string_view s) {
  // The spellings Go's strconv.ParseBool accepts, as CEL implementations do.
  if (s == "true" || s == "True" || s == "TRUE" || s == "t" || s == "T" || s == "1") {
    return Value::Bool(true);
  }
  if (s == "false" || s == "False" || s == "FALSE" || s == "f" || s == "F" || s == "0") {
    return Value::Bool(false);
  }
  return Value::Error("cannot convert \"" + std::string(s.substr(0, 64)) + "\" to bool");
}

// Doubles convert to integers only when in range: [-2^63, 2^63) and [0, 2^64).
Value DoubleToInt(double d) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
    return Value::Error("double value out of int range");
  }
  return Value::Int(static_cast<int64_t>(d));
}

Value DoubleToUint(double d) {
  if (!(d > -1.0 && d < 18446744073709551616.0)) {
    return Value::Error("double value out of uint range");
  }
  return Value::Uint(static_cast<uint64_t>(d));
}

}  // namespace

Value Evaluator::Overload(const Node& n, const Value& a) const {
  return Value::Error("no matching overload for '" +
                      (n.kind == NodeKind::kCall ? n.name
                       : n.kind == NodeKind::kNot ? std::string("!")
                                                  : std::string("-")) +
                      "' applied to (" + std::string(ValueKindName(a.kind())) + ")");
}

Value Evaluator::Overload(const Node& n, const Value& a, const Value& b) const {
  std::string op = n.kind == NodeKind::kBinary ? BinaryOpName(n.op)
                   : n.kind == NodeKind::kAnd  ? "&&"
                   : n.kind == NodeKind::kOr   ? "||"
                                               : n.name;
  return Value::Error("no matching overload for '" + op + "' applied to (" +
                      std::string(ValueKindName(a.kind())) + ", " +
                      std::string(ValueKindName(b.kind())) + ")");
}

[[gnu::always_inline]] inline const Value* Evaluator::Simple(int id) {
  const Op& o = code(id);
  switch (o.kind) {
    case NodeKind::kLiteral: return &consts_[o.aux];
    case NodeKind::kFact:
      if (reads_ != nullptr) (*reads_)[static_cast<size_t>(o.slot)] = 1;
      return facts_.Get(o.slot);
    case NodeKind::kLocal: return locals_[static_cast<size_t>(o.slot)];
    case NodeKind::kSelect: {
      const Value* m = locals_[static_cast<size_t>(code(o.child[0]).slot)];
      if (m->kind() != ValueKind::kMap) return nullptr;
      std::atomic<uint32_t>& remembered = program_.field_hints[static_cast<size_t>(o.aux)];
      uint32_t hint = remembered.load(std::memory_order_relaxed);
      const uint32_t before = hint;
      const Value* v = m->FindField(program_.names[static_cast<size_t>(o.aux)], hint);
      if (hint != before) remembered.store(hint, std::memory_order_relaxed);
      return v;
    }
    default: return nullptr;
  }
}

[[gnu::always_inline]] inline const Value& Evaluator::Operand(int id, Value& tmp) {
  const Op& o = code(id);
  switch (o.kind) {
    case NodeKind::kLiteral: return consts_[o.aux];
    case NodeKind::kFact: {
      if (reads_ != nullptr) (*reads_)[static_cast<size_t>(o.slot)] = 1;
      const Value* v = facts_.Get(o.slot);
      return v != nullptr ? *v : program_.absent_errors[static_cast<size_t>(o.slot)];
    }
    case NodeKind::kLocal: return *locals_[static_cast<size_t>(o.slot)];
    case NodeKind::kSelect:
      if (o.flags & Op::kSimple) {
        if (const Value* v = Simple(id)) return *v;
      }
      return Ref(id, tmp);  // missing field, not a map, or not a local's field
    default: return Ref(id, tmp);
  }
}

const Value& Evaluator::Ref(int id, Value& tmp) {
  const Op& o = code(id);
  switch (o.kind) {
    case NodeKind::kLiteral: return consts_[o.aux];
    case NodeKind::kFact: {
      if (reads_ != nullptr) (*reads_)[static_cast<size_t>(o.slot)] = 1;
      const Value* v = facts_.Get(o.slot);
      return v != nullptr ? *v : program_.absent_errors[static_cast<size_t>(o.slot)];
    }
    case NodeKind::kLocal: return *locals_[static_cast<size_t>(o.slot)];
    case NodeKind::kSelect:
    case NodeKind::kPresence: {
      // A field of a fact, literal or local is used in place; a field of a
      // computed map is copied out before the map goes away.
      Value t;
      const Value& obj = Operand(o.child[0], t);
      if (obj.is_error()) {
        if (&obj != &t) return obj;
        tmp = std::move(t);
        return tmp;
      }
      const std::string& name = program_.names[static_cast<size_t>(o.aux)];
      if (obj.kind() != ValueKind::kMap) {
        tmp = Value::Error("type '" + std::string(ValueKindName(obj.kind())) +
                           "' has no fields (selecting '" + name + "')");
        return tmp;
      }
      std::atomic<uint32_t>& remembered = program_.field_hints[static_cast<size_t>(o.aux)];
      uint32_t hint = remembered.load(std::memory_order_relaxed);
      const uint32_t before = hint;
      const Value* v = obj.FindField(name, hint);
      if (hint != before) remembered.store(hint, std::memory_order_relaxed);
      if (o.kind == NodeKind::kPresence) {
        tmp = Value::Bool(v != nullptr);
        return tmp;
      }
      if (v == nullptr) {
        tmp = Value::Error("no such key: '" + name + "'");
        return tmp;
      }
      if (&obj != &t) return *v;
      tmp = *v;
      return tmp;
    }
    case NodeKind::kIndex: {
      Value t1, t2;
      const Value& obj = Operand(o.child[0], t1);
      auto keep = [&](const Value& v) -> const Value& {
        if (&obj != &t1 && &v != &t2) return v;
        tmp = v;
        return tmp;
      };
      if (obj.is_error()) return keep(obj);
      const Value& k = Operand(o.child[1], t2);
      if (k.is_error()) return keep(k);
      if (obj.kind() == ValueKind::kList) {
        int64_t i = 0;
        if (k.kind() == ValueKind::kInt) {
          i = k.int_value();
        } else if (k.kind() == ValueKind::kUint && k.uint_value() <= INT64_MAX) {
          i = static_cast<int64_t>(k.uint_value());
        } else if (k.kind() == ValueKind::kDouble && std::trunc(k.double_value()) == k.double_value() &&
                   std::fabs(k.double_value()) < 9.2e18) {
          i = static_cast<int64_t>(k.double_value());
        } else if (k.kind() == ValueKind::kUint) {
          i = INT64_MAX;
        } else {
          tmp = Value::Error("no matching overload for '[]' applied to (list, " +
                             std::string(ValueKindName(k.kind())) + ")");
          return tmp;
        }
        const auto& items = obj.list_items();
        if (i < 0 || static_cast<uint64_t>(i) >= items.size()) {
          tmp = Value::Error("index out of range: " + std::to_string(i));
          return tmp;
        }
        return keep(items[static_cast<size_t>(i)]);
      }
      if (obj.kind() == ValueKind::kMap) {
        const Value* v = obj.Find(k);
        if (v == nullptr) {
          tmp = Value::Error("no such key: " + k.DebugString());
          return tmp;
        }
        return keep(*v);
      }
      tmp = Value::Error("type '" + std::string(ValueKindName(obj.kind())) + "' cannot be indexed");
      return tmp;
    }
    case NodeKind::kBinary:
      if (o.op != BinaryOp::kAdd && o.op != BinaryOp::kSub && o.op != BinaryOp::kMul &&
          o.op != BinaryOp::kDiv && o.op != BinaryOp::kMod) {
        break;  // a condition: Eval
      }
      {  // arithmetic such as `now - v.departed`, without going through Eval
        Value t1, t2;
        const Value& a = Operand(o.child[0], t1);
        if (a.is_error()) {
          tmp = a;
          return tmp;
        }
        const Value& b = Operand(o.child[1], t2);
        if (b.is_error()) {
          tmp = b;
          return tmp;
        }
        tmp = Binary(id, a, b);
        return tmp;
      }
    default: break;
  }
  tmp = Eval(id);
  return tmp;
}

namespace {

// Whether Test decides node `o` itself (a condition) rather than through Eval.
bool IsCondition(const Op& o) {
  switch (o.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kNot:
    case NodeKind::kCond: return true;
    case NodeKind::kBinary:
      return o.op == BinaryOp::kEq || o.op == BinaryOp::kNe || o.op == BinaryOp::kLt ||
             o.op == BinaryOp::kLe || o.op == BinaryOp::kGt || o.op == BinaryOp::kGe ||
             o.op == BinaryOp::kIn;
    case NodeKind::kComprehension:
      return o.macro == MacroKind::kAll || o.macro == MacroKind::kExists ||
             o.macro == MacroKind::kExistsOne;
    default: return false;
  }
}

// Three-way comparison for < <= > >=: -1, 0, 1; 2 when unordered (NaN);
// 3 when there is no such overload.
int Compare(const Value& a, const Value& b) {
  ValueKind ka = a.kind(), kb = b.kind();
  if (IsNumber(ka) && IsNumber(kb)) return CompareNumbers(a, b);
  if (ka != kb) return 3;
  switch (ka) {
    case ValueKind::kString: {
      int r = a.string_value().compare(b.string_value());
      return r < 0 ? -1 : (r > 0 ? 1 : 0);
    }
    case ValueKind::kBool: return static_cast<int>(a.bool_value()) - static_cast<int>(b.bool_value());
    case ValueKind::kTimestamp:
    case ValueKind::kDuration:
      return a.seconds() != b.seconds() ? (a.seconds() < b.seconds() ? -1 : 1)
                                        : (a.nanos() < b.nanos() ? -1 : (a.nanos() > b.nanos()));
    default: return 3;
  }
}

[[gnu::always_inline]] inline bool Ordered(BinaryOp op, int c) {
  switch (op) {
    case BinaryOp::kLt: return c < 0;
    case BinaryOp::kLe: return c <= 0;
    case BinaryOp::kGt: return c > 0;
    default: return c >= 0;
  }
}

using Tri = Evaluator::Tri;

[[gnu::always_inline]] inline Tri TriOf(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

// Compare with the common same-kind cases inline.
[[gnu::always_inline]] inline int QuickCompare(const Value& a, const Value& b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.kind() == b.kind()) {
    switch (a.kind()) {
      case ValueKind::kInt: return cmp(a.int_value(), b.int_value());
      case ValueKind::kTimestamp:
      case ValueKind::kDuration:
        if (a.seconds() != b.seconds()) return a.seconds() < b.seconds() ? -1 : 1;
        return cmp(a.nanos(), b.nanos());
      default: break;
    }
  }
  return Compare(a, b);
}

}  // namespace

[[gnu::always_inline]] inline Evaluator::Tri Evaluator::TestFast(int id, Value& other) {
  const Op& o = code(id);
  if (o.flags & Op::kQuick) {
    const Value* a = Simple(o.child[0]);
    const Value* b = a != nullptr && !a->is_error() ? Simple(o.child[1]) : nullptr;
    if (b != nullptr && !b->is_error()) {
      switch (o.op) {
        case BinaryOp::kEq: return TriOf(a->Equals(*b));
        case BinaryOp::kNe: return TriOf(!a->Equals(*b));
        case BinaryOp::kIn:
          if (b->kind() == ValueKind::kList) return TriOf(b->Contains(*a));
          if (b->kind() == ValueKind::kMap) return TriOf(b->Find(*a) != nullptr);
          break;
        default: {
          int c = QuickCompare(*a, *b);
          if (c == 2) return Tri::kFalse;  // NaN is unordered
          if (c != 3) return TriOf(Ordered(o.op, c));
          break;
        }
      }
    }
  } else if (o.kind == NodeKind::kFact || o.kind == NodeKind::kLocal) {
    const Value* v = Simple(id);
    if (v != nullptr && v->kind() == ValueKind::kBool) return TriOf(v->bool_value());
  }
  return Test(id, other);
}

Evaluator::Tri Evaluator::Test(int id, Value& other) {
  const Op& o = code(id);
  if (!IsCondition(o)) {
    Value t;
    const Value& v = Operand(id, t);
    if (v.kind() == ValueKind::kBool) return TriOf(v.bool_value());
    other = &v == &t ? std::move(t) : v;
    return Tri::kOther;
  }
  switch (o.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      // cel-spec "Logical Operators": commutative short-circuit; an error or a
      // non-bool on one side is absorbed when the other side decides.
      Tri decisive = o.kind == NodeKind::kOr ? Tri::kTrue : Tri::kFalse;
      Value va, vb;
      Tri a = TestFast(o.child[0], va);
      if (a == decisive) return a;
      Tri b = TestFast(o.child[1], vb);
      if (b == decisive) return b;
      if (a != Tri::kOther && b != Tri::kOther) return a;
      if (a == Tri::kOther && va.is_error()) {
        other = std::move(va);
      } else if (b == Tri::kOther && vb.is_error()) {
        other = std::move(vb);
      } else {
        other = Overload(node(id), a == Tri::kOther ? va : Value::Bool(a == Tri::kTrue),
                         b == Tri::kOther ? vb : Value::Bool(b == Tri::kTrue));
      }
      return Tri::kOther;
    }
    case NodeKind::kNot: {
      Tri a = TestFast(o.child[0], other);
      if (a != Tri::kOther) return a == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
      if (!other.is_error()) other = Overload(node(id), other);
      return Tri::kOther;
    }
    case NodeKind::kCond: {
      Tri c = TestFast(o.child[0], other);
      if (c == Tri::kOther) {
        if (!other.is_error()) {
          other = Value::Error("no matching overload for '?:' applied to (" +
                               std::string(ValueKindName(other.kind())) + ", ...)");
        }
        return Tri::kOther;
      }
      return TestFast(o.child[c == Tri::kTrue ? 1 : 2], other);
    }
    case NodeKind::kBinary: {
      Value t1, t2;
      const Value& a = Operand(o.child[0], t1);
      if (a.is_error()) {
        other = a;
        return Tri::kOther;
      }
      const Value& b = Operand(o.child[1], t2);
      if (b.is_error()) {
        other = b;
        return Tri::kOther;
      }
      switch (o.op) {
        case BinaryOp::kEq: return TriOf(a.Equals(b));
        case BinaryOp::kNe: return TriOf(!a.Equals(b));
        case BinaryOp::kIn:
          if (b.kind() == ValueKind::kList) return TriOf(b.Contains(a));
          if (b.kind() == ValueKind::kMap) return TriOf(b.Find(a) != nullptr);
          other = Overload(node(id), a, b);
          return Tri::kOther;
        default: {
          int c = Compare(a, b);
          if (c == 3) {
            other = Overload(node(id), a, b);
            return Tri::kOther;
          }
          if (c == 2) return Tri::kFalse;  // NaN is unordered
          return TriOf(Ordered(o.op, c));
        }
      }
    }
    default: return Quantifier(id, other);
  }
}

// all / exists / exists_one.
Evaluator::Tri Evaluator::Quantifier(int id, Value& other) {
  const Op& o = code(id);
  Value tmp;
  const Value& range = Operand(o.child[0], tmp);
  if (range.is_error()) {
    other = range;
    return Tri::kOther;
  }
  if (range.kind() != ValueKind::kList && range.kind() != ValueKind::kMap) {
    other = Value::Error("cannot iterate over a value of type '" +
                         std::string(ValueKindName(range.kind())) + "'");
    return Tri::kOther;
  }
  const Value*& var = locals_[static_cast<size_t>(o.slot)];
  size_t count = range.size();
  iterations_ += static_cast<int64_t>(count);
  if (iterations_ > kMaxIterations) {
    other = Value::Error("evaluation exceeded " + std::to_string(kMaxIterations) +
                         " macro iterations");
    return Tri::kOther;
  }
  const bool is_list = range.kind() == ValueKind::kList;
  const Value* items = is_list ? range.list_items().data() : nullptr;
  auto element = [&](size_t i) -> const Value& {
    return is_list ? items[i] : range.map_entries()[i].first;
  };
  auto predicate_error = [](Value& v) {
    if (!v.is_error()) {
      v = Value::Error("a macro predicate returned " + std::string(ValueKindName(v.kind())) +
                       ", not bool");
    }
  };
  if (o.macro == MacroKind::kExistsOne) {
    int64_t matches = 0;
    for (size_t i = 0; i < count; ++i) {
      var = &element(i);
      Tri r = TestFast(o.child[1], other);
      if (r == Tri::kOther) {
        predicate_error(other);
        return Tri::kOther;
      }
      matches += r == Tri::kTrue ? 1 : 0;
    }
    return TriOf(matches == 1);
  }
  // Like && / ||: a deciding element wins over errors from other elements.
  Tri decisive = o.macro == MacroKind::kExists ? Tri::kTrue : Tri::kFalse;
  bool errored = false;
  for (size_t i = 0; i < count; ++i) {
    var = &element(i);
    Value v;
    Tri r = TestFast(o.child[1], v);
    if (r == decisive) return decisive;
    if (r == Tri::kOther && !errored) {
      predicate_error(v);
      other = std::move(v);
      errored = true;
    }
  }
  if (errored) return Tri::kOther;
  return decisive == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
}

Value Evaluator::Eval(int id) {
  const Op& o = code(id);
  if (IsCondition(o)) {
    Value other;
    Tri t = Test(id, other);
    if (t == Tri::kOther) return other;
    return Value::Bool(t == Tri::kTrue);
  }
  switch (o.kind) {
    case NodeKind::kLiteral:
    case NodeKind::kFact:
    case NodeKind::kLocal:
    case NodeKind::kSelect:
    case NodeKind::kPresence:
    case NodeKind::kIndex: {
      Value tmp;
      const Value& v = Ref(id, tmp);
      if (&v == &tmp) return tmp;
      return v;
    }
    case NodeKind::kFactPresence: {
      bool present = false;
      for (int slot : node(id).slots) {
        if (reads_ != nullptr) (*reads_)[static_cast<size_t>(slot)] = 1;
        if (facts_.Get(slot) != nullptr) present = true;
      }
      return Value::Bool(present);
    }
    case NodeKind::kIdent:
      return Value::Error("'" + node(id).name + "' is not a value");
    case NodeKind::kCall: return Call(id);
    case NodeKind::kList: {
      const Node& n = node(id);
      std::vector<Value> items;
      items.reserve(n.children.size());
      for (int c : n.children) {
        Value v = Eval(c);
        if (v.is_error()) return v;
        items.push_back(std::move(v));
      }
      return Value::List(std::move(items));
    }
    case NodeKind::kMap: {
      const Node& n = node(id);
      std::vector<std::pair<Value, Value>> entries;
      entries.reserve(n.children.size() / 2);
      for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
        Value k = Eval(n.children[i]);
        if (k.is_error()) return k;
        Value v = Eval(n.children[i + 1]);
        if (v.is_error()) return v;
        entries.emplace_back(std::move(k), std::move(v));
      }
      return Value::Map(std::move(entries));
    }
    case NodeKind::kNeg: {
      Value tmp;
      const Value& a = Operand(o.child[0], tmp);
      if (a.is_error()) return a;
      if (a.kind() == ValueKind::kInt) {
        if (a.int_value() == INT64_MIN) return Overflow();
        return Value::Int(-a.int_value());
      }
      if (a.kind() == ValueKind::kDouble) return Value::Double(-a.double_value());
      return Overload(node(id), a);
    }
    case NodeKind::kCond: {  // not reached: a condition (IsCondition)
      Value other;
      Tri t = Test(id, other);
      return t == Tri::kOther ? other : Value::Bool(t == Tri::kTrue);
    }
    case NodeKind::kBinary: {
      Value t1, t2;
      const Value& a = Operand(o.child[0], t1);
      if (a.is_error()) return a;
      const Value& b = Operand(o.child[1], t2);
      if (b.is_error()) return b;
      return Binary(id, a, b);
    }
    case NodeKind::kComprehension: return Comprehension(id);
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kNot: break;  // conditions, handled above
  }
  return Value::Error("internal error: unknown node");
}

Value Evaluator::Binary(int id, const Value& a, const Value& b) {
  const Node& n = node(id);  // for error messages only
  const BinaryOp op = code(id).op;
  ValueKind ka = a.kind(), kb = b.kind();
  switch (op) {
    case BinaryOp::kEq: return Value::Bool(a.Equals(b));
    case BinaryOp::kNe: return Value::Bool(!a.Equals(b));
    case BinaryOp::kIn:
      if (kb == ValueKind::kList) return Value::Bool(b.Contains(a));
      if (kb == ValueKind::kMap) return Value::Bool(b.Find(a) != nullptr);
      return Overload(n, a, b);
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe: {
      int c = Compare(a, b);
      if (c == 3) return Overload(n, a, b);
      return Value::Bool(c != 2 && Ordered(op, c));  // NaN is unordered
    }
    default:
      break;
  }
  // Arithmetic: both operands of one kind, except timestamp/duration mixes.
  if (ka == ValueKind::kInt && kb == ValueKind::kInt) {
    int64_t x = a.int_value(), y = b.int_value(), r = 0;
    switch (op) {
      case BinaryOp::kAdd:
        if (__builtin_add_overflow(x, y, &r)) return Overflow();
        return Value::Int(r);
      case BinaryOp::kSub:
        if (__builtin_sub_overflow(x, y, &r)) return Overflow();
        return Value::Int(r);
      case BinaryOp::kMul:
        if (__builtin_mul_overflow(x, y, &r)) return Overflow();
        return Value::Int(r);
      case BinaryOp::kDiv:
        if (y == 0) return Value::Error("division by zero");
        if (x == INT64_MIN && y == -1) return Overflow();
        return Value::Int(x / y);
      case BinaryOp::kMod:
        if (y == 0) return Value::Error("modulus by zero");
        if (y == -1) return Value::Int(0);  // INT64_MIN % -1 is 0, not a trap
        return Value::Int(x % y);
      default: break;
    }
  }
  if (ka == ValueKind::kUint && kb == ValueKind::kUint) {
    uint64_t x = a.uint_value(), y = b.uint_value(), r = 0;
    switch (op) {
      case BinaryOp::kAdd:
        if (__builtin_add_overflow(x, y, &r)) return Value::Error("unsigned integer overflow");
        return Value::Uint(r);
      case BinaryOp::kSub:
        if (__builtin_sub_overflow(x, y, &r)) return Value::Error("unsigned integer overflow");
        return Value::Uint(r);
      case BinaryOp::kMul:
        if (__builtin_mul_overflow(x, y, &r)) return Value::Error("unsigned integer overflow");
        return Value::Uint(r);
      case BinaryOp::kDiv:
        if (y == 0) return Value::Error("division by zero");
        return Value::Uint(x / y);
      case BinaryOp::kMod:
        if (y == 0) return Value::Error("modulus by zero");
        return Value::Uint(x % y);
      default: break;
    }
  }
  if (ka == ValueKind::kDouble && kb == ValueKind::kDouble) {
    double x = a.double_value(), y = b.double_value();
    switch (op) {
      case BinaryOp::kAdd: return Value::Double(x + y);
      case BinaryOp::kSub: return Value::Double(x - y);
      case BinaryOp::kMul: return Value::Double(x * y);
      case BinaryOp::kDiv: return Value::Double(x / y);  // IEEE 754: x/0 is +-inf or NaN
      default: break;
    }
  }
  if (op == BinaryOp::kAdd) {
    if (ka == ValueKind::kString && kb == ValueKind::kString) {
      std::string s;
      s.reserve(a.string_value().size() + b.string_value().size());
      s.append(a.string_value()).append(b.string_value());
      return Value::String(std::move(s));
    }
    if (ka == ValueKind::kList && kb == ValueKind::kList) {
      if (b.size() == 0) return a;
      if (a.size() == 0) return b;
      std::vector<Value> items = a.list_items();
      items.insert(items.end(), b.list_items().begin(), b.list_items().end());
      return Value::List(std::move(items));
    }
    if (ka == ValueKind::kTimestamp && kb == ValueKind::kDuration) return AddTime(a, b, false, true);
    if (ka == ValueKind::kDuration && kb == ValueKind::kTimestamp) return AddTime(b, a, false, true);
    if (ka == ValueKind::kDuration && kb == ValueKind::kDuration) return AddTime(a, b, false, false);
  }
  if (op == BinaryOp::kSub) {
    if (ka == ValueKind::kTimestamp && kb == ValueKind::kDuration) return AddTime(a, b, true, true);
    if (ka == ValueKind::kDuration && kb == ValueKind::kDuration) return AddTime(a, b, true, false);
    if (ka == ValueKind::kTimestamp && kb == ValueKind::kTimestamp) {
      // Both within years 1..9999, so the difference cannot overflow int64.
      return MakeDuration(a.seconds() - b.seconds(), static_cast<int64_t>(a.nanos()) - b.nanos());
    }
  }
  return Overload(n, a, b);
}

Value Evaluator::Call(int id) {
  const Op& o = code(id);
  const Node& n = node(id);  // for names in error messages only
  Value t0, t1;
  const Value& a = Operand(o.child[0], t0);
  if (a.is_error()) return a;
  const Value* bp = nullptr;
  if (o.arity > 1) {
    bp = &Operand(o.child[1], t1);
    if (bp->is_error()) return *bp;
  }
  ValueKind k = a.kind();
  auto need_string_arg = [&] { return bp != nullptr && bp->kind() == ValueKind::kString; };
  switch (o.builtin) {
    case Builtin::kSize:
      if (k == ValueKind::kString) return Value::Int(static_cast<int64_t>(CodePoints(a.string_value())));
      if (k == ValueKind::kList || k == ValueKind::kMap) return Value::Int(static_cast<int64_t>(a.size()));
      return Overload(n, a);
    case Builtin::kContains:
    case Builtin::kStartsWith:
    case Builtin::kEndsWith: {
      if (k != ValueKind::kString || !need_string_arg()) return Overload(n, a, bp ? *bp : Value());
      std::string_view s = a.string_value(), x = bp->string_value();
      if (o.builtin == Builtin::kContains) return Value::Bool(s.find(x) != std::string_view::npos);
      if (o.builtin == Builtin::kStartsWith) return Value::Bool(s.substr(0, x.size()) == x);
      return Value::Bool(s.size() >= x.size() && s.substr(s.size() - x.size()) == x);
    }
    case Builtin::kMatches: {
      if (k != ValueKind::kString || !need_string_arg()) return Overload(n, a, bp ? *bp : Value());
      if (o.aux >= 0) {
        return Value::Bool(
            RE2::PartialMatch(a.string_value(), *program_.regexes[static_cast<size_t>(o.aux)]));
      }
      RE2::Options options;
      options.set_log_errors(false);
      RE2 re(bp->string_value(), options);
      if (!re.ok()) return Value::Error("invalid regular expression: " + re.error());
      return Value::Bool(RE2::PartialMatch(a.string_value(), re));
    }
    case Builtin::kLowerAscii:
    case Builtin::kUpperAscii: {
      if (k != ValueKind::kString) return Overload(n, a);
      std::string s(a.string_value());
      bool lower = o.builtin == Builtin::kLowerAscii;
      for (char& c : s) {
        if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (!lower && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      return Value::String(std::move(s));
    }
    case Builtin::kToInt:
      switch (k) {
        case ValueKind::kInt: return a;
        case ValueKind::kUint:
          if (a.uint_value() > INT64_MAX) return Value::Error("uint value out of int range");
          return Value::Int(static_cast<int64_t>(a.uint_value()));
        case ValueKind::kDouble: return DoubleToInt(a.double_value());
        case ValueKind::kString: return ParseInt(a.string_value());
        case ValueKind::kTimestamp: return Value::Int(a.seconds());
        default: return Overload(n, a);
      }
    case Builtin::kToUint:
      switch (k) {
        case ValueKind::kUint: return a;
        case ValueKind::kInt:
          if (a.int_value() < 0) return Value::Error("int value out of uint range");
          return Value::Uint(static_cast<uint64_t>(a.int_value()));
        case ValueKind::kDouble: return DoubleToUint(a.double_value());
        case ValueKind::kString: return ParseUint(a.string_value());
        default: return Overload(n, a);
      }
    case Builtin::kToDouble:
      switch (k) {
        case ValueKind::kDouble: return a;
        case ValueKind::kInt: return Value::Double(static_cast<double>(a.int_value()));
        case ValueKind::kUint: return Value::Double(static_cast<double>(a.uint_value()));
        case ValueKind::kString: return ParseDouble(a.string_value());
        default: return Overload(n, a);
      }
    case Builtin::kToString:
      switch (k) {
        case ValueKind::kString: return a;
        case ValueKind::kInt: return Value::String(std::to_string(a.int_value()));
        case ValueKind::kUint: return Value::String(std::to_string(a.uint_value()));
        case ValueKind::kDouble: return Value::String(FormatDouble(a.double_value()));
        case ValueKind::kBool: return Value::String(a.bool_value() ? "true" : "false");
        case ValueKind::kTimestamp: return Value::String(FormatTimestamp(a.seconds(), a.nanos()));
        case ValueKind::kDuration: return Value::String(FormatDuration(a.seconds(), a.nanos()));
        default: return Overload(n, a);
      }
    case Builtin::kToBool:
      if (k == ValueKind::kBool) return a;
      if (k == ValueKind::kString) return ParseBool(a.string_value());
      return Overload(n, a);
    case Builtin::kToTimestamp:
      if (k == ValueKind::kTimestamp) return a;
      if (k == ValueKind::kString) return ParseTimestamp(a.string_value());
      if (k == ValueKind::kInt) return MakeTimestamp(a.int_value(), 0);
      return Overload(n, a);
    case Builtin::kToDuration:
      if (k == ValueKind::kDuration) return a;
      if (k == ValueKind::kString) return ParseDuration(a.string_value());
      return Overload(n, a);
    case Builtin::kToDyn: return a;
    case Builtin::kGetFullYear:
    case Builtin::kGetMonth:
    case Builtin::kGetDate:
    case Builtin::kGetDayOfMonth:
    case Builtin::kGetDayOfWeek:
    case Builtin::kGetDayOfYear:
    case Builtin::kGetHours:
    case Builtin::kGetMinutes:
    case Builtin::kGetSeconds:
    case Builtin::kGetMilliseconds: {
      if (k == ValueKind::kDuration && bp == nullptr) {
        // Durations: the whole duration in the unit, truncated toward zero.
        int64_t s = TruncSeconds(a);
        switch (o.builtin) {
          case Builtin::kGetHours: return Value::Int(s / 3600);
          case Builtin::kGetMinutes: return Value::Int(s / 60);
          case Builtin::kGetSeconds: return Value::Int(s);
          case Builtin::kGetMilliseconds: {
            int64_t ms = a.seconds() * 1000 + a.nanos() / 1000000;
            if (a.seconds() < 0 && a.nanos() % 1000000 != 0) ms += 1;
            return Value::Int(ms);
          }
          default: return Overload(n, a);
        }
      }
      if (k != ValueKind::kTimestamp) return Overload(n, a);
      int32_t offset = 0;
      if (bp != nullptr) {
        if (bp->kind() != ValueKind::kString) return Overload(n, a, *bp);
        auto parsed = ParseUtcOffset(bp->string_value());
        if (!parsed) {
          return Value::Error("unsupported time zone \"" + std::string(bp->string_value()) + "\"");
        }
        offset = *parsed;
      }
      CivilTime c = ToCivil(a.seconds(), offset);
      switch (o.builtin) {
        case Builtin::kGetFullYear: return Value::Int(c.year);
        case Builtin::kGetMonth: return Value::Int(c.month - 1);
        case Builtin::kGetDate: return Value::Int(c.day);
        case Builtin::kGetDayOfMonth: return Value::Int(c.day - 1);
        case Builtin::kGetDayOfWeek: return Value::Int(c.day_of_week);
        case Builtin::kGetDayOfYear: return Value::Int(c.day_of_year);
        case Builtin::kGetHours: return Value::Int(c.hour);
        case Builtin::kGetMinutes: return Value::Int(c.minute);
        case Builtin::kGetSeconds: return Value::Int(c.second);
        default: return Value::Int(a.nanos() / 1000000);
      }
    }
    case Builtin::kUnresolved: break;
  }
  return Value::Error("unknown function '" + n.name + "'");
}

// map / filter (all, exists and exists_one are conditions: Quantifier).
Value Evaluator::Comprehension(int id) {
  const Op& o = code(id);
  if (o.macro != MacroKind::kFilter && o.macro != MacroKind::kMap &&
      o.macro != MacroKind::kMapFilter) {
    Value other;
    Tri t = Quantifier(id, other);
    return t == Tri::kOther ? other : Value::Bool(t == Tri::kTrue);
  }
  Value tmp;
  const Value& range = Ref(o.child[0], tmp);
  if (range.is_error()) return range;
  if (range.kind() != ValueKind::kList && range.kind() != ValueKind::kMap) {
    return Value::Error("cannot iterate over a value of type '" +
                        std::string(ValueKindName(range.kind())) + "'");
  }
  const Value*& var = locals_[static_cast<size_t>(o.slot)];
  size_t count = range.size();
  iterations_ += static_cast<int64_t>(count);
  if (iterations_ > kMaxIterations) {
    return Value::Error("evaluation exceeded " + std::to_string(kMaxIterations) +
                        " macro iterations");
  }
  auto element = [&](size_t i) -> const Value& {
    return range.kind() == ValueKind::kList ? range.list_items()[i] : range.map_entries()[i].first;
  };
  std::vector<Value> out;
  for (size_t i = 0; i < count; ++i) {
    var = &element(i);
    if (o.macro != MacroKind::kMap) {
      Value keep;
      Tri t = TestFast(o.child[1], keep);
      if (t == Tri::kOther) {
        if (!keep.is_error()) {
          keep = Value::Error("a macro predicate returned " +
                              std::string(ValueKindName(keep.kind())) + ", not bool");
        }
        return keep;
      }
      if (t == Tri::kFalse) continue;
      if (o.macro == MacroKind::kFilter) {
        out.push_back(*var);
        continue;
      }
    }
    Value v = Eval(o.child[o.macro == MacroKind::kMapFilter ? 2 : 1]);
    if (v.is_error()) return v;
    out.push_back(std::move(v));
  }
  return Value::List(std::move(out));
}

}  // namespace guomen::rules
