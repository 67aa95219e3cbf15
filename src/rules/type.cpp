#include "rules/type.hpp"

namespace guomen::rules {

Type Type::List(Type element) {
  Type t(TypeKind::kList);
  t.params_.push_back(std::move(element));
  return t;
}

Type Type::Map(Type key, Type value) {
  Type t(TypeKind::kMap);
  t.params_.push_back(std::move(key));
  t.params_.push_back(std::move(value));
  return t;
}

Type Type::Object(std::string name) {
  Type t(TypeKind::kObject);
  t.name_ = std::move(name);
  return t;
}

bool Type::operator==(const Type& other) const {
  return kind_ == other.kind_ && params_ == other.params_ && name_ == other.name_;
}

bool Type::IsAssignableFrom(const Type& other) const {
  if (kind_ == TypeKind::kDyn || other.kind_ == TypeKind::kDyn) return true;
  if (other.kind_ == TypeKind::kNull) return kind_ == TypeKind::kNull || kind_ == TypeKind::kObject;
  if (kind_ != other.kind_) return false;
  if (kind_ == TypeKind::kObject) return name_ == other.name_;
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i].IsAssignableFrom(other.params_[i])) return false;
  }
  return true;
}

std::string Type::ToString() const {
  switch (kind_) {
    case TypeKind::kDyn: return "dyn";
    case TypeKind::kNull: return "null_type";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kUint: return "uint";
    case TypeKind::kDouble: return "double";
    case TypeKind::kString: return "string";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kDuration: return "duration";
    case TypeKind::kList: return "list(" + params_[0].ToString() + ")";
    case TypeKind::kMap: return "map(" + params_[0].ToString() + ", " + params_[1].ToString() + ")";
    case TypeKind::kObject: return name_;
  }
  return "?";
}

}  // namespace guomen::rules
