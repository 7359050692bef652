//! What the connection page shows. Never holds the token.

use serde::{Deserialize, Serialize};

/// Where the bot's token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenSource {
    /// TELEGRAM_BOT_TOKEN: it wins, and the page can't replace it.
    Environment,
    /// Set in the admin or by `server set-bot-token`, stored encrypted.
    Stored,
    /// Stored, but this app key can't decrypt it (the key was changed).
    Undecryptable,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    pub url: String,
    pub pending_update_count: u32,
    pub last_error_message: Option<String>,
    /// RFC 3339.
    pub last_error_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub source: TokenSource,
    pub bot_id: Option<i64>,
    pub username: Option<String>,
    /// Updates arrive through the webhook (PUBLIC_URL set); otherwise by long polling.
    pub webhook: bool,
    /// getWebhookInfo's answer (webhook mode, with a token).
    pub webhook_info: Option<WebhookView>,
    /// Why getWebhookInfo could not be read (the token masked).
    pub webhook_info_error: Option<String>,
    /// RFC 3339: when the last update from Telegram arrived.
    pub last_update_at: Option<String>,
}

/// What setting a token gives back: the bot it belongs to (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotIdentity {
    pub id: i64,
    pub username: String,
}
