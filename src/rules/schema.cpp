#include "rules/schema.hpp"

#include <atomic>

namespace guomen::rules {

namespace {

std::atomic<uint64_t> next_schema_id{1};

bool IsReserved(std::string_view s) {
  // cel-spec "Syntax": reserved words that cannot be identifiers.
  static constexpr std::string_view kReserved[] = {
      "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for",
      "function", "if", "import", "let", "loop", "package", "namespace", "return", "var",
      "void", "while"};
  for (std::string_view r : kReserved) {
    if (s == r) return true;
  }
  return false;
}

}  // namespace

std::string_view FactCategoryName(FactCategory category) {
  switch (category) {
    case FactCategory::kContext: return "context";
    case FactCategory::kDemographic: return "demographic";
    case FactCategory::kDocument: return "document";
    case FactCategory::kTravel: return "travel";
    case FactCategory::kDeclaration: return "declaration";
    case FactCategory::kScreening: return "screening";
    case FactCategory::kHistory: return "history";
    case FactCategory::kManifest: return "manifest";
    case FactCategory::kReference: return "reference";
  }
  return "unknown";
}

bool IsBehavioural(FactCategory category) {
  switch (category) {
    case FactCategory::kDocument:
    case FactCategory::kTravel:
    case FactCategory::kDeclaration:
    case FactCategory::kScreening:
    case FactCategory::kHistory:
    case FactCategory::kManifest:
      return true;
    default:
      return false;
  }
}

bool IsValidIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && digit))) return false;
  }
  return !IsReserved(s);
}

const ObjectFieldDecl* ObjectDecl::FindField(std::string_view field) const {
  for (const auto& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

Schema::Schema() : id_(next_schema_id.fetch_add(1)) {}

namespace {

// Every object type named by `type` (also inside list and map) must be declared.
bool ObjectsDeclared(const Type& type, const Schema& schema, std::string& missing) {
  switch (type.kind()) {
    case TypeKind::kObject:
      if (schema.FindObject(type.object_name()) == nullptr) {
        missing = type.object_name();
        return false;
      }
      return true;
    case TypeKind::kList: return ObjectsDeclared(type.element(), schema, missing);
    case TypeKind::kMap:
      return ObjectsDeclared(type.key(), schema, missing) &&
             ObjectsDeclared(type.value(), schema, missing);
    default: return true;
  }
}

}  // namespace

core::Status Schema::DeclareFact(std::string path, Type type, FactCategory category,
                                 std::string description, std::string example) {
  using core::ErrorCode;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string_view seg = std::string_view(path).substr(start, dot == std::string::npos
                                                                    ? std::string::npos
                                                                    : dot - start);
    if (!IsValidIdentifier(seg)) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        "fact path '" + path + "' has an invalid segment '" + std::string(seg) + "'",
                        path);
    }
    if (dot == std::string::npos) break;
    std::string prefix = path.substr(0, dot);
    if (by_path_.count(prefix) > 0) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        "fact '" + prefix + "' is declared and cannot also be an object", path);
    }
    start = dot + 1;
  }
  if (by_path_.count(path) > 0 || prefixes_.count(path) > 0) {
    return core::Fail(ErrorCode::kInvalidArgument, "fact '" + path + "' is already declared", path);
  }
  std::string missing;
  if (!ObjectsDeclared(type, *this, missing)) {
    return core::Fail(ErrorCode::kInvalidArgument,
                      "fact '" + path + "' uses undeclared object type '" + missing + "'", path);
  }
  for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
    prefixes_.insert(path.substr(0, dot));
  }
  int slot = static_cast<int>(facts_.size());
  by_path_.emplace(path, slot);
  facts_.push_back(FactDecl{std::move(path), std::move(type), category, std::move(description),
                            std::move(example), slot});
  return core::Status::Ok();
}

core::Status Schema::DeclareObject(ObjectDecl object) {
  using core::ErrorCode;
  if (!IsValidIdentifier(object.name) || FindObject(object.name) != nullptr) {
    return core::Fail(ErrorCode::kInvalidArgument,
                      "object type '" + object.name + "' is invalid or already declared");
  }
  for (size_t i = 0; i < object.fields.size(); ++i) {
    if (!IsValidIdentifier(object.fields[i].name)) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        "object type '" + object.name + "' has an invalid field name '" +
                            object.fields[i].name + "'");
    }
    for (size_t j = 0; j < i; ++j) {
      if (object.fields[i].name == object.fields[j].name) {
        return core::Fail(ErrorCode::kInvalidArgument,
                          "object type '" + object.name + "' declares field '" +
                              object.fields[i].name + "' twice");
      }
    }
  }
  objects_.push_back(std::move(object));
  return core::Status::Ok();
}

const FactDecl* Schema::FindFact(std::string_view path) const {
  auto it = by_path_.find(std::string(path));
  return it == by_path_.end() ? nullptr : &facts_[static_cast<size_t>(it->second)];
}

bool Schema::IsObjectPath(std::string_view path) const {
  return prefixes_.count(std::string(path)) > 0;
}

std::vector<int> Schema::SlotsUnder(std::string_view path) const {
  std::vector<int> slots;
  for (const auto& f : facts_) {
    if (f.path.size() > path.size() && f.path.compare(0, path.size(), path) == 0 &&
        f.path[path.size()] == '.') {
      slots.push_back(f.slot);
    }
  }
  return slots;
}

const ObjectDecl* Schema::FindObject(std::string_view name) const {
  for (const auto& o : objects_) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

}  // namespace guomen::rules
