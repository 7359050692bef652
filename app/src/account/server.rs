//! My account on the server: the Telegram section's view, from `bot::staff_notify`.

use bot::connection::{self, Stored};
use bot::staff_notify;
use chrono::Utc;

use crate::account::model::{LinkCode, LinkedTelegram, TelegramView};
use crate::auth::server::Caller;
use crate::error::ApiError;

pub async fn view(caller: &Caller) -> Result<TelegramView, ApiError> {
    let s = staff_notify::status(&caller.state.db, caller.user.id, Utc::now()).await?;
    let (notify_waiting, wait_minutes, notify_assigned) = match &s.link {
        Some(l) => (l.notify_waiting, l.wait_minutes, l.notify_assigned),
        None => (true, staff_notify::WAIT_MINUTES_DEFAULT, true),
    };
    Ok(TelegramView {
        linked: s.link.map(|l| LinkedTelegram {
            username: l.username,
            name: l.name,
            linked_at: l.linked_at.to_rfc3339(),
        }),
        notify_waiting,
        wait_minutes,
        notify_assigned,
        code_expires_at: s.code_expires_at.map(|t| t.to_rfc3339()),
        has_public_url: caller.state.connection.public_url.is_some(),
    })
}

/// The bot's @username: the stored token's, or getMe of TELEGRAM_BOT_TOKEN's.
async fn bot_username(caller: &Caller) -> Option<String> {
    let setup = &caller.state.connection;
    let db = &caller.state.db;
    let identity = match &setup.env_token {
        Some(t) => connection::check(t, &setup.api_url).await.ok(),
        None => {
            let raw = connection::stored_raw(db).await.ok()?;
            match connection::open(raw.as_deref(), setup.app_key.as_ref()) {
                Stored::None => None,
                _ => connection::stored_identity(db).await.ok().flatten(),
            }
        }
    };
    identity.map(|i| i.username).filter(|u| !u.is_empty())
}

pub async fn code(caller: &Caller) -> Result<LinkCode, ApiError> {
    let (code, expires_at) = staff_notify::create_code(&caller.state.db, caller.user.id, Utc::now()).await?;
    let bot_username = bot_username(caller).await;
    Ok(LinkCode {
        deep_link: bot_username.as_deref().map(|b| staff_notify::deep_link(b, &code)),
        code,
        expires_at: expires_at.to_rfc3339(),
        bot_username,
    })
}
