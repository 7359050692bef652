#!/usr/bin/env bash
# Sets up the machine (idempotent), builds, and runs the app on the embedded SQLite database
# (data/supportbot.db) at http://127.0.0.1:3000. The first run prints the admin's password.
# Extra arguments go to the server, e.g. `scripts/run.sh create-user --username anna --role operator`.
#
# The build is the workspace's own (`cargo xtask build`): the server in the dev profile (the same
# artifacts the tests use) and an optimised wasm bundle (profile wasm-run + wasm-opt -O1).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
mkdir -p data
exec cargo xtask run "$@"
