//! Tells the integration tests (server/tests/) whether a PostgreSQL server is configured.
//!
//! Every integration test runs once on SQLite and once on PostgreSQL, as two test functions
//! (`<test>::sqlite` and `<test>::postgres`); the PostgreSQL ones need a server to create their
//! databases on, named by `TEST_DATABASE_URL`. When it is unset (or empty), the test summary must
//! show those tests as *ignored*, not count them as passed after skipping their work inside. Only
//! `#[ignore]` does that, and it is decided when the tests are compiled: so this script sets
//! `cfg(no_postgres)` for them (`#[cfg_attr(no_postgres, ignore = "...")]`), and cargo runs it
//! again, rebuilding the tests, whenever the variable changes.
//!
//! A PostgreSQL test that is run all the same (`cargo test -- --ignored`) without a server fails
//! with a clear message rather than passing.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=TEST_DATABASE_URL");
    println!("cargo::rustc-check-cfg=cfg(no_postgres)");
    if std::env::var_os("TEST_DATABASE_URL").is_none_or(|url| url.is_empty()) {
        println!("cargo::rustc-cfg=no_postgres");
    }
}
