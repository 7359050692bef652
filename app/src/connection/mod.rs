//! Bot → Connection (admins only): the bot's token, set or replaced here (checked with getMe,
//! stored encrypted, never shown back), where it comes from, how updates arrive (polling or the
//! webhook with Telegram's view of it), the last update received, and "re-register".

pub mod api;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod server;

pub use page::ConnectionPage;
