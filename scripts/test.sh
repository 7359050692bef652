#!/usr/bin/env bash
# Runs every test: formatting, unit and integration tests (SQLite always; PostgreSQL when
# TEST_DATABASE_URL points at a server where the user may create databases), then the browser
# tests in headless Chromium against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "PostgreSQL suites: ON (each test creates and drops its own database on the TEST_DATABASE_URL server)"
else
  step "PostgreSQL suites: SKIPPED — TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)"
fi

step "cargo fmt --check"
cargo fmt --all --check

step "unit and integration tests"
cargo_test_env cargo test --workspace

step "build the app (server + wasm) for the browser tests"
cargo leptos build

step "browser tests (Playwright + /usr/bin/chromium, headless)"
cd end2end
node --test --test-concurrency=1 tests/

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  step "NOTE: the PostgreSQL suites were SKIPPED (TEST_DATABASE_URL not set)"
fi
