# Sourced by the run and test scripts: one place for the build environment.
# shellcheck shell=bash

# cargo-leptos builds dev binaries with LEPTOS_OUTPUT_NAME set (read at compile time by leptos)
# and RUSTFLAGS="--cfg erase_components" (which it adds itself, so it must not be exported here).
# `cargo test` gets the same two through `cargo_test_env`, so both share one set of artifacts.
export LEPTOS_OUTPUT_NAME=supportbot
cargo_test_env() { RUSTFLAGS="--cfg erase_components" "$@"; }
# wasm-opt from the npm package binaryen, for release builds.
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
