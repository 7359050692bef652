//! The customers of updates: created or refreshed in one statement each, for a whole group of
//! updates at once where possible (with the open conversations of those who wrote).

use std::collections::HashMap;

use entity::conversations::Status;
use entity::customers;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::incoming::{Incoming, User};
use super::{Ctx, Engine, Update};

/// Creates or refreshes the customer, in one statement. A customer who writes again has evidently
/// unblocked the bot; a language code Telegram left out keeps the one known before.
pub(super) async fn upsert_customer<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    from: &User,
    chat_id: i64,
    active: bool,
) -> Result<customers::Model, DbErr> {
    customers::Entity::insert(customer_row(ctx, from, chat_id))
        .on_conflict(customer_on_conflict(active))
        .exec_with_returning(txn)
        .await
}

fn customer_row(ctx: &Ctx, from: &User, chat_id: i64) -> customers::ActiveModel {
    let first_name = if from.first_name.is_empty() {
        from.username.clone().unwrap_or_else(|| from.id.to_string())
    } else {
        from.first_name.clone()
    };
    customers::ActiveModel {
        telegram_user_id: Set(from.id),
        chat_id: Set(chat_id),
        first_name: Set(first_name),
        last_name: Set(from.last_name.clone()),
        username: Set(from.username.clone()),
        language_code: Set(from.language_code.clone()),
        source: Set(None),
        is_blocked: Set(false),
        first_seen_at: Set(ctx.now),
        last_seen_at: Set(ctx.now),
        ..Default::default()
    }
}

fn customer_on_conflict(active: bool) -> OnConflict {
    use customers::Column;
    let mut on_conflict = OnConflict::column(Column::TelegramUserId);
    on_conflict
        .update_columns([Column::ChatId, Column::FirstName, Column::LastName, Column::Username, Column::LastSeenAt])
        .value(Column::LanguageCode, Expr::cust("COALESCE(excluded.language_code, customers.language_code)"));
    if active {
        on_conflict.update_column(Column::IsBlocked);
    }
    on_conflict.to_owned()
}

/// The customers of a group of updates, and the open conversations of those who wrote, upserted
/// and touched by one statement each for the whole group (instead of two per update).
#[derive(Debug, Default)]
pub struct Prefetched {
    /// By Telegram user id: everyone who wrote or pressed a button.
    pub(super) customers: HashMap<i64, customers::Model>,
    /// By customer id: the open conversation of everyone who wrote, its last-message time moved.
    /// A writer missing here had no open conversation.
    pub(super) conversations: HashMap<i64, entity::conversations::Model>,
}

impl Engine {
    /// Does for all of the group's updates at once what `handle` would do first for each: upsert the customer (as active) and, for a message, touch the open conversation.
    /// A user appearing twice (which per-chat claiming rules out) gets no prefetch.
    pub(super) async fn prefetch<C: ConnectionTrait>(
        &self,
        txn: &C,
        ctx: &Ctx,
        updates: &[Update],
    ) -> Result<Prefetched, DbErr> {
        let mut users: Vec<(&User, i64, bool)> = Vec::new();
        for update in updates {
            match &update.incoming {
                Incoming::Message { chat_id, from, .. } => users.push((from, *chat_id, true)),
                Incoming::Callback { from, chat_id, .. } => {
                    let chat = chat_id.unwrap_or(from.id);
                    users.push((from, chat, false));
                }
                _ => {}
            }
        }
        let mut seen = std::collections::HashSet::new();
        if users.is_empty() || !users.iter().all(|(u, _, _)| seen.insert(u.id)) {
            return Ok(Prefetched::default());
        }
        let rows: Vec<_> = users.iter().map(|(u, chat, _)| customer_row(ctx, u, *chat)).collect();
        let customers: HashMap<i64, customers::Model> = customers::Entity::insert_many(rows)
            .on_conflict(customer_on_conflict(true))
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .map(|c| (c.telegram_user_id, c))
            .collect();
        let writers: Vec<i64> = users
            .iter()
            .filter(|(_, _, wrote)| *wrote)
            .filter_map(|(u, _, _)| customers.get(&u.id))
            .map(|c| c.id)
            .collect();
        let mut conversations: HashMap<i64, entity::conversations::Model> = HashMap::new();
        if !writers.is_empty() {
            use entity::conversations::Column;
            let touched = entity::conversations::Entity::update_many()
                .col_expr(Column::LastMessageAt, Expr::value(ctx.now))
                .col_expr(Column::UpdatedAt, Expr::value(ctx.now))
                .filter(Column::CustomerId.is_in(writers))
                .filter(Column::Status.ne(Status::Resolved))
                .exec_with_returning(txn)
                .await?;
            for c in touched {
                if conversations.get(&c.customer_id).is_none_or(|old| old.id < c.id) {
                    conversations.insert(c.customer_id, c);
                }
            }
        }
        Ok(Prefetched { customers, conversations })
    }
}
