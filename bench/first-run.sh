#!/usr/bin/env bash
# Measures the first run as a newcomer has it: a fresh clone, empty rustup, cargo and npm homes,
# the README's run command, seconds since the start before every line, until the server listens.
#   bench/first-run.sh [REPO]      (REPO: what to clone, default this checkout; work in /tmp/fresh)
# Run it on an otherwise idle machine; it stops the server once it listens.
set -u
repo="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
work=/tmp/fresh
rm -rf "$work/repo" "$work/rustup" "$work/cargo" "$work/npm"
mkdir -p "$work"
git clone -q "$repo" "$work/repo"
export RUSTUP_HOME=$work/rustup CARGO_HOME=$work/cargo npm_config_cache=$work/npm
mkdir -p "$CARGO_HOME/bin"
# Only rustup itself is taken from this machine (as a newcomer has it after installing rustup).
cp "$(command -v rustup)" "$CARGO_HOME/bin/"
for t in cargo rustc rustfmt cargo-clippy clippy-driver rustdoc; do ln -sf rustup "$CARGO_HOME/bin/$t"; done
export PATH=$CARGO_HOME/bin:/usr/local/bin:/usr/bin:/bin
unset CARGO_TARGET_DIR RUSTUP_TOOLCHAIN RUSTFLAGS
cd "$work/repo"
start=$(date +%s)
scripts/run.sh 2>&1 | while IFS= read -r line; do
  t=$(( $(date +%s) - start )); printf '%4d %s\n' "$t" "$line"
  case "$line" in *"listening on"*) echo "READY after $t s"; pkill -f "$work/repo/target/debug/server" ;; esac
done
