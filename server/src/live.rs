//! `GET /api/events`: the inbox's live events as Server-Sent Events, for signed-in staff.
//!
//! Each change is one SSE message whose `id:` is the event id and whose data is
//! `{"id", "kind", "conversation_id", "message_id"}`. On connecting, the server sends a `ready`
//! event carrying the current position as its id; a browser that reconnects (EventSource does so by
//! itself, sending `Last-Event-ID`) first gets every event it missed, in order and none twice,
//! then `ready`. If it missed more than [`bot::events::CATCH_UP_LIMIT`] events (or they were
//! pruned), it gets a `reset` event instead, telling it to reload what it shows. Clients refresh
//! their views on `ready` and `reset`, so nothing between loading a page and connecting is lost.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use bot::events::{self, Event, Hub};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use app::auth::server::AuthSession;

#[derive(Debug, Deserialize)]
pub struct Position {
    /// Same as the Last-Event-ID header (for clients that can't set headers).
    after: Option<i64>,
}

/// Browsers get this long to come back before EventSource's default backoff.
const RETRY: Duration = Duration::from_millis(1000);

pub async fn events(hub: Hub, auth: AuthSession, headers: HeaderMap, Query(q): Query<Position>) -> Response {
    let Some(user) = auth.user.as_ref().map(|u| u.0.id) else {
        return (StatusCode::UNAUTHORIZED, "sign in first").into_response();
    };
    let after = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(q.after)
        .filter(|a| *a >= 0);
    let (tx, rx) = mpsc::channel::<SseEvent>(256);
    tokio::spawn(follow(hub, after, tx, user));
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (Ok::<_, Infallible>(e), rx)) });
    let mut res = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    // No proxy buffering (Caddy, nginx): events must arrive as they happen.
    res.headers_mut().insert("x-accel-buffering", "no".parse().expect("static header"));
    res.headers_mut().insert("cache-control", "no-cache".parse().expect("static header"));
    res
}

fn change(e: &Event) -> SseEvent {
    let data = serde_json::json!({
        "id": e.id,
        "kind": e.kind,
        "conversation_id": e.conversation_id,
        "message_id": e.message_id,
    });
    SseEvent::default().id(e.id.to_string()).data(data.to_string())
}

fn marker(name: &str, position: i64) -> SseEvent {
    SseEvent::default()
        .event(name)
        .id(position.to_string())
        .retry(RETRY)
        .data(serde_json::json!({ "cursor": position }).to_string())
}

/// How often a connected browser's account is checked again: a deactivated account's stream
/// ends within this time (its next reconnect is refused).
const RECHECK: Duration = Duration::from_secs(60);

/// Feeds one browser: catch-up from the database, then the hub's broadcast, skipping what it
/// already sent. Ends when the browser goes away or its account is deactivated.
async fn follow(hub: Hub, after: Option<i64>, tx: mpsc::Sender<SseEvent>, user: i64) {
    // Subscribe before reading anything, so nothing falls between the catch-up and the live feed.
    let mut live = hub.subscribe();
    let mut last = match after {
        Some(after) => match catch_up(&hub, after, &tx).await {
            Some(last) => last,
            None => return,
        },
        None => hub.cursor(),
    };
    if tx.send(marker("ready", last)).await.is_err() {
        return;
    }
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.tick().await;
    loop {
        let received = tokio::select! {
            r = live.recv() => r,
            _ = hub.closed() => return,
            _ = recheck.tick() => {
                if !still_active(&hub, user).await {
                    return;
                }
                continue;
            }
        };
        match received {
            Ok(e) => {
                if e.id <= last {
                    continue;
                }
                last = e.id;
                if tx.send(change(&e)).await.is_err() {
                    return;
                }
            }
            Err(RecvError::Lagged(_)) => {
                // This browser fell behind the broadcast: fill the gap from the database.
                match catch_up(&hub, last, &tx).await {
                    Some(l) => last = l,
                    None => return,
                }
            }
            Err(RecvError::Closed) => return,
        }
    }
}

/// Sends the events after `after` from the database; `None` when the browser went away. Too many,
/// or some already pruned → a `reset` instead.
async fn catch_up(hub: &Hub, after: i64, tx: &mpsc::Sender<SseEvent>) -> Option<i64> {
    let db = hub.db();
    if after > 0 {
        match events::since(db, 0, 1).await {
            // Everything up to the browser's position and beyond it was pruned.
            Ok(oldest) if oldest.first().is_some_and(|e| e.id > after + 1) => return reset(hub, tx).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "events: catch-up failed; asking the browser to reload");
                return reset(hub, tx).await;
            }
        }
    }
    let batch = match events::since(db, after, events::CATCH_UP_LIMIT + 1).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "events: catch-up failed; asking the browser to reload");
            return reset(hub, tx).await;
        }
    };
    if batch.len() as u64 > events::CATCH_UP_LIMIT {
        return reset(hub, tx).await;
    }
    let mut last = after;
    for e in &batch {
        tx.send(change(e)).await.ok()?;
        last = e.id;
    }
    Some(last)
}

async fn still_active(hub: &Hub, user: i64) -> bool {
    use sea_orm::EntityTrait;
    match entity::staff_users::Entity::find_by_id(user).one(hub.db()).await {
        Ok(Some(u)) => u.is_active,
        Ok(None) => false,
        // A database hiccup doesn't end the stream; the next check decides.
        Err(_) => true,
    }
}

async fn reset(hub: &Hub, tx: &mpsc::Sender<SseEvent>) -> Option<i64> {
    let position = events::latest_id(hub.db()).await.unwrap_or_else(|_| hub.cursor());
    tx.send(marker("reset", position)).await.ok()?;
    Some(position)
}
