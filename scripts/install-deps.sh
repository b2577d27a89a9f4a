#!/usr/bin/env bash
# Installs what perfgate needs to build and test, from Debian packages only.
# Idempotent: packages already present are not fetched again. Works as root or
# through sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev libboost-math-dev
  libpugixml-dev
  # bench/gemm_vs_openblas: the reference the llm workload's GEMM is measured against.
  libopenblas-dev
  python3 python3-scipy python3-yaml python3-jsonschema
  # Tests: real hyperfine output, and libFuzzer targets for the adapters.
  hyperfine clang libclang-rt-14-dev
  # The built-in metric `instructions` under --counter callgrind (and its tests).
  valgrind
  # Browser tests of the HTML report (tests/browser): headless Chromium and its WebDriver.
  chromium chromium-driver
  # The PostgreSQL store (libpqxx), and a real server for its tests (a throw-away cluster).
  libpqxx-dev postgresql
  # perfgate serve / push: cpp-httplib (HTTP server and client; the server speaks no TLS,
  # a reverse proxy does) and OpenSSL's libcrypto (SHA-256 of API tokens, random bytes).
  libcpp-httplib-dev libssl-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# The dashboard's chart library (uPlot) comes from the npm registry at build
# time (web/package-lock.json, `npm ci`): Debian's nodejs and npm, unless an npm
# is already on PATH (NodeSource's nodejs bundles one, and conflicts with
# Debian's npm package).
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 2
  fi
fi

echo "install-deps: installing ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
