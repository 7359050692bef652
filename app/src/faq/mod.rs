//! The FAQ workbench (Bot → FAQ): the list with search, filters and 30-day counts; the entry
//! editor with a Telegram-look preview, variants, buttons and history; "Try it" against the live
//! matcher; import and export as CSV. Admins change entries; operators read them.

pub mod api;
mod buttons_editor;
mod editor;
pub(crate) mod editor_answer;
mod editor_state;
mod health;
mod history;
mod import;
mod list_query;
pub mod model;
mod page;
pub(crate) mod preview;
mod similar;
mod try_it;
mod unanswered;

pub use editor::FaqEditor;
pub use page::FaqPage;
pub use try_it::TryIt;
pub use unanswered::UnansweredPage;
#[cfg(feature = "ssr")]
pub mod server;
