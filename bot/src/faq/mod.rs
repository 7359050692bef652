//! The FAQ as admins manage it: entries with their versions ([`entries`]), the live view every
//! process's bot, "Try it" and the admin's list read ([`live`], [`list`]), the entries' 30-day
//! counts ([`stats`]), import and export in the shared CSV format ([`csv`], [`import`]), and the
//! queue of questions the bot could not answer.

pub mod check;
pub mod csv;
pub mod entries;
pub mod impact;
pub mod import;
pub mod list;
pub mod live;
pub mod stats;
pub mod unanswered;

pub use entries::{By, Entry, FaqError, Snapshot};
pub use live::{FaqView, Live};
