#include "rules/program.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "rules/checker.hpp"
#include "rules/evaluator.hpp"
#include "rules/parser.hpp"
#include "rules/program_impl.hpp"
#include "rules/rights_guard.hpp"

namespace guomen::rules {

namespace {

// Parses, checks and guards; returns false with diagnostics on any problem.
bool Analyze(std::string_view source, const Schema& schema, const CompileOptions& options,
             Ast& ast, int& locals, std::vector<Diagnostic>& diags) {
  Parser parser(source);
  Diagnostic syntax;
  if (!parser.Parse(ast, syntax)) {
    diags.push_back(std::move(syntax));
    return false;
  }
  Checker checker(schema, ast, diags, options.rights_guard);
  bool ok = checker.Check();
  locals = checker.local_count();
  const Node& root = ast.nodes[static_cast<size_t>(ast.root)];
  if (ok && options.require_bool && !root.type.is_dyn() && root.type.kind() != TypeKind::kBool) {
    diags.push_back(Diagnostic{DiagnosticKind::kType, root.line, root.column,
                               "a rule must be a condition (bool), but this expression is '" +
                                   root.type.ToString() + "'"});
    ok = false;
  }
  if (ok && options.rights_guard) ok = RightsGuard::Check(ast, schema, diags);
  return ok;
}

// Lists and maps whose elements are all literals become literals, so
// `x in ["A", "B"]` builds nothing (and gets a hash index) at run time.
void FoldConstants(Ast& ast) {
  // Children precede parents in the node vector (the parser adds them first).
  for (Node& n : ast.nodes) {
    if (n.kind != NodeKind::kList && n.kind != NodeKind::kMap) continue;
    bool all_literal = std::all_of(n.children.begin(), n.children.end(), [&](int c) {
      return ast.nodes[static_cast<size_t>(c)].kind == NodeKind::kLiteral;
    });
    if (!all_literal) continue;
    Value v;
    if (n.kind == NodeKind::kList) {
      std::vector<Value> items;
      for (int c : n.children) items.push_back(ast.nodes[static_cast<size_t>(c)].literal);
      v = Value::List(std::move(items));
    } else {
      std::vector<std::pair<Value, Value>> entries;
      for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
        entries.emplace_back(ast.nodes[static_cast<size_t>(n.children[i])].literal,
                             ast.nodes[static_cast<size_t>(n.children[i + 1])].literal);
      }
      v = Value::Map(std::move(entries));
      if (v.is_error()) continue;  // duplicate keys: report when evaluated
    }
    n.kind = NodeKind::kLiteral;
    n.literal = std::move(v);
    n.children.clear();
  }
}

// Builds the evaluator's compact code (program_impl.hpp, Op) from the tree.
void Lower(Program::Impl& impl) {
  const auto& nodes = impl.ast.nodes;
  impl.code.resize(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    Op& o = impl.code[i];
    o.kind = n.kind;
    o.op = n.op;
    o.macro = n.macro;
    o.builtin = n.builtin;
    o.arity = static_cast<uint8_t>(std::min<size_t>(n.children.size(), 255));
    o.slot = n.slot;
    for (size_t c = 0; c < 3 && c < n.children.size(); ++c) o.child[c] = n.children[c];
    switch (n.kind) {
      case NodeKind::kLiteral:
        o.aux = static_cast<int32_t>(impl.consts.size());
        impl.consts.push_back(n.literal);
        break;
      case NodeKind::kSelect:
      case NodeKind::kPresence:
        o.aux = static_cast<int32_t>(impl.names.size());
        impl.names.push_back(n.name);
        break;
      case NodeKind::kCall:
        if (n.regex != nullptr) {
          o.aux = static_cast<int32_t>(impl.regexes.size());
          impl.regexes.push_back(n.regex.get());
        }
        break;
      default: break;
    }
  }
  impl.field_hints = std::vector<std::atomic<uint32_t>>(impl.names.size());
  for (Op& o : impl.code) {
    bool simple = o.kind == NodeKind::kLiteral || o.kind == NodeKind::kFact ||
                  o.kind == NodeKind::kLocal ||
                  (o.kind == NodeKind::kSelect &&
                   impl.code[static_cast<size_t>(o.child[0])].kind == NodeKind::kLocal);
    if (simple) o.flags |= Op::kSimple;
  }
  for (Op& o : impl.code) {
    bool compare = o.kind == NodeKind::kBinary &&
                   (o.op == BinaryOp::kEq || o.op == BinaryOp::kNe || o.op == BinaryOp::kLt ||
                    o.op == BinaryOp::kLe || o.op == BinaryOp::kGt || o.op == BinaryOp::kGe ||
                    o.op == BinaryOp::kIn);
    if (compare && (impl.code[static_cast<size_t>(o.child[0])].flags & Op::kSimple) &&
        (impl.code[static_cast<size_t>(o.child[1])].flags & Op::kSimple)) {
      o.flags |= Op::kQuick;
    }
  }
}

}  // namespace

core::Result<Program> Program::Compile(std::string_view source, const Schema& schema,
                                       const CompileOptions& options) {
  auto impl = std::make_shared<Impl>();
  std::vector<Diagnostic> diags;
  if (!Analyze(source, schema, options, impl->ast, impl->local_count, diags)) {
    // Report the first problem in the text; a rights-guard problem first of
    // all, since it is the one that cannot be fixed by rewording.
    auto first = std::min_element(diags.begin(), diags.end(), [](const auto& a, const auto& b) {
      bool ga = a.kind == DiagnosticKind::kRightsGuard, gb = b.kind == DiagnosticKind::kRightsGuard;
      if (ga != gb) return ga;
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    std::string message = first->message;
    if (diags.size() > 1) {
      message += " (and " + std::to_string(diags.size() - 1) + " more problem" +
                 (diags.size() > 2 ? "s" : "") + ")";
    }
    return core::Fail(first->kind == DiagnosticKind::kRightsGuard ? core::ErrorCode::kValidation
                                                                  : core::ErrorCode::kInvalidArgument,
                      std::move(message),
                      "line " + std::to_string(first->line) + " column " +
                          std::to_string(first->column),
                      std::string(DiagnosticKindName(first->kind)));
  }
  FoldConstants(impl->ast);
  Lower(*impl);
  impl->source = std::string(source);
  impl->result_type = impl->ast.nodes[static_cast<size_t>(impl->ast.root)].type;
  impl->require_bool = options.require_bool;
  impl->root = impl->ast.root;
  impl->schema_id = schema.id();
  impl->schema_slots = schema.facts().size();
  std::set<int> referenced;
  for (const Node& n : impl->ast.nodes) {
    if (n.kind == NodeKind::kFact) referenced.insert(n.slot);
    if (n.kind == NodeKind::kFactPresence) referenced.insert(n.slots.begin(), n.slots.end());
  }
  for (const FactDecl& f : schema.facts()) {
    impl->fact_paths.push_back(f.path);
    impl->absent_errors.push_back(referenced.count(f.slot) > 0
                                      ? Value::PermanentError("fact '" + f.path + "' is not present")
                                      : Value());
    if (referenced.count(f.slot) > 0) impl->referenced_facts.push_back(f.path);
  }
  return Program(std::move(impl));
}

std::vector<Diagnostic> Program::Diagnose(std::string_view source, const Schema& schema,
                                          const CompileOptions& options) {
  Ast ast;
  int locals = 0;
  std::vector<Diagnostic> diags;
  Analyze(source, schema, options, ast, locals, diags);
  std::stable_sort(diags.begin(), diags.end(), [](const auto& a, const auto& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return diags;
}

namespace {

// A rule whose type is only known at run time (dyn: `[1, m][1]`) must still
// come out a condition: anything else is an error naming what it was.
Value AsCondition(const Program::Impl& impl, Value value) {
  if (!impl.require_bool || value.is_error() || value.kind() == ValueKind::kBool) return value;
  return Value::Error("a rule must be a condition (bool), but it evaluated to a " +
                      std::string(ValueKindName(value.kind())));
}

}  // namespace

Evaluation Program::Evaluate(const Activation& facts, Explain explain) const {
  if (facts.schema().id() != impl_->schema_id || facts.slot_count() < impl_->schema_slots) {
    return Evaluation{Value::Error("the facts were built for a different schema than the rule"),
                      {}};
  }
  if (explain == Explain::kNo) {  // the fast path: no bookkeeping of reads
    Evaluator evaluator(*impl_, facts, nullptr);
    return Evaluation{AsCondition(*impl_, evaluator.Eval(impl_->root)), {}};
  }
  Evaluation out;
  std::vector<uint8_t> reads(impl_->schema_slots, 0);
  Evaluator evaluator(*impl_, facts, &reads);
  out.value = AsCondition(*impl_, evaluator.Eval(impl_->root));
  {
    for (size_t slot = 0; slot < reads.size(); ++slot) {
      if (!reads[slot]) continue;
      const Value* v = facts.Get(static_cast<int>(slot));
      out.facts_read.push_back(FactRead{impl_->fact_paths[slot], v != nullptr, v ? *v : Value()});
    }
  }
  return out;
}

namespace {

bool GuardLiteral(const Value& v) {
  return v.kind() == ValueKind::kString || v.kind() == ValueKind::kBool ||
         v.kind() == ValueKind::kInt;
}

// The guard `id` states, if it is one (Program::Guard).
std::optional<Program::Guard> GuardOf(const Program::Impl& impl, int id) {
  const Op& o = impl.code[static_cast<size_t>(id)];
  auto op = [&](int child) -> const Op& { return impl.code[static_cast<size_t>(child)]; };
  Program::Guard g;
  if (o.kind == NodeKind::kFact) {
    g.slot = o.slot;
    g.values.push_back(Value::Bool(true));
    return g;
  }
  if (o.kind == NodeKind::kNot && op(o.child[0]).kind == NodeKind::kFact) {
    g.slot = op(o.child[0]).slot;
    g.values.push_back(Value::Bool(false));
    return g;
  }
  if (o.kind != NodeKind::kBinary || (o.op != BinaryOp::kEq && o.op != BinaryOp::kIn)) {
    return std::nullopt;
  }
  int fact = o.child[0], literal = o.child[1];
  if (o.op == BinaryOp::kEq && op(fact).kind != NodeKind::kFact) std::swap(fact, literal);
  if (op(fact).kind != NodeKind::kFact || op(literal).kind != NodeKind::kLiteral) {
    return std::nullopt;
  }
  const Value& v = impl.consts[static_cast<size_t>(op(literal).aux)];
  g.slot = op(fact).slot;
  if (o.op == BinaryOp::kEq) {
    if (!GuardLiteral(v)) return std::nullopt;
    g.values.push_back(v);
    return g;
  }
  if (v.kind() != ValueKind::kList) return std::nullopt;
  for (const Value& item : v.list_items()) {
    if (!GuardLiteral(item)) return std::nullopt;
    bool seen = false;
    for (const Value& w : g.values) seen = seen || (w.kind() == item.kind() && w.Equals(item));
    if (!seen) g.values.push_back(item);
  }
  return g;
}

}  // namespace

std::vector<Program::Guard> Program::Guards() const {
  std::vector<Guard> out;
  if (impl_->root < 0) return out;
  std::vector<int> pending{impl_->root};
  while (!pending.empty()) {
    const int id = pending.back();
    pending.pop_back();
    const Op& o = impl_->code[static_cast<size_t>(id)];
    if (o.kind == NodeKind::kAnd) {
      pending.push_back(o.child[1]);
      pending.push_back(o.child[0]);
      continue;
    }
    if (auto g = GuardOf(*impl_, id)) out.push_back(std::move(*g));
  }
  return out;
}

const Type& Program::result_type() const { return impl_->result_type; }
const std::vector<std::string>& Program::referenced_facts() const { return impl_->referenced_facts; }
const std::string& Program::source() const { return impl_->source; }

}  // namespace guomen::rules
