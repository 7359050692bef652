#!/usr/bin/env bash
# Runs every check: formatting, clippy (server and wasm sides), unit and integration tests
# (SQLite always; PostgreSQL when TEST_DATABASE_URL points at a server where the user may create
# databases), the browser tests in headless Chromium against the real server, and the release
# build (server + wasm bundle) that the Dockerfile ships.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
source scripts/env.sh

step() { printf '\n\033[1;34m==> %s\033[0m  (%s)\n' "$1" "$(date +%T)"; }
started=$(date +%s)

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "PostgreSQL suites: ON (each test creates and drops its own database on the TEST_DATABASE_URL server)"
else
  step "PostgreSQL suites: IGNORED — TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test); cargo test lists them as ignored"
fi

step "cargo fmt --check"
cargo fmt --all --check

step "clippy: the workspace, every target (server side)"
cargo_test_env cargo clippy --workspace --all-targets -- -D warnings

step "clippy: the browser's wasm build of the app"
cargo_test_env cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

step "unit and integration tests"
cargo_test_env cargo test --workspace

step "build the site (server + wasm) for the browser tests"
cargo xtask build

step "browser tests (Playwright + /usr/bin/chromium, headless)"
(cd end2end && node --test --test-concurrency=1 tests/)

step "release build: server (profile release) + wasm bundle (profile wasm-release, wasm-opt -Oz)"
cargo xtask dist

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  step "NOTE: the PostgreSQL suites were IGNORED (TEST_DATABASE_URL not set)"
fi
step "all checks passed in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
