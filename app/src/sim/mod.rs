//! The simulator (Bot → Simulator, admins only): a Telegram-look chat where an admin talks to the
//! bot as a test customer — text, commands, button taps, the rating after an operator resolves —
//! through the same intake and engine as real customers, with what the bot decided under each
//! message. Nothing is sent to Telegram; the conversation shows in the inbox, marked as a test.

pub mod api;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod server;

pub use page::SimulatorPage;
