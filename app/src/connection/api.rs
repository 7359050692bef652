//! Server functions of Bot → Connection, admins only (operators 403, signed out 401). The token
//! goes in (`bot/connection/set`) and never comes out: no response, log line or error holds it.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::connection::model::{BotIdentity, ConnectionView};
use crate::error::ApiError;

/// The connection's state: token source, the bot, mode, webhook info, last update.
#[server(prefix = "/api", endpoint = "bot/connection/state")]
pub async fn connection_state() -> Result<ConnectionView, ApiError> {
    as_admin(async |caller| crate::connection::server::state(&caller).await).await
}

/// Sets or replaces the bot's token: checked with getMe, stored encrypted, and the bot side
/// restarts with it. Refused while TELEGRAM_BOT_TOKEN is set.
#[server(prefix = "/api", endpoint = "bot/connection/set")]
pub async fn connection_set(token: String) -> Result<BotIdentity, ApiError> {
    as_admin(async |caller| crate::connection::server::set(&caller, token.trim()).await).await
}

/// Registers the webhook with Telegram again (webhook mode only).
#[server(prefix = "/api", endpoint = "bot/connection/reregister")]
pub async fn connection_reregister() -> Result<(), ApiError> {
    as_admin(async |caller| crate::connection::server::reregister(&caller).await).await
}
