#!/usr/bin/env python3
"""Checks guomen's layering (DESIGN.md): which component may include which,
and where the banned symbols may appear. Exits 1 naming each violation."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENGINES = {"documents", "edifact", "names", "screening", "rules", "network", "geo"}
ALLOWED = {
    "core": {"core"},
    "store": {"core", "store"},
    "app": {"core", "store", "app"} | ENGINES,
    "http": {"core", "store", "app", "http"} | ENGINES,
    "cli": {"core", "store", "app", "http", "cli", "datagen"} | ENGINES,
}
for e in ENGINES:
    # screening builds on names; every engine stands on core only otherwise.
    ALLOWED[e] = {"core", e} | ({"names"} if e == "screening" else set())

# (regex, folders where it may appear, why)
BANNED = [
    (re.compile(r"\bsqlite3_\w+\s*\("), {"store/sqlite"}, "SQLite calls belong in store/sqlite"),
    (re.compile(r"\bPQ\w+\s*\("), {"store/postgres"}, "libpq calls belong in store/postgres"),
    (re.compile(r"system_clock::now"), {"core"}, "read time through core::Clock"),
    # app/webhook_client.cpp: the partner delivery worker's one HTTP POST (issue 7).
    (re.compile(r"#include\s*<httplib\.h>"), {"http/server.cpp", "app/webhook_client.cpp"},
     "httplib only in http/server.cpp and app/webhook_client.cpp"),
    # app/rule_json.cpp: facts arrive as JSON from the desk and the backtest
    # snapshots (issue 5); app/screening_service.cpp stores watchlist entries
    # as JSON in the Store; app/inspection_service.cpp renders the desk's
    # facts, reasons and answers; app/manifest_service.cpp reads the JSON form
    # of a passenger list and renders persons' reasons, hits and marks;
    # app/partner_service.cpp checks notices' payloads and writes the webhook
    # body. No other app translation unit parses JSON.
    (re.compile(r"#include\s*<nlohmann/"),
     {"http", "cli", "app/rule_json.cpp", "app/screening_service.cpp", "app/inspection_service.cpp",
      "app/manifest_service.cpp", "app/partner_service.cpp"},
     "JSON of the API belongs to the adapters"),
    # YAML rules files are read by `guomen rules check` only (cli/rules_file.cpp).
    (re.compile(r"#include\s*<yaml-cpp/"), {"cli"}, "YAML belongs to the command line"),
    (re.compile(r"\b(fopen|ifstream|ofstream|fstream|opendir)\b"),
     {"core", "store", "app", "http", "cli"}, "engines do no file I/O"),
]

include_re = re.compile(r'#include\s*"([a-z_]+)/')
errors = []
for path in sorted((ROOT / "src").rglob("*.[ch]pp")):
    rel = path.relative_to(ROOT / "src").as_posix()
    component = rel.split("/")[0]
    text = path.read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        m = include_re.search(line)
        if m and component in ALLOWED and m.group(1) not in ALLOWED[component]:
            errors.append(f"src/{rel}:{n}: {component}/ may not include {m.group(1)}/")
        for regex, where, why in BANNED:
            if regex.search(line) and not any(rel == w or rel.startswith(w + "/") or
                                              rel.startswith(w + ".") for w in where):
                errors.append(f"src/{rel}:{n}: {why}")

for e in errors:
    print(e)
print(f"layering: {len(errors)} violation(s)")
sys.exit(1 if errors else 0)
