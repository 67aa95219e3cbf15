// Creates the database of the inspection load benchmark (bench/inspection_load.sh):
// the demo data, a synthetic watchlist of --names names, --rules active rules,
// one API token per client, and --travellers MRZs. Writes what the load
// generator needs to --out: "port ID", "token T" and "mrz LINE1|LINE2" lines.
//
//   inspection_setup (--db PATH | --pg URL) [--names N] [--rules R] [--clients C] --out FILE
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "app/app.hpp"
#include "datagen/load_data.hpp"

int main(int argc, char** argv) {
  using namespace guomen;
  std::string db, pg, out_path;
  datagen::LoadDataOptions o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") db = v;
    else if (k == "--pg") pg = v;
    else if (k == "--out") out_path = v;
    else if (k == "--names") o.list_names = std::atoi(v.c_str());
    else if (k == "--rules") o.active_rules = std::atoi(v.c_str());
    else if (k == "--clients") o.tokens = std::atoi(v.c_str());
    else if (k == "--travellers") o.travellers = std::atoi(v.c_str());
    else {
      std::cerr << "inspection_setup: unknown option " << k << "\n";
      return 2;
    }
  }
  if ((db.empty() == pg.empty()) || out_path.empty()) {
    std::cerr << "usage: inspection_setup (--db PATH | --pg URL) [--names N] [--rules R] "
                 "[--clients C] [--travellers T] --out FILE\n";
    return 2;
  }
  app::AppConfig cfg;
  cfg.store_location = pg.empty() ? db : pg;
  cfg.create_audit_key = true;
  if (!pg.empty()) cfg.audit_key_path = out_path + ".audit-key";
  const auto start = std::chrono::steady_clock::now();
  auto opened = app::App::Open(cfg);
  if (!opened) {
    std::cerr << "inspection_setup: " << opened.error().message << "\n";
    return 1;
  }
  auto data = datagen::CreateLoadData(**opened, o);
  if (!data) {
    std::cerr << "inspection_setup: " << data.error().message << " (" << data.error().field << ")\n";
    return 1;
  }
  std::ofstream out(out_path);
  out << "port " << data->port_unit_id << "\n";
  for (const auto& t : data->tokens) out << "token " << t << "\n";
  for (auto m : data->mrzs) {
    for (char& c : m) {
      if (c == '\n') c = '|';
    }
    out << "mrz " << m << "\n";
  }
  out.close();
  if (!out) {
    std::cerr << "inspection_setup: cannot write " << out_path << "\n";
    return 1;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("inspection setup: %d list entries (import %.1f s), %d active rules, %zu tokens, "
              "%zu travellers in %.1f s\n",
              data->list_entries, data->list_import_seconds, data->active_rules,
              data->tokens.size(), data->mrzs.size(), secs);
  return 0;
}
