#include "app/rule_json.hpp"

#include <nlohmann/json.hpp>

#include "rules/time_format.hpp"

namespace guomen::app {

using core::ErrorCode;
using nlohmann::json;
using rules::Type;
using rules::TypeKind;
using rules::Value;

namespace {

// Untyped conversion for dyn facts: a number without a fraction is an int.
Value Untyped(const json& j) {
  switch (j.type()) {
    case json::value_t::boolean: return Value::Bool(j.get<bool>());
    case json::value_t::number_integer: return Value::Int(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      auto u = j.get<uint64_t>();
      return u <= static_cast<uint64_t>(INT64_MAX) ? Value::Int(static_cast<int64_t>(u))
                                                   : Value::Uint(u);
    }
    case json::value_t::number_float: return Value::Double(j.get<double>());
    case json::value_t::string: return Value::String(j.get<std::string>());
    case json::value_t::array: {
      std::vector<Value> items;
      for (const auto& e : j) items.push_back(Untyped(e));
      return Value::List(std::move(items));
    }
    case json::value_t::object: {
      std::vector<std::pair<Value, Value>> entries;
      for (const auto& [k, v] : j.items()) entries.emplace_back(Value::String(k), Untyped(v));
      return Value::Map(std::move(entries));
    }
    default: return Value::Null();
  }
}

core::Result<Value> Typed(const json& j, const Type& type, const rules::Schema& schema,
                          const std::string& where) {
  auto bad = [&](const std::string& what) -> core::Result<Value> {
    return core::Fail(ErrorCode::kInvalidArgument, where + ": expected " + what, where);
  };
  switch (type.kind()) {
    case TypeKind::kDyn: return Untyped(j);
    case TypeKind::kNull: return Value::Null();
    case TypeKind::kBool:
      if (!j.is_boolean()) return bad("true or false");
      return Value::Bool(j.get<bool>());
    case TypeKind::kInt:
      if (!j.is_number_integer()) return bad("an integer");
      if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        return bad("an integer in range");
      }
      return Value::Int(j.get<int64_t>());
    case TypeKind::kUint:
      if (!j.is_number_unsigned()) return bad("a non-negative integer");
      return Value::Uint(j.get<uint64_t>());
    case TypeKind::kDouble:
      if (!j.is_number()) return bad("a number");
      return Value::Double(j.get<double>());
    case TypeKind::kString:
      if (!j.is_string()) return bad("a string");
      return Value::String(j.get<std::string>());
    case TypeKind::kTimestamp: {
      if (!j.is_string()) return bad("an RFC 3339 time such as \"2026-11-23T08:00:00Z\"");
      Value v = rules::ParseTimestamp(j.get<std::string>());
      if (v.is_error()) return bad("an RFC 3339 time (" + std::string(v.error_message()) + ")");
      return v;
    }
    case TypeKind::kDuration: {
      if (!j.is_string()) return bad("a duration such as \"3600s\" or \"72h\"");
      Value v = rules::ParseDuration(j.get<std::string>());
      if (v.is_error()) return bad("a duration (" + std::string(v.error_message()) + ")");
      return v;
    }
    case TypeKind::kList: {
      if (!j.is_array()) return bad("a list");
      std::vector<Value> items;
      for (size_t i = 0; i < j.size(); ++i) {
        GUOMEN_ASSIGN_OR_RETURN(
            auto v, Typed(j[i], type.element(), schema, where + "[" + std::to_string(i) + "]"));
        items.push_back(std::move(v));
      }
      return Value::List(std::move(items));
    }
    case TypeKind::kMap: {
      if (!j.is_object()) return bad("an object");
      std::vector<std::pair<Value, Value>> entries;
      for (const auto& [k, v] : j.items()) {
        GUOMEN_ASSIGN_OR_RETURN(auto val, Typed(v, type.value(), schema, where + "." + k));
        entries.emplace_back(Value::String(k), std::move(val));
      }
      return Value::Map(std::move(entries));
    }
    case TypeKind::kObject: {
      if (!j.is_object()) return bad("an object (" + type.object_name() + ")");
      const rules::ObjectDecl* decl = schema.FindObject(type.object_name());
      if (decl == nullptr) return bad("a declared object");
      std::vector<std::pair<Value, Value>> entries;
      for (const auto& [k, v] : j.items()) {
        const rules::ObjectFieldDecl* field = decl->FindField(k);
        if (field == nullptr) {
          return core::Fail(ErrorCode::kInvalidArgument,
                            where + ": " + type.object_name() + " has no field '" + k + "'", where);
        }
        if (v.is_null()) continue;
        GUOMEN_ASSIGN_OR_RETURN(auto val, Typed(v, field->type, schema, where + "." + k));
        entries.emplace_back(Value::String(k), std::move(val));
      }
      return Value::Map(std::move(entries));
    }
  }
  return bad("a value");
}

}  // namespace

core::Status BindFactsJson(std::string_view facts_json, rules::Activation& facts) {
  json doc = json::parse(facts_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return core::Fail(ErrorCode::kInvalidArgument, "the facts must be one JSON object", "facts");
  }
  const rules::Schema& schema = facts.schema();
  for (const auto& decl : schema.facts()) {
    if (decl.path.rfind("ref.", 0) == 0) continue;
    // Walk the nested objects along the dotted path.
    const json* node = &doc;
    size_t start = 0;
    while (node != nullptr) {
      size_t dot = decl.path.find('.', start);
      std::string part = decl.path.substr(start, dot == std::string::npos ? dot : dot - start);
      if (!node->is_object()) {
        node = nullptr;
        break;
      }
      auto it = node->find(part);
      node = it == node->end() ? nullptr : &*it;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (node == nullptr || node->is_null()) continue;
    GUOMEN_ASSIGN_OR_RETURN(auto value, Typed(*node, decl.type, schema, decl.path));
    GUOMEN_RETURN_IF_ERROR(facts.Set(decl.path, std::move(value)));
  }
  return core::Status::Ok();
}

std::string FactText(const Value& v) {
  switch (v.kind()) {
    case rules::ValueKind::kString: return std::string(v.string_value());
    case rules::ValueKind::kTimestamp: return rules::FormatTimestamp(v.seconds(), v.nanos());
    case rules::ValueKind::kDuration: return rules::FormatDuration(v.seconds(), v.nanos());
    default: return v.DebugString();
  }
}

std::string QuestionsToJson(const std::vector<RequiredQuestion>& questions) {
  json out = json::array();
  for (const auto& q : questions) {
    out.push_back({{"key", q.key}, {"text_zh", q.text_zh}, {"text_en", q.text_en}});
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

core::Result<std::vector<RequiredQuestion>> QuestionsFromJson(std::string_view text) {
  std::vector<RequiredQuestion> out;
  if (text.empty()) return out;
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    return core::Fail(ErrorCode::kInvalidArgument, "questions must be a JSON array", "questions");
  }
  for (const auto& q : doc) {
    if (!q.is_object()) {
      return core::Fail(ErrorCode::kInvalidArgument, "each question must be an object",
                        "questions");
    }
    out.push_back({q.value("key", ""), q.value("text_zh", ""), q.value("text_en", "")});
  }
  return out;
}

}  // namespace guomen::app
