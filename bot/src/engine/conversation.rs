//! Conversation life: `bot` → `waiting` (handed off) → `assigned` → `resolved` (rating asked).

use chrono::{DateTime, Utc};
use entity::conversations::{self, Status};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use types::{LogAction, TargetKind};

use super::callback::Callback;
use super::texts::Key;
use super::{Ctx, Turn};
use crate::action_log::{Action, Actor};

/// The customer's open conversation, or a new one with the bot. A customer who writes after
/// resolution starts a new conversation. With `touch` (a new message from the customer) the open
/// conversation's `last_message_at` is moved to `now` by the same statement that finds it.
/// The customer's open conversation, else their newest one (resolved), if any.
pub async fn latest<C: ConnectionTrait>(txn: &C, customer_id: i64) -> Result<Option<conversations::Model>, DbErr> {
    let open = conversations::Entity::find()
        .filter(conversations::Column::CustomerId.eq(customer_id))
        .filter(conversations::Column::Status.ne(Status::Resolved))
        .order_by_desc(conversations::Column::Id)
        .one(txn)
        .await?;
    match open {
        Some(c) => Ok(Some(c)),
        None => {
            conversations::Entity::find()
                .filter(conversations::Column::CustomerId.eq(customer_id))
                .order_by_desc(conversations::Column::Id)
                .one(txn)
                .await
        }
    }
}

pub async fn open_or_create<C: ConnectionTrait>(
    txn: &C,
    customer_id: i64,
    now: DateTime<Utc>,
    touch: bool,
) -> Result<conversations::Model, DbErr> {
    let open = if touch {
        conversations::Entity::update_many()
            .col_expr(conversations::Column::LastMessageAt, Expr::value(now))
            .col_expr(conversations::Column::UpdatedAt, Expr::value(now))
            .filter(conversations::Column::CustomerId.eq(customer_id))
            .filter(conversations::Column::Status.ne(Status::Resolved))
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .max_by_key(|c| c.id)
    } else {
        conversations::Entity::find()
            .filter(conversations::Column::CustomerId.eq(customer_id))
            .filter(conversations::Column::Status.ne(Status::Resolved))
            .order_by_desc(conversations::Column::Id)
            .one(txn)
            .await?
    };
    if let Some(c) = open {
        return Ok(c);
    }
    conversations::ActiveModel {
        customer_id: Set(customer_id),
        status: Set(Status::Bot),
        assignee_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        waiting_since: Set(None),
        resolved_at: Set(None),
        rating: Set(None),
        last_message_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
}

/// A system event in the conversation's history.
pub async fn event<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    conv: &conversations::Model,
    text: &str,
    staff_user_id: Option<i64>,
) -> Result<(), DbErr> {
    crate::history::add_system_line(txn, &ctx.writes, conv, text, staff_user_id, ctx.now).await?;
    Ok(())
}

/// Hands the conversation to the operators (`waiting`). `text` replaces the usual handoff text.
pub async fn hand_off<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    turn: &Turn,
    reason: &str,
    text: Option<String>,
) -> Result<(), DbErr> {
    if turn.conversation.status != Status::Bot {
        return turn.say(txn, ctx, ctx.texts.get(Key::AlreadyWaiting, turn.lang), None, None).await;
    }
    let mut am: conversations::ActiveModel = turn.conversation.clone().into();
    am.status = Set(Status::Waiting);
    am.waiting_since = Set(Some(ctx.now));
    am.updated_at = Set(ctx.now);
    let conv = am.update(txn).await?;
    event(txn, ctx, &conv, "handed_off", None).await?;
    let actor = Actor::Customer { id: turn.customer.id, name: turn.customer.first_name.clone() };
    let mut a = Action::new(&actor, LogAction::BotHandoff).details(json!({ "reason": reason }));
    a.conversation_id = Some(conv.id);
    super::log_action(ctx, a);
    let in_hours = super::hours::open_at(&ctx.hours, ctx.now);
    let key = if in_hours { Key::Handoff } else { Key::HandoffOutOfHours };
    let text = match text {
        Some(t) if in_hours => t,
        _ => ctx.texts.get(key, turn.lang),
    };
    turn.say(txn, ctx, text, None, None).await
}

/// Resolves a conversation (an operator's action) and asks the customer for a 1–5 rating.
/// Resolves a conversation and tells the customer; `ask_rating`: with the rating request and its
/// buttons (not when nobody helped them).
pub async fn resolve<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    conversation_id: i64,
    actor: &Actor,
    ask_rating: bool,
) -> Result<bool, DbErr> {
    let Some(conv) = conversations::Entity::find_by_id(conversation_id).one(txn).await? else { return Ok(false) };
    if conv.status == Status::Resolved {
        return Ok(false);
    }
    let Some(customer) = entity::customers::Entity::find_by_id(conv.customer_id).one(txn).await? else {
        return Ok(false);
    };
    let mut am: conversations::ActiveModel = conv.into();
    am.status = Set(Status::Resolved);
    am.resolved_at = Set(Some(ctx.now));
    am.updated_at = Set(ctx.now);
    let conv = am.update(txn).await?;
    let staff = match actor {
        Actor::Staff { id, .. } => Some(*id),
        _ => None,
    };
    event(txn, ctx, &conv, "resolved", staff).await?;
    let mut a = Action::new(actor, LogAction::ConversationResolve).target(TargetKind::Conversation, conv.id);
    a.conversation_id = Some(conv.id);
    super::log_action(ctx, a);
    let lang = super::lang::Lang::from_telegram(customer.language_code.as_deref());
    let turn = Turn { customer, conversation: conv.clone(), lang };
    if !ask_rating {
        turn.say(txn, ctx, ctx.texts.get(Key::Resolved, lang), None, None).await?;
        return Ok(true);
    }
    let stars: Vec<InlineKeyboardButton> = (1..=5u8)
        .map(|n| {
            InlineKeyboardButton::callback(n.to_string(), Callback::Rate { conversation: conv.id, stars: n }.encode())
        })
        .collect();
    let text = format!("{}\n\n{}", ctx.texts.get(Key::Resolved, lang), ctx.texts.get(Key::RatingRequest, lang));
    turn.say(txn, ctx, text, Some(InlineKeyboardMarkup::new(vec![stars])), None).await?;
    Ok(true)
}

/// Stores the customer's rating of their resolved conversation (once).
pub async fn rate<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    turn: &Turn,
    conversation_id: i64,
    stars: u8,
) -> Result<(), DbErr> {
    let conv = conversations::Entity::find_by_id(conversation_id).one(txn).await?;
    let Some(conv) =
        conv.filter(|c| c.customer_id == turn.customer.id && c.status == Status::Resolved && c.rating.is_none())
    else {
        // Someone else's, not resolved, or already rated: nothing to store.
        return Ok(());
    };
    let mut am: conversations::ActiveModel = conv.into();
    am.rating = Set(Some(i16::from(stars)));
    am.updated_at = Set(ctx.now);
    let conv = am.update(txn).await?;
    event(txn, ctx, &conv, &format!("rated {stars}/5"), None).await?;
    let actor = Actor::Customer { id: turn.customer.id, name: turn.customer.first_name.clone() };
    let mut a = Action::new(&actor, LogAction::BotRating).details(json!({ "stars": stars }));
    a.conversation_id = Some(conv.id);
    super::log_action(ctx, a);
    turn.say(txn, ctx, ctx.texts.get(Key::RatingThanks, turn.lang), None, None).await
}
