// A small XML reader for list files (the UN consolidated list).
//
// Parses a whole document into a tree of elements with attributes and text.
// Supports what list publishers use: the XML declaration, comments, CDATA,
// processing instructions and DOCTYPE (skipped), the five predefined entities
// and numeric character references. No namespaces processing (prefixes stay
// in names), no external entities (never fetched: safe on untrusted input).
// Errors name the line: a mismatched or unclosed tag, a bad entity, nesting
// deeper than 256. Pure; the tree owns copies of the text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace guomen::screening {

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;  // character data directly inside this element, concatenated
  std::vector<std::unique_ptr<XmlElement>> children;
  int line = 0;  // where the start tag is

  // The first child named `child_name`, or nullptr.
  const XmlElement* Child(std::string_view child_name) const;
  // Text of the first child named `child_name`, trimmed; "" if none.
  std::string ChildText(std::string_view child_name) const;
  // The attribute's value, or "".
  std::string Attribute(std::string_view attribute) const;
};

// Errors: kInvalidArgument "line N: ...".
core::Result<std::unique_ptr<XmlElement>> ParseXml(std::string_view text);

}  // namespace guomen::screening
