// The compiled form a Program shares between its copies. Internal.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/ast.hpp"
#include "rules/program.hpp"

namespace guomen::rules {

// The evaluator's view of one node: what Eval touches on the hot path, 28
// bytes instead of a full Node (which carries types, names and positions for
// the compiler and error messages). Program::Impl::code is parallel to
// ast.nodes (same index), so cold paths still reach the Node when they need a
// name or a position. Laid out this way 500 rules' code fits in the L2 cache.
struct Op {
  // An operand the evaluator fetches inline: a literal, a fact, a local, or
  // a field of a local (`v.country`).
  static constexpr uint8_t kSimple = 1;
  // A comparison (== != < <= > >= in) of two simple operands.
  static constexpr uint8_t kQuick = 2;

  NodeKind kind = NodeKind::kLiteral;
  BinaryOp op = BinaryOp::kAdd;
  MacroKind macro = MacroKind::kAll;
  Builtin builtin = Builtin::kUnresolved;
  uint8_t arity = 0;  // number of children (capped at 255; lists/maps read the Node)
  uint8_t flags = 0;  // kSimple, kQuick
  int32_t slot = -1;  // fact slot (kFact) or local slot (kLocal, kComprehension)
  int32_t child[3] = {-1, -1, -1};
  int32_t aux = -1;   // kLiteral: index in consts; kSelect/kPresence: index in names;
                      // kCall matches(): index in regexes (-1 when not precompiled)
};

// What Evaluate reads comes first, so that it shares the first cache lines
// of the allocation; what only the compiler and explanations need follows.
struct Program::Impl {
  uint64_t schema_id = 0;
  size_t schema_slots = 0;
  int root = -1;
  // Lowered from `ast` once compiled (see Op).
  std::vector<Op> code;
  std::vector<Value> consts;
  std::vector<std::string> names;
  // By names index: the position in the map where that field was last found
  // (Value::FindField's hint). Shared by the threads evaluating the program;
  // a stale hint only costs a scan, so relaxed atomics are enough.
  mutable std::vector<std::atomic<uint32_t>> field_hints;
  std::vector<const re2::RE2*> regexes;  // owned by the ast's nodes
  std::vector<Value> absent_errors;      // by slot: "fact 'x' is not present"

  std::string source;
  Ast ast;
  Type result_type;
  bool require_bool = true;  // CompileOptions::require_bool: a dyn result is checked at run time
  int local_count = 0;
  std::vector<std::string> fact_paths;  // by slot, for explanations
  std::vector<std::string> referenced_facts;
};

}  // namespace guomen::rules
