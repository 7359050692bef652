//! The live event stream (`/api/events`) read as a browser would.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::support::Client;

/// One message of the event stream.
#[derive(Debug, Clone)]
pub struct Sse {
    pub event: String,
    pub id: Option<i64>,
    pub data: Value,
}

/// Reads `/api/events` as a browser would, into a channel.
pub struct Events {
    rx: mpsc::UnboundedReceiver<Sse>,
    task: tokio::task::JoinHandle<()>,
}

impl Events {
    pub async fn connect(c: &Client, last_event_id: Option<i64>) -> Events {
        let mut req = c.http.get(format!("{}/api/events", c.base));
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id.to_string());
        }
        let mut res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            let mut buf = String::new();
            while let Ok(Some(chunk)) = res.chunk().await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buf.find("\n\n") {
                    let block: String = buf.drain(..end + 2).collect();
                    let mut sse = Sse { event: "message".into(), id: None, data: Value::Null };
                    let mut any = false;
                    for line in block.lines() {
                        if let Some(v) = line.strip_prefix("event:") {
                            sse.event = v.trim().to_string();
                        } else if let Some(v) = line.strip_prefix("id:") {
                            sse.id = v.trim().parse().ok();
                        } else if let Some(v) = line.strip_prefix("data:") {
                            sse.data = serde_json::from_str(v.trim()).unwrap_or(Value::Null);
                            any = true;
                        }
                    }
                    if any && tx.send(sse).is_err() {
                        return;
                    }
                }
            }
        });
        Events { rx, task }
    }

    pub async fn next(&mut self) -> Sse {
        tokio::time::timeout(Duration::from_secs(10), self.rx.recv())
            .await
            .expect("an event within 10 s")
            .expect("stream open")
    }

    /// Skips events until one matches.
    pub async fn until(&mut self, pred: impl Fn(&Sse) -> bool) -> Sse {
        loop {
            let e = self.next().await;
            if pred(&e) {
                return e;
            }
        }
    }

    pub async fn ready(&mut self) -> i64 {
        self.until(|e| e.event == "ready").await.id.expect("ready carries an id")
    }

    /// Everything that arrives within `quiet` of the previous event.
    pub async fn drain(&mut self, quiet: Duration) -> Vec<Sse> {
        let mut out = Vec::new();
        while let Ok(Some(e)) = tokio::time::timeout(quiet, self.rx.recv()).await {
            out.push(e);
        }
        out
    }

    pub fn close(self) {
        self.task.abort();
    }
}

pub fn about(e: &Sse, conv: i64) -> bool {
    e.event == "message" && e.data["conversation_id"] == json!(conv)
}
