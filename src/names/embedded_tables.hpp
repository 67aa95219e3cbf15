// The data tables of src/names/data/, compiled into the library.
//
// EmbeddedTable("chinese_romanization") returns that file's lines in order
// (comments and blank lines included; callers skip them). Unknown names give
// an empty span. The arrays are static: the span is valid for the program's life.
#pragma once

#include <span>
#include <string_view>

namespace guomen::names {

std::span<const char* const> EmbeddedTable(std::string_view name);

}  // namespace guomen::names
