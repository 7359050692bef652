//! A fake Telegram Bot API on 127.0.0.1: records every call, answers as Telegram does, serves
//! queued updates to getUpdates, and can be told to fail the next calls of a method (429 with
//! retry_after, 500, 403 "bot was blocked by the user").

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Call {
    pub token: String,
    pub method: String,
    pub params: Value,
    /// When the call arrived (the load test measures delivery latency with it).
    pub at: std::time::Instant,
    /// Files uploaded by multipart: (form field, file name, bytes).
    pub files: Vec<Upload>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub field: String,
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub enum Failure {
    RetryAfter(u32),
    ServerError,
    Blocked,
    BadRequest(&'static str),
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    updates: VecDeque<Value>,
    failures: HashMap<String, VecDeque<Failure>>,
    next_message_id: i64,
    /// What getWebhookInfo reports as the last delivery error (unix time, message).
    webhook_error: Option<(i64, String)>,
}

#[derive(Clone)]
pub struct FakeTelegram {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    task: Arc<tokio::task::JoinHandle<()>>,
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let inner = Arc::new(Mutex::new(Inner { next_message_id: 1000, ..Default::default() }));
        let app = axum::Router::new()
            .route("/{bot}/{method}", axum::routing::post(handle))
            .route("/file/{bot}/{*path}", axum::routing::get(download))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeTelegram { url, inner, task: Arc::new(task) }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// How many calls of `method` arrived (cheap: no copies).
    pub fn count(&self, method: &str) -> usize {
        self.inner.lock().unwrap().calls.iter().filter(|c| c.method == method).count()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.method == method).collect()
    }

    /// Makes updates available to getUpdates.
    pub fn push_update(&self, update: Value) {
        self.inner.lock().unwrap().updates.push_back(update);
    }

    /// getWebhookInfo reports this delivery error from now on.
    pub fn set_webhook_error(&self, at: i64, message: &str) {
        self.inner.lock().unwrap().webhook_error = Some((at, message.to_string()));
    }

    /// The next call of `method` fails this way (queued: several calls fail in order).
    pub fn fail_next(&self, method: &str, failure: Failure) {
        self.inner.lock().unwrap().failures.entry(method.to_string()).or_default().push_back(failure);
    }

    /// Waits until `pred` holds for the recorded calls (at most `secs` seconds).
    pub async fn wait_for(&self, secs: u64, pred: impl Fn(&[Call]) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        while tokio::time::Instant::now() < deadline {
            if pred(&self.calls()) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        if Arc::strong_count(&self.task) == 1 {
            self.task.abort();
        }
    }
}

fn ok(result: Value) -> Response {
    Json(json!({ "ok": true, "result": result })).into_response()
}

fn err(status: StatusCode, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({ "ok": false, "error_code": status.as_u16(), "description": description });
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    (status, Json(body)).into_response()
}

/// Telegram's method names are case-insensitive; teloxide sends `SendMessage`. Normalise to the
/// documented `sendMessage`.
fn normalise_method(m: &str) -> String {
    let mut chars = m.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    (from..=hay.len().checked_sub(needle.len())?).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// Parameters from a JSON body, or from a multipart form (teloxide uses one for methods that may
/// carry files, such as setWebhook and sendPhoto); multipart values that are JSON are decoded,
/// and parts with a file name are kept whole (binary-safe) as uploads.
fn parse_params(headers: &axum::http::HeaderMap, body: &[u8]) -> (Value, Vec<Upload>) {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        let boundary = format!("--{}", boundary.trim_matches('"'));
        let delim = boundary.as_bytes();
        let mut map = serde_json::Map::new();
        let mut files = Vec::new();
        let mut at = find(body, delim, 0).map(|i| i + delim.len());
        while let Some(start) = at {
            let Some(end) = find(body, delim, start) else { break };
            let part = &body[start..end];
            at = Some(end + delim.len());
            let Some(split) = find(part, b"\r\n\r\n", 0) else { continue };
            let head = String::from_utf8_lossy(&part[..split]).to_string();
            let mut value = &part[split + 4..];
            if value.ends_with(b"\r\n") {
                value = &value[..value.len() - 2];
            }
            let Some(name) = head.split("name=\"").nth(1).and_then(|n| n.split('"').next()) else { continue };
            if let Some(file_name) = head.split("filename=\"").nth(1).and_then(|n| n.split('"').next()) {
                files.push(Upload { field: name.to_string(), name: file_name.to_string(), bytes: value.to_vec() });
                map.insert(name.to_string(), json!(format!("<file {file_name}>")));
                continue;
            }
            let text = String::from_utf8_lossy(value).to_string();
            map.insert(name.to_string(), serde_json::from_str(&text).unwrap_or(Value::String(text)));
        }
        return (Value::Object(map), files);
    }
    (serde_json::from_slice(body).unwrap_or(Value::Null), Vec::new())
}

/// A sent message as Telegram returns it, with a photo or document when `media` says.
fn message(inner: &Mutex<Inner>, chat_id: &Value, media: Option<(&str, &str)>) -> Value {
    let id = {
        let mut s = inner.lock().unwrap();
        s.next_message_id += 1;
        s.next_message_id
    };
    let mut m = json!({
        "message_id": id,
        "date": 1_700_000_000,
        "chat": { "id": chat_id, "type": "private", "first_name": "Customer" },
        "from": { "id": 7000001, "is_bot": true, "first_name": "Support" },
    });
    match media {
        Some(("photo", name)) => {
            m["photo"] = json!([{ "file_id": format!("tg-photo-{id}"), "file_unique_id": format!("u{id}"), "width": 90, "height": 90 }]);
            let _ = name;
        }
        Some((_, name)) => {
            m["document"] =
                json!({ "file_id": format!("tg-doc-{id}"), "file_unique_id": format!("u{id}"), "file_name": name });
        }
        None => {}
    }
    m
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path((bot, method)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(token) = bot.strip_prefix("bot").map(str::to_string) else {
        return err(StatusCode::NOT_FOUND, "Not Found", None);
    };
    let method = normalise_method(&method);
    let (params, files) = parse_params(&headers, &body);
    let failure = {
        let mut s = inner.lock().unwrap();
        s.calls.push(Call {
            token: token.clone(),
            method: method.clone(),
            params: params.clone(),
            at: std::time::Instant::now(),
            files: files.clone(),
        });
        s.failures.get_mut(&method).and_then(VecDeque::pop_front)
    };
    match failure {
        Some(Failure::RetryAfter(secs)) => {
            return err(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too Many Requests: retry after {secs}"),
                Some(json!({ "retry_after": secs })),
            );
        }
        Some(Failure::ServerError) => return err(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", None),
        Some(Failure::Blocked) => return err(StatusCode::FORBIDDEN, "Forbidden: bot was blocked by the user", None),
        Some(Failure::BadRequest(desc)) => return err(StatusCode::BAD_REQUEST, desc, None),
        None => {}
    }
    match method.as_str() {
        "getMe" => {
            // As Telegram answers: teloxide's `Me` needs the bot-only fields.
            ok(json!({
                "id": 7000001, "is_bot": true, "first_name": "Support", "username": "support_test_bot",
                "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
                "can_connect_to_business": false, "has_main_web_app": false,
            }))
        }
        "getUpdates" => {
            let offset = params.get("offset").and_then(Value::as_i64);
            let wait = params.get("timeout").and_then(Value::as_u64).unwrap_or(0).min(1);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(wait);
            loop {
                let batch: Vec<Value> = {
                    let mut s = inner.lock().unwrap();
                    if let Some(o) = offset {
                        // Telegram forgets everything before the offset.
                        s.updates.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= o);
                    }
                    s.updates.iter().take(100).cloned().collect()
                };
                if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                    return ok(Value::Array(batch));
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        "sendMessage" | "editMessageText" | "editMessageReplyMarkup" => {
            let id = {
                let mut s = inner.lock().unwrap();
                s.next_message_id += 1;
                s.next_message_id
            };
            let chat_id = params.get("chat_id").cloned().unwrap_or(json!(0));
            ok(json!({
                "message_id": id,
                "date": 1_700_000_000,
                "chat": { "id": chat_id, "type": "private", "first_name": "Customer" },
                "from": { "id": 7000001, "is_bot": true, "first_name": "Support" },
                "text": params.get("text").cloned().unwrap_or(json!("")),
            }))
        }
        "sendPhoto" | "sendDocument" => {
            let chat_id = params.get("chat_id").cloned().unwrap_or(json!(0));
            let field = if method == "sendPhoto" { "photo" } else { "document" };
            // The file is its own part, or a part the parameter points to (`attach://name`).
            let part = match params.get(field).and_then(Value::as_str).and_then(|v| v.strip_prefix("attach://")) {
                Some(name) => name.to_string(),
                None => field.to_string(),
            };
            let Some(file) = files.iter().find(|f| f.field == part) else {
                return err(StatusCode::BAD_REQUEST, "Bad Request: there is no file in the request", None);
            };
            let mut m = message(&inner, &chat_id, Some((field, &file.name)));
            if let Some(c) = params.get("caption") {
                m["caption"] = c.clone();
            }
            ok(m)
        }
        "sendMediaGroup" => {
            let chat_id = params.get("chat_id").cloned().unwrap_or(json!(0));
            let media = params.get("media").and_then(Value::as_array).cloned().unwrap_or_default();
            if !(2..=10).contains(&media.len()) {
                return err(StatusCode::BAD_REQUEST, "Bad Request: wrong number of media", None);
            }
            let mut out = Vec::new();
            for item in &media {
                let kind = item.get("type").and_then(Value::as_str).unwrap_or("photo");
                let attach = item.get("media").and_then(Value::as_str).unwrap_or("");
                let Some(file) = attach.strip_prefix("attach://").and_then(|f| files.iter().find(|u| u.field == f))
                else {
                    return err(StatusCode::BAD_REQUEST, "Bad Request: a media file is missing", None);
                };
                out.push(message(&inner, &chat_id, Some((kind, &file.name))));
            }
            ok(Value::Array(out))
        }
        "getWebhookInfo" => {
            let s = inner.lock().unwrap();
            // The URL the last setWebhook with this token gave, as Telegram remembers it.
            let url = s
                .calls
                .iter()
                .rev()
                .find(|c| c.token == token && c.method == "setWebhook")
                .and_then(|c| c.params.get("url").and_then(Value::as_str))
                .unwrap_or("")
                .to_string();
            let mut info = json!({ "url": url, "has_custom_certificate": false, "pending_update_count": 2 });
            if let Some((at, message)) = &s.webhook_error {
                info["last_error_date"] = json!(at);
                info["last_error_message"] = json!(message);
            }
            ok(info)
        }
        "getFile" => {
            let file_id = params.get("file_id").and_then(Value::as_str).unwrap_or("unknown");
            ok(json!({
                "file_id": file_id,
                "file_unique_id": format!("u{file_id}"),
                "file_size": FILE_BYTES.len(),
                "file_path": format!("photos/{file_id}.jpg"),
            }))
        }
        _ => ok(json!(true)),
    }
}

/// What every file "contains" (a JPEG's first bytes; enough to tell it came through).
pub const FILE_BYTES: &[u8] = b"\xFF\xD8\xFF\xE0fake-jpeg-from-telegram";

/// `GET /file/bot<token>/<path>`: the file download, recorded as a call named `download`.
async fn download(State(inner): State<Arc<Mutex<Inner>>>, Path((bot, path)): Path<(String, String)>) -> Response {
    let token = bot.strip_prefix("bot").unwrap_or_default().to_string();
    inner.lock().unwrap().calls.push(Call {
        token,
        method: "download".into(),
        params: json!({ "path": path }),
        at: std::time::Instant::now(),
        files: Vec::new(),
    });
    (StatusCode::OK, FILE_BYTES).into_response()
}
