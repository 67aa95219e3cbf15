// The fact schema: every fact a risk rule may read, declared in code.
//
// A fact is a dotted path ("document.expiry", "journey.visits") with a Type,
// a category and a description. Each fact gets a slot number in declaration
// order; a compiled Program reads facts by slot, and an Activation built from
// the same Schema (or a copy of it, or one with more facts declared later)
// holds the values by slot. Records inside lists ("Visit" in journey.visits)
// are declared as object types whose fields the checker knows; at run time
// they are maps with string keys.
//
// The categories drive the rights guard (rights_guard.hpp): a rule must read
// at least one behavioural fact (document, travel, declaration, screening,
// history, manifest) in a way that decides the outcome; demographic facts
// alone never suffice.
//
// Declarations are not thread-safe; a Schema that is no longer modified may be
// read from any number of threads. BorderFactSchema() builds guomen's schema.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "rules/type.hpp"

namespace guomen::rules {

enum class FactCategory {
  kContext,      // the evaluation itself: `now`
  kDemographic,  // who the traveller is: age, nationality, residence, issuing state
  kDocument,     // the travel document: type, expiry, MRZ validity
  kTravel,       // the journey: direction, port, conveyance, route, visits
  kDeclaration,  // what the traveller declared: the health declaration
  kScreening,    // watchlist screening results
  kHistory,      // previous crossings: refusals, overstays, referrals
  kManifest,     // advance passenger information: presence, role, booking
  kReference,    // analysts' reference sets (alert countries, ports)
};

// "demographic", "document", ...
std::string_view FactCategoryName(FactCategory category);
// Whether facts of the category describe behaviour, travel, the document or a
// declaration (what the rights guard requires a rule to depend on).
bool IsBehavioural(FactCategory category);

struct FactDecl {
  std::string path;
  Type type;
  FactCategory category = FactCategory::kContext;
  std::string description;
  std::string example;  // a CEL expression using the fact, for the docs
  int slot = 0;
};

struct ObjectFieldDecl {
  std::string name;
  Type type;
  std::string description;
};

struct ObjectDecl {
  std::string name;
  std::string description;
  std::vector<ObjectFieldDecl> fields;

  // nullptr when the object has no such field.
  const ObjectFieldDecl* FindField(std::string_view field) const;
};

class Schema {
 public:
  // An empty schema with a fresh identity.
  Schema();

  // Declares a fact. Fails with kInvalidArgument when a path segment is not an
  // identifier or is a CEL reserved word, the path is already declared, is a
  // prefix of a declared path or has one as its prefix, or names an object
  // type not declared yet.
  core::Status DeclareFact(std::string path, Type type, FactCategory category,
                           std::string description, std::string example = {});
  // Declares a record type for list elements and map values. Fails with
  // kInvalidArgument on a duplicate name or field.
  core::Status DeclareObject(ObjectDecl object);

  // nullptr when `path` is not a declared fact.
  const FactDecl* FindFact(std::string_view path) const;
  // True when `path` is a proper prefix of declared facts ("journey").
  bool IsObjectPath(std::string_view path) const;
  // The slots of facts under the prefix `path` + ".".
  std::vector<int> SlotsUnder(std::string_view path) const;
  // nullptr when no such object type.
  const ObjectDecl* FindObject(std::string_view name) const;

  // All facts, indexed by slot.
  const std::vector<FactDecl>& facts() const { return facts_; }
  const std::vector<ObjectDecl>& objects() const { return objects_; }
  // Schemas copied from one another share the id; facts are only ever
  // appended, so a Program compiled against one works with an Activation of
  // any copy that has at least as many facts.
  uint64_t id() const { return id_; }

 private:
  uint64_t id_;
  std::vector<FactDecl> facts_;
  std::unordered_map<std::string, int> by_path_;
  std::unordered_set<std::string> prefixes_;
  std::vector<ObjectDecl> objects_;
};

// True when `s` is a CEL identifier ([_a-zA-Z][_a-zA-Z0-9]*) and not reserved.
bool IsValidIdentifier(std::string_view s);

}  // namespace guomen::rules
