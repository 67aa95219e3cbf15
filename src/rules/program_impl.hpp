// The compiled form a Program shares between its copies. Internal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/ast.hpp"
#include "rules/program.hpp"

namespace guomen::rules {

struct Program::Impl {
  std::string source;
  Ast ast;
  Type result_type;
  int local_count = 0;
  uint64_t schema_id = 0;
  size_t schema_slots = 0;
  std::vector<std::string> fact_paths;      // by slot, for explanations
  std::vector<Value> absent_errors;         // by slot: "fact 'x' is not present"
  std::vector<std::string> referenced_facts;
};

}  // namespace guomen::rules
