#include "rules/activation.hpp"

namespace guomen::rules {

namespace {

// Whether `v` conforms to `t`; on failure `why` names the offending part.
bool Conforms(const Value& v, const Type& t, const Schema& schema, const std::string& where,
              std::string& why) {
  auto fail = [&] {
    why = where + " is " + std::string(ValueKindName(v.kind())) + ", want " + t.ToString();
    return false;
  };
  switch (t.kind()) {
    case TypeKind::kDyn: return !v.is_error() || fail();
    case TypeKind::kNull: return v.kind() == ValueKind::kNull || fail();
    case TypeKind::kBool: return v.kind() == ValueKind::kBool || fail();
    case TypeKind::kInt: return v.kind() == ValueKind::kInt || fail();
    case TypeKind::kUint: return v.kind() == ValueKind::kUint || fail();
    case TypeKind::kDouble: return v.kind() == ValueKind::kDouble || fail();
    case TypeKind::kString: return v.kind() == ValueKind::kString || fail();
    case TypeKind::kTimestamp: return v.kind() == ValueKind::kTimestamp || fail();
    case TypeKind::kDuration: return v.kind() == ValueKind::kDuration || fail();
    case TypeKind::kList: {
      if (v.kind() != ValueKind::kList) return fail();
      const auto& items = v.list_items();
      for (size_t i = 0; i < items.size(); ++i) {
        if (!Conforms(items[i], t.element(), schema, where + "[" + std::to_string(i) + "]", why)) {
          return false;
        }
      }
      return true;
    }
    case TypeKind::kMap: {
      if (v.kind() != ValueKind::kMap) return fail();
      for (const auto& [k, val] : v.map_entries()) {
        std::string at = where + "[" + k.DebugString() + "]";
        if (!Conforms(k, t.key(), schema, at + " key", why) ||
            !Conforms(val, t.value(), schema, at, why)) {
          return false;
        }
      }
      return true;
    }
    case TypeKind::kObject: {
      if (v.kind() != ValueKind::kMap) return fail();
      const ObjectDecl* obj = schema.FindObject(t.object_name());
      if (obj == nullptr) return fail();
      for (const auto& [k, val] : v.map_entries()) {
        if (k.kind() != ValueKind::kString) {
          why = where + " has a non-string key " + k.DebugString();
          return false;
        }
        const ObjectFieldDecl* f = obj->FindField(k.string_value());
        if (f == nullptr) {
          why = where + " has field '" + std::string(k.string_value()) + "' that " +
                t.object_name() + " does not declare";
          return false;
        }
        if (!Conforms(val, f->type, schema, where + "." + f->name, why)) return false;
      }
      return true;
    }
  }
  return fail();
}

}  // namespace

Activation::Activation(const Schema& schema)
    : schema_(&schema), values_(schema.facts().size()), present_(schema.facts().size(), 0) {}

core::Status Activation::Set(std::string_view path, Value value) {
  const FactDecl* fact = schema_->FindFact(path);
  if (fact == nullptr || static_cast<size_t>(fact->slot) >= values_.size()) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "'" + std::string(path) + "' is not a fact in the schema", std::string(path));
  }
  std::string why;
  if (!Conforms(value, fact->type, *schema_, fact->path, why)) {
    return core::Fail(core::ErrorCode::kInvalidArgument, why, fact->path);
  }
  SetSlot(fact->slot, std::move(value));
  return core::Status::Ok();
}

void Activation::SetSlot(int slot, Value value) {
  values_[static_cast<size_t>(slot)] = std::move(value);
  present_[static_cast<size_t>(slot)] = 1;
}

void Activation::Unset(std::string_view path) {
  const FactDecl* fact = schema_->FindFact(path);
  if (fact == nullptr || static_cast<size_t>(fact->slot) >= values_.size()) return;
  values_[static_cast<size_t>(fact->slot)] = Value();
  present_[static_cast<size_t>(fact->slot)] = 0;
}

void Activation::Clear() {
  for (auto& v : values_) v = Value();
  for (auto& p : present_) p = 0;
}

}  // namespace guomen::rules
