//! The simulator's server side: maps `bot::sim` to view models (the FAQ questions of the logged
//! decisions looked up in the live FAQ). No queries here — they are in `bot`.

use std::sync::Arc;

use bot::sim::{Act, SimError, Tester};
use serde_json::Value;

use crate::auth::server::Caller;
use crate::error::ApiError;
use crate::sim::model::*;

fn why_view(w: &bot::sim::Why, faq: &Arc<bot::faq::live::FaqView>) -> WhyView {
    let d = &w.details;
    let question = |id: i64| faq.entries.get(&id).map(|e| e.question.clone()).unwrap_or_else(|| format!("#{id}"));
    let entry = |v: &Value| {
        v.get("faq_id").and_then(Value::as_i64).map(|id| WhyEntry {
            faq_id: id,
            question: question(id),
            score: v.get("score").and_then(Value::as_f64).map(|s| s as f32),
        })
    };
    let mut entries: Vec<WhyEntry> = entry(d).into_iter().collect();
    if let Some(list) = d.get("suggestions").and_then(Value::as_array) {
        entries.extend(list.iter().filter_map(entry));
    }
    let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
    WhyView {
        action: w.action,
        entries,
        detail: text("reason").or_else(|| text("command")).or_else(|| text("action")).or_else(|| text("data")),
        button_id: d.get("button_id").and_then(Value::as_i64),
        stars: d.get("stars").and_then(Value::as_i64),
    }
}

pub async fn transcript(caller: &Caller) -> Result<SimView, ApiError> {
    let db = &caller.state.db;
    let faq = caller.state.engine.faq().current(db).await?;
    let messages = bot::sim::transcript(db, caller.user.id).await?;
    let conversation_id = messages.last().map(|m| m.conversation_id);
    Ok(SimView {
        messages: messages
            .into_iter()
            .map(|m| SimMessageView {
                id: m.id,
                at: m.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                sender: m.sender,
                text: m.text,
                html: m.html,
                keyboard: m
                    .keyboard
                    .into_iter()
                    .map(|r| r.into_iter().map(|b| SimButtonView { text: b.text, data: b.data, url: b.url }).collect())
                    .collect(),
                why: m.why.iter().map(|w| why_view(w, &faq)).collect(),
                conversation_id: m.conversation_id,
            })
            .collect(),
        conversation_id,
    })
}

pub async fn send(caller: &Caller, act: Act, lang: &str) -> Result<SimView, ApiError> {
    let lang = if lang == "en" { "en" } else { "ru" };
    let name = format!("🧪 {}", caller.user.display_name);
    let tester = Tester { staff_id: caller.user.id, name: &name, lang };
    match bot::sim::send(&caller.state.db, tester, act).await {
        Ok(()) => {}
        Err(SimError::Db(e)) => return Err(e.into()),
        Err(e) => {
            tracing::warn!(error = %e, "simulator: the update was not handled");
            return Err(ApiError::Internal);
        }
    }
    transcript(caller).await
}
