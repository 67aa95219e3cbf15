# guomen — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
JOBS ?= 2
BUILD ?= build
TEST_BUILD ?= build-asan
DB ?= ./var/guomen.db
LISTEN ?= 127.0.0.1:8080
# Relative paths in ccache's hashes, so that another clone reuses the cache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: demo test deps build web build-test unit-test pg-test web-test e2e-test bench eval-screening compare-screening bench-inspection bench-inspection-pg bench-manifest fuzz fuzz-smoke format lint layering clean
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = $(patsubst fuzz/%.cpp,%,$(wildcard fuzz/*_fuzz.cpp))

# Installs what is missing, builds the server and the UI, creates the demo
# database if there is none, and serves it.
demo: deps build web
	@if [ ! -f "$(DB)" ]; then ./$(BUILD)/guomen init --db "$(DB)" --demo; \
	else echo "reusing $(DB)"; fi
	@echo ""
	@echo "guomen demo: http://$(LISTEN)"
	@echo "demo logins (password for all: guomen-demo-2026):"
	@echo "  officer, secondary (secondary_officer), analyst, investigator,"
	@echo "  command, supervisor, auditor, admin"
	@echo ""
	./$(BUILD)/guomen serve --db "$(DB)" --listen "$(LISTEN)" --web-root web/dist

deps:
	@bash scripts/install-deps.sh

build:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_TESTS=OFF >/dev/null
	cmake --build $(BUILD) -j$(JOBS) --target guomen

web:
	@if [ -f web/package.json ]; then cd web && npm run build --silent; fi

# Every test: unit and integration (ctest, on the ASan+UBSan build), the web
# unit tests (vitest) and the browser tests (Playwright + Chromium).
test: deps build-test web
	$(MAKE) --no-print-directory fuzz-smoke unit-test pg-test web-test e2e-test

build-test:
	cmake -S . -B $(TEST_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGUOMEN_SANITIZE=ON -DGUOMEN_WERROR=ON -DGUOMEN_TESTS=ON >/dev/null
	cmake --build $(TEST_BUILD) -j$(JOBS)

unit-test:
	cd $(TEST_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS) --timeout 600

# The unit and integration tests again, on PostgreSQL: a throwaway cluster on
# 127.0.0.1 (scripts/pg-test-cluster.sh), stopped whatever the result. With
# GUOMEN_TEST_PG_URL set (a server where the tests may create and drop
# databases), that server is used instead and nothing is started.
pg-test:
	@set -euo pipefail; \
	url="$${GUOMEN_TEST_PG_URL:-}"; \
	if [ -z "$$url" ]; then \
	  export GUOMEN_PG_STATE="$(CURDIR)/$(TEST_BUILD)/pg-test-cluster.state"; \
	  trap 'bash "$(CURDIR)/scripts/pg-test-cluster.sh" stop' EXIT; \
	  url=$$(bash "$(CURDIR)/scripts/pg-test-cluster.sh" start); \
	fi; \
	echo "pg-test: the suite on $$(echo "$$url" | sed -E 's#(://[^:/@]*):[^@/]*@#\1@#')"; \
	cd $(TEST_BUILD) && GUOMEN_TEST_BACKEND=postgres GUOMEN_TEST_PG_URL="$$url" \
	  ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS) --timeout 600 -L 'unit|integration'

web-test:
	@if [ -f web/package.json ]; then cd web && npx vitest run; fi

e2e-test:
	@if [ -f tests/e2e/run.sh ]; then GUOMEN_BIN=$(TEST_BUILD)/guomen bash tests/e2e/run.sh; fi

bench:
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_TESTS=OFF -DGUOMEN_BENCH=ON >/dev/null
	cmake --build build-bench -j$(JOBS)
	@for b in build-bench/bench/*_bench; do [ -x "$$b" ] && "$$b"; done

# Screening quality and speed on the public labelled data (issue 4, "Measured,
# not claimed"): UN recall, false hits on 100,000 non-listed persons, the name
# pair bench, cross-script, own variant classes, throughput and latency.
# SCREENING_DATA holds watchlists/ and name-benchmarks/ (see their READMEs).
SCREENING_DATA ?= $(abspath $(CURDIR)/../shared/data)
eval-screening:
	@test -d "$(SCREENING_DATA)/name-benchmarks" || { echo "eval-screening: no $(SCREENING_DATA)/name-benchmarks (set SCREENING_DATA)"; exit 2; }
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_TESTS=OFF -DGUOMEN_BENCH=ON >/dev/null
	cmake --build build-bench -j$(JOBS) --target screening_eval
	@echo "eval-screening: $$(uptime)"
	./build-bench/bench/screening_eval "$(SCREENING_DATA)"

# guomen vs PostgreSQL pg_trgm (GIN index) vs an exhaustive scan with guomen's
# scorer, on the same queries (bench/screening_compare.cpp): a throwaway local
# cluster (scripts/pg-test-cluster.sh), stopped whatever the result; with
# GUOMEN_COMPARE_PG_URL set, that server is used and nothing is started.
compare-screening:
	@test -d "$(SCREENING_DATA)/name-benchmarks" || { echo "compare-screening: no $(SCREENING_DATA)/name-benchmarks (set SCREENING_DATA)"; exit 2; }
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_TESTS=OFF -DGUOMEN_BENCH=ON >/dev/null
	cmake --build build-bench -j$(JOBS) --target screening_compare
	@set -euo pipefail; \
	url="$${GUOMEN_COMPARE_PG_URL:-}"; \
	if [ -z "$$url" ]; then \
	  export GUOMEN_PG_STATE="$(CURDIR)/build-bench/pg-compare-cluster.state"; \
	  trap 'bash "$(CURDIR)/scripts/pg-test-cluster.sh" stop' EXIT; \
	  url=$$(bash "$(CURDIR)/scripts/pg-test-cluster.sh" start); \
	fi; \
	echo "compare-screening: $$(uptime)"; \
	./build-bench/bench/screening_compare "$(SCREENING_DATA)" "$$url"

# The desk under load: the real server, a 1,000,000-name list, 300 rules, 16 clients
# (bench/inspection_load.sh; the first run creates the database, ~minutes).
bench-inspection:
	JOBS=$(JOBS) bash bench/inspection_load.sh

bench-inspection-pg:
	JOBS=$(JOBS) bash bench/inspection_load.sh --pg

# Issue 7: parse + screen + rules for a 500-person PAXLST against a 1,000,000-name
# list and 300 rules (bench/manifest_bench.sh; the first run creates the database).
bench-manifest:
	JOBS=$(JOBS) bash bench/manifest_bench.sh

fuzz:
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGUOMEN_TESTS=OFF -DGUOMEN_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j$(JOBS) --target $(FUZZ_TARGETS)

# Every fuzz target for FUZZ_SECONDS under ASan+UBSan, from its seed corpus
# (new inputs go to a scratch folder, so fuzz/corpus stays as committed).
fuzz-smoke: fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	  name=$${t%_fuzz}; scratch=$$(mktemp -d); dict=""; corpus=fuzz/corpus/$$name; \
	  [ -d $$corpus ] || corpus=""; \
	  [ -f fuzz/$$name.dict ] && dict="-dict=fuzz/$$name.dict"; \
	  echo "fuzz-smoke: $$t for $(FUZZ_SECONDS) s"; \
	  if ./build-fuzz/fuzz/$$t $$dict -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	       -print_final_stats=1 $$scratch $$corpus > $$scratch.log 2>&1; then \
	    grep -E "stat::number_of_executed_units" $$scratch.log || true; \
	    rm -rf $$scratch $$scratch.log; \
	  else \
	    tail -60 $$scratch.log; echo "fuzz-smoke: $$t FAILED (crash input in $$scratch)"; exit 1; \
	  fi; \
	done; echo "fuzz-smoke: every target ran clean"

format:
	find src tests tools bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

lint:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	find src -name '*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

layering:
	python3 scripts/check_layering.py

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-bench build-fuzz web/dist
