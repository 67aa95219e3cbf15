// The partner-agency outbox end to end (issue 7, "A webhook test with a local
// receiver that fails, recovers and checks that every notification arrives
// exactly once by idempotency key"): a real HTTP receiver on 127.0.0.1 that
// fails, goes away for an hour of (fake) clock time and comes back, the real
// delivery code over real sockets, and the store on the test backend.
#include <gtest/gtest.h>
#include <httplib.h>

#include <iostream>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "app/crypto.hpp"
#include "app/partner_service.hpp"
#include "core/strings.hpp"
#include "test_env.hpp"

namespace guomen::app {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "receiver-shared-secret-0123456789";

// What an agency's receiver does: verifies the signature, processes each
// idempotency key once and counts everything it saw.
class Receiver {
 public:
  enum class Mode { kFail500, kOk, kOkButLoseAck };

  Receiver() { Start(0); }
  ~Receiver() { Stop(); }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  void set_mode(Mode m, int lose_acks = 0) {
    std::lock_guard lock(mu_);
    mode_ = m;
    lose_acks_ = lose_acks;
  }

  // The receiver process goes away (connections are refused) ...
  void Stop() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }
  // ... and comes back on the same port.
  void Restart() { Start(port_); }

  std::mutex mu_;
  std::map<std::string, int> processed;  // idempotency key -> times processed (1 by dedup)
  std::map<std::string, int> acked;      // idempotency key -> 2xx answers sent (the sender must stop at 1)
  int requests = 0;
  int bad_signatures = 0;
  int duplicates = 0;
  int max_attempt_header = 0;
  std::set<std::string> kinds;

 private:
  void Start(int port) {
    server_ = std::make_unique<httplib::Server>();
    server_->Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      ++requests;
      std::string sig = req.get_header_value("X-Guomen-Signature");
      if (sig != "sha256=" + HmacSha256Hex(kSecret, req.body)) {
        ++bad_signatures;
        res.status = 401;
        return;
      }
      max_attempt_header =
          std::max(max_attempt_header, std::atoi(req.get_header_value("X-Guomen-Delivery-Attempt").c_str()));
      kinds.insert(req.get_header_value("X-Guomen-Notification-Kind"));
      if (mode_ == Mode::kFail500) {
        res.status = 500;
        return;
      }
      std::string key = req.get_header_value("Idempotency-Key");
      if (processed.count(key)) {
        ++duplicates;  // seen before: acknowledge without processing again
      } else {
        processed[key] = 1;
      }
      if (mode_ == Mode::kOkButLoseAck && lose_acks_ > 0) {
        --lose_acks_;
        res.status = 502;  // processed, but the sender never learns it
        return;
      }
      ++acked[key];
      res.status = 204;
    });
    if (port == 0) {
      port_ = server_->bind_to_any_port("127.0.0.1");
    } else {
      ASSERT_TRUE(server_->bind_to_port("127.0.0.1", port)) << "cannot bind the port again";
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(1ms);
  }

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  Mode mode_ = Mode::kOk;
  int lose_acks_ = 0;
};

class PartnerDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    admin_ = testing::LoginAs(app(), "admin");
    port_ = (*app().admin().FindUnitByCodeAsSystem("YN-DH-RL-PORT"))->id;
    other_port_ = (*app().admin().FindUnitByCodeAsSystem("YN-XSBN-MH-PORT"))->id;
  }
  App& app() { return *env_->app; }
  core::ManualClock& clock() { return env_->clock; }
  int64_t now() { return core::ToMicros(clock().Now()); }

  AgencyView MakeAgency(const std::string& code, const std::string& kind) {
    auto a = app().partners().CreateAgency(admin_, {"t", ""},
                                           {code, "测试机构", "Test agency", kind, {}, true});
    EXPECT_TRUE(a.ok()) << a.error().message;
    return *a;
  }

  core::Status EnqueueMany(const std::string& kind, int64_t port, int count,
                           const std::string& prefix) {
    return app().store().Transact([&](store::Tx& tx) -> core::Status {
      for (int i = 0; i < count; ++i) {
        PartnerNotice n;
        n.kind = kind;
        n.port_unit_id = port;
        n.subject_ref = "manifest/CZ3041/person/" + std::to_string(i);
        n.payload_json = R"({"flight":"CZ3041","seq":)" + std::to_string(i) + "}";
        n.idempotency_key = prefix + std::to_string(i);
        GUOMEN_RETURN_IF_ERROR(PartnerService::Enqueue(tx, n, now()));
      }
      return core::Status::Ok();
    });
  }

  std::vector<store::PartnerNotification> Notifications(std::optional<std::string> state = {}) {
    store::PartnerNotificationFilter f;
    f.state = std::move(state);
    f.limit = 500;
    auto r = app().partners().ListNotifications(admin_, f);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::vector<store::PartnerNotification>{};
  }

  std::vector<store::PartnerDelivery> Deliveries(std::optional<int64_t> notification = {}) {
    std::vector<store::PartnerDelivery> all;
    store::PartnerDeliveryFilter f;
    f.notification_id = notification;
    f.limit = 500;
    for (;;) {
      auto page = app().partners().ListDeliveries(admin_, f);
      EXPECT_TRUE(page.ok()) << page.error().message;
      if (!page.ok() || page->empty()) break;
      all.insert(all.end(), page->begin(), page->end());
      f.before_id = page->back().id;
    }
    return all;
  }

  std::unique_ptr<testing::TestApp> env_;
  Principal admin_;
  int64_t port_ = 0, other_port_ = 0;
};

TEST(PartnerSignatureTest, HmacSha256MatchesRfc4231) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(PartnerService::Signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(PartnerDeliveryTest, EveryNotificationArrivesExactlyOnceThroughFailuresAndAnHourDown) {
  Receiver rx;
  auto customs = MakeAgency("customs-dh", "customs");
  auto ep = app().partners().AddEndpoint(admin_, {"t", ""}, customs.agency.id, {rx.url(), kSecret, true});
  ASSERT_TRUE(ep.ok()) << ep.error().message;
  ASSERT_TRUE(app().partners().Subscribe(admin_, {"t", ""}, customs.agency.id, "customs", std::nullopt).ok());
  // Another agency subscribed to health at another port gets none of these.
  auto health = MakeAgency("health-mh", "health");
  ASSERT_TRUE(app().partners().Subscribe(admin_, {"t", ""}, health.agency.id, "health", other_port_).ok());

  constexpr int kCount = 60;
  ASSERT_TRUE(EnqueueMany("customs", port_, kCount, "CZ3041-20261123/").ok());
  ASSERT_EQ(Notifications().size(), static_cast<size_t>(kCount));

  const auto t0 = clock().Now();
  // 0-5 min: the receiver answers 500; 5-65 min: it is down (connections
  // refused); then it is back, and its first 5 acknowledgements get lost.
  rx.set_mode(Receiver::Mode::kFail500);
  bool down = false, back = false;
  int runs = 0;
  while (clock().Now() - t0 < 6h) {
    auto since = clock().Now() - t0;
    if (!down && since >= 5min) {
      rx.Stop();
      down = true;
    }
    if (!back && since >= 65min) {
      rx.Restart();
      rx.set_mode(Receiver::Mode::kOkButLoseAck, 5);
      back = true;
    }
    auto r = app().partners().DeliverDue(clock().Now());
    ASSERT_TRUE(r.ok()) << r.error().message;
    ++runs;
    if (back && Notifications("pending").empty()) break;
    clock().Advance(20s);
  }
  ASSERT_TRUE(back);

  // Nothing lost, nothing dead, each key processed once.
  EXPECT_TRUE(Notifications("pending").empty());
  EXPECT_TRUE(Notifications("dead").empty());
  EXPECT_EQ(Notifications("delivered").size(), static_cast<size_t>(kCount));
  std::lock_guard lock(rx.mu_);
  EXPECT_EQ(rx.bad_signatures, 0);
  ASSERT_EQ(rx.processed.size(), static_cast<size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    std::string key = "CZ3041-20261123/" + std::to_string(i);
    ASSERT_TRUE(rx.processed.count(key)) << key;
    ASSERT_TRUE(rx.acked.count(key)) << key;
    EXPECT_EQ(rx.acked.at(key), 1) << key << ": sent again after a 2xx";
  }
  EXPECT_EQ(rx.duplicates, 5) << "the 5 lost acknowledgements were resent and recognised";
  EXPECT_GT(rx.max_attempt_header, 2);
  EXPECT_EQ(rx.kinds, std::set<std::string>{"customs"});

  // The log shows the failed attempts: 500s while failing, no response while down.
  auto log = Deliveries();
  int http500 = 0, refused = 0, delivered = 0;
  for (const auto& d : log) {
    if (d.status_code == 500) ++http500;
    if (d.status_code == 0) ++refused;
    if (d.outcome == "delivered") ++delivered;
    if (d.outcome == "retry") {
      EXPECT_FALSE(d.error.empty());
    }
  }
  EXPECT_GE(http500, kCount);
  EXPECT_GE(refused, kCount);
  EXPECT_EQ(delivered, kCount);

  // Back-off, not hammering: one notification's attempts over the outage
  // are few, numbered 1..n, and their gaps grow up to the 10-minute cap.
  auto first = Notifications("delivered").back();  // the oldest
  auto attempts = Deliveries(first.id);
  std::sort(attempts.begin(), attempts.end(),
            [](const auto& a, const auto& b) { return a.attempt < b.attempt; });
  ASSERT_GE(attempts.size(), 5u);
  EXPECT_LT(attempts.size(), 25u) << "about 65 minutes of failures at 1, 2, 4 ... 600 s";
  for (size_t i = 0; i < attempts.size(); ++i) {
    EXPECT_EQ(attempts[i].attempt, static_cast<int64_t>(i + 1));
  }
  int64_t longest_gap = 0;
  for (size_t i = 1; i < attempts.size(); ++i) {
    int64_t gap = attempts[i].at_us - attempts[i - 1].at_us;
    // 10 minutes, a quarter more of jitter, and the 20 s step of the test's clock.
    EXPECT_LE(gap, std::chrono::microseconds(12min + 50s).count())
        << "the back-off is capped at 10 minutes plus jitter";
    longest_gap = std::max(longest_gap, gap);
  }
  EXPECT_GE(longest_gap, std::chrono::microseconds(8min).count());
  std::cout << "[figures] " << kCount << " notifications, " << runs << " delivery runs, "
            << log.size() << " attempts logged (" << http500 << " HTTP 500, " << refused
            << " refused), " << rx.requests << " requests at the receiver, " << attempts.size()
            << " attempts for the oldest notification, longest gap "
            << longest_gap / 1000000 << " s\n";
}

TEST_F(PartnerDeliveryTest, DeadLettersAfterMaxAttemptsAndAnAdminRequeues) {
  Receiver rx;
  rx.set_mode(Receiver::Mode::kFail500);
  auto agency = MakeAgency("customs-dead", "customs");
  ASSERT_TRUE(app().partners().AddEndpoint(admin_, {"t", ""}, agency.agency.id, {rx.url(), kSecret, true}).ok());
  ASSERT_TRUE(app().partners().Subscribe(admin_, {"t", ""}, agency.agency.id, "alert", port_).ok());
  DeliveryPolicy p;
  p.max_attempts = 3;
  app().partners().SetPolicy(p);
  ASSERT_TRUE(EnqueueMany("alert", port_, 2, "alert-").ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(app().partners().DeliverDue(clock().Now()).ok());
    clock().Advance(10s);
  }
  auto dead = Notifications("dead");
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_EQ(dead[0].attempts, 3);
  EXPECT_EQ(dead[0].last_error, "HTTP 500");

  // Requeue one: pending again, due now, delivered once the receiver is well.
  auto officer = testing::LoginAs(app(), "officer");
  EXPECT_EQ(app().partners().Requeue(officer, {"t", ""}, dead[0].id).error().code,
            core::ErrorCode::kPermissionDenied);
  auto re = app().partners().Requeue(admin_, {"t", ""}, dead[0].id);
  ASSERT_TRUE(re.ok()) << re.error().message;
  EXPECT_EQ(re->state, "pending");
  EXPECT_EQ(re->attempts, 0);
  EXPECT_EQ(app().partners().Requeue(admin_, {"t", ""}, dead[0].id).error().code,
            core::ErrorCode::kFailedPrecondition);
  rx.set_mode(Receiver::Mode::kOk);
  auto run = app().partners().DeliverDue(clock().Now());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->delivered, 1);
  EXPECT_EQ(Notifications("dead").size(), 1u);
  std::vector<store::AuditEvent> events;
  ASSERT_TRUE(app().store().Transact([&](store::Tx& tx) -> core::Status {
    store::AuditFilter f;
    f.action = "partner.notification.requeue";
    GUOMEN_ASSIGN_OR_RETURN(events, tx.ListAuditEvents(f));
    return core::Status::Ok();
  }).ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].object_id, std::to_string(dead[0].id));
}

TEST_F(PartnerDeliveryTest, TheOutboxIsWrittenInTheCallersTransactionOrNotAtAll) {
  auto agency = MakeAgency("customs-tx", "customs");
  ASSERT_TRUE(app().partners().Subscribe(admin_, {"t", ""}, agency.agency.id, "customs", port_).ok());
  auto st = app().store().Transact([&](store::Tx& tx) -> core::Status {
    PartnerNotice n{"customs", port_, "m/1", R"({"a":1})", "rolled-back-1"};
    GUOMEN_RETURN_IF_ERROR(PartnerService::Enqueue(tx, n, now()));
    return core::Fail(core::ErrorCode::kValidation, "the decision failed after the enqueue");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Notifications().empty());
  // The same key twice, and a notice for a port the agency did not subscribe to.
  ASSERT_TRUE(EnqueueMany("customs", port_, 1, "same-").ok());
  ASSERT_TRUE(EnqueueMany("customs", port_, 1, "same-").ok());
  ASSERT_TRUE(EnqueueMany("customs", other_port_, 1, "elsewhere-").ok());
  auto all = Notifications();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].idempotency_key, "same-0");
  EXPECT_FALSE(all[0].endpoint_id.has_value()) << "no endpoint: a pull-only row";
  // Bad notices are refused.
  auto bad = app().store().Transact([&](store::Tx& tx) -> core::Status {
    return PartnerService::Enqueue(tx, {"customs", port_, "m/1", "[1,2]", "k"}, now());
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "payload_json");
}

TEST_F(PartnerDeliveryTest, AnAgencyPullsItsOwnNotificationsAndAcknowledgesThem) {
  NewUserRequest req{"customs-system", "Customs system", "pull-account-password-2026", port_, {"partner"}};
  auto user = app().admin().CreateUserAsSystem(req);
  ASSERT_TRUE(user.ok()) << user.error().message;
  auto agency = app().partners().CreateAgency(
      admin_, {"t", ""}, {"customs-pull", "海关", "Customs", "customs", user->user.id, true});
  ASSERT_TRUE(agency.ok()) << agency.error().message;
  auto other = MakeAgency("health-pull", "health");
  ASSERT_TRUE(app().partners().Subscribe(admin_, {"t", ""}, agency->agency.id, "customs", std::nullopt).ok());
  ASSERT_TRUE(app().partners().Subscribe(admin_, {"t", ""}, other.agency.id, "health", std::nullopt).ok());
  ASSERT_TRUE(EnqueueMany("customs", port_, 3, "pull-").ok());
  ASSERT_TRUE(EnqueueMany("health", port_, 2, "health-").ok());

  auto partner = testing::LoginAs(app(), "customs-system", "pull-account-password-2026");
  auto page = app().partners().Pull(partner, {"t", ""}, 0, 2);
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].idempotency_key, "pull-0");
  auto rest = app().partners().Pull(partner, {"t", ""}, (*page)[1].id, 100);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u) << "only the agency's own notifications";
  EXPECT_EQ((*rest)[0].idempotency_key, "pull-2");

  auto acked = app().partners().Ack(partner, {"t", ""}, {(*page)[0].id, (*page)[1].id, 999999});
  ASSERT_TRUE(acked.ok());
  EXPECT_EQ(*acked, 2);
  auto after = app().partners().Pull(partner, {"t", ""}, 0, 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].idempotency_key, "pull-2");
  EXPECT_EQ(Notifications("delivered").size(), 2u) << "a pull-only row is delivered when acked";

  // An admin is no agency's system account.
  auto admin_pull = app().partners().Pull(admin_, {"t", ""}, 0, 10);
  EXPECT_EQ(admin_pull.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_F(PartnerDeliveryTest, AnEndpointSecretIsReturnedOnceAndStoredSealed) {
  auto agency = MakeAgency("customs-secret", "customs");
  auto ep = app().partners().AddEndpoint(admin_, {"t", ""}, agency.agency.id,
                                         {"https://customs.example/hook", "", true});
  ASSERT_TRUE(ep.ok()) << ep.error().message;
  EXPECT_EQ(ep->secret.size(), 64u);
  auto view = app().partners().GetAgency(admin_, agency.agency.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->endpoints.size(), 1u);
  EXPECT_TRUE(view->endpoints[0].secret.empty());
  EXPECT_TRUE(view->endpoints[0].endpoint.secret_box.empty());
  EXPECT_EQ(view->endpoints[0].endpoint.secret_hint, ep->secret.substr(60));
  std::optional<store::PartnerEndpoint> stored;
  ASSERT_TRUE(app().store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(stored, tx.GetPartnerEndpoint(ep->endpoint.id));
    return core::Status::Ok();
  }).ok());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->secret_box.find(ep->secret), std::string::npos);
  EXPECT_EQ(stored->secret_box.find(core::HexEncode(ep->secret)), std::string::npos);
  auto bad = app().partners().AddEndpoint(admin_, {"t", ""}, agency.agency.id,
                                          {"ftp://customs.example/", "", true});
  EXPECT_EQ(bad.error().field, "url");
}

}  // namespace
}  // namespace guomen::app
