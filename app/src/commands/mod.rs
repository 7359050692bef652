//! Bot → Commands (admins only): the built-in commands (/start, /help, /menu, /operator) with
//! their descriptions and texts, and custom commands (a name Telegram accepts, a description per
//! language, an answer — Telegram HTML and/or a menu — shown in Telegram's menu or hidden). A
//! saved change reaches Telegram's menu of commands at once (`setMyCommands` per language); the
//! page previews that menu as Telegram shows it when a customer types "/".

pub mod api;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod server;

pub use page::CommandsPage;
