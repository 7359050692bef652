#!/usr/bin/env bash
# Sets up the machine (idempotent), builds, and runs the app on the embedded SQLite database
# (data/supportbot.db) at http://127.0.0.1:3000. The first run prints the admin's password.
# Extra arguments go to `cargo leptos serve`, e.g. `scripts/run.sh --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
mkdir -p data
exec cargo leptos serve "$@"
