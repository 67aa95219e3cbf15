#include "cli/rules_file.hpp"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace guomen::cli {

namespace {

using core::ErrorCode;

// Code points in `s` (UTF-8 continuation bytes do not count).
int CodePoints(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Works out where the scalar `node` (the expression) sits in `text` and
// whether positions inside it map one to one onto the file.
ExpressionOrigin OriginOf(const YAML::Node& node, const std::string& value, std::string_view text) {
  const YAML::Mark mark = node.Mark();
  ExpressionOrigin o;
  if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text.size()) return o;
  const auto pos = static_cast<size_t>(mark.pos);
  size_t line_start = pos == 0 ? std::string_view::npos : text.rfind('\n', pos - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  o.line = mark.line + 1;
  o.column = CodePoints(text.substr(line_start, pos - line_start)) + 1;
  const char indicator = text[pos];
  if (indicator == '|') {
    // YAML 1.2 §8.1.2 literal style: the content starts on the next line and
    // keeps its line breaks; its indentation is that of the first non-blank
    // line (an explicit indentation indicator is rare and not handled).
    size_t next = text.find('\n', pos);
    if (next == std::string_view::npos) return o;
    size_t p = next + 1;
    while (p < text.size()) {
      size_t eol = text.find('\n', p);
      std::string_view l =
          text.substr(p, eol == std::string_view::npos ? std::string_view::npos : eol - p);
      size_t indent = l.find_first_not_of(' ');
      if (indent != std::string_view::npos && l[indent] != '\r') {
        // The first content line (blank lines before it are part of the value).
        o.line = mark.line + 2;
        o.column = static_cast<int>(indent) + 1;
        o.mapping = ExpressionOrigin::Mapping::kExact;
        return o;
      }
      if (eol == std::string_view::npos) break;
      p = eol + 1;
    }
    return o;
  }
  if (value.find('\n') != std::string::npos) return o;  // folded or multi-line: start only
  if (indicator == '"' || indicator == '\'') {
    // Quoted on one line without escapes: the value follows the quote verbatim.
    if (text.substr(pos + 1, value.size()) == value && pos + 1 + value.size() < text.size() &&
        text[pos + 1 + value.size()] == indicator) {
      o.column += 1;
      o.mapping = ExpressionOrigin::Mapping::kExact;
    }
    return o;
  }
  if (indicator != '>' && text.substr(pos, value.size()) == value) {
    o.mapping = ExpressionOrigin::Mapping::kExact;
  }
  return o;
}

}  // namespace

std::optional<std::pair<int, int>> ExpressionOrigin::FilePosition(int expr_line,
                                                                  int expr_column) const {
  if (mapping != Mapping::kExact || expr_line < 1 || expr_column < 1) return std::nullopt;
  return std::make_pair(line + expr_line - 1, column + expr_column - 1);
}

bool IsYamlRulesFile(std::string_view path, std::string_view text) {
  if (EndsWith(path, ".yaml") || EndsWith(path, ".yml")) return true;
  if (EndsWith(path, ".json")) return false;
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] != '{' && text[first] != '[';
}

core::Result<RulesFile> ParseJsonRulesFile(const std::string& text) {
  using nlohmann::json;
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return core::Fail(ErrorCode::kInvalidArgument, std::string("not valid JSON: ") + e.what());
  }
  RulesFile out;
  if (doc.is_object() && doc.contains("reference_sets") && doc["reference_sets"].is_object()) {
    for (const auto& [name, items] : doc["reference_sets"].items())
      out.reference_sets.push_back(name);
  }
  const json list = doc.is_array()    ? doc
                    : doc.is_object() ? doc.value("rules", json::array())
                                      : json::array();
  int index = 0;
  for (const auto& rule : list) {
    RuleEntry e;
    e.index = ++index;
    if (rule.is_object()) {
      if (rule.contains("name") && rule["name"].is_string())
        e.name = rule["name"].get<std::string>();
      if (rule.contains("expression") && rule["expression"].is_string()) {
        e.expression = rule["expression"].get<std::string>();
      }
    }
    out.rules.push_back(std::move(e));
  }
  return out;
}

core::Result<RulesFile> ParseYamlRulesFile(const std::string& text) {
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return core::Fail(ErrorCode::kInvalidArgument,
                      "line " + std::to_string(e.mark.line + 1) + " column " +
                          std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
  }
  RulesFile out;
  try {
    if (doc.IsMap() && doc["reference_sets"] && doc["reference_sets"].IsMap()) {
      for (const auto& kv : doc["reference_sets"])
        out.reference_sets.push_back(kv.first.as<std::string>());
    }
    YAML::Node list = doc.IsSequence() ? doc : doc.IsMap() ? doc["rules"] : YAML::Node();
    if (!list || !list.IsSequence()) return out;
    int index = 0;
    for (const auto& rule : list) {
      RuleEntry e;
      e.index = ++index;
      if (rule.IsMap()) {
        if (rule["name"] && rule["name"].IsScalar()) e.name = rule["name"].as<std::string>();
        YAML::Node expr = rule["expression"];
        if (expr && expr.IsScalar()) {
          e.expression = expr.as<std::string>();
          e.origin = OriginOf(expr, *e.expression, text);
        }
      }
      out.rules.push_back(std::move(e));
    }
  } catch (const YAML::Exception& e) {
    return core::Fail(ErrorCode::kInvalidArgument,
                      "line " + std::to_string(e.mark.line + 1) + " column " +
                          std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return out;
}

}  // namespace guomen::cli
