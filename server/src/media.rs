//! `GET /media/{message_id}`: a customer's photo, document, voice… for signed-in staff. The file is
//! fetched from Telegram once (getFile, then the file download), cached in the data folder, and
//! served from there; images inline, everything else as a download. The bot token never reaches
//! the browser: the browser only ever sees this route.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Path as UrlPath;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entity::messages;
use sea_orm::{DatabaseConnection, EntityTrait};
use teloxide::Bot;
use teloxide::net::Download;
use teloxide::prelude::Requester;

use app::auth::server::AuthSession;

/// Telegram's Bot API serves files up to 20 MB.
const MAX_BYTES: u64 = 20 * 1024 * 1024;

#[derive(Clone)]
pub struct Media {
    pub db: DatabaseConnection,
    /// Where the bot token comes from (the environment's, else the stored one, read per fetch so a
    /// token set in the admin is used at once); without one nothing can be fetched (cached files
    /// are still served).
    pub connection: bot::connection::Setup,
    pub cache_dir: PathBuf,
    /// One download per message at a time.
    locks: Arc<tokio::sync::Mutex<std::collections::HashMap<i64, Arc<tokio::sync::Mutex<()>>>>>,
}

impl Media {
    pub fn new(db: DatabaseConnection, connection: bot::connection::Setup, cache_dir: PathBuf) -> Media {
        Media { db, connection, cache_dir, locks: Default::default() }
    }

    async fn lock_for(&self, id: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().await;
        locks.retain(|_, l| Arc::strong_count(l) > 1);
        locks.entry(id).or_default().clone()
    }
}

pub async fn serve(media: Media, auth: AuthSession, UrlPath(id): UrlPath<i64>) -> Response {
    if auth.user.is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in first").into_response();
    }
    let message = match messages::Entity::find_by_id(id).one(&media.db).await {
        Ok(Some(m)) => m,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such message").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "media: database error");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(file_id) = message.file_id.clone() else {
        return (StatusCode::NOT_FOUND, "this message has no file").into_response();
    };
    let lock = media.lock_for(id).await;
    let _guard = lock.lock().await;
    // Keyed by message and file: a database reset reuses message ids, never with the same file.
    let key = format!("{id}-{:016x}", fnv1a(file_id.as_bytes()));
    let path = match cached(&media.cache_dir, &key).await {
        Some(p) => p,
        None => match fetch(&media, &key, &file_id).await {
            Ok(p) => p,
            Err(FetchError::NoBot) => {
                return (StatusCode::SERVICE_UNAVAILABLE, "no bot token is configured, so files can't be fetched")
                    .into_response();
            }
            Err(FetchError::TooBig) => {
                return (StatusCode::PAYLOAD_TOO_LARGE, "Telegram serves bots files up to 20 MB").into_response();
            }
            Err(FetchError::Telegram(why)) => {
                tracing::warn!(message = id, why, "media: could not fetch the file from Telegram");
                return (StatusCode::BAD_GATEWAY, "Telegram did not give the file").into_response();
            }
            Err(FetchError::Io(e)) => {
                tracing::error!(message = id, error = %e, "media: could not store the file");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
    };
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "media: could not read the cached file");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let mime = mime_for(&ext, message.kind);
    let mut res = Response::new(Body::from(bytes));
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    let disposition = if mime.starts_with("image/") {
        "inline".to_string()
    } else {
        format!("attachment; filename=\"{}-{id}.{}\"", message.kind, if ext.is_empty() { "bin" } else { &ext })
    };
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The cached file of a message, whatever its extension.
async fn cached(dir: &Path, key: &str) -> Option<PathBuf> {
    let mut entries = tokio::fs::read_dir(dir).await.ok()?;
    let prefix = format!("{key}.");
    while let Ok(Some(e)) = entries.next_entry().await {
        if e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix) && !n.ends_with(".part")) {
            return Some(e.path());
        }
    }
    None
}

enum FetchError {
    NoBot,
    TooBig,
    Telegram(String),
    Io(std::io::Error),
}

async fn fetch(media: &Media, key: &str, file_id: &str) -> Result<PathBuf, FetchError> {
    let token = bot::connection::current_token(&media.db, &media.connection)
        .await
        .map_err(|e| FetchError::Telegram(crate::db_error(&e)))?
        .ok_or(FetchError::NoBot)?;
    let bot: Bot = bot::telegram::make_bot(&token, &media.connection.api_url);
    let file = bot
        .get_file(teloxide::types::FileId(file_id.to_string()))
        .await
        .map_err(|e| FetchError::Telegram(bot::telegram::masked(&e, &bot)))?;
    if u64::from(file.size) > MAX_BYTES {
        return Err(FetchError::TooBig);
    }
    let ext = Path::new(&file.path)
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin")
        .to_ascii_lowercase();
    tokio::fs::create_dir_all(&media.cache_dir).await.map_err(FetchError::Io)?;
    let part = media.cache_dir.join(format!("{key}.{ext}.part"));
    let done = media.cache_dir.join(format!("{key}.{ext}"));
    let mut out = tokio::fs::File::create(&part).await.map_err(FetchError::Io)?;
    if let Err(e) = bot.download_file(&file.path, &mut out).await {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(FetchError::Telegram(bot::telegram::masked(&e, &bot)));
    }
    drop(out);
    // Whole files only: a download cut off half-way is never served.
    tokio::fs::rename(&part, &done).await.map_err(FetchError::Io)?;
    Ok(done)
}

/// FNV-1a: a stable, dependency-free hash for cache file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn mime_for(ext: &str, kind: types::MessageKind) -> &'static str {
    match ext {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "tgs" => "application/x-tgsticker",
        _ if kind == types::MessageKind::Photo => "image/jpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_inline_types_and_the_rest_downloads() {
        assert_eq!(mime_for("jpg", types::MessageKind::Photo), "image/jpeg");
        assert_eq!(mime_for("", types::MessageKind::Photo), "image/jpeg");
        assert_eq!(mime_for("oga", types::MessageKind::Voice), "audio/ogg");
        assert_eq!(mime_for("exe", types::MessageKind::Document), "application/octet-stream");
    }
}
