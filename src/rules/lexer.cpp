#include "rules/lexer.hpp"

#include <charconv>

namespace guomen::rules {

namespace {

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length of the valid UTF-8 sequence at s[i], or 0 if invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

void Lexer::MoveTo(size_t pos) {
  while (pos_ < pos) {
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }
}

Diagnostic Lexer::ErrorAt(std::string message) const {
  return Diagnostic{DiagnosticKind::kSyntax, line_, column_, std::move(message)};
}

bool Lexer::Tokenize(std::vector<Token>& tokens, Diagnostic& error) {
  // Reject invalid UTF-8 up front, pointing at the first bad byte.
  for (size_t i = 0; i < src_.size();) {
    size_t n = Utf8Length(src_, i);
    if (n == 0) {
      MoveTo(i);
      error = ErrorAt("invalid UTF-8 in rule text");
      return false;
    }
    i += n;
  }
  while (true) {
    // Skip whitespace and comments.
    size_t p = pos_;
    while (p < src_.size()) {
      char c = src_[p];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++p;
      } else if (c == '/' && p + 1 < src_.size() && src_[p + 1] == '/') {
        while (p < src_.size() && src_[p] != '\n') ++p;
      } else {
        break;
      }
    }
    MoveTo(p);
    Token t;
    t.line = line_;
    t.column = column_;
    if (pos_ >= src_.size()) {
      t.kind = TokenKind::kEnd;
      tokens.push_back(std::move(t));
      return true;
    }
    size_t start = pos_;
    char c = src_[pos_];
    char next = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
    if (IsIdentStart(c)) {
      bool quote_follows = next == '"' || next == '\'';
      if ((c == 'r' || c == 'R') && quote_follows) {
        MoveTo(pos_ + 1);
        if (!LexString(t, /*raw=*/true, error)) return false;
      } else if ((c == 'b' || c == 'B') && quote_follows) {
        error = ErrorAt("bytes literals are not part of the rule language");
        return false;
      } else {
        size_t e = pos_;
        while (e < src_.size() && (IsIdentStart(src_[e]) || IsDigit(src_[e]))) ++e;
        std::string_view word = src_.substr(pos_, e - pos_);
        if (word == "true") {
          t.kind = TokenKind::kTrue;
        } else if (word == "false") {
          t.kind = TokenKind::kFalse;
        } else if (word == "null") {
          t.kind = TokenKind::kNull;
        } else if (word == "in") {
          t.kind = TokenKind::kIn;
        } else {
          t.kind = TokenKind::kIdent;
        }
        MoveTo(e);
      }
    } else if (IsDigit(c) || (c == '.' && IsDigit(next))) {
      if (!LexNumber(t, error)) return false;
    } else if (c == '"' || c == '\'') {
      if (!LexString(t, /*raw=*/false, error)) return false;
    } else {
      size_t len = 1;
      switch (c) {
        case '(': t.kind = TokenKind::kLParen; break;
        case ')': t.kind = TokenKind::kRParen; break;
        case '[': t.kind = TokenKind::kLBracket; break;
        case ']': t.kind = TokenKind::kRBracket; break;
        case '{': t.kind = TokenKind::kLBrace; break;
        case '}': t.kind = TokenKind::kRBrace; break;
        case '.': t.kind = TokenKind::kDot; break;
        case ',': t.kind = TokenKind::kComma; break;
        case ':': t.kind = TokenKind::kColon; break;
        case '?': t.kind = TokenKind::kQuestion; break;
        case '-': t.kind = TokenKind::kMinus; break;
        case '+': t.kind = TokenKind::kPlus; break;
        case '*': t.kind = TokenKind::kStar; break;
        case '/': t.kind = TokenKind::kSlash; break;
        case '%': t.kind = TokenKind::kPercent; break;
        case '!':
          if (next == '=') {
            t.kind = TokenKind::kNotEq;
            len = 2;
          } else {
            t.kind = TokenKind::kNot;
          }
          break;
        case '<':
          if (next == '=') {
            t.kind = TokenKind::kLessEq;
            len = 2;
          } else {
            t.kind = TokenKind::kLess;
          }
          break;
        case '>':
          if (next == '=') {
            t.kind = TokenKind::kGreaterEq;
            len = 2;
          } else {
            t.kind = TokenKind::kGreater;
          }
          break;
        case '=':
          if (next != '=') {
            error = ErrorAt("unexpected '=' (did you mean '=='?)");
            return false;
          }
          t.kind = TokenKind::kEqEq;
          len = 2;
          break;
        case '&':
          if (next != '&') {
            error = ErrorAt("unexpected '&' (did you mean '&&'?)");
            return false;
          }
          t.kind = TokenKind::kAndAnd;
          len = 2;
          break;
        case '|':
          if (next != '|') {
            error = ErrorAt("unexpected '|' (did you mean '||'?)");
            return false;
          }
          t.kind = TokenKind::kOrOr;
          len = 2;
          break;
        default: {
          size_t n = Utf8Length(src_, pos_);
          error = ErrorAt("unexpected character '" + std::string(src_.substr(pos_, n)) + "'");
          return false;
        }
      }
      MoveTo(pos_ + len);
    }
    t.text = src_.substr(start, pos_ - start);
    tokens.push_back(std::move(t));
  }
}

bool Lexer::LexNumber(Token& t, Diagnostic& error) {
  size_t p = pos_;
  if (src_[p] == '0' && p + 1 < src_.size() && (src_[p + 1] == 'x' || src_[p + 1] == 'X')) {
    p += 2;
    size_t digits = p;
    uint64_t v = 0;
    bool overflow = false;
    while (p < src_.size() && IsHex(src_[p])) {
      if (v > (UINT64_MAX >> 4)) overflow = true;
      v = (v << 4) | static_cast<uint64_t>(HexValue(src_[p]));
      ++p;
    }
    if (p == digits) {
      error = ErrorAt("hexadecimal literal needs digits");
      return false;
    }
    t.int_value = v;
    t.kind = TokenKind::kInt;
    if (p < src_.size() && (src_[p] == 'u' || src_[p] == 'U')) {
      t.kind = TokenKind::kUint;
      ++p;
    }
    if (overflow || (t.kind == TokenKind::kInt && v > (uint64_t{1} << 63))) {
      error = ErrorAt("integer literal out of range");
      return false;
    }
    MoveTo(p);
    return true;
  }
  size_t start = p;
  while (p < src_.size() && IsDigit(src_[p])) ++p;
  bool is_double = false;
  if (p + 1 < src_.size() && src_[p] == '.' && IsDigit(src_[p + 1])) {
    is_double = true;
    ++p;
    while (p < src_.size() && IsDigit(src_[p])) ++p;
  }
  if (p < src_.size() && (src_[p] == 'e' || src_[p] == 'E')) {
    size_t q = p + 1;
    if (q < src_.size() && (src_[q] == '+' || src_[q] == '-')) ++q;
    if (q < src_.size() && IsDigit(src_[q])) {
      is_double = true;
      p = q;
      while (p < src_.size() && IsDigit(src_[p])) ++p;
    }
  }
  std::string_view text = src_.substr(start, p - start);
  if (is_double) {
    double d = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc() || end != text.data() + text.size()) {
      error = ErrorAt("double literal out of range");
      return false;
    }
    t.kind = TokenKind::kDouble;
    t.double_value = d;
    MoveTo(p);
    return true;
  }
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    error = ErrorAt("integer literal out of range");
    return false;
  }
  t.int_value = v;
  t.kind = TokenKind::kInt;
  if (p < src_.size() && (src_[p] == 'u' || src_[p] == 'U')) {
    t.kind = TokenKind::kUint;
    ++p;
  } else if (v > (uint64_t{1} << 63)) {
    error = ErrorAt("integer literal out of range");
    return false;
  }
  MoveTo(p);
  return true;
}

bool Lexer::LexString(Token& t, bool raw, Diagnostic& error) {
  char q = src_[pos_];
  bool triple = pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q;
  size_t p = pos_ + (triple ? 3 : 1);
  std::string out;
  while (true) {
    if (p >= src_.size()) {
      MoveTo(p);
      error = ErrorAt("unterminated string literal");
      return false;
    }
    char c = src_[p];
    if (triple) {
      if (c == q && p + 2 < src_.size() && src_[p + 1] == q && src_[p + 2] == q) {
        p += 3;
        break;
      }
    } else {
      if (c == q) {
        ++p;
        break;
      }
      if (c == '\n' || c == '\r') {
        MoveTo(p);
        error = ErrorAt("newline in string literal (use a triple-quoted string)");
        return false;
      }
    }
    if (c != '\\' || raw) {
      out += c;
      ++p;
      continue;
    }
    // cel-spec "String and Bytes Values": escape sequences.
    if (p + 1 >= src_.size()) {
      MoveTo(p);
      error = ErrorAt("unterminated escape sequence");
      return false;
    }
    char e = src_[p + 1];
    auto bad_escape = [&](const std::string& why) {
      MoveTo(p);
      error = ErrorAt(why);
      return false;
    };
    switch (e) {
      case 'a': out += '\a'; p += 2; break;
      case 'b': out += '\b'; p += 2; break;
      case 'f': out += '\f'; p += 2; break;
      case 'n': out += '\n'; p += 2; break;
      case 'r': out += '\r'; p += 2; break;
      case 't': out += '\t'; p += 2; break;
      case 'v': out += '\v'; p += 2; break;
      case '\\': out += '\\'; p += 2; break;
      case '?': out += '?'; p += 2; break;
      case '"': out += '"'; p += 2; break;
      case '\'': out += '\''; p += 2; break;
      case '`': out += '`'; p += 2; break;
      case 'x':
      case 'X':
      case 'u':
      case 'U': {
        size_t n = (e == 'x' || e == 'X') ? 2 : (e == 'u' ? 4 : 8);
        uint32_t cp = 0;
        for (size_t k = 0; k < n; ++k) {
          size_t i = p + 2 + k;
          if (i >= src_.size() || !IsHex(src_[i])) return bad_escape("invalid hex escape");
          cp = (cp << 4) | static_cast<uint32_t>(HexValue(src_[i]));
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return bad_escape("escape is not a valid Unicode code point");
        }
        AppendUtf8(out, cp);
        p += 2 + n;
        break;
      }
      default:
        if (e >= '0' && e <= '3') {
          uint32_t cp = 0;
          for (size_t k = 0; k < 3; ++k) {
            size_t i = p + 1 + k;
            if (i >= src_.size() || src_[i] < '0' || src_[i] > '7') {
              return bad_escape("invalid octal escape");
            }
            cp = cp * 8 + static_cast<uint32_t>(src_[i] - '0');
          }
          AppendUtf8(out, cp);
          p += 4;
          break;
        }
        return bad_escape("invalid escape sequence '\\" + std::string(1, e) + "'");
    }
  }
  t.kind = TokenKind::kString;
  t.string_value = std::move(out);
  MoveTo(p);
  return true;
}

}  // namespace guomen::rules
