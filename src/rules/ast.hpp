// The syntax tree of a rule, shared by the parser, the checker, the rights
// guard and the evaluator. Internal to the rules engine.
//
// Nodes live in one vector (Ast::nodes) and refer to their children by index,
// so a tree is one allocation-friendly block that a Program keeps immutable.
// The parser fills kind, position, name, literal and children; the checker
// sets type, resolves names (kIdent / kSelect on the fact schema become kFact,
// iteration variables become kLocal) and picks the builtin of each call.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rules/type.hpp"
#include "rules/value.hpp"

namespace re2 {
class RE2;
}  // namespace re2

namespace guomen::rules {

enum class NodeKind : uint8_t {
  kLiteral,        // literal
  kIdent,          // name; after checking only an object path such as `journey`
  kSelect,         // children[0].name, on a map or record at run time
  kPresence,       // has(children[0].name) on a map or record at run time
  kIndex,          // children[0][children[1]]
  kCall,           // name(children...) or children[0].name(children[1..]) when receiver_style
  kList,           // [children...]
  kMap,            // {children[0]: children[1], ...}
  kAnd,            // children[0] && children[1]
  kOr,             // children[0] || children[1]
  kNot,            // !children[0]
  kNeg,            // -children[0]
  kBinary,         // children[0] op children[1]
  kCond,           // children[0] ? children[1] : children[2]
  kComprehension,  // macro over children[0] with iteration variable `name`
  kFact,           // the fact in `slot` (resolved by the checker)
  kFactPresence,   // has() of a schema fact or object path: any of `slots` set
  kLocal,          // the iteration variable in local `slot`
};

enum class BinaryOp : uint8_t { kAdd, kSub, kMul, kDiv, kMod, kEq, kNe, kLt, kLe, kGt, kGe, kIn };

// children: [range, predicate] or [range, transform]; kMapFilter: [range, filter, transform].
enum class MacroKind : uint8_t { kAll, kExists, kExistsOne, kMap, kMapFilter, kFilter };

enum class Builtin : uint8_t {
  kUnresolved,
  kSize,
  kContains,
  kStartsWith,
  kEndsWith,
  kMatches,
  kLowerAscii,
  kUpperAscii,
  kToInt,
  kToUint,
  kToDouble,
  kToString,
  kToBool,
  kToTimestamp,
  kToDuration,
  kToDyn,
  kGetFullYear,
  kGetMonth,
  kGetDate,
  kGetDayOfMonth,
  kGetDayOfWeek,
  kGetDayOfYear,
  kGetHours,
  kGetMinutes,
  kGetSeconds,
  kGetMilliseconds,
};

// Fields the evaluator touches come first so that they share cache lines;
// what only the compiler and error messages need comes after.
struct Node {
  NodeKind kind = NodeKind::kLiteral;
  BinaryOp op = BinaryOp::kAdd;
  MacroKind macro = MacroKind::kAll;
  Builtin builtin = Builtin::kUnresolved;
  bool receiver_style = false;
  int slot = -1;
  std::vector<int> children;
  Value literal;
  std::shared_ptr<const re2::RE2> regex;  // matches() with a literal pattern, compiled once
  std::vector<int> slots;
  std::string name;
  int line = 1;
  int column = 1;
  Type type;
};

struct Ast {
  std::vector<Node> nodes;
  int root = -1;
};

// Binary operator spelling: "+", "==", "in".
const char* BinaryOpName(BinaryOp op);

}  // namespace guomen::rules
