//! The operators' inbox, domain side: what staff see (`reads`: the lists by tab with previews and
//! unread counts, search, a conversation with its history and customer, delivery states) and what
//! they do (`actions`: take, assign, return to the queue, reply, note, retry a failed reply,
//! resolve, reopen, mark read). Each action is one unit of work ([`crate::unit::Unit`]) that
//! changes the conversation, writes its history line and action-log row, and publishes the live
//! event; claims on shared work are conditional updates, so the database decides races.
//!
//! Who may do what (checked here, whatever the screen shows):
//! - an operator sees every conversation; acts on waiting ones and on those assigned to them
//!   (others' are read-only, but anyone may leave an internal note anywhere); takes conversations
//!   over from the bot; reopens resolved ones that were theirs;
//! - an admin may do everything, including assigning to someone else and acting on anyone's.

mod actions;
mod buttons;
mod reads;

pub use actions::*;
pub use buttons::{KeyButton, Press};
pub use reads::*;

use entity::conversations::{self, Status};
use entity::staff_users;
use sea_orm::DbErr;

use crate::action_log::Actor;

/// The longest reply accepted (longer texts than Telegram's 4096 are sent in pieces).
pub const REPLY_MAX_CHARS: usize = 12_000;
pub const NOTE_MAX_CHARS: usize = 8_000;

/// How staff members are named on screens and in history lines: their display name, else their
/// username.
pub fn display_name(u: &staff_users::Model) -> String {
    if u.display_name.is_empty() { u.username.clone() } else { u.display_name.clone() }
}

/// The staff member acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: i64,
    /// As screens and history lines show them.
    pub name: String,
    /// As the action log names them.
    pub username: String,
    pub is_admin: bool,
}

impl Staff {
    pub fn from_model(u: &staff_users::Model) -> Staff {
        Staff {
            id: u.id,
            name: display_name(u),
            username: u.username.clone(),
            is_admin: u.role == staff_users::Role::Admin,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor::staff(self.id, &self.username)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("already taken by {0}")]
    AlreadyTaken(String),
    #[error("the conversation is not open")]
    NotOpen,
    #[error("the conversation is not resolved")]
    NotResolved,
    #[error("the customer has blocked the bot")]
    CustomerBlocked,
    #[error("the customer has a newer conversation ({0})")]
    NewerConversation(i64),
    #[error("nothing to retry")]
    NothingToRetry,
    /// Resolving a conversation no operator has answered needs a confirmation (and then asks the
    /// customer for no rating).
    #[error("no operator has replied yet")]
    NoReplyYet,
    #[error("empty text")]
    Empty,
    #[error("text too long")]
    TooLong,
    /// More files in one reply than Telegram's album holds.
    #[error("too many files")]
    TooManyFiles,
    #[error("no such active staff member")]
    NoSuchStaff,
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub type Result<T> = std::result::Result<T, InboxError>;

/// What may `staff` do with this conversation (besides reading it)?
pub fn may_act(staff: &Staff, conv: &conversations::Model) -> bool {
    staff.is_admin
        || match conv.status {
            Status::Waiting => true,
            Status::Assigned | Status::Resolved => conv.assignee_id == Some(staff.id),
            Status::Bot => false,
        }
}
