//! What the matcher's thresholds would have done to the customer messages of the last 30 days:
//! each message scored once against the live FAQ, so the settings page can count answered /
//! suggested / handed off for any thresholds as they are dragged (`types::settings::ScoreSamples`).
//!
//! Guarantees: the same steps as the bot's decision (an empty message or a request for a person is
//! handed off whatever the scores; then the best and runner-up scores); commands are left out
//! (they never reach the matcher), and so are the simulator's test customers; at most [`CAP`] messages, the newest, are scored (a few
//! seconds' work at most, on a blocking thread).

use chrono::{DateTime, Duration, Utc};
use entity::messages;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use types::settings::ScoreSamples;

use crate::matcher::{MAX_SUGGESTIONS, asks_for_human, normalize::normalize};

/// The most messages scored.
pub const CAP: u64 = 5_000;

pub async fn samples(
    db: &DatabaseConnection,
    live: &crate::faq::Live,
    now: DateTime<Utc>,
) -> Result<ScoreSamples, DbErr> {
    let view = live.current(db).await?;
    let texts: Vec<Option<String>> = messages::Entity::find()
        .select_only()
        .column(messages::Column::Text)
        .filter(messages::Column::Sender.eq(messages::Sender::Customer))
        .filter(messages::Column::Kind.eq(types::MessageKind::Text))
        .filter(messages::Column::CreatedAt.gte(now - Duration::days(30)))
        .filter(messages::Column::CustomerId.is_not_in(crate::faq::stats::test_customers(db).await?))
        .order_by_desc(messages::Column::Id)
        .limit(CAP + 1)
        .into_tuple()
        .all(db)
        .await?;
    let capped = texts.len() as u64 > CAP;
    let texts: Vec<String> =
        texts.into_iter().take(CAP as usize).flatten().filter(|t| !t.trim_start().starts_with('/')).collect();
    let matcher = view.matcher.clone();
    let samples = tokio::task::spawn_blocking(move || {
        let mut s = ScoreSamples { total: texts.len(), capped, ..ScoreSamples::default() };
        for t in &texts {
            if normalize(t).is_empty() || asks_for_human(t) {
                s.always_handed_off += 1;
                continue;
            }
            let ranked = matcher.rank(t, MAX_SUGGESTIONS);
            let best = ranked.first().map_or(0.0, |r| r.score);
            let runner = ranked.get(1).map_or(0.0, |r| r.score);
            s.scores.push((best, runner));
        }
        s
    })
    .await
    .map_err(|e| DbErr::Custom(format!("scoring the messages failed: {e}")))?;
    Ok(samples)
}
