//! The live operator inbox: conversation list with tabs and search, the conversation with its
//! history and customer card, replies, notes and actions, updated live from `/api/events`.

pub mod api;
mod canned_page;
mod live;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod server;
pub mod validate;

pub use canned_page::CannedPage;
pub use page::{ConversationRoute, InboxPage, NoConversation};
