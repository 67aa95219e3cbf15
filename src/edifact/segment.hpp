// One EDIFACT segment as read from an interchange: its tag, its data elements
// (each a list of components, values already unescaped and in UTF-8) and
// where it was.
//
// Plain value; thread-safe to read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guomen::edifact {

struct Segment {
  std::string tag;
  // elements[0] is data element 1 (the first after the tag); each holds at
  // least one component (possibly empty).
  std::vector<std::vector<std::string>> elements;
  // 1-based position in the interchange (see EdifactIssue::segment).
  int number = 0;
  // Byte offset of the tag in the input, for tools that show the raw text.
  size_t offset = 0;

  // Returns component `component` (1-based) of data element `element`
  // (1-based), or "" when absent.
  std::string_view Value(size_t element, size_t component = 1) const {
    if (element == 0 || component == 0 || element > elements.size()) return {};
    const auto& e = elements[element - 1];
    return component > e.size() ? std::string_view() : std::string_view(e[component - 1]);
  }
  // Number of components present in data element `element` (0 if absent).
  size_t ComponentCount(size_t element) const {
    return element == 0 || element > elements.size() ? 0 : elements[element - 1].size();
  }
};

}  // namespace guomen::edifact
