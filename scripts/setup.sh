#!/usr/bin/env bash
# Installs what the app needs, from the package registries only (crates.io, npm, Debian) and
# rustup. Idempotent: what is already there at the right version is skipped.
#
#   scripts/setup.sh          what running needs: the pinned Rust toolchain with the wasm target,
#                             Node.js, and the npm packages in end2end/ (binaryen's wasm-opt)
#   scripts/setup.sh --test   also what the tests need: Debian's Chromium for the browser tests
#                             (driven by playwright-core, which never downloads a browser)
#
# Nothing is compiled here: the site is built by the workspace's own `xtask` (cargo xtask build),
# so neither cargo-leptos nor wasm-bindgen-cli has to be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

for_tests=false
[ "${1:-}" = "--test" ] && for_tests=true

TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)

# 1. Rust toolchain with the wasm target (RUSTUP_AUTO_INSTALL=0 machines don't install it by themselves).
if rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 \
   && rustup target list --installed --toolchain "$TOOLCHAIN" | grep -q '^wasm32-unknown-unknown$'; then
  say "rust $TOOLCHAIN with wasm32-unknown-unknown: present"
else
  say "installing rust $TOOLCHAIN with wasm32-unknown-unknown"
  rustup toolchain install "$TOOLCHAIN" --profile minimal -c rustfmt,clippy -t wasm32-unknown-unknown
fi

# 2. Node.js (wasm-opt runs on it; so do the browser tests) and, for tests, Debian's Chromium.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
$for_tests && { [ -x /usr/bin/chromium ] || missing+=(chromium); }
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  say "node $(node --version)$($for_tests && echo " and $(/usr/bin/chromium --version 2>/dev/null | head -1)"): present"
fi

# 3. npm packages: binaryen (its wasm-opt shrinks the wasm bundle) and playwright-core (drives the
#    system Chromium in the browser tests; never downloads a browser). A few seconds.
if [ -x end2end/node_modules/.bin/wasm-opt ] && [ -f end2end/node_modules/.package-lock.json ] \
   && cmp -s <(grep -v '"name"' end2end/package-lock.json | grep '"version"') \
             <(grep -v '"name"' end2end/node_modules/.package-lock.json | grep '"version"'); then
  say "npm packages in end2end/: present"
else
  say "installing npm packages in end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

say "done"
