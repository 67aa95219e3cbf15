// Test helpers: the sample lists of tests/data/screening/ (see NOTICE.md).
#pragma once

#include <string>
#include <vector>

#include "screening/screening_index.hpp"

namespace guomen::screening::testing {

std::string DataPath(const std::string& file);
std::string ReadData(const std::string& file);

// An index with the four sample lists loaded: "ofac", "un", "ftm", "national".
const ScreeningIndex& SampleIndex();

}  // namespace guomen::screening::testing
