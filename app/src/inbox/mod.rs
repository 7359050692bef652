//! The live operator inbox: conversation list with tabs and search, the conversation with its
//! history and customer card, replies, notes and actions, updated live from `/api/events`.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod validate;
