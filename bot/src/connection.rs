//! The bot's connection to Telegram: its token, set in the admin or by `server set-bot-token`,
//! checked with getMe first and stored **encrypted** with the app key ([`crate::secrets`]) in the
//! settings, next to the bot's id and @username (not secret). `TELEGRAM_BOT_TOKEN` wins over the
//! stored token.
//!
//! Guarantees: the token is never stored in clear, never logged, never part of an error text
//! ([`mask`] removes it from teloxide's errors, whose URLs contain it); a stored token the app
//! key can't decrypt is reported and left as it is ([`Stored::Undecryptable`]). Storing a token
//! writes its audit row (`connection.token_set`, with the @username) in the same transaction, and
//! wakes this process's bot side ([`changed`]); other processes notice the changed setting
//! within seconds (the server's bot side re-reads it periodically).

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryOrder, QuerySelect};
use serde_json::json;
use teloxide::Bot;
use teloxide::prelude::Requester;
use types::LogAction;
use url::Url;

use crate::action_log::{self, Action, Actor};
use crate::secrets::{self, SecretError};
use crate::settings;
use crate::unit::Unit;

/// The encrypted token (`v1:…`, see [`crate::secrets`]).
pub const TOKEN: &str = "telegram.bot_token";
/// The bot's numeric id and @username from getMe when the token was stored.
pub const BOT_ID: &str = "telegram.bot_id";
pub const BOT_USERNAME: &str = "telegram.bot_username";

/// What the server knows to connect the bot, shared with the admin's server functions.
#[derive(Clone)]
pub struct Setup {
    pub api_url: Url,
    /// TELEGRAM_BOT_TOKEN is set: it wins, and the admin can't replace it.
    pub env_token: Option<String>,
    /// PUBLIC_URL: webhook mode; none: long polling.
    pub public_url: Option<Url>,
    pub webhook_secret: String,
    /// None when the key could not be read (the admin then can't store a token).
    pub app_key: Option<[u8; 32]>,
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setup")
            .field("api_url", &self.api_url.as_str())
            .field("env_token", &self.env_token.as_ref().map(|_| "***"))
            .field("public_url", &self.public_url.as_ref().map(Url::as_str))
            .finish_non_exhaustive()
    }
}

/// The bot as getMe describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub id: i64,
    pub username: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// Not shaped like a token from @BotFather (digits, a colon, 30+ letters, digits, - or _).
    #[error("this is not a bot token (expected digits, a colon and 30+ letters, digits, '-' or '_')")]
    Malformed,
    /// Telegram refused it (getMe answered an error).
    #[error("Telegram rejected the token: {0}")]
    Rejected(String),
    /// Telegram could not be asked; the text has the token masked.
    #[error("Telegram could not be reached: {0}")]
    Unreachable(String),
}

/// Whether `t` is shaped like a bot token (checked before it goes into a URL).
pub fn looks_like_token(t: &str) -> bool {
    let Some((id, key)) = t.split_once(':') else { return false };
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_digit())
        && key.len() >= 30
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `text` with every occurrence of `token` (and of its secret part) replaced by `***`.
pub fn mask(text: &str, token: &str) -> String {
    let mut out = text.to_string();
    if !token.is_empty() {
        out = out.replace(token, "***");
        if let Some((_, key)) = token.split_once(':')
            && !key.is_empty()
        {
            out = out.replace(key, "***");
        }
    }
    out
}

/// Asks getMe with `token` at `api_url`.
pub async fn check(token: &str, api_url: &Url) -> Result<Identity, CheckError> {
    if !looks_like_token(token) {
        return Err(CheckError::Malformed);
    }
    let bot = crate::telegram::make_bot(token, api_url);
    match bot.get_me().await {
        Ok(me) => Ok(Identity {
            id: i64::try_from(me.user.id.0).unwrap_or(i64::MAX),
            username: me.user.username.clone().unwrap_or_default(),
        }),
        Err(teloxide::RequestError::Api(e)) => Err(CheckError::Rejected(mask(&e.to_string(), token))),
        Err(e) => Err(CheckError::Unreachable(mask(&e.to_string(), token))),
    }
}

/// Stores `token` encrypted with `key`, with the bot's identity and the audit row, in one
/// transaction; then wakes this process's bot side.
pub async fn store(
    db: &DatabaseConnection,
    key: &[u8; 32],
    token: &str,
    identity: &Identity,
    actor: &Actor,
    ip: Option<&str>,
) -> Result<(), DbErr> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    settings::set(txn, TOKEN, &secrets::encrypt(key, token)).await?;
    settings::set(txn, BOT_ID, &identity.id.to_string()).await?;
    settings::set(txn, BOT_USERNAME, &identity.username).await?;
    unit.writes().action(action_log::row(
        Action::new(actor, LogAction::ConnectionTokenSet)
            .details(json!({ "bot_id": identity.id, "username": identity.username }))
            .ip(ip),
    ));
    unit.commit().await?;
    changed().notify_waiters();
    Ok(())
}

/// The token in the settings, as this process can read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    None,
    Token {
        token: String,
    },
    /// Present, but the app key can't decrypt it (another key, or altered): kept as it is.
    Undecryptable(SecretError),
}

/// The stored (encrypted) value as it is, to notice changes without decrypting.
pub async fn stored_raw<C: ConnectionTrait>(db: &C) -> Result<Option<String>, DbErr> {
    settings::get(db, TOKEN).await
}

/// Decrypts a stored value with `key` (None: no key could be read).
pub fn open(raw: Option<&str>, key: Option<&[u8; 32]>) -> Stored {
    match (raw, key) {
        (None, _) => Stored::None,
        (Some(_), None) => Stored::Undecryptable(SecretError::WrongKey),
        (Some(raw), Some(key)) => match secrets::decrypt(key, raw) {
            Ok(token) => Stored::Token { token },
            Err(e) => Stored::Undecryptable(e),
        },
    }
}

/// The bot's id and @username recorded with the stored token.
pub async fn stored_identity<C: ConnectionTrait>(db: &C) -> Result<Option<Identity>, DbErr> {
    let id = settings::get(db, BOT_ID).await?.and_then(|v| v.parse().ok());
    let username = settings::get(db, BOT_USERNAME).await?;
    Ok(id.zip(username).map(|(id, username)| Identity { id, username }))
}

/// When the last update from Telegram arrived (webhook or polling).
pub async fn last_update_at<C: ConnectionTrait>(db: &C) -> Result<Option<DateTime<Utc>>, DbErr> {
    use entity::telegram_updates;
    Ok(telegram_updates::Entity::find()
        .order_by_desc(telegram_updates::Column::Id)
        .limit(1)
        .one(db)
        .await?
        .map(|u| u.received_at))
}

/// Telegram's view of the webhook (getWebhookInfo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookState {
    pub url: String,
    pub pending_update_count: u32,
    pub last_error_message: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
}

/// getWebhookInfo; an error's text has the token masked.
pub async fn webhook_info(token: &str, api_url: &Url) -> Result<WebhookState, String> {
    let bot = crate::telegram::make_bot(token, api_url);
    match bot.get_webhook_info().await {
        Ok(info) => Ok(WebhookState {
            url: info.url.map(|u| u.to_string()).unwrap_or_default(),
            pending_update_count: info.pending_update_count,
            last_error_message: info.last_error_message,
            last_error_at: info.last_error_date,
        }),
        Err(e) => Err(mask(&e.to_string(), token)),
    }
}

/// Registers the webhook again (the admin's "re-register"); an error's text has the token masked.
pub async fn reregister(setup: &Setup, token: &str) -> Result<(), String> {
    let Some(public_url) = &setup.public_url else {
        return Err("no PUBLIC_URL: the bot uses long polling".into());
    };
    let bot: Bot = crate::telegram::make_bot(token, &setup.api_url);
    crate::telegram::register_webhook(&bot, public_url, &setup.webhook_secret)
        .await
        .map_err(|e| mask(&e.to_string(), token))
}

/// The token the bot side uses now: the environment's, else the stored one if it decrypts.
pub async fn current_token(db: &DatabaseConnection, setup: &Setup) -> Result<Option<String>, DbErr> {
    if let Some(t) = &setup.env_token {
        return Ok(Some(t.clone()));
    }
    let raw = stored_raw(db).await?;
    Ok(match open(raw.as_deref(), setup.app_key.as_ref()) {
        Stored::Token { token } => Some(token),
        _ => None,
    })
}

/// Woken when this process stores a token, so its bot side restarts at once.
pub fn changed() -> &'static tokio::sync::Notify {
    static CHANGED: OnceLock<tokio::sync::Notify> = OnceLock::new();
    CHANGED.get_or_init(tokio::sync::Notify::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN_TEXT: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    #[test]
    fn masks_the_token_and_its_secret_part() {
        let text = format!("error sending request for url (http://x/bot{TOKEN_TEXT}/GetMe)");
        let masked = mask(&text, TOKEN_TEXT);
        assert!(!masked.contains("AAHdq"), "{masked}");
        assert_eq!(mask("…/botAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", TOKEN_TEXT), "…/bot***");
    }

    #[test]
    fn token_shape() {
        assert!(looks_like_token(TOKEN_TEXT));
        for bad in ["", "123:short", "abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "1:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDs/w"] {
            assert!(!looks_like_token(bad), "{bad}");
        }
    }

    #[test]
    fn opening_needs_the_right_key() {
        let raw = secrets::encrypt(&[1; 32], TOKEN_TEXT);
        assert_eq!(open(Some(&raw), Some(&[1; 32])), Stored::Token { token: TOKEN_TEXT.into() });
        assert_eq!(open(Some(&raw), Some(&[2; 32])), Stored::Undecryptable(SecretError::WrongKey));
        assert_eq!(open(None, Some(&[2; 32])), Stored::None);
    }
}
