# Sourced by the run and test scripts: one place for the build environment.
# shellcheck shell=bash

# cargo-leptos builds dev binaries with `--cfg erase_components` and LEPTOS_OUTPUT_NAME set; cargo
# test uses the same, so both share one set of compiled artifacts instead of rebuilding each other's.
export RUSTFLAGS="--cfg erase_components"
export LEPTOS_OUTPUT_NAME=supportbot
# wasm-opt from the npm package binaryen, for release builds.
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
