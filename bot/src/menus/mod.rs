//! The bot's menus as admins manage them: a tree with the main menu at the root and a search
//! ([`outline`], pure), and the reads and writes with versions, audit rows, conflicts and
//! validation against the database ([`store`]). What a menu's draft must satisfy without a
//! database, and the preview's keyboard layout, are in `types::menu`; how the bot shows menus
//! and handles their buttons is in `engine::menus`.

pub mod outline;
pub mod store;

pub use store::{Menu, MenuError, Snapshot, Version};
