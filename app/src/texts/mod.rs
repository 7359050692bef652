//! Bot → Texts & settings (admins only): every text the bot sends, per language, with its
//! placeholders checked and previewed; and the bot's settings from one typed registry
//! (`types::settings`): the matcher's thresholds with what they would have done to the last 30
//! days, the outbox rate and working hours. A change applies at once, in every process.

pub mod api;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod server;
mod settings_tab;
mod texts_tab;

pub use page::TextsPage;
