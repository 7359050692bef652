//! The support engine (no UI). This crate grows the Telegram side — ingest, engine, matcher,
//! outbox, events — in later issues; today it holds the action/audit log writer that both the bot
//! and the admin use, so every actor's actions land in one table with one shape.

pub mod action_log;
