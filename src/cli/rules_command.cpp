#include "cli/rules_command.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/rules_file.hpp"
#include "rules/border_schema.hpp"
#include "rules/program.hpp"
#include "rules/time_format.hpp"

namespace guomen::cli {

namespace {

using nlohmann::json;
using rules::Value;
using rules::ValueKind;

// JSON facts become CEL values: a number without a fraction binds as int.
Value FromJson(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return Value::Null();
    case json::value_t::boolean: return Value::Bool(j.get<bool>());
    case json::value_t::number_integer: return Value::Int(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      auto u = j.get<uint64_t>();
      return u <= static_cast<uint64_t>(INT64_MAX) ? Value::Int(static_cast<int64_t>(u)) : Value::Uint(u);
    }
    case json::value_t::number_float: return Value::Double(j.get<double>());
    case json::value_t::string: return Value::String(j.get<std::string>());
    case json::value_t::array: {
      std::vector<Value> items;
      for (const auto& e : j) items.push_back(FromJson(e));
      return Value::List(std::move(items));
    }
    case json::value_t::object: {
      std::vector<std::pair<Value, Value>> entries;
      for (const auto& [k, v] : j.items()) entries.emplace_back(Value::String(k), FromJson(v));
      return Value::Map(std::move(entries));
    }
    default: return Value::Null();
  }
}

// CEL values as JSON, following CEL's JSON mapping for the special cases.
json ToJson(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull: return nullptr;
    case ValueKind::kBool: return v.bool_value();
    case ValueKind::kInt: return v.int_value();
    case ValueKind::kUint: return v.uint_value();
    case ValueKind::kDouble: {
      double d = v.double_value();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      return d;
    }
    case ValueKind::kString: return std::string(v.string_value());
    case ValueKind::kTimestamp: return rules::FormatTimestamp(v.seconds(), v.nanos());
    case ValueKind::kDuration: return rules::FormatDuration(v.seconds(), v.nanos());
    case ValueKind::kList: {
      json out = json::array();
      for (const auto& e : v.list_items()) out.push_back(ToJson(e));
      return out;
    }
    case ValueKind::kMap: {
      json out = json::object();
      for (const auto& [k, val] : v.map_entries()) {
        out[k.kind() == ValueKind::kString ? std::string(k.string_value()) : k.DebugString()] =
            ToJson(val);
      }
      return out;
    }
    case ValueKind::kError: return nullptr;
  }
  return nullptr;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool ReadFile(const std::string& path, std::string& out) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path);
    if (!in) return false;
    ss << in.rdbuf();
  }
  out = ss.str();
  return true;
}

int Eval(const std::string& expression, const std::string& facts_path) {
  json facts = json::object();
  if (!facts_path.empty()) {
    std::string text;
    if (!ReadFile(facts_path, text)) {
      std::cerr << "guomen: error: cannot read " << facts_path << "\n";
      return 2;
    }
    facts = json::parse(text, nullptr, false);
    if (facts.is_discarded() || !facts.is_object()) {
      std::cerr << "guomen: error: " << facts_path << " must hold one JSON object\n";
      return 2;
    }
  }
  // The sandbox: every top-level key is a dyn variable; no rights guard, any
  // result type. Risk rules are always compiled with the guard on.
  rules::Schema schema;
  for (const auto& [key, value] : facts.items()) {
    auto st = schema.DeclareFact(key, rules::Type::Dyn(), rules::FactCategory::kContext, "fact");
    if (!st.ok()) {
      std::cerr << "guomen: error: fact '" << key << "': " << st.error().message << "\n";
      return 2;
    }
  }
  rules::CompileOptions options;
  options.rights_guard = false;
  options.require_bool = false;
  auto program = rules::Program::Compile(expression, schema, options);
  if (!program) {
    std::cerr << "guomen: error: " << program.error().field << ": " << program.error().message
              << "\n";
    return 1;
  }
  rules::Activation activation(schema);
  for (const auto& [key, value] : facts.items()) {
    auto st = activation.Set(key, FromJson(value));
    if (!st.ok()) {
      std::cerr << "guomen: error: fact '" << key << "': " << st.error().message << "\n";
      return 2;
    }
  }
  auto result = program->Evaluate(activation);
  if (result.value.is_error()) {
    std::cerr << "guomen: error: " << result.value.error_message() << "\n";
    return 1;
  }
  std::cout << Dump(json{{"value", ToJson(result.value)},
                         {"type", std::string(rules::ValueKindName(result.value.kind()))}})
            << "\n";
  return 0;
}

// A rules file (JSON or YAML, see cli/rules_file.hpp). Each problem is one
// line; in YAML it starts with the file position of the problem
// ("rules.yaml:18:29: rule 2 (name): line 2 column 23: message") or, when
// the expression is folded or escaped, of the expression's start.
int Check(const std::string& path) {
  std::string text;
  if (!ReadFile(path, text)) {
    std::cerr << "guomen: error: cannot read " << path << "\n";
    return 2;
  }
  const bool yaml = IsYamlRulesFile(path, text);
  auto file = yaml ? ParseYamlRulesFile(text) : ParseJsonRulesFile(text);
  if (!file) {
    std::cerr << "guomen: error: " << path << ": " << file.error().message << "\n";
    return 2;
  }
  auto schema = rules::BorderFactSchema(file->reference_sets);
  if (!schema) {
    std::cerr << "guomen: error: " << path << ": " << schema.error().message << "\n";
    return 1;
  }
  int problems = 0;
  for (const auto& rule : file->rules) {
    std::string what = "rule " + std::to_string(rule.index) + (rule.name.empty() ? "" : " (" + rule.name + ")");
    if (!rule.expression) {
      std::cout << path << ": " << what << ": needs an \"expression\" string\n";
      ++problems;
      continue;
    }
    for (const auto& d : rules::Program::Diagnose(*rule.expression, *schema)) {
      std::string where = path;
      if (rule.origin) {
        auto at = rule.origin->FilePosition(d.line, d.column);
        where += ":" + std::to_string(at ? at->first : rule.origin->line) + ":" +
                 std::to_string(at ? at->second : rule.origin->column);
      }
      std::cout << where << ": " << what << ": " << d.ToString() << "\n";
      ++problems;
    }
  }
  const size_t count = file->rules.size();
  if (problems == 0) {
    std::cout << path << ": " << count << " rules, no problems\n";
    return 0;
  }
  std::cout << path << ": " << problems << " problem(s) in " << count << " rules\n";
  return 1;
}

}  // namespace

void AddRulesCommand(CLI::App& app) {
  auto* rules_cmd = app.add_subcommand("rules", "Risk rules: try expressions, check rule files");
  rules_cmd->require_subcommand(1);

  auto expression = std::make_shared<std::string>();
  auto facts = std::make_shared<std::string>();
  auto* eval = rules_cmd->add_subcommand(
      "eval", "Evaluate one CEL expression; prints {\"value\":...,\"type\":...}");
  eval->add_option("expression", *expression, "the expression")->required();
  eval->add_option("--facts", *facts, "JSON object whose top-level keys become variables");
  eval->callback([expression, facts] { throw CLI::RuntimeError(Eval(*expression, *facts)); });

  auto file = std::make_shared<std::string>();
  auto* check = rules_cmd->add_subcommand(
      "check", "Check a rules file (JSON or YAML) against the fact schema and the rights guard");
  check->add_option(
      "file", *file, "rules file (.json, .yaml/.yml, else by content), or - for stdin")->required();
  check->callback([file] { throw CLI::RuntimeError(Check(*file)); });
}

}  // namespace guomen::cli
