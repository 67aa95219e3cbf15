#pragma once
// What the risk rules read about screening hits (facts.screening and
// facts.document.reported_lost_stolen), built the same way at the desk and
// for a manifest person. A template on the JSON type: the header includes no
// JSON library (scripts/check_layering.py keeps it to the translation units
// that render the API's JSON), the services that call it do.

#include <algorithm>
#include <string>

namespace guomen::app {

// Adds one open hit on a list of `list_kind`: the best score per list kind
// (`best`, an object), the hit itself (`hits`, an array), and a hit on a
// lost or stolen documents list marks `document` as reported lost or stolen.
template <typename Json>
void AddScreeningFact(const std::string& list_kind, double score, const std::string& action,
                      const std::string& entry_id, Json& best, Json& hits, Json& document) {
  const double prev = best.contains(list_kind) ? best[list_kind].template get<double>() : 0.0;
  best[list_kind] = std::max(prev, score);
  hits.push_back(
      {{"list_kind", list_kind}, {"score", score}, {"action", action}, {"entry_id", entry_id}});
  if (list_kind == "lost_stolen_document") document["reported_lost_stolen"] = true;
}

}  // namespace guomen::app
