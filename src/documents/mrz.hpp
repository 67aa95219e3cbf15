// ICAO Doc 9303 machine readable zone parsing and validation: the public
// surface of the documents engine, for callers that want all of it.
#pragma once

#include "documents/check_digit.hpp"    // IWYU pragma: export
#include "documents/icao_codes.hpp"     // IWYU pragma: export
#include "documents/mrz_date.hpp"       // IWYU pragma: export
#include "documents/mrz_document.hpp"   // IWYU pragma: export
#include "documents/mrz_field.hpp"      // IWYU pragma: export
#include "documents/mrz_format.hpp"     // IWYU pragma: export
#include "documents/mrz_issue.hpp"      // IWYU pragma: export
#include "documents/mrz_normalizer.hpp" // IWYU pragma: export
#include "documents/mrz_parser.hpp"     // IWYU pragma: export
