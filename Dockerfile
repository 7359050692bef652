# syntax=docker/dockerfile:1
# Release image: the server binary and the site (wasm, js, css) on a slim Debian.
#   docker build -t supportbot .
#   docker run -p 3000:3000 -v supportbot-data:/app/data supportbot
# Everything comes from the package registries (crates.io, npm, Debian) — nothing from GitHub.

FROM rust:1.96-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
RUN rustup toolchain install 1.96.0 --profile minimal -t wasm32-unknown-unknown
RUN cargo install cargo-leptos --version 0.3.11 --locked --features no_downloads
WORKDIR /src
COPY Cargo.lock ./
RUN cargo install wasm-bindgen-cli --version "$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
# wasm-opt for the release wasm bundle comes from the npm package binaryen.
COPY end2end/package.json end2end/package-lock.json end2end/
RUN cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
ENV PATH=/src/end2end/node_modules/.bin:$PATH
COPY . .
RUN cargo leptos build --release

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app supportbot
WORKDIR /app
COPY --from=build /src/target/release/server /app/server
COPY --from=build /src/target/site /app/site
ENV LEPTOS_SITE_ROOT=/app/site \
    LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    LEPTOS_ENV=PROD \
    DATABASE_URL=sqlite://data/supportbot.db?mode=rwc \
    RUST_LOG=info
RUN mkdir -p /app/data && chown supportbot /app/data
USER supportbot
VOLUME /app/data
EXPOSE 3000
# The server handles SIGTERM gracefully (finishes in-flight requests); readiness is GET /readyz.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/server"]
CMD ["serve"]
