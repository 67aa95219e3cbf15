// Splits rule source text into CEL tokens. Internal to the rules engine.
//
// Follows the lexical grammar of the CEL specification for the subset:
// identifiers, int (decimal and 0x hex), uint (u suffix), double, string
// literals (single, double and triple quotes, raw r"..." strings, the CEL
// escape sequences), // comments, and the operators and punctuation. Bytes
// literals are not part of the subset. Positions are 1-based lines and
// columns counted in code points.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/diagnostic.hpp"

namespace guomen::rules {

enum class TokenKind : uint8_t {
  kEnd,
  kIdent,
  kInt,     // magnitude in int_value; the parser applies a preceding '-'
  kUint,
  kDouble,
  kString,
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kDot,
  kComma,
  kColon,
  kQuestion,
  kNot,
  kMinus,
  kPlus,
  kStar,
  kSlash,
  kPercent,
  kLess,
  kLessEq,
  kGreater,
  kGreaterEq,
  kEqEq,
  kNotEq,
  kAndAnd,
  kOrOr,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int line = 1;
  int column = 1;
  std::string_view text;  // the source text of the token
  uint64_t int_value = 0;
  double double_value = 0;
  std::string string_value;  // decoded kString literal
};

class Lexer {
 public:
  // `source` must outlive the tokens (they view into it).
  explicit Lexer(std::string_view source) : src_(source) {}

  // Tokenizes the whole source; the last token is kEnd. On the first invalid
  // token returns false and fills `error` with its position and reason.
  bool Tokenize(std::vector<Token>& tokens, Diagnostic& error);

 private:
  bool LexNumber(Token& token, Diagnostic& error);
  bool LexString(Token& token, bool raw, Diagnostic& error);
  void MoveTo(size_t pos);
  Diagnostic ErrorAt(std::string message) const;

  std::string_view src_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace guomen::rules
