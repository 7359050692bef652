//! The live operator inbox: conversation list with tabs and search, the conversation with its
//! history and customer card, replies, notes and actions, updated live from `/api/events`.
//!
//! `page.rs` has the routes; `context.rs` what their parts share; the list is `list.rs`,
//! `search.rs` and `row.rs`; the open conversation is `conversation/`; `sync.rs` decides what a
//! live event fetches (by id: a row, a message, the open conversation's head).

pub mod api;
mod canned_page;
mod context;
mod conversation;
#[cfg(feature = "hydrate")]
mod dom;
pub mod keys;
mod list;
mod live;
pub mod model;
mod page;
mod row;
mod search;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod sync;
pub mod validate;

pub use canned_page::CannedPage;
pub use page::{ConversationRoute, InboxPage, NoConversation};
