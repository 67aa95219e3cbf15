// ICAO Doc 9303 machine readable zone parsing and validation (placeholder;
// the documents issue fills it in).
#pragma once

namespace guomen::documents {}  // namespace guomen::documents
