#include "rules/checker.hpp"

#include <re2/re2.h>

#include "rules/rights_guard.hpp"
#include "rules/time_format.hpp"

namespace guomen::rules {

namespace {

bool IsNumeric(const Type& t) {
  return t.kind() == TypeKind::kInt || t.kind() == TypeKind::kUint ||
         t.kind() == TypeKind::kDouble;
}

bool Is(const Type& t, TypeKind k) { return t.kind() == k || t.is_dyn(); }

// The common type of two branches or elements, or nullopt-like Dyn with ok=false.
bool Unify(const Type& a, const Type& b, Type& out) {
  if (a == b) {
    out = a;
    return true;
  }
  if (a.is_dyn() || b.is_dyn()) {
    out = Type::Dyn();
    return true;
  }
  if (a.kind() == TypeKind::kNull && b.kind() == TypeKind::kObject) {
    out = b;
    return true;
  }
  if (b.kind() == TypeKind::kNull && a.kind() == TypeKind::kObject) {
    out = a;
    return true;
  }
  if (a.kind() == b.kind() && (a.kind() == TypeKind::kList || a.kind() == TypeKind::kMap)) {
    out = a.IsAssignableFrom(b) ? (a.kind() == TypeKind::kList ? Type::List(Type::Dyn())
                                                               : Type::Map(Type::Dyn(), Type::Dyn()))
                                : Type::Dyn();
    return a.IsAssignableFrom(b);
  }
  return false;
}

const char* MacroName(MacroKind macro) {
  switch (macro) {
    case MacroKind::kAll: return "all";
    case MacroKind::kExists: return "exists";
    case MacroKind::kExistsOne: return "exists_one";
    case MacroKind::kMap:
    case MacroKind::kMapFilter: return "map";
    case MacroKind::kFilter: return "filter";
  }
  return "?";
}

struct BuiltinName {
  const char* name;
  Builtin builtin;
};

constexpr BuiltinName kBuiltins[] = {
    {"size", Builtin::kSize},
    {"contains", Builtin::kContains},
    {"startsWith", Builtin::kStartsWith},
    {"endsWith", Builtin::kEndsWith},
    {"matches", Builtin::kMatches},
    {"lowerAscii", Builtin::kLowerAscii},
    {"upperAscii", Builtin::kUpperAscii},
    {"int", Builtin::kToInt},
    {"uint", Builtin::kToUint},
    {"double", Builtin::kToDouble},
    {"string", Builtin::kToString},
    {"bool", Builtin::kToBool},
    {"timestamp", Builtin::kToTimestamp},
    {"duration", Builtin::kToDuration},
    {"dyn", Builtin::kToDyn},
    {"getFullYear", Builtin::kGetFullYear},
    {"getMonth", Builtin::kGetMonth},
    {"getDate", Builtin::kGetDate},
    {"getDayOfMonth", Builtin::kGetDayOfMonth},
    {"getDayOfWeek", Builtin::kGetDayOfWeek},
    {"getDayOfYear", Builtin::kGetDayOfYear},
    {"getHours", Builtin::kGetHours},
    {"getMinutes", Builtin::kGetMinutes},
    {"getSeconds", Builtin::kGetSeconds},
    {"getMilliseconds", Builtin::kGetMilliseconds},
};

}  // namespace

bool Checker::Check() {
  errors_at_start_ = diags_.size();
  path_of_.assign(ast_.nodes.size(), std::string());
  VisitValue(ast_.root);
  return diags_.size() == errors_at_start_;
}

void Checker::Error(int id, std::string message) {
  const Node& n = N(id);
  diags_.push_back(Diagnostic{DiagnosticKind::kType, n.line, n.column, std::move(message)});
}

void Checker::GuardError(int id, const std::string& path, std::string_view attribute) {
  const Node& n = N(id);
  diags_.push_back(Diagnostic{DiagnosticKind::kRightsGuard, n.line, n.column,
                              RightsGuard::ProtectedMessage(path, attribute)});
}

Type Checker::VisitValue(int id) {
  Type t = Visit(id);
  if (!path_of_[static_cast<size_t>(id)].empty()) {
    const std::string& path = path_of_[static_cast<size_t>(id)];
    Error(id, "'" + path + "' is a group of facts, not a value; select one of its facts (e.g. " +
                  schema_.facts()[static_cast<size_t>(schema_.SlotsUnder(path).front())].path +
                  ")");
    return Type::Dyn();
  }
  return t;
}

Type Checker::Visit(int id) {
  Node& n = N(id);
  Type t;
  switch (n.kind) {
    case NodeKind::kLiteral:
      switch (n.literal.kind()) {
        case ValueKind::kNull: t = Type::Null(); break;
        case ValueKind::kBool: t = Type::Bool(); break;
        case ValueKind::kInt: t = Type::Int(); break;
        case ValueKind::kUint: t = Type::Uint(); break;
        case ValueKind::kDouble: t = Type::Double(); break;
        case ValueKind::kString: t = Type::String(); break;
        case ValueKind::kTimestamp: t = Type::Timestamp(); break;
        case ValueKind::kDuration: t = Type::Duration(); break;
        default: t = Type::Dyn(); break;
      }
      break;
    case NodeKind::kIdent: t = VisitIdent(id); break;
    case NodeKind::kSelect: t = VisitSelect(id, false); break;
    case NodeKind::kPresence: t = VisitSelect(id, true); break;
    case NodeKind::kIndex: t = VisitIndex(id); break;
    case NodeKind::kCall: t = VisitCall(id); break;
    case NodeKind::kList: {
      Type elem;
      bool first = true;
      bool mixed = false;
      for (int c : std::vector<int>(n.children)) {
        Type ct = VisitValue(c);
        if (first) {
          elem = ct;
          first = false;
        } else if (!mixed) {
          Type u;
          if (Unify(elem, ct, u)) {
            elem = u;
          } else {
            mixed = true;
          }
        }
      }
      t = Type::List(first || mixed ? Type::Dyn() : elem);
      break;
    }
    case NodeKind::kMap: {
      Type key, val;
      bool first = true;
      bool mixed_k = false, mixed_v = false;
      std::vector<int> children = n.children;
      for (size_t i = 0; i + 1 < children.size(); i += 2) {
        Type kt = VisitValue(children[i]);
        Type vt = VisitValue(children[i + 1]);
        if (!(kt.is_dyn() || kt.kind() == TypeKind::kBool || kt.kind() == TypeKind::kInt ||
              kt.kind() == TypeKind::kUint || kt.kind() == TypeKind::kString)) {
          Error(children[i], "unsupported map key type '" + kt.ToString() +
                                 "' (keys are bool, int, uint or string)");
        }
        Type u;
        if (first) {
          key = kt;
          val = vt;
          first = false;
        } else {
          if (!mixed_k && Unify(key, kt, u)) key = u; else mixed_k = true;
          if (!mixed_v && Unify(val, vt, u)) val = u; else mixed_v = true;
        }
      }
      t = Type::Map(first || mixed_k ? Type::Dyn() : key, first || mixed_v ? Type::Dyn() : val);
      break;
    }
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      int a = n.children[0], b = n.children[1];
      const char* op = n.kind == NodeKind::kAnd ? "&&" : "||";
      Type ta = VisitValue(a);
      Type tb = VisitValue(b);
      if (!Is(ta, TypeKind::kBool) || !Is(tb, TypeKind::kBool)) {
        Error(id, std::string("no matching overload for '") + op + "' applied to (" +
                      ta.ToString() + ", " + tb.ToString() + ")");
      }
      t = Type::Bool();
      break;
    }
    case NodeKind::kNot: {
      Type ta = VisitValue(n.children[0]);
      if (!Is(ta, TypeKind::kBool)) {
        Error(id, "no matching overload for '!' applied to (" + ta.ToString() + ")");
      }
      t = Type::Bool();
      break;
    }
    case NodeKind::kNeg: {
      Type ta = VisitValue(n.children[0]);
      if (!(ta.is_dyn() || ta.kind() == TypeKind::kInt || ta.kind() == TypeKind::kDouble)) {
        Error(id, "no matching overload for '-' applied to (" + ta.ToString() + ")");
        ta = Type::Dyn();
      }
      t = ta;
      break;
    }
    case NodeKind::kBinary: t = VisitBinary(id); break;
    case NodeKind::kCond: {
      std::vector<int> c = n.children;
      Type tc = VisitValue(c[0]);
      Type ta = VisitValue(c[1]);
      Type tb = VisitValue(c[2]);
      if (!Is(tc, TypeKind::kBool)) {
        Error(c[0], "the condition of '?:' must be bool, not '" + tc.ToString() + "'");
      }
      if (!Unify(ta, tb, t)) {
        Error(id, "the branches of '?:' have different types '" + ta.ToString() + "' and '" +
                      tb.ToString() + "'");
        t = Type::Dyn();
      }
      break;
    }
    case NodeKind::kComprehension: t = VisitComprehension(id); break;
    case NodeKind::kFact:
      t = schema_.facts()[static_cast<size_t>(n.slot)].type;
      break;
    case NodeKind::kFactPresence: t = Type::Bool(); break;
    case NodeKind::kLocal: t = Type::Dyn(); break;
  }
  N(id).type = t;
  return t;
}

Type Checker::VisitIdent(int id) {
  Node& n = N(id);
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (it->name == n.name) {
      n.kind = NodeKind::kLocal;
      n.slot = it->slot;
      return it->type;
    }
  }
  if (const FactDecl* fact = schema_.FindFact(n.name)) {
    n.kind = NodeKind::kFact;
    n.slot = fact->slot;
    return fact->type;
  }
  if (schema_.IsObjectPath(n.name)) {
    path_of_[static_cast<size_t>(id)] = n.name;
    return Type::Dyn();
  }
  if (guard_names_) {
    std::string_view attribute = RightsGuard::ProtectedAttribute(n.name);
    if (!attribute.empty()) {
      GuardError(id, n.name, attribute);
      return Type::Dyn();
    }
  }
  if (n.name == "now" || !schema_.facts().empty()) {
    Error(id, "undeclared reference to '" + n.name + "' (not a fact in the schema)");
  } else {
    Error(id, "undeclared reference to '" + n.name + "'");
  }
  return Type::Dyn();
}

Type Checker::VisitSelect(int id, bool presence) {
  int operand = N(id).children[0];
  Type ot = Visit(operand);
  std::string field = N(id).name;
  const std::string& base = path_of_[static_cast<size_t>(operand)];
  if (!base.empty()) {
    std::string path = base + "." + field;
    if (const FactDecl* fact = schema_.FindFact(path)) {
      Node& n = N(id);
      if (presence) {
        n.kind = NodeKind::kFactPresence;
        n.slots = {fact->slot};
        n.name = path;
        n.children.clear();
        return Type::Bool();
      }
      n.kind = NodeKind::kFact;
      n.slot = fact->slot;
      n.name = path;
      n.children.clear();
      return fact->type;
    }
    if (schema_.IsObjectPath(path)) {
      Node& n = N(id);
      if (presence) {
        n.kind = NodeKind::kFactPresence;
        n.slots = schema_.SlotsUnder(path);
        n.name = path;
        n.children.clear();
        return Type::Bool();
      }
      path_of_[static_cast<size_t>(id)] = path;
      return Type::Dyn();
    }
    if (guard_names_) {
      std::string_view attribute = RightsGuard::ProtectedAttribute(field);
      if (!attribute.empty()) {
        GuardError(id, path, attribute);
        return Type::Dyn();
      }
    }
    Error(id, "'" + base + "' has no fact '" + field + "'");
    return Type::Dyn();
  }
  if (!path_of_[static_cast<size_t>(operand)].empty()) return Type::Dyn();
  Type result = Type::Dyn();
  switch (ot.kind()) {
    case TypeKind::kDyn: break;
    case TypeKind::kMap:
      if (!Is(ot.key(), TypeKind::kString)) {
        Error(id, "field selection needs string keys, but the map has '" + ot.key().ToString() +
                      "' keys");
      }
      result = ot.value();
      break;
    case TypeKind::kObject: {
      const ObjectDecl* obj = schema_.FindObject(ot.object_name());
      const ObjectFieldDecl* f = obj != nullptr ? obj->FindField(field) : nullptr;
      if (f == nullptr) {
        std::string_view attribute =
            guard_names_ ? RightsGuard::ProtectedAttribute(field) : std::string_view();
        if (!attribute.empty()) {
          GuardError(id, ot.object_name() + "." + field, attribute);
        } else {
          Error(id, "'" + ot.object_name() + "' has no field '" + field + "'");
        }
      } else {
        result = f->type;
      }
      break;
    }
    default:
      Error(id, "type '" + ot.ToString() + "' has no fields (selecting '" + field + "')");
      break;
  }
  return presence ? Type::Bool() : result;
}

Type Checker::VisitIndex(int id) {
  std::vector<int> c = N(id).children;
  Type ot = VisitValue(c[0]);
  Type it = VisitValue(c[1]);
  switch (ot.kind()) {
    case TypeKind::kDyn: return Type::Dyn();
    case TypeKind::kList:
      if (!(it.is_dyn() || it.kind() == TypeKind::kInt || it.kind() == TypeKind::kUint)) {
        Error(id, "a list index must be int, not '" + it.ToString() + "'");
      }
      return ot.element();
    case TypeKind::kMap:
      if (!ot.key().IsAssignableFrom(it) && !(IsNumeric(ot.key()) && IsNumeric(it))) {
        Error(id, "a key of type '" + it.ToString() + "' cannot index '" + ot.ToString() + "'");
      }
      return ot.value();
    case TypeKind::kObject: {
      const Node& key = N(c[1]);
      if (key.kind == NodeKind::kLiteral && key.literal.kind() == ValueKind::kString) {
        const ObjectDecl* obj = schema_.FindObject(ot.object_name());
        std::string field(key.literal.string_value());
        const ObjectFieldDecl* f = obj != nullptr ? obj->FindField(field) : nullptr;
        if (f == nullptr) {
          std::string_view attribute =
              guard_names_ ? RightsGuard::ProtectedAttribute(field) : std::string_view();
          if (!attribute.empty()) {
            GuardError(id, ot.object_name() + "." + field, attribute);
          } else {
            Error(id, "'" + ot.object_name() + "' has no field '" + field + "'");
          }
          return Type::Dyn();
        }
        return f->type;
      }
      if (!Is(it, TypeKind::kString)) {
        Error(id, "a field name must be a string, not '" + it.ToString() + "'");
      }
      return Type::Dyn();
    }
    default:
      Error(id, "type '" + ot.ToString() + "' cannot be indexed");
      return Type::Dyn();
  }
}

Type Checker::VisitBinary(int id) {
  std::vector<int> c = N(id).children;
  BinaryOp op = N(id).op;
  Type a = VisitValue(c[0]);
  Type b = VisitValue(c[1]);
  auto mismatch = [&] {
    Error(id, std::string("no matching overload for '") + BinaryOpName(op) + "' applied to (" +
                  a.ToString() + ", " + b.ToString() + ")");
    return Type::Dyn();
  };
  bool dyn = a.is_dyn() || b.is_dyn();
  TypeKind ka = a.kind(), kb = b.kind();
  switch (op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod: {
      if (dyn) {
        // One known side still constrains the result for arithmetic on numbers.
        const Type& known = a.is_dyn() ? b : a;
        if (IsNumeric(known) && !(a.is_dyn() && b.is_dyn())) return known;
        if (op == BinaryOp::kAdd || op == BinaryOp::kSub) return Type::Dyn();
        if (known.is_dyn() || IsNumeric(known)) return Type::Dyn();
        return mismatch();
      }
      if (ka == kb && (ka == TypeKind::kInt || ka == TypeKind::kUint)) return a;
      if (ka == kb && ka == TypeKind::kDouble && op != BinaryOp::kMod) return a;
      if (op == BinaryOp::kAdd) {
        if (ka == TypeKind::kString && kb == TypeKind::kString) return a;
        if (ka == TypeKind::kList && kb == TypeKind::kList) {
          Type u;
          return Unify(a, b, u) ? u : Type::List(Type::Dyn());
        }
        if (ka == TypeKind::kTimestamp && kb == TypeKind::kDuration) return a;
        if (ka == TypeKind::kDuration && kb == TypeKind::kTimestamp) return b;
        if (ka == TypeKind::kDuration && kb == TypeKind::kDuration) return a;
      }
      if (op == BinaryOp::kSub) {
        if (ka == TypeKind::kTimestamp && kb == TypeKind::kTimestamp) return Type::Duration();
        if (ka == TypeKind::kTimestamp && kb == TypeKind::kDuration) return a;
        if (ka == TypeKind::kDuration && kb == TypeKind::kDuration) return a;
      }
      return mismatch();
    }
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe: {
      auto orderable = [](TypeKind k) {
        return k == TypeKind::kInt || k == TypeKind::kUint || k == TypeKind::kDouble ||
               k == TypeKind::kString || k == TypeKind::kBool || k == TypeKind::kTimestamp ||
               k == TypeKind::kDuration || k == TypeKind::kDyn;
      };
      if (!orderable(ka) || !orderable(kb)) return mismatch();
      if (dyn || ka == kb || (IsNumeric(a) && IsNumeric(b))) return Type::Bool();
      return mismatch();
    }
    case BinaryOp::kEq:
    case BinaryOp::kNe:
      if (dyn || a.IsAssignableFrom(b) || b.IsAssignableFrom(a) || (IsNumeric(a) && IsNumeric(b)) ||
          ka == TypeKind::kNull || kb == TypeKind::kNull) {
        return Type::Bool();
      }
      return mismatch();
    case BinaryOp::kIn:
      if (kb == TypeKind::kDyn) return Type::Bool();
      if (kb == TypeKind::kList) {
        const Type& e = b.element();
        if (e.IsAssignableFrom(a) || (IsNumeric(e) && IsNumeric(a)) || ka == TypeKind::kNull) {
          return Type::Bool();
        }
        return mismatch();
      }
      if (kb == TypeKind::kMap) {
        const Type& k = b.key();
        if (k.IsAssignableFrom(a) || (IsNumeric(k) && IsNumeric(a))) return Type::Bool();
        return mismatch();
      }
      return mismatch();
  }
  return Type::Dyn();
}

Type Checker::VisitCall(int id) {
  std::string name = N(id).name;
  bool receiver = N(id).receiver_style;
  std::vector<int> c = N(id).children;
  std::vector<Type> args;
  args.reserve(c.size());
  for (int ch : c) args.push_back(VisitValue(ch));
  Builtin b = Builtin::kUnresolved;
  for (const auto& entry : kBuiltins) {
    if (name == entry.name) b = entry.builtin;
  }
  if (b == Builtin::kUnresolved) {
    Error(id, "unknown function '" + name + "'");
    return Type::Dyn();
  }
  N(id).builtin = b;
  auto signature = [&] {
    std::string s;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i > 0) s += ", ";
      s += args[i].ToString();
    }
    return s;
  };
  auto no_overload = [&] {
    Error(id, "no matching overload for '" + name + "' applied to " +
                  (receiver ? "receiver (" : "(") + signature() + ")");
    return Type::Dyn();
  };
  // Argument count as (receiver + args) for methods, args for globals.
  size_t n = args.size();
  auto arg_is = [&](size_t i, std::initializer_list<TypeKind> kinds) {
    if (args[i].is_dyn()) return true;
    for (TypeKind k : kinds) {
      if (args[i].kind() == k) return true;
    }
    return false;
  };
  switch (b) {
    case Builtin::kSize:
      if (n != 1 || !arg_is(0, {TypeKind::kString, TypeKind::kList, TypeKind::kMap})) {
        return no_overload();
      }
      return Type::Int();
    case Builtin::kContains:
    case Builtin::kStartsWith:
    case Builtin::kEndsWith:
      if (!receiver || n != 2 || !arg_is(0, {TypeKind::kString}) ||
          !arg_is(1, {TypeKind::kString})) {
        return no_overload();
      }
      return Type::Bool();
    case Builtin::kMatches: {
      if (n != 2 || !arg_is(0, {TypeKind::kString}) || !arg_is(1, {TypeKind::kString})) {
        return no_overload();
      }
      Node& pattern = N(c[1]);
      if (pattern.kind == NodeKind::kLiteral && pattern.literal.kind() == ValueKind::kString) {
        RE2::Options options;
        options.set_log_errors(false);
        auto re = std::make_shared<const RE2>(std::string(pattern.literal.string_value()), options);
        if (!re->ok()) {
          Error(c[1], "invalid regular expression: " + re->error());
        } else {
          N(id).regex = std::move(re);
        }
      }
      return Type::Bool();
    }
    case Builtin::kLowerAscii:
    case Builtin::kUpperAscii:
      if (!receiver || n != 1 || !arg_is(0, {TypeKind::kString})) return no_overload();
      return Type::String();
    case Builtin::kToInt:
      if (receiver || n != 1 ||
          !arg_is(0, {TypeKind::kInt, TypeKind::kUint, TypeKind::kDouble, TypeKind::kString,
                      TypeKind::kTimestamp})) {
        return no_overload();
      }
      return Type::Int();
    case Builtin::kToUint:
      if (receiver || n != 1 ||
          !arg_is(0, {TypeKind::kInt, TypeKind::kUint, TypeKind::kDouble, TypeKind::kString})) {
        return no_overload();
      }
      return Type::Uint();
    case Builtin::kToDouble:
      if (receiver || n != 1 ||
          !arg_is(0, {TypeKind::kInt, TypeKind::kUint, TypeKind::kDouble, TypeKind::kString})) {
        return no_overload();
      }
      return Type::Double();
    case Builtin::kToString:
      if (receiver || n != 1 ||
          !arg_is(0, {TypeKind::kInt, TypeKind::kUint, TypeKind::kDouble, TypeKind::kString,
                      TypeKind::kBool, TypeKind::kTimestamp, TypeKind::kDuration})) {
        return no_overload();
      }
      return Type::String();
    case Builtin::kToBool:
      if (receiver || n != 1 || !arg_is(0, {TypeKind::kBool, TypeKind::kString})) {
        return no_overload();
      }
      return Type::Bool();
    case Builtin::kToTimestamp:
    case Builtin::kToDuration: {
      bool ts = b == Builtin::kToTimestamp;
      if (receiver || n != 1 ||
          !(ts ? arg_is(0, {TypeKind::kString, TypeKind::kInt, TypeKind::kTimestamp})
               : arg_is(0, {TypeKind::kString, TypeKind::kDuration}))) {
        return no_overload();
      }
      // Fold timestamp("...") / duration("...") of a literal: checked once, free at run time.
      const Node& arg = N(c[0]);
      if (arg.kind == NodeKind::kLiteral && arg.literal.kind() == ValueKind::kString) {
        Value v = ts ? ParseTimestamp(arg.literal.string_value())
                     : ParseDuration(arg.literal.string_value());
        if (v.is_error()) {
          Error(c[0], std::string(v.error_message()));
        } else {
          Node& call = N(id);
          call.kind = NodeKind::kLiteral;
          call.literal = std::move(v);
          call.children.clear();
        }
      }
      return ts ? Type::Timestamp() : Type::Duration();
    }
    case Builtin::kToDyn:
      if (receiver || n != 1) return no_overload();
      return Type::Dyn();
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
      if (!receiver || n < 1 || n > 2) return no_overload();
      bool duration_ok = b == Builtin::kGetHours || b == Builtin::kGetMinutes ||
                         b == Builtin::kGetSeconds || b == Builtin::kGetMilliseconds;
      if (args[0].kind() == TypeKind::kDuration) {
        if (!duration_ok || n != 1) return no_overload();
      } else if (!arg_is(0, {TypeKind::kTimestamp})) {
        return no_overload();
      }
      if (n == 2) {
        if (!arg_is(1, {TypeKind::kString})) return no_overload();
        const Node& zone = N(c[1]);
        if (zone.kind == NodeKind::kLiteral && zone.literal.kind() == ValueKind::kString &&
            !ParseUtcOffset(zone.literal.string_value())) {
          Error(c[1], "unsupported time zone \"" + std::string(zone.literal.string_value()) +
                          "\" (use \"UTC\" or a fixed offset such as \"+08:00\")");
        }
      }
      return Type::Int();
    }
    case Builtin::kUnresolved: break;
  }
  return no_overload();
}

Type Checker::VisitComprehension(int id) {
  std::vector<int> c = N(id).children;
  MacroKind macro = N(id).macro;
  std::string var = N(id).name;
  Type range = VisitValue(c[0]);
  Type elem = Type::Dyn();
  switch (range.kind()) {
    case TypeKind::kDyn: break;
    case TypeKind::kList: elem = range.element(); break;
    case TypeKind::kMap: elem = range.key(); break;
    default:
      Error(c[0], "cannot iterate over a value of type '" + range.ToString() + "'");
      break;
  }
  if (static_cast<int>(locals_.size()) >= kMaxLocals) {
    Error(id, "macros are nested more than " + std::to_string(kMaxLocals) + " deep");
    return Type::Dyn();
  }
  int slot = static_cast<int>(locals_.size());
  N(id).slot = slot;
  locals_.push_back(Local{var, slot, elem});
  max_locals_ = std::max(max_locals_, slot + 1);
  Type result;
  auto expect_bool = [&](int node, const Type& t) {
    if (!Is(t, TypeKind::kBool)) {
      Error(node, std::string("the predicate of ") + MacroName(macro) + "() must be bool, not '" +
                      t.ToString() + "'");
    }
  };
  switch (macro) {
    case MacroKind::kAll:
    case MacroKind::kExists:
    case MacroKind::kExistsOne:
      expect_bool(c[1], VisitValue(c[1]));
      result = Type::Bool();
      break;
    case MacroKind::kFilter:
      expect_bool(c[1], VisitValue(c[1]));
      result = Type::List(elem);
      break;
    case MacroKind::kMap:
      result = Type::List(VisitValue(c[1]));
      break;
    case MacroKind::kMapFilter:
      expect_bool(c[1], VisitValue(c[1]));
      result = Type::List(VisitValue(c[2]));
      break;
  }
  locals_.pop_back();
  return result;
}

}  // namespace guomen::rules
