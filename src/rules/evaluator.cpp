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

const Value& Evaluator::Ref(int id, Value& tmp) {
  const Node& n = nodes_[static_cast<size_t>(id)];
  switch (n.kind) {
    case NodeKind::kLiteral: return n.literal;
    case NodeKind::kFact: {
      if (reads_ != nullptr) (*reads_)[static_cast<size_t>(n.slot)] = 1;
      const Value* v = facts_.Get(n.slot);
      return v != nullptr ? *v : program_.absent_errors[static_cast<size_t>(n.slot)];
    }
    case NodeKind::kLocal: return *locals_[static_cast<size_t>(n.slot)];
    default:
      tmp = Eval(id);
      return tmp;
  }
}

Value Evaluator::Eval(int id) {
  const Node& n = nodes_[static_cast<size_t>(id)];
  switch (n.kind) {
    case NodeKind::kLiteral:
    case NodeKind::kFact:
    case NodeKind::kLocal: {
      Value tmp;
      return Ref(id, tmp);
    }
    case NodeKind::kFactPresence: {
      bool present = false;
      for (int slot : n.slots) {
        if (reads_ != nullptr) (*reads_)[static_cast<size_t>(slot)] = 1;
        if (facts_.Get(slot) != nullptr) present = true;
      }
      return Value::Bool(present);
    }
    case NodeKind::kIdent:
      return Value::Error("'" + n.name + "' is not a value");
    case NodeKind::kSelect:
    case NodeKind::kPresence: {
      Value tmp;
      const Value& o = Ref(n.children[0], tmp);
      if (o.is_error()) return o;
      if (o.kind() != ValueKind::kMap) {
        return Value::Error("type '" + std::string(ValueKindName(o.kind())) +
                            "' has no fields (selecting '" + n.name + "')");
      }
      const Value* v = o.FindField(n.name);
      if (n.kind == NodeKind::kPresence) return Value::Bool(v != nullptr);
      if (v == nullptr) return Value::Error("no such key: '" + n.name + "'");
      return *v;
    }
    case NodeKind::kIndex: {
      Value t1, t2;
      const Value& o = Ref(n.children[0], t1);
      if (o.is_error()) return o;
      const Value& k = Ref(n.children[1], t2);
      if (k.is_error()) return k;
      if (o.kind() == ValueKind::kList) {
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
          return Value::Error("no matching overload for '[]' applied to (list, " +
                              std::string(ValueKindName(k.kind())) + ")");
        }
        const auto& items = o.list_items();
        if (i < 0 || static_cast<uint64_t>(i) >= items.size()) {
          return Value::Error("index out of range: " + std::to_string(i));
        }
        return items[static_cast<size_t>(i)];
      }
      if (o.kind() == ValueKind::kMap) {
        const Value* v = o.Find(k);
        if (v == nullptr) return Value::Error("no such key: " + k.DebugString());
        return *v;
      }
      return Value::Error("type '" + std::string(ValueKindName(o.kind())) + "' cannot be indexed");
    }
    case NodeKind::kCall: return Call(n);
    case NodeKind::kList: {
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
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      // cel-spec "Logical Operators": commutative short-circuit; an error or a
      // non-bool on one side is absorbed when the other side decides.
      bool decisive = n.kind == NodeKind::kOr;  // true decides ||, false decides &&
      Value t1, t2;
      const Value& a = Ref(n.children[0], t1);
      if (a.kind() == ValueKind::kBool && a.bool_value() == decisive) return a;
      const Value& b = Ref(n.children[1], t2);
      if (b.kind() == ValueKind::kBool && b.bool_value() == decisive) return b;
      if (a.kind() == ValueKind::kBool && b.kind() == ValueKind::kBool) return a;
      if (a.is_error()) return a;
      if (b.is_error()) return b;
      return Overload(n, a, b);
    }
    case NodeKind::kNot: {
      Value tmp;
      const Value& a = Ref(n.children[0], tmp);
      if (a.is_error()) return a;
      if (a.kind() != ValueKind::kBool) return Overload(n, a);
      return Value::Bool(!a.bool_value());
    }
    case NodeKind::kNeg: {
      Value tmp;
      const Value& a = Ref(n.children[0], tmp);
      if (a.is_error()) return a;
      if (a.kind() == ValueKind::kInt) {
        if (a.int_value() == INT64_MIN) return Overflow();
        return Value::Int(-a.int_value());
      }
      if (a.kind() == ValueKind::kDouble) return Value::Double(-a.double_value());
      return Overload(n, a);
    }
    case NodeKind::kCond: {
      Value tmp;
      const Value& c = Ref(n.children[0], tmp);
      if (c.is_error()) return c;
      if (c.kind() != ValueKind::kBool) {
        return Value::Error("no matching overload for '?:' applied to (" +
                            std::string(ValueKindName(c.kind())) + ", ...)");
      }
      return Eval(n.children[c.bool_value() ? 1 : 2]);
    }
    case NodeKind::kBinary: {
      Value t1, t2;
      const Value& a = Ref(n.children[0], t1);
      if (a.is_error()) return a;
      const Value& b = Ref(n.children[1], t2);
      if (b.is_error()) return b;
      return Binary(n, a, b);
    }
    case NodeKind::kComprehension: return Comprehension(n);
  }
  return Value::Error("internal error: unknown node");
}

Value Evaluator::Binary(const Node& n, const Value& a, const Value& b) {
  ValueKind ka = a.kind(), kb = b.kind();
  switch (n.op) {
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
      int c = 0;
      if (IsNumber(ka) && IsNumber(kb)) {
        c = CompareNumbers(a, b);
        if (c == 2) return Value::Bool(false);  // NaN is unordered
      } else if (ka != kb) {
        return Overload(n, a, b);
      } else if (ka == ValueKind::kString) {
        int r = a.string_value().compare(b.string_value());
        c = r < 0 ? -1 : (r > 0 ? 1 : 0);
      } else if (ka == ValueKind::kBool) {
        c = static_cast<int>(a.bool_value()) - static_cast<int>(b.bool_value());
      } else if (ka == ValueKind::kTimestamp || ka == ValueKind::kDuration) {
        c = a.seconds() != b.seconds() ? (a.seconds() < b.seconds() ? -1 : 1)
                                       : (a.nanos() < b.nanos() ? -1 : (a.nanos() > b.nanos()));
      } else {
        return Overload(n, a, b);
      }
      switch (n.op) {
        case BinaryOp::kLt: return Value::Bool(c < 0);
        case BinaryOp::kLe: return Value::Bool(c <= 0);
        case BinaryOp::kGt: return Value::Bool(c > 0);
        default: return Value::Bool(c >= 0);
      }
    }
    default:
      break;
  }
  // Arithmetic: both operands of one kind, except timestamp/duration mixes.
  if (ka == ValueKind::kInt && kb == ValueKind::kInt) {
    int64_t x = a.int_value(), y = b.int_value(), r = 0;
    switch (n.op) {
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
    switch (n.op) {
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
    switch (n.op) {
      case BinaryOp::kAdd: return Value::Double(x + y);
      case BinaryOp::kSub: return Value::Double(x - y);
      case BinaryOp::kMul: return Value::Double(x * y);
      case BinaryOp::kDiv: return Value::Double(x / y);  // IEEE 754: x/0 is +-inf or NaN
      default: break;
    }
  }
  if (n.op == BinaryOp::kAdd) {
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
  if (n.op == BinaryOp::kSub) {
    if (ka == ValueKind::kTimestamp && kb == ValueKind::kDuration) return AddTime(a, b, true, true);
    if (ka == ValueKind::kDuration && kb == ValueKind::kDuration) return AddTime(a, b, true, false);
    if (ka == ValueKind::kTimestamp && kb == ValueKind::kTimestamp) {
      // Both within years 1..9999, so the difference cannot overflow int64.
      return MakeDuration(a.seconds() - b.seconds(), static_cast<int64_t>(a.nanos()) - b.nanos());
    }
  }
  return Overload(n, a, b);
}

Value Evaluator::Call(const Node& n) {
  Value t0, t1;
  const Value& a = Ref(n.children[0], t0);
  if (a.is_error()) return a;
  const Value* bp = nullptr;
  if (n.children.size() > 1) {
    bp = &Ref(n.children[1], t1);
    if (bp->is_error()) return *bp;
  }
  ValueKind k = a.kind();
  auto need_string_arg = [&] { return bp != nullptr && bp->kind() == ValueKind::kString; };
  switch (n.builtin) {
    case Builtin::kSize:
      if (k == ValueKind::kString) return Value::Int(static_cast<int64_t>(CodePoints(a.string_value())));
      if (k == ValueKind::kList || k == ValueKind::kMap) return Value::Int(static_cast<int64_t>(a.size()));
      return Overload(n, a);
    case Builtin::kContains:
    case Builtin::kStartsWith:
    case Builtin::kEndsWith: {
      if (k != ValueKind::kString || !need_string_arg()) return Overload(n, a, bp ? *bp : Value());
      std::string_view s = a.string_value(), x = bp->string_value();
      if (n.builtin == Builtin::kContains) return Value::Bool(s.find(x) != std::string_view::npos);
      if (n.builtin == Builtin::kStartsWith) return Value::Bool(s.substr(0, x.size()) == x);
      return Value::Bool(s.size() >= x.size() && s.substr(s.size() - x.size()) == x);
    }
    case Builtin::kMatches: {
      if (k != ValueKind::kString || !need_string_arg()) return Overload(n, a, bp ? *bp : Value());
      if (n.regex != nullptr) return Value::Bool(RE2::PartialMatch(a.string_value(), *n.regex));
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
      bool lower = n.builtin == Builtin::kLowerAscii;
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
        switch (n.builtin) {
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
      switch (n.builtin) {
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

Value Evaluator::Comprehension(const Node& n) {
  Value tmp;
  const Value& range = Ref(n.children[0], tmp);
  if (range.is_error()) return range;
  if (range.kind() != ValueKind::kList && range.kind() != ValueKind::kMap) {
    return Value::Error("cannot iterate over a value of type '" +
                        std::string(ValueKindName(range.kind())) + "'");
  }
  const Value*& var = locals_[static_cast<size_t>(n.slot)];
  size_t count = range.size();
  iterations_ += static_cast<int64_t>(count);
  if (iterations_ > kMaxIterations) {
    return Value::Error("evaluation exceeded " + std::to_string(kMaxIterations) +
                        " macro iterations");
  }
  auto element = [&](size_t i) -> const Value& {
    return range.kind() == ValueKind::kList ? range.list_items()[i] : range.map_entries()[i].first;
  };
  auto predicate_error = [&](const Value& v) {
    return v.is_error() ? v
                        : Value::Error("a macro predicate returned " +
                                       std::string(ValueKindName(v.kind())) + ", not bool");
  };
  switch (n.macro) {
    case MacroKind::kAll:
    case MacroKind::kExists: {
      // Like && / ||: a deciding element wins over errors from other elements.
      bool decisive = n.macro == MacroKind::kExists;
      Value first_error;
      bool errored = false;
      for (size_t i = 0; i < count; ++i) {
        var = &element(i);
        Value t;
        const Value& v = Ref(n.children[1], t);
        if (v.kind() == ValueKind::kBool) {
          if (v.bool_value() == decisive) return Value::Bool(decisive);
        } else if (!errored) {
          first_error = predicate_error(v);
          errored = true;
        }
      }
      return errored ? first_error : Value::Bool(!decisive);
    }
    case MacroKind::kExistsOne: {
      int64_t matches = 0;
      for (size_t i = 0; i < count; ++i) {
        var = &element(i);
        Value t;
        const Value& v = Ref(n.children[1], t);
        if (v.kind() != ValueKind::kBool) return predicate_error(v);
        matches += v.bool_value() ? 1 : 0;
      }
      return Value::Bool(matches == 1);
    }
    case MacroKind::kFilter:
    case MacroKind::kMap:
    case MacroKind::kMapFilter: {
      std::vector<Value> out;
      for (size_t i = 0; i < count; ++i) {
        var = &element(i);
        if (n.macro != MacroKind::kMap) {
          Value t;
          const Value& keep = Ref(n.children[1], t);
          if (keep.kind() != ValueKind::kBool) return predicate_error(keep);
          if (!keep.bool_value()) continue;
          if (n.macro == MacroKind::kFilter) {
            out.push_back(*var);
            continue;
          }
        }
        Value v = Eval(n.children[n.macro == MacroKind::kMapFilter ? 2 : 1]);
        if (v.is_error()) return v;
        out.push_back(std::move(v));
      }
      return Value::List(std::move(out));
    }
  }
  return Value::Error("internal error: unknown macro");
}

}  // namespace guomen::rules
