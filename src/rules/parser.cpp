#include "rules/parser.hpp"

#include <algorithm>
#include <utility>

namespace guomen::rules {

namespace {

// Keeps recursion bounded: each nested construct takes one level.
class DepthGuard {
 public:
  explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int& depth_;
};

}  // namespace

const char* BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kIn: return "in";
  }
  return "?";
}

bool Parser::Parse(Ast& ast, Diagnostic& error) {
  if (source_.size() > kMaxSourceBytes) {
    error = Diagnostic{DiagnosticKind::kSyntax, 1, 1,
                       "rule text is longer than " + std::to_string(kMaxSourceBytes) + " bytes"};
    return false;
  }
  Lexer lexer(source_);
  if (!lexer.Tokenize(tokens_, error)) return false;
  ast_ = &ast;
  ast.nodes.clear();
  ast.nodes.reserve(tokens_.size());
  int root = ParseExpr();
  if (!failed_ && Peek().kind != TokenKind::kEnd) {
    Fail(Peek(), "unexpected '" + std::string(Peek().text) + "' after the end of the expression");
  }
  if (failed_) {
    error = error_;
    return false;
  }
  ast.root = root;
  return true;
}

int Parser::Add(Node node) {
  // Left-associative chains (a && b && c ...) do not recurse in the parser but
  // do in every later pass, so bound the depth of the tree itself.
  int depth = 1;
  for (int c : node.children) depth = std::max(depth, tree_depth_[static_cast<size_t>(c)] + 1);
  if (depth > kMaxTreeDepth) Fail(node.line, node.column, "expression is nested too deeply");
  tree_depth_.push_back(depth);
  ast_->nodes.push_back(std::move(node));
  return static_cast<int>(ast_->nodes.size()) - 1;
}

Node Parser::At(const Token& t, NodeKind kind) const {
  Node n;
  n.kind = kind;
  n.line = t.line;
  n.column = t.column;
  return n;
}

bool Parser::Accept(TokenKind kind) {
  if (Peek().kind != kind) return false;
  Next();
  return true;
}

int Parser::Fail(int line, int column, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_ = Diagnostic{DiagnosticKind::kSyntax, line, column, std::move(message)};
  }
  return -1;
}

int Parser::Fail(const Token& t, std::string message) {
  return Fail(t.line, t.column, std::move(message));
}

bool Parser::Expect(TokenKind kind, const char* what) {
  if (Accept(kind)) return true;
  const Token& t = Peek();
  Fail(t, std::string("expected ") + what + (t.kind == TokenKind::kEnd
                                                 ? " but the expression ended"
                                                 : " but found '" + std::string(t.text) + "'"));
  return false;
}

int Parser::ParseExpr() {
  DepthGuard guard(depth_);
  if (depth_ > kMaxDepth) return Fail(Peek(), "expression is nested too deeply");
  int cond = ParseOr();
  if (failed_) return -1;
  if (Peek().kind != TokenKind::kQuestion) return cond;
  Token q = Next();
  int then_branch = ParseOr();
  if (failed_ || !Expect(TokenKind::kColon, "':' of the conditional")) return -1;
  int else_branch = ParseExpr();
  if (failed_) return -1;
  Node n = At(q, NodeKind::kCond);
  n.children = {cond, then_branch, else_branch};
  return Add(std::move(n));
}

int Parser::ParseOr() {
  int left = ParseAnd();
  while (!failed_ && Peek().kind == TokenKind::kOrOr) {
    Token op = Next();
    int right = ParseAnd();
    if (failed_) return -1;
    Node n = At(op, NodeKind::kOr);
    n.children = {left, right};
    left = Add(std::move(n));
  }
  return failed_ ? -1 : left;
}

int Parser::ParseAnd() {
  int left = ParseRelation();
  while (!failed_ && Peek().kind == TokenKind::kAndAnd) {
    Token op = Next();
    int right = ParseRelation();
    if (failed_) return -1;
    Node n = At(op, NodeKind::kAnd);
    n.children = {left, right};
    left = Add(std::move(n));
  }
  return failed_ ? -1 : left;
}

int Parser::ParseRelation() {
  int left = ParseAddition();
  while (!failed_) {
    BinaryOp op;
    switch (Peek().kind) {
      case TokenKind::kLess: op = BinaryOp::kLt; break;
      case TokenKind::kLessEq: op = BinaryOp::kLe; break;
      case TokenKind::kGreater: op = BinaryOp::kGt; break;
      case TokenKind::kGreaterEq: op = BinaryOp::kGe; break;
      case TokenKind::kEqEq: op = BinaryOp::kEq; break;
      case TokenKind::kNotEq: op = BinaryOp::kNe; break;
      case TokenKind::kIn: op = BinaryOp::kIn; break;
      default: return left;
    }
    Token t = Next();
    int right = ParseAddition();
    if (failed_) return -1;
    Node n = At(t, NodeKind::kBinary);
    n.op = op;
    n.children = {left, right};
    left = Add(std::move(n));
  }
  return -1;
}

int Parser::ParseAddition() {
  int left = ParseMultiplication();
  while (!failed_ && (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus)) {
    Token t = Next();
    int right = ParseMultiplication();
    if (failed_) return -1;
    Node n = At(t, NodeKind::kBinary);
    n.op = t.kind == TokenKind::kPlus ? BinaryOp::kAdd : BinaryOp::kSub;
    n.children = {left, right};
    left = Add(std::move(n));
  }
  return failed_ ? -1 : left;
}

int Parser::ParseMultiplication() {
  int left = ParseUnary();
  while (!failed_ && (Peek().kind == TokenKind::kStar || Peek().kind == TokenKind::kSlash ||
                      Peek().kind == TokenKind::kPercent)) {
    Token t = Next();
    int right = ParseUnary();
    if (failed_) return -1;
    Node n = At(t, NodeKind::kBinary);
    n.op = t.kind == TokenKind::kStar    ? BinaryOp::kMul
           : t.kind == TokenKind::kSlash ? BinaryOp::kDiv
                                         : BinaryOp::kMod;
    n.children = {left, right};
    left = Add(std::move(n));
  }
  return failed_ ? -1 : left;
}

int Parser::ParseUnary() {
  DepthGuard guard(depth_);
  if (depth_ > kMaxDepth) return Fail(Peek(), "expression is nested too deeply");
  if (Peek().kind == TokenKind::kNot) {
    Token t = Next();
    int operand = ParseUnary();
    if (failed_) return -1;
    Node n = At(t, NodeKind::kNot);
    n.children = {operand};
    return Add(std::move(n));
  }
  if (Peek().kind == TokenKind::kMinus) {
    Token t = Next();
    // -9223372036854775808 is an int literal, not the negation of an overflowing one.
    const Token& lit = Peek();
    bool member_follows = pos_ + 1 < tokens_.size() &&
                          (tokens_[pos_ + 1].kind == TokenKind::kDot ||
                           tokens_[pos_ + 1].kind == TokenKind::kLBracket);
    if (lit.kind == TokenKind::kInt && !member_follows) {
      Token num = Next();
      Node n = At(t, NodeKind::kLiteral);
      n.literal = Value::Int(num.int_value == (uint64_t{1} << 63)
                                 ? INT64_MIN
                                 : -static_cast<int64_t>(num.int_value));
      return Add(std::move(n));
    }
    if (lit.kind == TokenKind::kDouble && !member_follows) {
      Token num = Next();
      Node n = At(t, NodeKind::kLiteral);
      n.literal = Value::Double(-num.double_value);
      return Add(std::move(n));
    }
    int operand = ParseUnary();
    if (failed_) return -1;
    Node n = At(t, NodeKind::kNeg);
    n.children = {operand};
    return Add(std::move(n));
  }
  return ParseMember();
}

bool Parser::ParseArgs(std::vector<int>& args) {
  // After '(' : [Expr {"," Expr}] ")"
  if (Accept(TokenKind::kRParen)) return true;
  while (true) {
    int arg = ParseExpr();
    if (failed_) return false;
    args.push_back(arg);
    if (Accept(TokenKind::kRParen)) return true;
    if (!Expect(TokenKind::kComma, "',' or ')' in the argument list")) return false;
  }
}

int Parser::ParseMember() {
  int operand = ParsePrimary();
  while (!failed_) {
    if (Peek().kind == TokenKind::kDot) {
      Next();
      const Token& id = Peek();
      if (id.kind != TokenKind::kIdent) {
        return Fail(id, "expected a field or method name after '.'");
      }
      Token name = Next();
      if (Accept(TokenKind::kLParen)) {
        std::vector<int> args;
        if (!ParseArgs(args)) return -1;
        operand = MakeCall(name, operand, std::move(args));
      } else {
        Node n = At(name, NodeKind::kSelect);
        n.name = std::string(name.text);
        n.children = {operand};
        operand = Add(std::move(n));
      }
    } else if (Peek().kind == TokenKind::kLBracket) {
      Token t = Next();
      int index = ParseExpr();
      if (failed_ || !Expect(TokenKind::kRBracket, "']'")) return -1;
      Node n = At(t, NodeKind::kIndex);
      n.children = {operand, index};
      operand = Add(std::move(n));
    } else {
      break;
    }
  }
  return failed_ ? -1 : operand;
}

int Parser::MakeCall(const Token& name, int target, std::vector<int> args) {
  std::string fn(name.text);
  if (target < 0 && fn == "has") {
    if (args.size() != 1 || ast_->nodes[static_cast<size_t>(args[0])].kind != NodeKind::kSelect) {
      return Fail(name, "has() needs one field selection, e.g. has(health.temperature)");
    }
    Node& sel = ast_->nodes[static_cast<size_t>(args[0])];
    Node n = At(name, NodeKind::kPresence);
    n.name = sel.name;
    n.children = sel.children;
    return Add(std::move(n));
  }
  if (target >= 0) {
    MacroKind macro;
    bool is_macro = true;
    if (fn == "all") {
      macro = MacroKind::kAll;
    } else if (fn == "exists") {
      macro = MacroKind::kExists;
    } else if (fn == "exists_one" || fn == "existsOne") {
      macro = MacroKind::kExistsOne;
    } else if (fn == "map") {
      macro = args.size() == 3 ? MacroKind::kMapFilter : MacroKind::kMap;
    } else if (fn == "filter") {
      macro = MacroKind::kFilter;
    } else {
      is_macro = false;
    }
    if (is_macro) {
      size_t want = macro == MacroKind::kMapFilter ? 3 : 2;
      if (args.size() != want ||
          ast_->nodes[static_cast<size_t>(args[0])].kind != NodeKind::kIdent) {
        return Fail(name, fn + "() needs an iteration variable and " +
                              (fn == "map" ? "a transform (or a filter and a transform)"
                                           : "a predicate") +
                              ", e.g. journey.visits." + fn + "(v, ...)");
      }
      Node n = At(name, NodeKind::kComprehension);
      n.macro = macro;
      n.name = ast_->nodes[static_cast<size_t>(args[0])].name;
      n.children.push_back(target);
      for (size_t i = 1; i < args.size(); ++i) n.children.push_back(args[i]);
      return Add(std::move(n));
    }
  }
  Node n = At(name, NodeKind::kCall);
  n.name = std::move(fn);
  if (target >= 0) {
    n.receiver_style = true;
    n.children.push_back(target);
  }
  for (int a : args) n.children.push_back(a);
  return Add(std::move(n));
}

int Parser::ParsePrimary() {
  DepthGuard guard(depth_);
  if (depth_ > kMaxDepth) return Fail(Peek(), "expression is nested too deeply");
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kIdent: {
      Token id = Next();
      if (Accept(TokenKind::kLParen)) {
        std::vector<int> args;
        if (!ParseArgs(args)) return -1;
        return MakeCall(id, -1, std::move(args));
      }
      if (Peek().kind == TokenKind::kLBrace) {
        return Fail(Peek(), "message construction is not part of the rule language");
      }
      Node n = At(id, NodeKind::kIdent);
      n.name = std::string(id.text);
      if (!IsValidIdentifier(n.name)) {
        return Fail(id, "'" + n.name + "' is a reserved word");
      }
      return Add(std::move(n));
    }
    case TokenKind::kLParen: {
      Next();
      int inner = ParseExpr();
      if (failed_ || !Expect(TokenKind::kRParen, "')'")) return -1;
      return inner;
    }
    case TokenKind::kLBracket: {
      Token open = Next();
      Node n = At(open, NodeKind::kList);
      while (!Accept(TokenKind::kRBracket)) {
        int e = ParseExpr();
        if (failed_) return -1;
        n.children.push_back(e);
        if (Accept(TokenKind::kRBracket)) break;
        if (!Expect(TokenKind::kComma, "',' or ']' in the list")) return -1;
      }
      return Add(std::move(n));
    }
    case TokenKind::kLBrace: {
      Token open = Next();
      Node n = At(open, NodeKind::kMap);
      while (!Accept(TokenKind::kRBrace)) {
        int k = ParseExpr();
        if (failed_ || !Expect(TokenKind::kColon, "':' after the map key")) return -1;
        int v = ParseExpr();
        if (failed_) return -1;
        n.children.push_back(k);
        n.children.push_back(v);
        if (Accept(TokenKind::kRBrace)) break;
        if (!Expect(TokenKind::kComma, "',' or '}' in the map")) return -1;
      }
      return Add(std::move(n));
    }
    case TokenKind::kInt:
    case TokenKind::kUint:
    case TokenKind::kDouble:
    case TokenKind::kString:
    case TokenKind::kTrue:
    case TokenKind::kFalse:
    case TokenKind::kNull: {
      Token lit = Next();
      Node n = At(lit, NodeKind::kLiteral);
      switch (lit.kind) {
        case TokenKind::kInt:
          if (lit.int_value > static_cast<uint64_t>(INT64_MAX)) {
            return Fail(lit, "integer literal out of range");
          }
          n.literal = Value::Int(static_cast<int64_t>(lit.int_value));
          break;
        case TokenKind::kUint: n.literal = Value::Uint(lit.int_value); break;
        case TokenKind::kDouble: n.literal = Value::Double(lit.double_value); break;
        case TokenKind::kString: n.literal = Value::String(std::move(lit.string_value)); break;
        case TokenKind::kTrue: n.literal = Value::Bool(true); break;
        case TokenKind::kFalse: n.literal = Value::Bool(false); break;
        default: n.literal = Value::Null(); break;
      }
      return Add(std::move(n));
    }
    case TokenKind::kEnd:
      return Fail(t, "unexpected end of the expression");
    case TokenKind::kDot:
      return Fail(t, "a leading '.' is not part of the rule language");
    default:
      return Fail(t, "unexpected '" + std::string(t.text) + "'");
  }
}

}  // namespace guomen::rules
