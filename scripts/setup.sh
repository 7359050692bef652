#!/usr/bin/env bash
# Installs everything the app and its tests need, from the package registries only (crates.io,
# npm, Debian) and rustup. Idempotent: what is already there at the right version is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

# 1. Rust toolchain with the wasm target (RUSTUP_AUTO_INSTALL=0 machines don't install it by themselves).
if rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 \
   && rustup target list --installed --toolchain "$TOOLCHAIN" | grep -q '^wasm32-unknown-unknown$'; then
  say "rust $TOOLCHAIN with wasm32-unknown-unknown: present"
else
  say "installing rust $TOOLCHAIN with wasm32-unknown-unknown"
  rustup toolchain install "$TOOLCHAIN" --profile minimal -c rustfmt,clippy -t wasm32-unknown-unknown
fi

# 2. cargo-leptos, built without its GitHub downloads (it uses the tools installed here instead).
if cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
  say "cargo-leptos $CARGO_LEPTOS_VERSION: present"
else
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20-25 minutes on 2 cores, once)"
  cargo +"$TOOLCHAIN" install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# 3. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile pins a crate version that crates.io no longer serves.
  cargo +"$TOOLCHAIN" install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 4. Node.js (for Playwright and wasm-opt) and Debian's Chromium for the browser tests.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  say "node $(node --version) and $(/usr/bin/chromium --version 2>/dev/null | head -1): present"
fi

# 5. npm packages: playwright-core (drives the system Chromium; never downloads a browser) and
#    binaryen (its wasm-opt optimises release builds).
if [ -x end2end/node_modules/.bin/wasm-opt ] && [ -f end2end/node_modules/.package-lock.json ] \
   && cmp -s <(grep -v '"name"' end2end/package-lock.json | grep '"version"') \
             <(grep -v '"name"' end2end/node_modules/.package-lock.json | grep '"version"'); then
  say "npm packages in end2end/: present"
else
  say "installing npm packages in end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

say "done"
