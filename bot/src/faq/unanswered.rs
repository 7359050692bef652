//! Questions the bot could not answer confidently, queued for admins to turn into FAQ entries.
//!
//! What lands here (each an `unanswered_hits` row, grouped into an `unanswered` item by the
//! question's words so near-duplicates count together):
//! - a message handed off because nothing matched;
//! - "maybe you meant…" shown and none of it tapped (the hit is withdrawn when the customer taps
//!   a suggestion);
//! - "didn't help" pressed under an answer (the question that led to it);
//! - a handed-off conversation the operators answered (their first reply is kept as the answer
//!   to offer), and a reply an operator flagged as worth an FAQ entry.
//!
//! Guarantees: hits are written in the transaction of what caused them (the customer's update,
//! the operator's reply), so a replayed update doesn't count twice; an item's counts are
//! recomputed from its hits, so they are exact; resolving an item (added as a variant, or a new
//! entry) and dismissing it are audited.

use chrono::{DateTime, Utc};
use entity::{messages, unanswered, unanswered_hits};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use types::{LogAction, MessageKind, Sender, UnansweredReason, UnansweredStatus};

use super::entries::{self, By, Entry, FaqError};
use crate::action_log::{self, Action};
use crate::unit::Unit;

/// The longest group key kept (words beyond it don't split groups).
const KEY_CHARS: usize = 400;

/// The words a question is grouped by: normalised, stop words and order ignored, each word cut to
/// its first five letters (a cheap stem: `оплатить`/`оплата`, `картой`/`карта` group together).
pub fn group_key(text: &str) -> String {
    let normalized = crate::matcher::normalize::normalize(text);
    let mut words: Vec<String> = normalized
        .split(' ')
        .filter(|w| w.chars().count() > 2)
        .map(|w| w.chars().take(5).collect::<String>())
        .collect();
    words.sort();
    words.dedup();
    let mut key = words.join(" ");
    if key.chars().count() > KEY_CHARS {
        key = key.chars().take(KEY_CHARS).collect();
    }
    key
}

/// One occurrence to record.
#[derive(Debug, Clone)]
pub struct NewHit<'a> {
    pub reason: UnansweredReason,
    pub customer_id: i64,
    pub conversation_id: Option<i64>,
    /// The customer's message.
    pub message_id: Option<i64>,
    pub text: &'a str,
    pub language: &'a str,
    /// The entries the matcher ranked highest for it.
    pub suggested: &'a [i64],
    /// An operator's answer to it.
    pub reply: Option<(&'a str, i64)>,
    pub at: DateTime<Utc>,
}

/// Records a hit in its open item (a new item when the question's words have none).
pub async fn record<C: ConnectionTrait>(db: &C, hit: NewHit<'_>) -> Result<i64, DbErr> {
    let key = group_key(hit.text);
    if key.is_empty() {
        return Ok(0);
    }
    let item = unanswered::Entity::find()
        .filter(unanswered::Column::GroupKey.eq(key.clone()))
        .filter(unanswered::Column::Status.eq(UnansweredStatus::Open))
        .one(db)
        .await?;
    let item = match item {
        Some(i) => i,
        None => {
            unanswered::ActiveModel {
                group_key: Set(key),
                question: Set(hit.text.to_string()),
                language: Set(hit.language.to_string()),
                status: Set(UnansweredStatus::Open),
                hits: Set(0),
                customers: Set(0),
                suggested: Set("[]".into()),
                first_at: Set(hit.at),
                last_at: Set(hit.at),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    unanswered_hits::ActiveModel {
        item_id: Set(item.id),
        reason: Set(hit.reason),
        customer_id: Set(hit.customer_id),
        conversation_id: Set(hit.conversation_id),
        message_id: Set(hit.message_id),
        text: Set(hit.text.to_string()),
        at: Set(hit.at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut am: unanswered::ActiveModel = item.clone().into();
    am.question = Set(hit.text.to_string());
    am.last_at = Set(hit.at);
    if !hit.suggested.is_empty() {
        am.suggested = Set(serde_json::to_string(hit.suggested).unwrap_or_else(|_| "[]".into()));
    }
    if let Some((reply, message_id)) = hit.reply {
        am.reply = Set(Some(reply.to_string()));
        am.reply_message_id = Set(Some(message_id));
    }
    am.update(db).await?;
    recount(db, item.id).await?;
    Ok(item.id)
}

/// Recomputes an item's counts from its hits; an item left without hits goes.
async fn recount<C: ConnectionTrait>(db: &C, item_id: i64) -> Result<(), DbErr> {
    let hits = unanswered_hits::Entity::find().filter(unanswered_hits::Column::ItemId.eq(item_id)).count(db).await?;
    if hits == 0 {
        unanswered::Entity::delete_by_id(item_id).exec(db).await?;
        return Ok(());
    }
    let customers: Vec<i64> = unanswered_hits::Entity::find()
        .select_only()
        .column(unanswered_hits::Column::CustomerId)
        .filter(unanswered_hits::Column::ItemId.eq(item_id))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    unanswered::Entity::update_many()
        .col_expr(unanswered::Column::Hits, sea_orm::sea_query::Expr::value(hits as i32))
        .col_expr(unanswered::Column::Customers, sea_orm::sea_query::Expr::value(customers.len() as i32))
        .filter(unanswered::Column::Id.eq(item_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The customer tapped one of the suggestions: the conversation's latest "suggested" hit no
/// longer counts.
pub async fn suggestion_taken<C: ConnectionTrait>(db: &C, conversation_id: i64) -> Result<(), DbErr> {
    let hit = unanswered_hits::Entity::find()
        .filter(unanswered_hits::Column::ConversationId.eq(conversation_id))
        .filter(unanswered_hits::Column::Reason.eq(UnansweredReason::Suggested))
        .order_by_desc(unanswered_hits::Column::Id)
        .one(db)
        .await?;
    if let Some(hit) = hit {
        unanswered_hits::Entity::delete_by_id(hit.id).exec(db).await?;
        recount(db, hit.item_id).await?;
    }
    Ok(())
}

/// The customer's latest text message in the conversation before `before` (a message id; none:
/// any), skipping commands.
pub async fn last_question<C: ConnectionTrait>(
    db: &C,
    conversation_id: i64,
    before: Option<i64>,
) -> Result<Option<messages::Model>, DbErr> {
    let mut q = messages::Entity::find()
        .filter(messages::Column::ConversationId.eq(conversation_id))
        .filter(messages::Column::Sender.eq(Sender::Customer))
        .filter(messages::Column::Kind.eq(MessageKind::Text))
        .order_by_desc(messages::Column::Id)
        .limit(20);
    if let Some(b) = before {
        q = q.filter(messages::Column::Id.lt(b));
    }
    Ok(q.all(db).await?.into_iter().find(|m| {
        m.text.as_deref().is_some_and(|t| !t.trim_start().starts_with('/') && !crate::matcher::asks_for_human(t))
    }))
}

/// An operator replied in a handed-off conversation: the first reply answers the customer's
/// question — kept on the question's item (which gets an "operators answered" hit if the bot
/// had not already queued it).
pub async fn operator_replied<C: ConnectionTrait>(
    db: &C,
    conversation_id: i64,
    customer_id: i64,
    reply: &str,
    reply_message_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let earlier_replies = messages::Entity::find()
        .filter(messages::Column::ConversationId.eq(conversation_id))
        .filter(messages::Column::Sender.eq(Sender::Operator))
        .filter(messages::Column::Id.lt(reply_message_id))
        .count(db)
        .await?;
    if earlier_replies > 0 {
        return Ok(());
    }
    let Some(question) = last_question(db, conversation_id, Some(reply_message_id)).await? else {
        return Ok(());
    };
    let queued = unanswered_hits::Entity::find()
        .filter(unanswered_hits::Column::ConversationId.eq(conversation_id))
        .filter(unanswered_hits::Column::MessageId.eq(question.id))
        .one(db)
        .await?;
    match queued {
        Some(hit) => {
            unanswered::Entity::update_many()
                .col_expr(unanswered::Column::Reply, sea_orm::sea_query::Expr::value(reply.to_string()))
                .col_expr(unanswered::Column::ReplyMessageId, sea_orm::sea_query::Expr::value(reply_message_id))
                .filter(unanswered::Column::Id.eq(hit.item_id))
                .exec(db)
                .await?;
        }
        None => {
            record(
                db,
                NewHit {
                    reason: UnansweredReason::OperatorAnswered,
                    customer_id,
                    conversation_id: Some(conversation_id),
                    message_id: Some(question.id),
                    text: question.text.as_deref().unwrap_or_default(),
                    language: "",
                    suggested: &[],
                    reply: Some((reply, reply_message_id)),
                    at,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// An open item with what the queue shows.
#[derive(Debug, Clone)]
pub struct Item {
    pub item: unanswered::Model,
    pub suggested: Vec<i64>,
    /// Why its hits are there, most frequent first.
    pub reasons: Vec<(UnansweredReason, u64)>,
}

/// Open items, the most customers first, then the most recent.
pub async fn open_items(db: &DatabaseConnection, limit: u64) -> Result<Vec<Item>, DbErr> {
    let items = unanswered::Entity::find()
        .filter(unanswered::Column::Status.eq(UnansweredStatus::Open))
        .order_by_desc(unanswered::Column::Customers)
        .order_by_desc(unanswered::Column::LastAt)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let reasons: Vec<(i64, UnansweredReason, i64)> = if ids.is_empty() {
        Vec::new()
    } else {
        unanswered_hits::Entity::find()
            .select_only()
            .column(unanswered_hits::Column::ItemId)
            .column(unanswered_hits::Column::Reason)
            .column_as(unanswered_hits::Column::Id.count(), "n")
            .filter(unanswered_hits::Column::ItemId.is_in(ids))
            .group_by(unanswered_hits::Column::ItemId)
            .group_by(unanswered_hits::Column::Reason)
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(items
        .into_iter()
        .map(|item| {
            let mut r: Vec<(UnansweredReason, u64)> =
                reasons.iter().filter(|(id, _, _)| *id == item.id).map(|(_, r, n)| (*r, *n as u64)).collect();
            r.sort_by_key(|b| std::cmp::Reverse(b.1));
            Item { suggested: serde_json::from_str(&item.suggested).unwrap_or_default(), reasons: r, item }
        })
        .collect())
}

/// How many items are open (the navigation's badge).
pub async fn open_count(db: &DatabaseConnection) -> Result<u64, DbErr> {
    unanswered::Entity::find().filter(unanswered::Column::Status.eq(UnansweredStatus::Open)).count(db).await
}

async fn open_item<C: ConnectionTrait>(db: &C, id: i64) -> Result<unanswered::Model, FaqError> {
    unanswered::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|i| i.status == UnansweredStatus::Open)
        .ok_or(FaqError::NotFound)
}

async fn close<C: ConnectionTrait>(
    db: &C,
    by: By<'_>,
    item: unanswered::Model,
    status: UnansweredStatus,
    faq_id: Option<i64>,
) -> Result<(), DbErr> {
    let mut am: unanswered::ActiveModel = item.into();
    am.status = Set(status);
    am.faq_id = Set(faq_id);
    am.closed_by = Set(match by.actor {
        crate::action_log::Actor::Staff { id, .. } => Some(*id),
        _ => None,
    });
    am.closed_at = Set(Some(Utc::now()));
    am.update(db).await?;
    Ok(())
}

/// Adds item `id`'s question to entry `faq_id` as a variant and closes the item.
pub async fn add_as_variant(db: &DatabaseConnection, by: By<'_>, id: i64, faq_id: i64) -> Result<Entry, FaqError> {
    let unit = Unit::begin(db).await?;
    let item = open_item(unit.txn(), id).await?;
    let entry = entries::add_variant_in(&unit, by, faq_id, &item.question).await?;
    close(unit.txn(), by, item, UnansweredStatus::Resolved, Some(faq_id)).await?;
    unit.commit().await?;
    Ok(entry)
}

/// Closes item `id` as answered by the new entry `faq_id` (saved from the editor prefilled with it).
pub async fn answered_by_new_entry(db: &DatabaseConnection, by: By<'_>, id: i64, faq_id: i64) -> Result<(), FaqError> {
    let unit = Unit::begin(db).await?;
    let item = open_item(unit.txn(), id).await?;
    entries::get(unit.txn(), faq_id).await?;
    close(unit.txn(), by, item, UnansweredStatus::Resolved, Some(faq_id)).await?;
    unit.commit().await?;
    Ok(())
}

/// Dismisses item `id` (not worth an entry).
pub async fn dismiss(db: &DatabaseConnection, by: By<'_>, id: i64) -> Result<(), FaqError> {
    let unit = Unit::begin(db).await?;
    let item = open_item(unit.txn(), id).await?;
    let question = item.question.clone();
    close(unit.txn(), by, item, UnansweredStatus::Dismissed, None).await?;
    unit.writes().action(action_log::row(
        Action::new(by.actor, LogAction::UnansweredDismiss)
            .details(json!({ "item": id, "question": question }))
            .ip(by.ip),
    ));
    unit.commit().await?;
    Ok(())
}

/// An operator flags their reply `message_id` as worth an FAQ entry: the customer's question
/// before it is queued with the reply as the answer to offer. Flagging twice changes nothing.
pub async fn flag(db: &DatabaseConnection, by: By<'_>, conversation_id: i64, message_id: i64) -> Result<(), FaqError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let reply = messages::Entity::find_by_id(message_id)
        .one(txn)
        .await?
        .filter(|m| m.conversation_id == conversation_id && m.sender == Sender::Operator)
        .ok_or(FaqError::NotFound)?;
    let Some(question) = last_question(txn, conversation_id, Some(message_id)).await? else {
        return Err(FaqError::NotFound);
    };
    let already = unanswered_hits::Entity::find()
        .filter(unanswered_hits::Column::MessageId.eq(question.id))
        .filter(unanswered_hits::Column::Reason.eq(UnansweredReason::Flagged))
        .count(txn)
        .await?;
    if already == 0 {
        record(
            txn,
            NewHit {
                reason: UnansweredReason::Flagged,
                customer_id: question.customer_id,
                conversation_id: Some(conversation_id),
                message_id: Some(question.id),
                text: question.text.as_deref().unwrap_or_default(),
                language: "",
                suggested: &[],
                // A reply with files: its caption.
                reply: Some((reply.text.as_deref().or(reply.caption.as_deref()).unwrap_or_default(), reply.id)),
                at: Utc::now(),
            },
        )
        .await?;
        let mut a = Action::new(by.actor, LogAction::ConversationFlagFaq)
            .details(json!({ "message_id": message_id, "question": question.text }))
            .ip(by.ip);
        a.conversation_id = Some(conversation_id);
        unit.writes().action(action_log::row(a));
    }
    unit.commit().await?;
    Ok(())
}
