// guomen: the server and the command-line tool. Parses arguments (CLI11),
// calls the services of app/, prints results. No business logic here.
#include <algorithm>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/app.hpp"
#include "app/manifest_inbox.hpp"
#include "app/roles.hpp"
#include "cli/mrz_command.hpp"
#include "cli/rules_command.hpp"
#include "cli/screen_command.hpp"
#include "cli/paxlst_command.hpp"
#include "core/strings.hpp"
#include "datagen/demo_data.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "store/store.hpp"
#include "store/store_copy.hpp"

namespace {

using namespace guomen;

struct StoreOptions {
  std::string db = "./var/guomen.db";
  std::string pg;
  std::string audit_key;

  std::string Location() const { return pg.empty() ? db : pg; }
  void Add(CLI::App* cmd) {
    cmd->add_option("--db", db, "SQLite database file")->capture_default_str();
    cmd->add_option("--pg", pg, "PostgreSQL URL (postgresql://...) instead of --db");
    cmd->add_option("--audit-key", audit_key,
                    "audit key file (default: <db>.audit-key; ./var/audit.key with --pg)");
  }
};

int Report(const core::Error& e) {
  std::cerr << "guomen: error: " << e.message;
  if (!e.field.empty()) std::cerr << " (" << e.field << ")";
  std::cerr << "\n";
  return core::ExitCode(e.code);
}

// Opens the application; with `creating`, makes the database folder and a
// new audit key when the database is new.
core::Result<std::unique_ptr<app::App>> OpenApp(const StoreOptions& so, bool creating) {
  app::AppConfig cfg;
  cfg.store_location = so.Location();
  cfg.audit_key_path = so.audit_key;
  if (so.pg.empty()) {
    std::filesystem::path p(so.db);
    bool exists = std::filesystem::exists(p);
    if (!exists && !creating) {
      return core::Fail(core::ErrorCode::kNotFound,
                        "no database at " + so.db + " (create it with: guomen init --db " + so.db + ")");
    }
    if (!exists && p.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(p.parent_path(), ec);
    }
    cfg.create_audit_key = !exists;
  } else {
    cfg.create_audit_key = creating;
  }
  return app::App::Open(cfg);
}

std::string ReadPassword(const std::string& from_option) {
  if (!from_option.empty()) return from_option;
  if (const char* env = std::getenv("GUOMEN_PASSWORD"); env && *env) return env;
  std::string pw;
  if (isatty(STDIN_FILENO)) std::cerr << "password: ";
  std::getline(std::cin, pw);
  return std::string(core::Trim(pw));
}

// The default web root: web/dist of the source tree, if built.
std::string DefaultWebRoot() {
  std::string p = std::string(GUOMEN_SOURCE_DIR) + "/web/dist";
  return std::filesystem::exists(p + "/index.html") ? p : "";
}

struct InboxOptions {
  std::string dir;   // empty: no inbox
  std::string port;  // unit code for files directly in dir
  int interval_ms = 2000;
};

int Serve(const StoreOptions& so, const std::string& listen, std::string web_root, bool secure,
          const InboxOptions& inbox_options, int threads) {
  auto host_port = core::Split(listen, ':');
  if (host_port.size() != 2) {
    return Report(core::MakeError(core::ErrorCode::kInvalidArgument,
                                "--listen must be HOST:PORT, e.g. 127.0.0.1:8080"));
  }
  int port = std::atoi(host_port[1].c_str());
  if (port < 0 || port > 65535) {
    return Report(core::MakeError(core::ErrorCode::kInvalidArgument, "bad port in --listen"));
  }
  auto opened = OpenApp(so, true);
  if (!opened) return Report(opened.error());
  auto& application = **opened;
  if (web_root == "auto") web_root = DefaultWebRoot();

  http::ApiOptions api_options;
  api_options.secure_cookies = secure;
  http::Api api(application, api_options);
  http::ServerOptions server_options;
  server_options.host = host_port[0];
  server_options.port = port;
  server_options.web_root = web_root;
  server_options.threads = threads;
  // The socket takes the largest body a route accepts; the Api checks each route's own limit.
  server_options.max_body_bytes = std::max(api_options.max_body_bytes, api_options.max_import_bytes);
  http::Server server(api, server_options);

  // Stop cleanly on SIGINT/SIGTERM: block them here, wait for them in a thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // The manifest inbox: carriers' lists dropped as files (issue 7).
  std::unique_ptr<app::ManifestInbox> inbox;
  if (!inbox_options.dir.empty()) {
    std::optional<int64_t> default_port;
    if (!inbox_options.port.empty()) {
      auto unit = application.admin().FindUnitByCodeAsSystem(inbox_options.port);
      if (!unit) return Report(unit.error());
      if (!*unit) {
        return Report(core::MakeError(core::ErrorCode::kInvalidArgument,
                                      "--inbox-port: no unit " + inbox_options.port));
      }
      default_port = (*unit)->id;
    }
    inbox = std::make_unique<app::ManifestInbox>(application.manifests(), application.admin(),
                                                 inbox_options.dir, default_port);
    auto prepared = inbox->Prepare();
    if (!prepared.ok()) return Report(prepared.error());
    inbox->Start(std::chrono::milliseconds(std::max(50, inbox_options.interval_ms)));
    spdlog::info("[inbox] watching {}", inbox_options.dir);
  }

  auto bound = server.Bind();
  if (!bound) return Report(bound.error());
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("[http] signal {} received, stopping", sig);
    server.Stop();
  });
  watcher.detach();
  // The partner-agency delivery worker (started after the signal mask, so
  // its thread leaves SIGINT/SIGTERM to the watcher), stopped when the server is.
  application.partners().StartWorker();
  std::cout << "guomen " << GUOMEN_VERSION << " serving http://" << host_port[0] << ":" << *bound
            << " (store " << application.store().Describe() << ", schema v"
            << application.store().SchemaVersion() << ", web UI "
            << (web_root.empty() ? "not served" : web_root) << ")" << std::endl;
  auto st = server.Run();
  if (inbox) inbox->Stop();
  application.partners().StopWorker();
  if (!st.ok()) return Report(st.error());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  CLI::App cli{"guomen: border and port-of-entry control"};
  cli.require_subcommand(1);
  cli.set_help_all_flag("--help-all", "Show help for every command");

  // serve
  StoreOptions serve_store;
  std::string listen = "127.0.0.1:8080";
  std::string web_root = "auto";
  bool secure_cookies = false;
  int threads = 64;
  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (API and web UI)");
  serve_store.Add(serve);
  serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--web-root", web_root, "folder of the built web UI (auto: web/dist)")
      ->capture_default_str();
  serve->add_flag("--secure-cookies", secure_cookies, "mark cookies Secure (behind TLS)");
  serve->add_option("--threads", threads,
                    "worker threads (each open keep-alive connection holds one)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  InboxOptions inbox_options;
  serve->add_option("--inbox", inbox_options.dir,
                    "watch DIR for passenger and crew lists (DIR/<UNIT-CODE>/file or DIR/file); "
                    "read files go to DIR/done, unreadable ones to DIR/failed with a .error file");
  serve->add_option("--inbox-port", inbox_options.port,
                    "unit code of the port for files directly in the inbox directory");
  serve->add_option("--inbox-interval-ms", inbox_options.interval_ms, "how often the inbox is read")
      ->capture_default_str();

  // init
  StoreOptions init_store;
  bool demo = false;
  uint64_t seed = 20261123;
  auto* init = cli.add_subcommand("init", "Create the database schema, optionally with demo data");
  init_store.Add(init);
  init->add_flag("--demo", demo, "add demo units, users (one per role) and travellers");
  init->add_option("--seed", seed, "seed of the demo data")->capture_default_str();

  // user
  auto* user = cli.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  StoreOptions user_store;
  std::string username, display_name, unit_code, password;
  std::vector<std::string> roles;
  auto* user_add = user->add_subcommand("add", "Add a user (password from --password, "
                                               "$GUOMEN_PASSWORD or standard input)");
  user_store.Add(user_add);
  user_add->add_option("--username", username, "login name")->required();
  user_add->add_option("--display-name", display_name, "name shown in the UI")->required();
  user_add->add_option("--unit", unit_code, "code of the user's unit")->required();
  user_add->add_option("--role", roles, "a role (repeat for several): " +
                                            core::Join(app::AllRoles(), ", "))
      ->required();
  user_add->add_option("--password", password, "the password (prefer stdin)");
  auto* user_list = user->add_subcommand("list", "List users");
  user_store.Add(user_list);
  std::string target_user;
  auto* user_disable = user->add_subcommand("disable", "Disable a user and end their sessions");
  user_store.Add(user_disable);
  user_disable->add_option("username", target_user, "login name")->required();
  auto* user_unlock = user->add_subcommand("unlock", "Unlock a user locked by failed logins");
  user_store.Add(user_unlock);
  user_unlock->add_option("username", target_user, "login name")->required();

  // unit
  auto* unit = cli.add_subcommand("unit", "Manage units");
  unit->require_subcommand(1);
  StoreOptions unit_store;
  std::string code, name, name_en, kind, parent_code;
  auto* unit_add = unit->add_subcommand("add", "Add a unit below a parent");
  unit_store.Add(unit_add);
  unit_add->add_option("--code", code, "unique short code")->required();
  unit_add->add_option("--name", name, "name (Chinese)")->required();
  unit_add->add_option("--name-en", name_en, "name (English)")->required();
  unit_add->add_option("--kind", kind, "ministry, province, prefecture, county, port or station")
      ->required();
  unit_add->add_option("--parent", parent_code, "code of the parent unit (none for the root)");
  auto* unit_list = unit->add_subcommand("list", "List units as a tree");
  unit_store.Add(unit_list);

  // audit
  auto* audit = cli.add_subcommand("audit", "Audit trail");
  audit->require_subcommand(1);
  StoreOptions audit_store;
  std::string checkpoint_file;
  auto* audit_verify = audit->add_subcommand(
      "verify", "Verify the audit hash chain; names the first bad event");
  audit_store.Add(audit_verify);
  audit_verify->add_option("--checkpoint", checkpoint_file,
                           "a checkpoint file from 'audit checkpoint' (catches a cut tail)");
  std::string checkpoint_out;
  auto* audit_checkpoint =
      audit->add_subcommand("checkpoint", "Export a signed checkpoint of the chain head");
  audit_store.Add(audit_checkpoint);
  audit_checkpoint->add_option("--out", checkpoint_out, "write to this file (default: stdout)");

  // store copy
  auto* store_cmd = cli.add_subcommand("store", "Move data between stores");
  store_cmd->require_subcommand(1);
  std::string copy_from, copy_to;
  int batch_rows = 5000;
  auto* store_copy = store_cmd->add_subcommand(
      "copy", "Copy a port post's SQLite database into a PostgreSQL centre (resumable)");
  store_copy->add_option("--from", copy_from, "sqlite:PATH (or a path)")->required();
  store_copy->add_option("--to", copy_to, "postgresql://... URL")->required();
  store_copy->add_option("--batch-rows", batch_rows, "rows per committed batch")->capture_default_str();

  cli.add_subcommand("version", "Print the version");
  cli::AddMrzCommand(cli);
  cli::AddScreenCommand(cli);
  cli::AddRulesCommand(cli);
  cli::AddPaxlstCommand(cli);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (serve->parsed()) {
    return Serve(serve_store, listen, web_root, secure_cookies, inbox_options, threads);
  }

  if (store_copy->parsed()) {
    store::CopyOptions o;
    o.batch_rows = batch_rows;
    o.progress = [](const std::string& line) { std::cerr << line << "\n"; };
    auto r = store::CopyStore(copy_from, copy_to, o);
    if (!r) return Report(r.error());
    for (const auto& t : r->tables) {
      std::cout << t.table << "\t" << t.source_rows << "\t" << t.destination_rows << "\t+"
                << t.copied_now << "\n";
    }
    return 0;
  }

  if (cli.got_subcommand("version")) {
    std::cout << "guomen " << GUOMEN_VERSION << " (schema v" << store::LatestSchemaVersion()
              << ")\n";
    return 0;
  }

  if (init->parsed()) {
    bool existed = init_store.pg.empty() && std::filesystem::exists(init_store.db);
    auto opened = OpenApp(init_store, true);
    if (!opened) return Report(opened.error());
    auto& a = **opened;
    std::cout << "database " << a.store().Describe() << " at schema v" << a.store().SchemaVersion()
              << (existed ? " (existing)" : " (created)") << "\n";
    if (demo) {
      auto summary = datagen::CreateDemoData(a, seed);
      if (!summary) {
        if (summary.error().code == core::ErrorCode::kConflict) {
          return Report(core::MakeError(core::ErrorCode::kConflict,
                                      "the database already holds units; demo data goes only into "
                                      "a new database"));
        }
        return Report(summary.error());
      }
      std::cout << "demo data: " << summary->units << " units, " << summary->users << " users, "
                << summary->travellers << " travellers, " << summary->watchlists << " watchlists ("
                << summary->watchlist_entries << " entries, " << summary->screening_results
                << " re-screening results)\n";
    }
    return 0;
  }

  if (user->parsed() || unit->parsed() || audit->parsed()) {
    const StoreOptions& so = user->parsed() ? user_store : unit->parsed() ? unit_store : audit_store;
    auto opened = OpenApp(so, false);
    if (!opened) return Report(opened.error());
    auto& a = **opened;

    if (user_add->parsed()) {
      auto u = a.admin().FindUnitByCodeAsSystem(unit_code);
      if (!u) return Report(u.error());
      if (!*u) return Report(core::MakeError(core::ErrorCode::kNotFound, "no unit " + unit_code, "unit"));
      app::NewUserRequest req{username, display_name, ReadPassword(password), (*u)->id, roles};
      auto created = a.admin().CreateUserAsSystem(req);
      if (!created) return Report(created.error());
      std::cout << "user " << created->user.username << " added (id " << created->user.id << ")\n";
      return 0;
    }
    if (user_list->parsed()) {
      auto users = a.admin().ListAllUsersAsSystem();
      if (!users) return Report(users.error());
      for (const auto& v : *users) {
        const auto& x = v.user;
        std::cout << x.username << "\t" << v.unit_name_en << "\t" << core::Join(x.roles, ",")
                  << (x.disabled ? "\tdisabled" : "") << (x.locked ? "\tlocked" : "") << "\n";
      }
      return 0;
    }
    if (user_disable->parsed() || user_unlock->parsed()) {
      auto changed = a.admin().ChangeUserAsSystem(
          target_user, user_disable->parsed() ? app::UserAction::kDisable : app::UserAction::kUnlock);
      if (!changed) return Report(changed.error());
      std::cout << "user " << target_user << (user_disable->parsed() ? " disabled\n" : " unlocked\n");
      return 0;
    }
    if (unit_add->parsed()) {
      store::Unit u;
      u.code = code;
      u.name = name;
      u.name_en = name_en;
      u.kind = kind;
      if (!parent_code.empty()) {
        auto parent = a.admin().FindUnitByCodeAsSystem(parent_code);
        if (!parent) return Report(parent.error());
        if (!*parent) {
          return Report(core::MakeError(core::ErrorCode::kNotFound, "no unit " + parent_code, "parent"));
        }
        u.parent_id = (*parent)->id;
      }
      auto created = a.admin().CreateUnitAsSystem(u);
      if (!created) return Report(created.error());
      std::cout << "unit " << created->code << " added (id " << created->id << ")\n";
      return 0;
    }
    if (unit_list->parsed()) {
      auto units = a.admin().ListAllUnitsAsSystem();
      if (!units) return Report(units.error());
      std::function<void(std::optional<int64_t>, int)> print = [&](std::optional<int64_t> parent,
                                                                    int depth) {
        for (const auto& x : *units) {
          if (x.parent_id != parent) continue;
          std::cout << std::string(static_cast<size_t>(depth) * 2, ' ') << x.code << "\t" << x.kind
                    << "\t" << x.name << "\t" << x.name_en << "\n";
          print(x.id, depth + 1);
        }
      };
      print(std::nullopt, 0);
      return 0;
    }
    if (audit_verify->parsed()) {
      std::optional<std::string> cp;
      if (!checkpoint_file.empty()) {
        std::ifstream in(checkpoint_file);
        if (!in) return Report(core::MakeError(core::ErrorCode::kNotFound, "cannot read " + checkpoint_file));
        std::string line;
        std::getline(in, line);
        cp = line;
      }
      auto report = a.audit().Verify(a.store(), cp);
      if (!report) return Report(report.error());
      if (report->ok) {
        std::cout << "ok: " << report->message << "\n";
        return 0;
      }
      std::cerr << "guomen: audit chain broken at event " << report->first_bad_id.value_or(0)
                << ": " << report->message << "\n";
      return 65;
    }
    if (audit_checkpoint->parsed()) {
      auto cp = a.audit().Checkpoint(a.store());
      if (!cp) return Report(cp.error());
      if (checkpoint_out.empty()) {
        std::cout << *cp << "\n";
      } else {
        std::ofstream out(checkpoint_out);
        out << *cp << "\n";
        if (!out) return Report(core::MakeError(core::ErrorCode::kUnavailable, "cannot write " + checkpoint_out));
        std::cout << "checkpoint written to " << checkpoint_out << "\n";
      }
      return 0;
    }
  }
  return 0;
}
