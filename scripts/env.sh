# Sourced by the run and test scripts: one place for the build environment.
# shellcheck shell=bash

# The server reads LEPTOS_OUTPUT_NAME at compile time (the names of the wasm and js files it
# links); `cargo xtask build` sets it too, so tests, clippy and the site build share artifacts.
export LEPTOS_OUTPUT_NAME=supportbot
# `--cfg erase_components` makes Leptos' view types cheap to compile; the xtask's dev build of the
# server uses it, and `cargo test` gets it through `cargo_test_env`, so both share one set of
# artifacts. (Not exported globally: release builds must not have it.)
cargo_test_env() { RUSTFLAGS="--cfg erase_components" "$@"; }
# wasm-opt from the npm package binaryen.
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
