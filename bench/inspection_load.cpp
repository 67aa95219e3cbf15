// An open-loop load generator for the inspection desk API (make bench-inspection).
//
// Every client is one officer at one desk: it opens a desk session with its own
// API token, then sends full inspections (POST /api/v1/inspections with a TD3
// MRZ: read + screen + rules + audited write) on a fixed schedule. The
// schedule is open-loop: request j of the whole run is due at start + j/rate,
// spread round-robin over the clients, and its latency is measured from when
// it was due, not from when a busy client got round to sending it, so a
// server that falls behind shows it in the latency (no coordinated omission).
//
//   inspection_load --url http://127.0.0.1:PORT --data FILE [--clients 16]
//                   [--rate 500] [--seconds 30] [--warmup 5] [--trace FILE]
//
// It says how the requests over 20 ms (the goal's p99) are spread in time:
// requests due close together that are all late point at a stall of the
// whole machine or server (a checkpoint, the kernel), scattered ones at
// queueing. --trace writes one line per measured request: the time it was
// due (ms after the warm-up), its latency (ms) and its client.
//
// Ends with: "inspection load: N/s, p99 X ms at C clients".
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Data {
  long port = 0;
  std::vector<std::string> tokens, mrzs;
};

bool Load(const std::string& path, Data& d) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("port ", 0) == 0)
      d.port = std::atol(line.c_str() + 5);
    else if (line.rfind("token ", 0) == 0)
      d.tokens.push_back(line.substr(6));
    else if (line.rfind("mrz ", 0) == 0) {
      std::string m = line.substr(4);
      std::replace(m.begin(), m.end(), '|', '\n');
      d.mrzs.push_back(m);
    }
  }
  return d.port > 0 && !d.tokens.empty() && !d.mrzs.empty();
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out + "\"";
}

// The session id from {"session":{"id":N,...}}.
long SessionId(const std::string& body) {
  auto p = body.find("\"id\":");
  return p == std::string::npos ? 0 : std::atol(body.c_str() + p + 5);
}

// One measured request: when it was due (ms after the warm-up) and its latency.
struct Sample {
  double due_ms;
  double latency_ms;
  int client;
};

// The requests over `slow_ms`, grouped into bursts: a slow request due within
// `gap_ms` of the previous slow one is in its burst.
void PrintSlowBursts(std::vector<Sample> samples, double slow_ms, double gap_ms) {
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.due_ms < b.due_ms; });
  size_t slow = 0;
  std::vector<double> starts;  // of each burst
  double last = -1e18;
  for (const Sample& s : samples) {
    if (s.latency_ms <= slow_ms) continue;
    ++slow;
    if (s.due_ms - last > gap_ms) starts.push_back(s.due_ms);
    last = s.due_ms;
  }
  std::printf("over %.0f ms: %zu requests (%.2f %%)", slow_ms, slow,
              100.0 * static_cast<double>(slow) / static_cast<double>(samples.size()));
  if (starts.size() >= 2) {
    std::vector<double> gaps;
    for (size_t i = 1; i < starts.size(); ++i) gaps.push_back(starts[i] - starts[i - 1]);
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
    std::printf(
        ", in %zu bursts of requests due within %.0f ms of each other, %.0f ms apart (median)",
        starts.size(), gap_ms, gaps[gaps.size() / 2]);
  }
  std::printf("\n");
}

double Percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  size_t i = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<long>(i), v.end());
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, data_path, trace_path;
  int clients = 16, seconds = 30, warmup = 5;
  double rate = 500;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--url")
      url = v;
    else if (k == "--data")
      data_path = v;
    else if (k == "--clients")
      clients = std::atoi(v.c_str());
    else if (k == "--rate")
      rate = std::atof(v.c_str());
    else if (k == "--seconds")
      seconds = std::atoi(v.c_str());
    else if (k == "--warmup")
      warmup = std::atoi(v.c_str());
    else if (k == "--trace")
      trace_path = v;
    else {
      std::cerr << "inspection_load: unknown option " << k << "\n";
      return 2;
    }
  }
  Data data;
  if (url.empty() || !Load(data_path, data) || clients <= 0 || rate <= 0 || seconds <= 0) {
    std::cerr << "usage: inspection_load --url http://HOST:PORT --data FILE [--clients N] "
                 "[--rate R] [--seconds S] [--warmup W] [--trace FILE]\n";
    return 2;
  }
  if (static_cast<int>(data.tokens.size()) < clients) {
    std::cerr << "inspection_load: " << data.tokens.size() << " tokens for " << clients
              << " clients\n";
    return 2;
  }

  const long total = static_cast<long>(rate * (warmup + seconds));
  const auto start = Clock::now() + std::chrono::milliseconds(500);
  const auto measure_from = start + std::chrono::seconds(warmup);
  std::mutex mu;
  std::vector<Sample> samples;  // of requests due after the warm-up
  std::atomic<long> errors{0}, done_measured{0};
  std::atomic<int64_t> last_done_ns{0};
  std::string first_error;

  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client cli(url);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);  // as browsers do
      cli.set_read_timeout(30, 0);
      httplib::Headers headers = {
          {"Authorization", "Bearer " + data.tokens[static_cast<size_t>(c)]}};
      std::string open = "{\"port_unit_id\":" + std::to_string(data.port) + ",\"desk\":\"LOAD-" +
                         std::to_string(c + 1) +
                         "\",\"direction\":\"entry\",\"conveyance\":\"land\"}";
      auto r = cli.Post("/api/v1/desk/sessions", headers, open, "application/json");
      if (!r || r->status != 201) {
        std::lock_guard<std::mutex> lock(mu);
        first_error =
            "opening a desk session failed: " +
            (r ? std::to_string(r->status) + " " + r->body : httplib::to_string(r.error()));
        errors += total;
        return;
      }
      const long session = SessionId(r->body);
      std::vector<Sample> mine;
      for (long j = c; j < total; j += clients) {
        const auto due = start + std::chrono::nanoseconds(
                                     static_cast<int64_t>(static_cast<double>(j) * 1e9 / rate));
        std::this_thread::sleep_until(due);
        const auto& mrz = data.mrzs[static_cast<size_t>(j) % data.mrzs.size()];
        std::string body = "{\"session_id\":" + std::to_string(session) +
                           ",\"mrz\":" + JsonString(mrz) + ",\"carrier\":\"BUS-" +
                           std::to_string(j % 40) + "\"}";
        auto res = cli.Post("/api/v1/inspections", headers, body, "application/json");
        const auto end = Clock::now();
        if (!res || res->status != 201) {
          if (errors++ == 0) {
            std::lock_guard<std::mutex> lock(mu);
            first_error = res ? std::to_string(res->status) + " " + res->body.substr(0, 300)
                              : httplib::to_string(res.error());
          }
          continue;
        }
        if (due >= measure_from) {
          mine.push_back({std::chrono::duration<double, std::milli>(due - measure_from).count(),
                          std::chrono::duration<double, std::milli>(end - due).count(), c});
          ++done_measured;
          int64_t ns =
              std::chrono::duration_cast<std::chrono::nanoseconds>(end - measure_from).count();
          int64_t prev = last_done_ns.load();
          while (ns > prev && !last_done_ns.compare_exchange_weak(prev, ns)) {
          }
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      samples.insert(samples.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();

  if (!first_error.empty()) std::cerr << "inspection_load: first error: " << first_error << "\n";
  if (samples.empty()) {
    std::cerr << "inspection_load: no inspection completed\n";
    return 1;
  }
  // Throughput: inspections completed over the measured window, which ends
  // when the last one due in it completed (a server that falls behind
  // stretches the window and lowers the figure).
  const double window_s = std::max(static_cast<double>(seconds), last_done_ns.load() / 1e9);
  const double throughput = static_cast<double>(done_measured.load()) / window_s;
  std::vector<double> v;
  v.reserve(samples.size());
  for (const Sample& s : samples) v.push_back(s.latency_ms);
  const double p50 = Percentile(v, 0.50), p90 = Percentile(v, 0.90), p99 = Percentile(v, 0.99),
               p999 = Percentile(v, 0.999);
  const double max = *std::max_element(v.begin(), v.end());
  std::printf("offered %.0f/s for %d s (after %d s warm-up), %ld completed, %ld errors\n", rate,
              seconds, warmup, done_measured.load(), errors.load());
  std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n", p50, p90, p99,
              p999, max);
  PrintSlowBursts(samples, 20, 50);
  if (!trace_path.empty()) {
    std::ofstream trace(trace_path);
    for (const Sample& s : samples)
      trace << s.due_ms << " " << s.latency_ms << " " << s.client << "\n";
  }
  std::printf("inspection load: %.0f/s, p99 %.1f ms at %d clients\n", throughput, p99, clients);
  return errors.load() == 0 ? 0 : 1;
}
