//! How each FAQ entry has been doing: answers shown, "that helped" and "didn't help" presses,
//! counted over a window (the list shows the last 30 days).
//!
//! Counted from rows the bot writes anyway: history rows with `faq_entry_id` (every time an
//! answer was shown: matched, chosen from suggestions, or a menu button) and the action log's
//! `bot.helped` / `bot.not_helped` rows targeting the entry. Both reads are indexed group-bys.
//! The simulator's test customers are left out.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use entity::{action_log, customers, messages};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use types::{LogAction, TargetKind};

/// One entry's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryStats {
    pub hits: u32,
    pub helped: u32,
    pub not_helped: u32,
}

/// Every entry's counts since `since` (entries without any are absent).
pub async fn since<C: ConnectionTrait>(db: &C, since: DateTime<Utc>) -> Result<HashMap<i64, EntryStats>, DbErr> {
    let mut out: HashMap<i64, EntryStats> = HashMap::new();
    let hits: Vec<(Option<i64>, i64)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::FaqEntryId)
        .column_as(messages::Column::Id.count(), "n")
        // Only the bot's answers carry an entry (`engine::turn`), so no filter on the sender:
        // the count is then read from the index on (faq_entry_id, created_at) alone, never from
        // the rows (5× faster with 200,000 answers in the window; bench/README.md).
        .filter(messages::Column::FaqEntryId.is_not_null())
        .filter(messages::Column::CreatedAt.gte(since))
        .group_by(messages::Column::FaqEntryId)
        .into_tuple()
        .all(db)
        .await?;
    for (id, n) in hits {
        if let Some(id) = id {
            out.entry(id).or_default().hits = n as u32;
        }
    }
    let presses: Vec<(Option<i64>, LogAction, i64)> = action_log::Entity::find()
        .select_only()
        .column(action_log::Column::TargetId)
        .column(action_log::Column::Action)
        .column_as(action_log::Column::Id.count(), "n")
        .filter(action_log::Column::TargetKind.eq(TargetKind::FaqEntry))
        .filter(action_log::Column::Action.is_in([LogAction::BotHelped, LogAction::BotNotHelped]))
        .filter(action_log::Column::At.gte(since))
        .group_by(action_log::Column::TargetId)
        .group_by(action_log::Column::Action)
        .into_tuple()
        .all(db)
        .await?;
    for (id, action, n) in presses {
        let Some(id) = id else { continue };
        let s = out.entry(id).or_default();
        match action {
            LogAction::BotHelped => s.helped = n as u32,
            _ => s.not_helped = n as u32,
        }
    }
    leave_out_tests(db, since, &mut out).await?;
    Ok(out)
}

/// The simulator's test customers (`types::sim`): a handful of rows, found by the unique index on
/// their Telegram id.
pub async fn test_customers<C: ConnectionTrait>(db: &C) -> Result<Vec<i64>, DbErr> {
    customers::Entity::find()
        .select_only()
        .column(customers::Column::Id)
        .filter(customers::Column::TelegramUserId.lte(types::sim::CHAT_BASE))
        .into_tuple()
        .all(db)
        .await
}

/// Takes the test customers' answers and presses back out of the counts. Counted apart (there
/// are few) so the main counts keep reading their indexes alone.
async fn leave_out_tests<C: ConnectionTrait>(
    db: &C,
    since: DateTime<Utc>,
    out: &mut HashMap<i64, EntryStats>,
) -> Result<(), DbErr> {
    let tests = test_customers(db).await?;
    if tests.is_empty() {
        return Ok(());
    }
    let hits: Vec<(Option<i64>, i64)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::FaqEntryId)
        .column_as(messages::Column::Id.count(), "n")
        .filter(messages::Column::CustomerId.is_in(tests.clone()))
        .filter(messages::Column::FaqEntryId.is_not_null())
        .filter(messages::Column::CreatedAt.gte(since))
        .group_by(messages::Column::FaqEntryId)
        .into_tuple()
        .all(db)
        .await?;
    for (id, n) in hits {
        if let Some(s) = id.and_then(|id| out.get_mut(&id)) {
            s.hits = s.hits.saturating_sub(n as u32);
        }
    }
    let presses: Vec<(Option<i64>, LogAction, i64)> = action_log::Entity::find()
        .select_only()
        .column(action_log::Column::TargetId)
        .column(action_log::Column::Action)
        .column_as(action_log::Column::Id.count(), "n")
        .filter(action_log::Column::CustomerId.is_in(tests))
        .filter(action_log::Column::TargetKind.eq(TargetKind::FaqEntry))
        .filter(action_log::Column::Action.is_in([LogAction::BotHelped, LogAction::BotNotHelped]))
        .filter(action_log::Column::At.gte(since))
        .group_by(action_log::Column::TargetId)
        .group_by(action_log::Column::Action)
        .into_tuple()
        .all(db)
        .await?;
    for (id, action, n) in presses {
        if let Some(s) = id.and_then(|id| out.get_mut(&id)) {
            match action {
                LogAction::BotHelped => s.helped = s.helped.saturating_sub(n as u32),
                _ => s.not_helped = s.not_helped.saturating_sub(n as u32),
            }
        }
    }
    out.retain(|_, s| *s != EntryStats::default());
    Ok(())
}

/// How long counts are reused while no history row or press has been added since.
const REUSE_FOR: Duration = Duration::from_secs(60);

/// The last 30 days' counts, reused while nothing was added: the list's search calls for them on
/// every keystroke, and on a quiet bot they stay the same. Whether anything was added is told by
/// the newest ids of `messages` and `action_log` (two primary-key lookups). Counts are exact
/// but for rows crossing the 30-day edge in the last minute and, on PostgreSQL, a row committed
/// out of id order, which can be missed for up to [`REUSE_FOR`].
#[derive(Default)]
pub struct StatsCache {
    slot: tokio::sync::Mutex<Option<Cached>>,
}

struct Cached {
    newest: (Option<i64>, Option<i64>),
    at: Instant,
    stats: Arc<HashMap<i64, EntryStats>>,
}

impl StatsCache {
    pub async fn last_30_days<C: ConnectionTrait>(&self, db: &C) -> Result<Arc<HashMap<i64, EntryStats>>, DbErr> {
        let newest = newest_ids(db).await?;
        let mut slot = self.slot.lock().await;
        if let Some(c) = slot.as_ref()
            && c.newest == newest
            && c.at.elapsed() < REUSE_FOR
        {
            return Ok(c.stats.clone());
        }
        let stats = Arc::new(since(db, Utc::now() - TimeDelta::days(30)).await?);
        *slot = Some(Cached { newest, at: Instant::now(), stats: stats.clone() });
        Ok(stats)
    }
}

/// The newest history row's and action's ids.
async fn newest_ids<C: ConnectionTrait>(db: &C) -> Result<(Option<i64>, Option<i64>), DbErr> {
    let message: Option<Option<i64>> =
        messages::Entity::find().select_only().column_as(messages::Column::Id.max(), "m").into_tuple().one(db).await?;
    let action: Option<Option<i64>> = action_log::Entity::find()
        .select_only()
        .column_as(action_log::Column::Id.max(), "m")
        .into_tuple()
        .one(db)
        .await?;
    Ok((message.flatten(), action.flatten()))
}
