#include "app/document_service.hpp"

namespace guomen::app {

core::Result<documents::MrzDocument> DocumentService::ReadMrz(const Principal& who,
                                                              const RequestMeta& meta,
                                                              const std::string& text,
                                                              int expiring_within_days) {
  documents::MrzOptions options;
  options.today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock_.Now())};
  options.expiring_within_days = expiring_within_days;
  auto doc = documents::ParseMrz(text, options);
  std::string result = doc ? (doc->valid ? "ok" : "invalid") : "unreadable";
  std::string object_id = doc ? doc->issuing_state + ":" + doc->document_number : "";
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) {
    return audit_.Append(tx, &who, meta, {"document.read", "document", object_id, result});
  }));
  return doc;
}

}  // namespace guomen::app
