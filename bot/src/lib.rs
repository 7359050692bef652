//! The support engine (no UI): receiving Telegram updates (`ingest`), the settings store, and the
//! action/audit log writer that both the bot and the admin use, so every actor's actions land in
//! one table with one shape. The engine, outbox and live events join it as they are built.

pub mod action_log;
pub mod audit;
pub mod canned;
pub mod commands;
pub mod connection;
pub mod engine;
pub mod events;
pub mod faq;
pub mod history;
pub mod inbox;
pub mod ingest;
pub mod intake;
pub mod join;
pub mod login;
pub mod matcher;
pub mod menus;
pub mod outbox;
pub mod secrets;
pub mod seed;
pub mod settings;
pub mod sim;
pub mod split;
pub mod staff;
pub mod staff_notify;
pub mod telegram;
pub mod texts;
pub mod unit;
pub mod worker;
pub mod writes;
