//! Operators' attachments.
//!
//! `POST /api/inbox/{id}/files` (multipart: `text`, `client_key`, one `file` part per file) sends
//! a reply with photos and documents. Each file is checked as it arrives (`types::files`: size,
//! programs, empty; photo or document from its first bytes, not from the browser's claim),
//! streamed to the data folder while it is hashed, and only when every file passed are they kept
//! (`<data dir>/files/<sha256>`); then `bot::inbox::reply_with_files` stores the message, its
//! `message_files` rows and the outbox calls in one transaction. A refused file answers 413/422
//! with [`ApiError::FileInvalid`] naming it, and nothing is kept. Signed-in staff only (401), and
//! whoever may reply (403/409 as for a text reply, checked before the upload is read).
//!
//! `GET /media/file/{id}`: an operator's file from the data folder, for signed-in staff.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::extract::{Multipart, Path as UrlPath};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{DatabaseConnection, EntityTrait};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use types::files::{self, FileProblem};

use app::auth::server::{AuthSession, StaffUser};
use app::error::ApiError;

/// The largest request body the upload route reads: every file at its limit, and the text.
pub const BODY_LIMIT: usize = files::MAX_FILES * files::FILE_MAX_BYTES as usize + (1 << 20);

#[derive(Clone)]
pub struct Files {
    pub db: DatabaseConnection,
    pub dir: PathBuf,
}

fn error(e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e)).into_response()
}

fn refused(name: &str, problem: FileProblem) -> Response {
    error(ApiError::FileInvalid { name: name.to_string(), problem })
}

/// A file received in full, still under its temporary name.
struct Received {
    temp: PathBuf,
    file: bot::inbox::NewFile,
}

/// Temporary files of a request, removed unless kept.
struct Temps(Vec<PathBuf>);

impl Drop for Temps {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn temp_path(dir: &Path) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    dir.join(format!(".upload-{}-{nanos}-{}.part", std::process::id(), N.fetch_add(1, Ordering::Relaxed)))
}

/// The MIME type to keep for a file: the image type its bytes show, else the browser's (when it
/// looks like one), else from the extension, else `application/octet-stream`.
fn mime_of(sniffed: Option<&str>, claimed: Option<&str>, name: &str) -> String {
    if let Some(s) = sniffed {
        return s.to_string();
    }
    let claimed = claimed.map(str::trim).filter(|m| {
        m.len() <= 100 && m.contains('/') && m.bytes().all(|b| b.is_ascii_graphic()) && !files::is_photo_mime(m)
    });
    match claimed {
        Some(m) => m.to_ascii_lowercase(),
        None => match files::extension(name).as_str() {
            "pdf" => "application/pdf",
            "txt" => "text/plain",
            "csv" => "text/csv",
            "zip" => "application/zip",
            "doc" => "application/msword",
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/octet-stream",
        }
        .to_string(),
    }
}

pub async fn upload(
    state: Files,
    auth: AuthSession,
    UrlPath(id): UrlPath<i64>,
    parts: axum::http::request::Parts,
    mut form: Multipart,
) -> Response {
    // The action log's address, as for server functions.
    let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let ip = app::auth::server::pick_client_ip(peer, forwarded).map(|ip| ip.to_string());
    let Some(StaffUser(user)) = auth.user.clone() else {
        return error(ApiError::Unauthorized);
    };
    let staff = bot::inbox::Staff::from_model(&user);
    // Who may reply is known before a byte is read: a refused reply uploads nothing.
    if let Err(e) = bot::inbox::may_reply(&state.db, &staff, id).await {
        return error(app::inbox::server::from_inbox(e));
    }
    if let Err(e) = tokio::fs::create_dir_all(&state.dir).await {
        tracing::error!(error = %e, "files: cannot create the files folder");
        return error(ApiError::Internal);
    }
    let mut text = String::new();
    let mut client_key = None;
    let mut received: Vec<Received> = Vec::new();
    let mut temps = Temps(Vec::new());
    // A refusal is answered after the rest of the body was read (and dropped): a client still
    // sending would otherwise see the connection close instead of the reason.
    let mut refusal: Option<Response> = None;
    'fields: loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                // A body over the limit ends here too.
                tracing::debug!(error = %e, "files: unreadable upload");
                return if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    refused("", FileProblem::TooBig)
                } else {
                    error(ApiError::Transport(e.body_text()))
                };
            }
        };
        match field.name() {
            Some("text") => text = field.text().await.unwrap_or_default(),
            Some("client_key") => client_key = field.text().await.ok(),
            Some("file") => {
                let name = files::clean_name(field.file_name().unwrap_or("file"));
                macro_rules! fail {
                    ($response:expr) => {{
                        refusal = Some($response);
                        while let Ok(Some(_)) = field.chunk().await {}
                        break 'fields;
                    }};
                }
                if received.len() >= files::MAX_FILES {
                    fail!(refused(&name, FileProblem::TooMany));
                }
                // Programs are refused by name, before their bytes are read.
                if let Err(p @ FileProblem::Blocked) = files::check(&name, 1) {
                    fail!(refused(&name, p));
                }
                let claimed = field.content_type().map(str::to_string);
                let temp = temp_path(&state.dir);
                temps.0.push(temp.clone());
                let mut out = match tokio::fs::File::create(&temp).await {
                    Ok(f) => f,
                    Err(e) => {
                        tracing::error!(error = %e, "files: cannot write an upload");
                        fail!(error(ApiError::Internal));
                    }
                };
                let mut hash = Sha256::new();
                let mut size: u64 = 0;
                let mut head = Vec::with_capacity(16);
                loop {
                    let chunk = match field.chunk().await {
                        Ok(Some(c)) => c,
                        Ok(None) => break,
                        Err(e) => {
                            return if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                                refused(&name, FileProblem::TooBig)
                            } else {
                                error(ApiError::Transport(e.body_text()))
                            };
                        }
                    };
                    size += chunk.len() as u64;
                    if size > files::FILE_MAX_BYTES {
                        fail!(refused(&name, FileProblem::TooBig));
                    }
                    if head.len() < 16 {
                        head.extend(chunk.iter().take(16 - head.len()));
                    }
                    hash.update(&chunk);
                    if let Err(e) = out.write_all(&chunk).await {
                        tracing::error!(error = %e, "files: cannot write an upload");
                        fail!(error(ApiError::Internal));
                    }
                }
                if let Err(e) = out.sync_all().await {
                    tracing::error!(error = %e, "files: cannot write an upload");
                    fail!(error(ApiError::Internal));
                }
                if let Err(p) = files::check(&name, size) {
                    fail!(refused(&name, p));
                }
                let sniffed = files::sniff_image(&head);
                let mime = mime_of(sniffed, claimed.as_deref(), &name);
                let kind = match sniffed {
                    Some(_) => files::kind_of(&mime, size),
                    None => types::AttachmentKind::Document,
                };
                let sha256 = hash.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>();
                received.push(Received {
                    temp,
                    file: bot::inbox::NewFile { name, mime_type: mime, size: size as i64, sha256, kind },
                });
            }
            _ => {}
        }
    }
    if let Some(response) = refusal {
        while let Ok(Some(mut field)) = form.next_field().await {
            while let Ok(Some(_)) = field.chunk().await {}
        }
        return response;
    }
    // Every file passed: keep them, by content (the same file sent twice is stored once).
    for r in &received {
        let done = state.dir.join(&r.file.sha256);
        if tokio::fs::metadata(&done).await.is_ok() {
            continue;
        }
        if let Err(e) = tokio::fs::rename(&r.temp, &done).await {
            tracing::error!(error = %e, "files: cannot keep an upload");
            return error(ApiError::Internal);
        }
    }
    drop(temps);
    let files: Vec<_> = received.into_iter().map(|r| r.file).collect();
    match bot::inbox::reply_with_files(&state.db, &staff, id, &text, files, client_key.as_deref(), ip.as_deref()).await
    {
        Ok(m) => match app::inbox::server::message_view(&state.db, m).await {
            Ok(v) => axum::Json(v).into_response(),
            Err(e) => error(e),
        },
        Err(e) => error(app::inbox::server::from_inbox(e)),
    }
}

/// `GET /media/file/{id}`: an operator's stored file (images inline, the rest as a download under
/// its name).
pub async fn serve(state: Files, auth: AuthSession, UrlPath(id): UrlPath<i64>) -> Response {
    if auth.user.is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in first").into_response();
    }
    let file = match entity::message_files::Entity::find_by_id(id).one(&state.db).await {
        Ok(Some(f)) => f,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such file").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "files: database error");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if file.sha256.len() != 64 || !file.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    let bytes = match tokio::fs::read(state.dir.join(&file.sha256)).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, file = id, "files: the stored file is missing");
            return (StatusCode::NOT_FOUND, "the stored file is missing").into_response();
        }
    };
    let mut res = Response::new(Body::from(bytes));
    let headers = res.headers_mut();
    let inline = file.kind == types::AttachmentKind::Photo;
    let mime = if inline { file.mime_type.as_str() } else { "application/octet-stream" };
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    let ascii: String =
        file.name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let encoded: String = file
        .name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    let disposition =
        format!("{}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}", if inline { "inline" } else { "attachment" });
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_types_come_from_bytes_then_the_browser_then_the_name() {
        assert_eq!(mime_of(Some("image/png"), Some("application/pdf"), "a.pdf"), "image/png");
        assert_eq!(mime_of(None, Some("application/pdf"), "x"), "application/pdf");
        // A browser's "image/jpeg" for bytes that are no image is not believed.
        assert_eq!(mime_of(None, Some("image/jpeg"), "x.jpg"), "application/octet-stream");
        assert_eq!(mime_of(None, None, "r.pdf"), "application/pdf");
        assert_eq!(mime_of(None, Some("bad"), "r.bin"), "application/octet-stream");
    }
}
