//! `POST /telegram/webhook`: authenticate by the secret header, store the raw update, answer.
//!
//! Answers: 401 without the right secret; 400 (and a log line) for a body that is not a valid
//! update or is over 1 MiB; 200 once the update is stored — or was already stored, since Telegram
//! may deliver twice; 503 only when the database can't store it, so Telegram retries rather than
//! losing it. Never a 5xx for anything the update itself contains.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bot::ingest::{self, MAX_BODY_BYTES, Stored};
use bot::intake::Intake;

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
pub struct Webhook {
    /// Stores updates in groups (and wakes this process's update worker; others poll).
    pub intake: Intake,
    pub secret: String,
}

pub async fn receive(State(hook): State<Webhook>, req: Request) -> Response {
    let given = req.headers().get(SECRET_HEADER).map(|v| v.as_bytes().to_vec());
    if !ingest::secret_matches(&hook.secret, given.as_deref()) {
        tracing::warn!("webhook call without the right secret token");
        return (StatusCode::UNAUTHORIZED, "unauthorized").into_response();
    }
    let body = match to_bytes(Body::new(req.into_body()), MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            tracing::warn!("webhook body rejected: larger than 1 MiB or unreadable");
            return (StatusCode::BAD_REQUEST, "body too large").into_response();
        }
    };
    let update = match ingest::parse(&body) {
        Ok(u) => u,
        Err(why) => {
            tracing::warn!(%why, bytes = body.len(), "webhook body rejected");
            return (StatusCode::BAD_REQUEST, why.to_string()).into_response();
        }
    };
    let update_id = update.update_id;
    match hook.intake.store(update).await {
        Ok(Stored::New) => {
            tracing::debug!(update_id, "update stored");
            StatusCode::OK.into_response()
        }
        Ok(Stored::Duplicate) => {
            tracing::info!(update_id, "duplicate update ignored");
            StatusCode::OK.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, update_id, "could not store an update; Telegram will retry");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}
