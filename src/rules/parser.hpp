// Parses rule source text into an Ast. Internal to the rules engine.
//
// Recursive descent over the CEL grammar (cel-spec "Syntax"):
//   Expr    = Or ["?" Or ":" Expr]
//   Or      = And {"||" And}          And = Rel {"&&" Rel}
//   Rel     = Add {("<"|"<="|">="|">"|"=="|"!="|"in") Add}
//   Add     = Mul {("+"|"-") Mul}     Mul = Unary {("*"|"/"|"%") Unary}
//   Unary   = Member | "!" {"!"} Member | "-" {"-"} Member
//   Member  = Primary {"." IDENT ["(" [Exprs] ")"] | "[" Expr "]"}
//   Primary = IDENT ["(" [Exprs] ")"] | "(" Expr ")" | "[" [Exprs] [","] "]"
//           | "{" [Key ":" Expr {"," Key ":" Expr}] [","] "}" | literal
// and expands the macros has(), all(), exists(), exists_one(), map() and
// filter(). Message construction and the leading-dot form are not in the
// subset. Nesting is limited (kMaxDepth) so hostile input cannot exhaust the
// stack.
#pragma once

#include <string_view>

#include "rules/ast.hpp"
#include "rules/diagnostic.hpp"
#include "rules/lexer.hpp"
#include "rules/schema.hpp"

namespace guomen::rules {

class Parser {
 public:
  static constexpr int kMaxDepth = 250;       // parser recursion
  static constexpr int kMaxTreeDepth = 250;   // depth of the resulting tree (bounds later passes)
  static constexpr size_t kMaxSourceBytes = 64 * 1024;

  explicit Parser(std::string_view source) : source_(source) {}

  // Returns false and fills `error` (the first syntax error) when the text is
  // not a valid expression of the subset.
  bool Parse(Ast& ast, Diagnostic& error);

 private:
  int ParseExpr();
  int ParseOr();
  int ParseAnd();
  int ParseRelation();
  int ParseAddition();
  int ParseMultiplication();
  int ParseUnary();
  int ParseMember();
  int ParsePrimary();
  bool ParseArgs(std::vector<int>& args);
  int MakeCall(const Token& name, int target, std::vector<int> args);

  int Add(Node node);
  Node At(const Token& t, NodeKind kind) const;
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool Accept(TokenKind kind);
  bool Expect(TokenKind kind, const char* what);
  int Fail(const Token& t, std::string message);
  int Fail(int line, int column, std::string message);

  std::string_view source_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::vector<int> tree_depth_;  // per node
  Ast* ast_ = nullptr;
  bool failed_ = false;
  Diagnostic error_;
};

}  // namespace guomen::rules
