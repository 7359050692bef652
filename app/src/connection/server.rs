//! Bot → Connection on the server: reads the state through `bot::connection` and maps its
//! errors to `ApiError`s, which never carry the token.

use bot::connection::{self, CheckError, Stored};

use crate::auth::server::Caller;
use crate::connection::model::{BotIdentity, ConnectionView, TokenSource, WebhookView};
use crate::error::{ApiError, Problem};

pub async fn state(caller: &Caller) -> Result<ConnectionView, ApiError> {
    let setup = &caller.state.connection;
    let db = &caller.state.db;
    let (source, token, identity) = match &setup.env_token {
        Some(t) => (TokenSource::Environment, Some(t.clone()), connection::check(t, &setup.api_url).await.ok()),
        None => {
            let raw = connection::stored_raw(db).await?;
            match connection::open(raw.as_deref(), setup.app_key.as_ref()) {
                Stored::Token { token } => (TokenSource::Stored, Some(token), connection::stored_identity(db).await?),
                Stored::Undecryptable(_) => (TokenSource::Undecryptable, None, connection::stored_identity(db).await?),
                Stored::None => (TokenSource::None, None, None),
            }
        }
    };
    let webhook = setup.public_url.is_some();
    let (webhook_info, webhook_info_error) = match (webhook, &token) {
        (true, Some(t)) => match connection::webhook_info(t, &setup.api_url).await {
            Ok(w) => (
                Some(WebhookView {
                    url: w.url,
                    pending_update_count: w.pending_update_count,
                    last_error_message: w.last_error_message,
                    last_error_at: w.last_error_at.map(|t| t.to_rfc3339()),
                }),
                None,
            ),
            Err(why) => (None, Some(why)),
        },
        _ => (None, None),
    };
    Ok(ConnectionView {
        source,
        bot_id: identity.as_ref().map(|i| i.id),
        username: identity.map(|i| i.username),
        webhook,
        webhook_info,
        webhook_info_error,
        last_update_at: connection::last_update_at(db).await?.map(|t| t.to_rfc3339()),
    })
}

pub async fn set(caller: &Caller, token: &str) -> Result<BotIdentity, ApiError> {
    let setup = &caller.state.connection;
    if setup.env_token.is_some() {
        return Err(ApiError::Invalid(Problem::BotTokenFromEnvironment));
    }
    let Some(key) = setup.app_key else {
        tracing::error!(
            "cannot store the bot token: the app key (APP_SECRET_KEY or data/app_secret.key) is unreadable"
        );
        return Err(ApiError::Internal);
    };
    let identity = match connection::check(token, &setup.api_url).await {
        Ok(i) => i,
        Err(CheckError::Malformed) => return Err(ApiError::Invalid(Problem::BotTokenMalformed)),
        Err(CheckError::Rejected(why)) => {
            tracing::info!(why, "a bot token set in the admin was rejected by Telegram");
            return Err(ApiError::Invalid(Problem::BotTokenRejected));
        }
        Err(CheckError::Unreachable(why)) => {
            tracing::warn!(why, "could not check a bot token: Telegram unreachable");
            return Err(ApiError::Invalid(Problem::TelegramFailed));
        }
    };
    connection::store(&caller.state.db, &key, token, &identity, &caller.actor(), caller.ip.as_deref()).await?;
    tracing::info!(bot = format!("@{} (id {})", identity.username, identity.id), "bot token set in the admin");
    Ok(BotIdentity { id: identity.id, username: identity.username })
}

pub async fn reregister(caller: &Caller) -> Result<(), ApiError> {
    let setup = &caller.state.connection;
    if setup.public_url.is_none() {
        return Err(ApiError::Invalid(Problem::NotWebhookMode));
    }
    let Some(token) = connection::current_token(&caller.state.db, setup).await? else {
        return Err(ApiError::Invalid(Problem::NoBotToken));
    };
    connection::reregister(setup, &token).await.map_err(|why| {
        tracing::warn!(why, "re-registering the webhook failed");
        ApiError::Invalid(Problem::TelegramFailed)
    })?;
    tracing::info!("webhook re-registered from the admin");
    Ok(())
}
