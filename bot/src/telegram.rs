//! Connecting the bot to Telegram: webhook registration when the server has a public URL, long
//! polling into the same update store when it hasn't.

use std::time::Duration;

use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use teloxide::Bot;
use teloxide::prelude::Requester;
use teloxide::types::AllowedUpdate;
use url::Url;

use crate::ingest;

/// The update kinds the bot asks Telegram for (explicit: Telegram's default omits some).
pub const ALLOWED_UPDATES: &[AllowedUpdate] =
    &[AllowedUpdate::Message, AllowedUpdate::EditedMessage, AllowedUpdate::CallbackQuery, AllowedUpdate::MyChatMember];

const ALLOWED_UPDATE_NAMES: &[&str] = &["message", "edited_message", "callback_query", "my_chat_member"];

/// The Bot API client for `token`, talking to `api_url` (the official API, or a fake in tests).
pub fn make_bot(token: &str, api_url: &Url) -> Bot {
    Bot::new(token).set_api_url(api_url.clone())
}

/// A Bot API error's text without the token (teloxide's network errors include the URL, which
/// holds it).
pub fn masked(e: &impl std::fmt::Display, bot: &Bot) -> String {
    crate::connection::mask(&e.to_string(), bot.token())
}

/// `PUBLIC_URL/telegram/webhook`.
pub fn webhook_url(public_url: &Url) -> Url {
    let base = public_url.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}/telegram/webhook")).expect("a valid base URL stays valid")
}

/// Registers the webhook with its secret token and the update kinds we handle.
pub async fn register_webhook(bot: &Bot, public_url: &Url, secret: &str) -> Result<(), teloxide::RequestError> {
    use teloxide::payloads::SetWebhookSetters;
    use teloxide::requests::Request;
    bot.set_webhook(webhook_url(public_url))
        .secret_token(secret)
        .allowed_updates(ALLOWED_UPDATES.to_vec())
        .send()
        .await?;
    Ok(())
}

/// Retries `register_webhook` with backoff until it succeeds (Telegram may be briefly unreachable
/// at start; the admin works meanwhile).
pub async fn keep_registering_webhook(bot: Bot, public_url: Url, secret: String) {
    let mut delay = Duration::from_secs(1);
    loop {
        match register_webhook(&bot, &public_url, &secret).await {
            Ok(()) => {
                tracing::info!(url = %webhook_url(&public_url), "webhook registered");
                return;
            }
            Err(e) => {
                tracing::warn!(error = %masked(&e, &bot), retry_in = ?delay, "could not register the webhook");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(60));
            }
        }
    }
}

/// Long-polls getUpdates and stores every update exactly as the webhook would (raw JSON,
/// idempotent on update_id). Telegram forgets updates only when a later call's offset passes
/// them, and the offset advances only after they are stored: a crash loses nothing.
pub async fn poll_updates(bot: Bot, db: DatabaseConnection) {
    if let Err(e) = bot.delete_webhook().await {
        tracing::warn!(error = %masked(&e, &bot), "deleteWebhook failed; polling anyway");
    }
    let mut offset: Option<i64> = None;
    let mut delay = Duration::from_secs(1);
    loop {
        match get_updates(&bot, offset, 25).await {
            Ok(updates) => {
                delay = Duration::from_secs(1);
                for raw in updates {
                    let body = raw.to_string();
                    match ingest::parse(body.as_bytes()) {
                        Ok(update) => {
                            // Store before advancing the offset; on a database error, retry the
                            // same batch (the stored part is deduplicated).
                            if let Err(e) = ingest::store(&db, &update).await {
                                tracing::error!(error = %e, "could not store a polled update; retrying");
                                tokio::time::sleep(delay).await;
                                break;
                            }
                            offset = Some(update.update_id + 1);
                        }
                        Err(why) => {
                            tracing::warn!(%why, "skipping an invalid update from getUpdates");
                            if let Some(id) = raw.get("update_id").and_then(Value::as_i64) {
                                offset = Some(id + 1);
                            }
                        }
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, retry_in = ?delay, "getUpdates failed");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(30));
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error("network: {0}")]
    Network(String),
    #[error("Telegram answered: {0}")]
    Api(String),
}

/// One getUpdates call, returning the updates as raw JSON (teloxide's typed `Update` would drop
/// fields it doesn't know, and the store keeps updates verbatim).
async fn get_updates(bot: &Bot, offset: Option<i64>, timeout_secs: u32) -> Result<Vec<Value>, PollError> {
    let mut url = bot.api_url();
    url.path_segments_mut()
        .map_err(|_| PollError::Network("bad API URL".into()))?
        .push(&format!("bot{}", bot.token()))
        .push("getUpdates");
    let mut body = json!({ "timeout": timeout_secs, "allowed_updates": ALLOWED_UPDATE_NAMES });
    if let Some(o) = offset {
        body["offset"] = json!(o);
    }
    let res = bot
        .client()
        .post(url)
        .json(&body)
        .timeout(Duration::from_secs(u64::from(timeout_secs) + 10))
        .send()
        .await
        // Without the URL: it contains the bot token.
        .map_err(|e| PollError::Network(e.without_url().to_string()))?;
    let value: Value = res.json().await.map_err(|e| PollError::Network(e.without_url().to_string()))?;
    if value.get("ok").and_then(Value::as_bool) != Some(true) {
        let description = value.get("description").and_then(Value::as_str).unwrap_or("no description");
        return Err(PollError::Api(description.to_string()));
    }
    Ok(value.get("result").and_then(Value::as_array).cloned().unwrap_or_default())
}

/// The commands Telegram lists for a language, as [`types::command::menu_lines`] picks them:
/// shown and active ones, in their order, in the language's descriptions.
pub async fn commands_for<C: sea_orm::ConnectionTrait>(
    db: &C,
    english: bool,
) -> Result<Vec<teloxide::types::BotCommand>, sea_orm::DbErr> {
    let rows = crate::commands::rows(db).await?;
    let listed = rows.iter().map(|c| types::command::Listed {
        name: &c.command,
        description_ru: &c.description_ru,
        description_en: &c.description_en,
        show_in_menu: c.show_in_menu,
        is_active: c.is_active,
    });
    Ok(types::command::menu_lines(listed, english)
        .into_iter()
        .map(|l| teloxide::types::BotCommand::new(l.name, l.description))
        .collect())
}

/// Woken by every saved change of the commands in this process ([`crate::commands`]): the
/// commands task of the running bot then calls `setMyCommands` again.
pub fn commands_changed() -> &'static tokio::sync::Notify {
    static CHANGED: std::sync::OnceLock<tokio::sync::Notify> = std::sync::OnceLock::new();
    CHANGED.get_or_init(tokio::sync::Notify::new)
}

/// How often the commands task looks for changes saved by another process (the newest
/// `updated_at` and the number of commands).
pub const COMMANDS_CHECK: Duration = Duration::from_secs(10);

/// Keeps Telegram's command menu in line with the database: Russian as the default and for
/// `ru`, English for `en` clients. Syncs at start, then again as soon as a change is saved in
/// this process ([`commands_changed`]) or seen from another one (every [`COMMANDS_CHECK`]);
/// each sync retries until Telegram answers. Runs until aborted.
pub async fn sync_commands(bot: Bot, db: DatabaseConnection) {
    let mut seen = None;
    loop {
        // Created before the sync: a change saved while it runs wakes the next round.
        let woken = commands_changed().notified();
        let stamp = crate::commands::stamp(&db).await.ok();
        sync_commands_once(&bot, &db).await;
        seen = stamp.or(seen);
        tokio::pin!(woken);
        loop {
            tokio::select! {
                _ = &mut woken => break,
                _ = tokio::time::sleep(COMMANDS_CHECK) => {
                    if let Ok(now) = crate::commands::stamp(&db).await
                        && Some(&now) != seen.as_ref()
                    {
                        break;
                    }
                }
            }
        }
    }
}

/// One sync: `setMyCommands` for the default scope, `ru` and `en`, retried with backoff until
/// Telegram takes all three.
async fn sync_commands_once(bot: &Bot, db: &DatabaseConnection) {
    use teloxide::payloads::SetMyCommandsSetters;
    use teloxide::requests::Request;
    let mut delay = Duration::from_secs(1);
    loop {
        let result = async {
            let ru = commands_for(db, false).await.map_err(|e| e.to_string())?;
            let en = commands_for(db, true).await.map_err(|e| e.to_string())?;
            bot.set_my_commands(ru.clone()).send().await.map_err(|e| e.to_string())?;
            bot.set_my_commands(ru).language_code("ru").send().await.map_err(|e| e.to_string())?;
            bot.set_my_commands(en).language_code("en").send().await.map_err(|e| e.to_string())?;
            Ok::<_, String>(())
        }
        .await;
        match result {
            Ok(()) => {
                tracing::info!("bot commands synced with Telegram");
                return;
            }
            Err(e) => {
                tracing::warn!(error = %masked(&e, bot), retry_in = ?delay, "could not sync bot commands");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(60));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_url_is_under_the_public_url() {
        let u = |s: &str| webhook_url(&Url::parse(s).unwrap()).to_string();
        assert_eq!(u("https://support.example.com"), "https://support.example.com/telegram/webhook");
        assert_eq!(u("https://example.com/support/"), "https://example.com/support/telegram/webhook");
    }

    #[test]
    fn allowed_update_names_match_the_typed_list() {
        let typed: Vec<String> =
            ALLOWED_UPDATES.iter().map(|u| serde_json::to_value(u).unwrap().as_str().unwrap().to_string()).collect();
        assert_eq!(typed, ALLOWED_UPDATE_NAMES);
    }
}
