#!/usr/bin/env bash
# Installs everything guomen needs to build, test and run on Debian 12:
# the apt packages (compilers, libraries, PostgreSQL, Chromium) and the
# npm packages of web/. Safe to run again: it installs only what is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

apt_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev nlohmann-json3-dev libsimdjson-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql postgresql-client
  libicu-dev libre2-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libyaml-cpp-dev libjemalloc-dev
  chromium nodejs npm curl ca-certificates
)

missing=()
for p in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere; accept them when the commands exist.
    if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
    if [[ "$p" == npm ]] && command -v npm >/dev/null; then continue; fi
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ -f "$here/web/package.json" ]]; then
  if [[ ! -d "$here/web/node_modules" || "$here/web/package-lock.json" -nt "$here/web/node_modules/.package-lock.json" ]]; then
    echo "install-deps: npm ci in web/"
    (cd "$here/web" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
echo "install-deps: done"
