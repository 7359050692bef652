//! What My account's Telegram section shows.

use serde::{Deserialize, Serialize};

/// The Telegram account a staff member linked (as they see it; ids stay on the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedTelegram {
    pub username: Option<String>,
    pub name: String,
    pub linked_at: String,
}

/// The caller's Telegram notifications: the link, the choices, a pending code's expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramView {
    pub linked: Option<LinkedTelegram>,
    pub notify_waiting: bool,
    pub wait_minutes: i32,
    pub notify_assigned: bool,
    /// A code was issued and is still valid until then (RFC 3339).
    pub code_expires_at: Option<String>,
    /// Links in notifications need the server's PUBLIC_URL.
    pub has_public_url: bool,
}

/// A fresh one-time code, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCode {
    pub code: String,
    pub expires_at: String,
    /// The bot's @username when known (the token's getMe), for the instruction and the deep link.
    pub bot_username: Option<String>,
    /// `https://t.me/<bot>?start=link-CODE`, when the bot's username is known.
    pub deep_link: Option<String>,
}
