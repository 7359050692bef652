//! Lines of a conversation's history that the bot, the outbox and the inbox all write: system
//! lines (handed off, taken, resolved, rated, the customer blocked the bot…). Shared here so that
//! none of those modules needs another's internals.

use chrono::{DateTime, Utc};
use entity::conversations::{self, Status};
use entity::messages;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use types::MessageKind;

use crate::events::NewEvent;
use crate::writes::Writes;

/// A system line of the history: `text` is a code the inbox renders (handed_off, taken,
/// resolved, `rated N/5`…); `staff_user_id` when a staff member caused it.
pub fn system_row(
    conv: &conversations::Model,
    text: &str,
    staff_user_id: Option<i64>,
    at: DateTime<Utc>,
) -> messages::ActiveModel {
    messages::ActiveModel {
        conversation_id: Set(conv.id),
        customer_id: Set(conv.customer_id),
        sender: Set(messages::Sender::System),
        staff_user_id: Set(staff_user_id),
        kind: Set(MessageKind::Event),
        text: Set(Some(text.to_string())),
        created_at: Set(at),
        ..Default::default()
    }
}

/// Adds a system line through the unit's held-back rows, with its live event; returns its id.
/// For units that hold their history rows back (the engine's).
pub async fn add_system_line<C: ConnectionTrait>(
    txn: &C,
    writes: &Writes,
    conv: &conversations::Model,
    text: &str,
    staff_user_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let mut row = system_row(conv, text, staff_user_id, at);
    let id = writes.message_id(txn).await?;
    row.id = Set(id);
    writes.message(row);
    writes.event(NewEvent::system_line(conv.id, id));
    Ok(id)
}

/// Inserts a system line now and holds its live event for the unit's end; returns its id. For
/// units that insert their history rows directly (an operator's action, whose rows are needed
/// back): a unit does one or the other, see [`crate::writes`].
pub async fn insert_system_line<C: ConnectionTrait>(
    txn: &C,
    writes: &Writes,
    conv: &conversations::Model,
    text: &str,
    staff_user_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let id = system_row(conv, text, staff_user_id, at).insert(txn).await?.id;
    writes.event(NewEvent::system_line(conv.id, id));
    Ok(id)
}

/// "The customer blocked the bot", as a line in the customer's conversation that operators have
/// open (if any), published live.
pub async fn note_blocked<C: ConnectionTrait>(
    txn: &C,
    writes: &Writes,
    customer_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let open = conversations::Entity::find()
        .filter(conversations::Column::CustomerId.eq(customer_id))
        .filter(conversations::Column::Status.is_in([Status::Waiting, Status::Assigned]))
        .order_by_desc(conversations::Column::Id)
        .one(txn)
        .await?;
    if let Some(conv) = open {
        add_system_line(txn, writes, &conv, "customer_blocked", None, now).await?;
    }
    Ok(())
}
