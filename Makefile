# guomen — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
JOBS ?= 2
BUILD ?= build
TEST_BUILD ?= build-asan
DB ?= ./var/guomen.db
LISTEN ?= 127.0.0.1:8080

.PHONY: demo test deps build web build-test unit-test web-test e2e-test bench fuzz format lint layering clean

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
	$(MAKE) --no-print-directory unit-test web-test e2e-test

build-test:
	cmake -S . -B $(TEST_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGUOMEN_SANITIZE=ON -DGUOMEN_WERROR=ON -DGUOMEN_TESTS=ON >/dev/null
	cmake --build $(TEST_BUILD) -j$(JOBS)

unit-test:
	cd $(TEST_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS) --timeout 600

web-test:
	@if [ -f web/package.json ]; then cd web && npx vitest run; fi

e2e-test:
	@if [ -f tests/e2e/run.sh ]; then GUOMEN_BIN=$(TEST_BUILD)/guomen bash tests/e2e/run.sh; fi

bench:
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_TESTS=OFF -DGUOMEN_BENCH=ON >/dev/null
	cmake --build build-bench -j$(JOBS)
	@for b in build-bench/bench/*_bench; do [ -x "$$b" ] && "$$b"; done

fuzz:
	CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGUOMEN_TESTS=OFF -DGUOMEN_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j$(JOBS)

format:
	find src tests tools bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

lint:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	find src -name '*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

layering:
	python3 scripts/check_layering.py

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-bench build-fuzz web/dist
