// Static types of the rule language, used by the checker and the fact schema.
//
// A Type is a plain value: a kind plus parameters (the element type of a
// list, the key and value types of a map) or the name of a declared object
// type (a record in the fact schema, e.g. "Visit"). kDyn is CEL's dyn: any
// value, checked when the rule runs. Thread-compatible.
#pragma once

#include <string>
#include <vector>

namespace guomen::rules {

enum class TypeKind {
  kDyn,
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kTimestamp,
  kDuration,
  kList,    // params[0] is the element type
  kMap,     // params[0] key, params[1] value
  kObject,  // a record declared in the Schema; name is its type name
};

class Type {
 public:
  Type() = default;

  static Type Dyn() { return Type(TypeKind::kDyn); }
  static Type Null() { return Type(TypeKind::kNull); }
  static Type Bool() { return Type(TypeKind::kBool); }
  static Type Int() { return Type(TypeKind::kInt); }
  static Type Uint() { return Type(TypeKind::kUint); }
  static Type Double() { return Type(TypeKind::kDouble); }
  static Type String() { return Type(TypeKind::kString); }
  static Type Timestamp() { return Type(TypeKind::kTimestamp); }
  static Type Duration() { return Type(TypeKind::kDuration); }
  static Type List(Type element);
  static Type Map(Type key, Type value);
  static Type Object(std::string name);

  TypeKind kind() const { return kind_; }
  bool is_dyn() const { return kind_ == TypeKind::kDyn; }
  // REQUIRES: kind() == kList.
  const Type& element() const { return params_[0]; }
  // REQUIRES: kind() == kMap.
  const Type& key() const { return params_[0]; }
  const Type& value() const { return params_[1]; }
  // REQUIRES: kind() == kObject.
  const std::string& object_name() const { return name_; }

  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }

  // True when a value of `other` may stand where this type is expected:
  // equal types, either side dyn (also inside list and map parameters), or
  // null where an object or dyn is expected.
  bool IsAssignableFrom(const Type& other) const;

  // CEL spelling: "int", "list(string)", "map(string, double)", "Visit", "dyn".
  std::string ToString() const;

 private:
  explicit Type(TypeKind kind) : kind_(kind) {}

  TypeKind kind_ = TypeKind::kDyn;
  std::vector<Type> params_;
  std::string name_;
};

}  // namespace guomen::rules
