#include "app/traveller_service.hpp"

#include "core/strings.hpp"

namespace guomen::app {

using core::ErrorCode;
using core::Status;

core::Result<std::vector<store::Traveller>> TravellerService::Search(const Principal& who,
                                                                     const RequestMeta& meta,
                                                                     const std::string& query) {
  GUOMEN_RETURN_IF_ERROR(RequirePurpose(meta, "lookup"));
  std::string q(core::Trim(query));
  if (q.size() < 2 || q.size() > 100) {
    return core::Fail(ErrorCode::kValidation,
                      "search for a name or document number of 2 to 100 characters", "q");
  }
  std::vector<store::Traveller> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.SearchTravellers(q, who.scope, kMaxResults));
    std::string ids;
    for (const auto& t : out) {
      if (!ids.empty()) ids += ",";
      ids += std::to_string(t.id);
    }
    // The search and every record it returned are in the trail.
    return audit_.Append(tx, &who, meta, {"traveller.search", "traveller", ids, "ok"});
  }));
  return out;
}

core::Result<store::Traveller> TravellerService::Get(const Principal& who, const RequestMeta& meta,
                                                     int64_t id) {
  GUOMEN_RETURN_IF_ERROR(RequirePurpose(meta, "lookup"));
  store::Traveller out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(id));
    if (!t || !who.CanSeeUnit(t->unit_id)) {
      return core::Fail(ErrorCode::kNotFound, "no traveller " + std::to_string(id));
    }
    out = *t;
    return audit_.Append(tx, &who, meta, {"traveller.read", "traveller", std::to_string(id), "ok"});
  }));
  return out;
}

core::Result<int64_t> TravellerService::Record(store::Tx& tx, store::Traveller traveller) {
  traveller.created_at_us = core::ToMicros(clock_.Now());
  return tx.InsertTraveller(traveller);
}

}  // namespace guomen::app
