//! My account: profile (with the display name, which each user sets themselves), interface
//! language, password change, and Telegram notifications. Any signed-in user.

pub mod api;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
mod server;
mod telegram;

pub use page::AccountPage;
