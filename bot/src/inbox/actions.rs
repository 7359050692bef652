//! The actions (see the module above for who may do what).

use chrono::{DateTime, Utc};
use entity::conversations::{self, Status};
use entity::{conversation_reads, customers, messages, outbox, staff_users};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use types::{LogAction, MessageKind, OutboxStatus, TargetKind};

use crate::action_log::{self, Action};
use crate::engine::{Ctx, Engine};
use crate::events::NewEvent;
use crate::outbox::{NewOutgoing, Outgoing};
use crate::unit::Unit;

use super::{InboxError, NOTE_MAX_CHARS, REPLY_MAX_CHARS, Result, Staff, display_name, may_act};

async fn load<C: ConnectionTrait>(db: &C, id: i64) -> Result<conversations::Model> {
    conversations::Entity::find_by_id(id).one(db).await?.ok_or(InboxError::NotFound)
}

async fn staff_name<C: ConnectionTrait>(db: &C, id: Option<i64>) -> Result<String> {
    let Some(id) = id else { return Ok(String::new()) };
    Ok(staff_users::Entity::find_by_id(id).one(db).await?.map(|u| display_name(&u)).unwrap_or_default())
}

/// A system line in the history ("taken", "assigned", "resolved"…), inserted now; its live event
/// is written when the unit commits (last, as events must be).
async fn system_line(
    unit: &Unit,
    conv: &conversations::Model,
    text: &str,
    staff: &Staff,
    now: DateTime<Utc>,
) -> Result<i64> {
    Ok(crate::history::insert_system_line(unit.txn(), unit.writes(), conv, text, Some(staff.id), now).await?)
}

/// The action's row of the log, inserted when the unit commits.
fn log(unit: &Unit, staff: &Staff, action: LogAction, conv: i64, details: serde_json::Value, ip: Option<&str>) {
    let actor = staff.actor();
    let mut a = Action::new(&actor, action).target(TargetKind::Conversation, conv).details(details).ip(ip);
    a.conversation_id = Some(conv);
    unit.writes().action(action_log::row(a));
}

/// Takes a waiting conversation ("assign to me"). Of many concurrent takes exactly one wins: the
/// update only matches while the conversation is still waiting.
pub async fn take(db: &DatabaseConnection, staff: &Staff, id: i64, ip: Option<&str>) -> Result<conversations::Model> {
    let unit = Unit::begin(db).await?;
    let conv = take_in(&unit, staff, id).await?;
    log(&unit, staff, LogAction::ConversationTake, id, json!({}), ip);
    unit.commit().await?;
    Ok(conv)
}

/// The take itself (with its history line when it took it now; none when it was already theirs).
async fn take_in(unit: &Unit, staff: &Staff, id: i64) -> Result<conversations::Model> {
    let txn = unit.txn();
    let now = Utc::now();
    let taken = conversations::Entity::update_many()
        .col_expr(conversations::Column::Status, Expr::value(Status::Assigned))
        .col_expr(conversations::Column::AssigneeId, Expr::value(staff.id))
        .col_expr(conversations::Column::UpdatedAt, Expr::value(now))
        .filter(conversations::Column::Id.eq(id))
        .filter(conversations::Column::Status.eq(Status::Waiting))
        .exec(txn)
        .await?;
    let conv = load(txn, id).await?;
    if taken.rows_affected == 0 {
        return Err(match conv.status {
            Status::Assigned if conv.assignee_id == Some(staff.id) => return Ok(conv),
            Status::Assigned => InboxError::AlreadyTaken(staff_name(txn, conv.assignee_id).await?),
            _ => InboxError::NotOpen,
        });
    }
    system_line(unit, &conv, "taken", staff, now).await?;
    Ok(conv)
}

/// Takes a conversation over from the bot: the staff member writes first to a customer whose
/// conversation is with the bot (nobody handed it off). It becomes theirs (assigned), so the bot
/// stops answering the customer's messages; its waiting time starts now. Of concurrent take-overs
/// exactly one wins (the update only matches while the bot still has it); a customer who blocked
/// the bot can't be written to.
pub async fn take_over(
    db: &DatabaseConnection,
    staff: &Staff,
    id: i64,
    ip: Option<&str>,
) -> Result<conversations::Model> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let conv = load(txn, id).await?;
    let customer = customers::Entity::find_by_id(conv.customer_id).one(txn).await?.ok_or(InboxError::NotFound)?;
    if customer.is_blocked {
        return Err(InboxError::CustomerBlocked);
    }
    let now = Utc::now();
    let changed = conversations::Entity::update_many()
        .col_expr(conversations::Column::Status, Expr::value(Status::Assigned))
        .col_expr(conversations::Column::AssigneeId, Expr::value(staff.id))
        .col_expr(conversations::Column::WaitingSince, Expr::value(now))
        .col_expr(conversations::Column::UpdatedAt, Expr::value(now))
        .filter(conversations::Column::Id.eq(id))
        .filter(conversations::Column::Status.eq(Status::Bot))
        .exec(txn)
        .await?;
    let conv = load(txn, id).await?;
    if changed.rows_affected == 0 {
        return Err(match conv.status {
            Status::Assigned if conv.assignee_id == Some(staff.id) => return Ok(conv),
            Status::Assigned => InboxError::AlreadyTaken(staff_name(txn, conv.assignee_id).await?),
            _ => InboxError::NotOpen,
        });
    }
    system_line(&unit, &conv, "taken_over", staff, now).await?;
    log(&unit, staff, LogAction::ConversationTakeOver, id, json!({}), ip);
    unit.commit().await?;
    Ok(conv)
}

/// Assigns an open conversation to a staff member (admins only).
pub async fn assign(
    db: &DatabaseConnection,
    staff: &Staff,
    id: i64,
    to: i64,
    ip: Option<&str>,
) -> Result<conversations::Model> {
    if !staff.is_admin {
        return Err(InboxError::Forbidden);
    }
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let target = staff_users::Entity::find_by_id(to).one(txn).await?.filter(|u| u.is_active);
    let Some(target) = target else { return Err(InboxError::NoSuchStaff) };
    let conv = load(txn, id).await?;
    if conv.status == Status::Resolved {
        return Err(InboxError::NotOpen);
    }
    if conv.status == Status::Assigned && conv.assignee_id == Some(to) {
        return Ok(conv);
    }
    let now = Utc::now();
    let changed = conversations::Entity::update_many()
        .col_expr(conversations::Column::Status, Expr::value(Status::Assigned))
        .col_expr(conversations::Column::AssigneeId, Expr::value(to))
        .col_expr(conversations::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            conversations::Column::WaitingSince,
            Expr::from(sea_orm::sea_query::Func::coalesce([
                Expr::col(conversations::Column::WaitingSince),
                Expr::val(now),
            ])),
        )
        .filter(conversations::Column::Id.eq(id))
        .filter(conversations::Column::Status.ne(Status::Resolved))
        .exec(txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(InboxError::NotOpen);
    }
    let conv = load(txn, id).await?;
    let name = Staff::from_model(&target).name;
    system_line(&unit, &conv, &format!("assigned:{name}"), staff, now).await?;
    log(&unit, staff, LogAction::ConversationAssign, id, json!({ "to": to, "to_name": name }), ip);
    crate::staff_notify::note_assignment(txn, staff.id, to, id, now).await?;
    unit.commit().await?;
    Ok(conv)
}

/// Returns an assigned conversation to the waiting queue (its assignee, or an admin).
pub async fn release(
    db: &DatabaseConnection,
    staff: &Staff,
    id: i64,
    ip: Option<&str>,
) -> Result<conversations::Model> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let conv = load(txn, id).await?;
    if conv.status != Status::Assigned {
        return Err(InboxError::NotOpen);
    }
    if !may_act(staff, &conv) {
        return Err(InboxError::Forbidden);
    }
    let now = Utc::now();
    let changed = conversations::Entity::update_many()
        .col_expr(conversations::Column::Status, Expr::value(Status::Waiting))
        .col_expr(conversations::Column::AssigneeId, Expr::value(Option::<i64>::None))
        .col_expr(conversations::Column::UpdatedAt, Expr::value(now))
        .filter(conversations::Column::Id.eq(id))
        .filter(conversations::Column::Status.eq(Status::Assigned))
        .filter(conversations::Column::AssigneeId.eq(conv.assignee_id))
        .exec(txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(InboxError::NotOpen);
    }
    let conv = load(txn, id).await?;
    system_line(&unit, &conv, "released", staff, now).await?;
    log(&unit, staff, LogAction::ConversationRelease, id, json!({}), ip);
    crate::staff_notify::back_in_queue(txn, id).await?;
    unit.commit().await?;
    Ok(conv)
}

fn check_text(text: &str, max: usize) -> Result<String> {
    let text = text.trim_end().trim_start_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return Err(InboxError::Empty);
    }
    if text.chars().count() > max {
        return Err(InboxError::TooLong);
    }
    Ok(text.to_string())
}

/// An operator's reply: stored, queued in the outbox (its delivery tracked live) and published,
/// in one transaction. A reply to a waiting conversation takes it. `client_key` makes a repeated
/// request store the reply once (the first one's message comes back).
pub async fn reply(
    db: &DatabaseConnection,
    staff: &Staff,
    id: i64,
    text: &str,
    client_key: Option<&str>,
    ip: Option<&str>,
) -> Result<messages::Model> {
    let text = check_text(text, REPLY_MAX_CHARS)?;
    send_reply(db, staff, id, Some(text), Vec::new(), client_key, ip).await
}

/// A file of an operator's reply, already stored in the data folder (`<files dir>/<sha256>`)
/// and checked (`types::files::check`; `kind` from the bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub name: String,
    pub mime_type: String,
    pub size: i64,
    pub sha256: String,
    pub kind: types::AttachmentKind,
}

/// An operator's reply with files (photos and documents) and an optional caption: as [`reply`],
/// with one `message_files` row per file and the outbox calls of [`file_calls`].
pub async fn reply_with_files(
    db: &DatabaseConnection,
    staff: &Staff,
    id: i64,
    caption: &str,
    files: Vec<NewFile>,
    client_key: Option<&str>,
    ip: Option<&str>,
) -> Result<messages::Model> {
    if files.is_empty() {
        return reply(db, staff, id, caption, client_key, ip).await;
    }
    if files.len() > types::files::MAX_FILES {
        return Err(InboxError::TooManyFiles);
    }
    let caption = match check_text(caption, REPLY_MAX_CHARS) {
        Ok(c) => Some(c),
        Err(InboxError::Empty) => None,
        Err(e) => return Err(e),
    };
    send_reply(db, staff, id, caption, files, client_key, ip).await
}

/// The outbox calls of a reply with files: photos, then documents, in albums of 2–10 (a single
/// file alone); the caption on the first call when it fits Telegram's 1024 characters, otherwise
/// sent as text before the files.
pub fn file_calls(caption: Option<&str>, files: &[crate::outbox::OutFile]) -> Vec<Outgoing> {
    let kinds: Vec<_> = files.iter().map(|f| f.kind).collect();
    let mut calls = Vec::new();
    let mut caption = caption.map(str::to_string);
    if caption.as_ref().is_some_and(|c| c.chars().count() > types::files::CAPTION_MAX_CHARS) {
        calls.push(Outgoing::SendMessage { text: caption.take().unwrap_or_default(), reply_markup: None, html: false });
    }
    for group in types::files::groups(&kinds) {
        let caption = caption.take();
        let mut group: Vec<_> = group.into_iter().map(|i| files[i].clone()).collect();
        calls.push(if group.len() == 1 {
            let file = group.remove(0);
            match file.kind {
                types::AttachmentKind::Photo => Outgoing::SendPhoto { file, caption },
                types::AttachmentKind::Document => Outgoing::SendDocument { file, caption },
            }
        } else {
            Outgoing::SendMediaGroup { files: group, caption }
        });
    }
    calls
}

/// Whether `staff` may reply in conversation `id` now (the same refusals as [`reply`], read
/// without writing): checked before a reply's files are uploaded.
pub async fn may_reply(db: &DatabaseConnection, staff: &Staff, id: i64) -> Result<()> {
    let conv = load(db, id).await?;
    match conv.status {
        Status::Waiting => {}
        Status::Assigned if may_act(staff, &conv) => {}
        Status::Assigned => return Err(InboxError::AlreadyTaken(staff_name(db, conv.assignee_id).await?)),
        Status::Bot | Status::Resolved => return Err(InboxError::NotOpen),
    }
    let customer = customers::Entity::find_by_id(conv.customer_id).one(db).await?.ok_or(InboxError::NotFound)?;
    if customer.is_blocked {
        return Err(InboxError::CustomerBlocked);
    }
    Ok(())
}

async fn send_reply(
    db: &DatabaseConnection,
    staff: &Staff,
    id: i64,
    text: Option<String>,
    files: Vec<NewFile>,
    client_key: Option<&str>,
    ip: Option<&str>,
) -> Result<messages::Model> {
    let client_key = usable_key(client_key);
    if let Some(m) = stored_before(db, client_key, staff, id).await? {
        return Ok(m);
    }
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let mut conv = load(txn, id).await?;
    match conv.status {
        Status::Waiting => conv = take_in(&unit, staff, id).await?,
        Status::Assigned if may_act(staff, &conv) => {}
        Status::Assigned => return Err(InboxError::AlreadyTaken(staff_name(txn, conv.assignee_id).await?)),
        Status::Bot | Status::Resolved => return Err(InboxError::NotOpen),
    }
    let customer = customers::Entity::find_by_id(conv.customer_id).one(txn).await?.ok_or(InboxError::NotFound)?;
    if customer.is_blocked {
        return Err(InboxError::CustomerBlocked);
    }
    let now = Utc::now();
    let with_files = !files.is_empty();
    // A message of photos only shows as a photo; with any other file, as a document.
    let kind = if !with_files {
        MessageKind::Text
    } else if files.iter().all(|f| f.kind == types::AttachmentKind::Photo) {
        MessageKind::Photo
    } else {
        MessageKind::Document
    };
    let message = messages::ActiveModel {
        conversation_id: Set(conv.id),
        customer_id: Set(customer.id),
        sender: Set(messages::Sender::Operator),
        staff_user_id: Set(Some(staff.id)),
        kind: Set(kind),
        text: Set(if with_files { None } else { text.clone() }),
        caption: Set(if with_files { text.clone() } else { None }),
        client_key: Set(client_key.map(str::to_string)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut out_files = Vec::with_capacity(files.len());
    for (position, f) in files.into_iter().enumerate() {
        let row = entity::message_files::ActiveModel {
            message_id: Set(message.id),
            position: Set(position as i32),
            kind: Set(f.kind),
            name: Set(f.name.clone()),
            mime_type: Set(f.mime_type),
            size: Set(f.size),
            sha256: Set(f.sha256.clone()),
            telegram_file_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        out_files.push(crate::outbox::OutFile { id: row.id, sha256: f.sha256, name: f.name, kind: f.kind });
    }
    let bodies = if with_files {
        file_calls(text.as_deref(), &out_files)
    } else {
        vec![Outgoing::SendMessage { text: text.clone().unwrap_or_default(), reply_markup: None, html: false }]
    };
    let mut rows = Vec::new();
    for body in bodies {
        rows.extend(crate::outbox::rows(NewOutgoing {
            chat_id: customer.chat_id,
            customer_id: Some(customer.id),
            conversation_id: Some(conv.id),
            message_id: Some(message.id),
            body,
        }));
    }
    unit.writes().outbox(
        rows.into_iter()
            .map(|mut row| {
                row.tracked = Set(true);
                row
            })
            .collect(),
    );
    conversations::Entity::update_many()
        .col_expr(conversations::Column::LastMessageAt, Expr::value(now))
        .col_expr(conversations::Column::UpdatedAt, Expr::value(now))
        .filter(conversations::Column::Id.eq(conv.id))
        .exec(txn)
        .await?;
    log(
        &unit,
        staff,
        LogAction::ConversationReply,
        id,
        json!({ "message_id": message.id, "files": out_files.len() }),
        ip,
    );
    unit.writes().event(NewEvent::message(conv.id, message.id));
    // The first reply answers the question the bot couldn't: offered for the FAQ (not a
    // simulator's test conversation).
    if !types::sim::is_test(customer.telegram_user_id)
        && let Some(text) = text.as_deref()
    {
        crate::faq::unanswered::operator_replied(txn, conv.id, customer.id, text, message.id, now).await?;
    }
    unit.commit().await?;
    Ok(message)
}

/// A browser's key for a reply or note, when it is one we can store.
fn usable_key(key: Option<&str>) -> Option<&str> {
    key.map(str::trim).filter(|k| !k.is_empty() && k.len() <= 64)
}

/// The message a repeated request (same key) already stored, if any.
async fn stored_before(
    db: &DatabaseConnection,
    key: Option<&str>,
    staff: &Staff,
    conversation: i64,
) -> Result<Option<messages::Model>> {
    let Some(key) = key else { return Ok(None) };
    match messages::Entity::find().filter(messages::Column::ClientKey.eq(key)).one(db).await? {
        Some(m) if m.conversation_id == conversation && m.staff_user_id == Some(staff.id) => Ok(Some(m)),
        // Somebody else's key: never hand out their message.
        Some(_) => Err(InboxError::NotFound),
        None => Ok(None),
    }
}

/// An internal note: in the history for staff, never sent to Telegram. `client_key` as for
/// [`reply`].
pub async fn note(
    db: &DatabaseConnection,
    staff: &Staff,
    id: i64,
    text: &str,
    client_key: Option<&str>,
    ip: Option<&str>,
) -> Result<messages::Model> {
    let text = check_text(text, NOTE_MAX_CHARS)?;
    let client_key = usable_key(client_key);
    if let Some(m) = stored_before(db, client_key, staff, id).await? {
        return Ok(m);
    }
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    // Notes are internal (the customer never sees them): any staff member may leave one on any
    // conversation, a colleague's too.
    let conv = load(txn, id).await?;
    let message = messages::ActiveModel {
        conversation_id: Set(conv.id),
        customer_id: Set(conv.customer_id),
        sender: Set(messages::Sender::Note),
        staff_user_id: Set(Some(staff.id)),
        kind: Set(MessageKind::Note),
        text: Set(Some(text)),
        client_key: Set(client_key.map(str::to_string)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    log(&unit, staff, LogAction::ConversationNote, id, json!({ "message_id": message.id }), ip);
    unit.writes().event(NewEvent::message(conv.id, message.id));
    unit.commit().await?;
    Ok(message)
}

/// Sends a failed reply again (its failed outbox rows go back to the queue).
pub async fn retry(db: &DatabaseConnection, staff: &Staff, message_id: i64, ip: Option<&str>) -> Result<()> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let message = messages::Entity::find_by_id(message_id).one(txn).await?.ok_or(InboxError::NotFound)?;
    if message.sender != messages::Sender::Operator {
        return Err(InboxError::NothingToRetry);
    }
    let conv = load(txn, message.conversation_id).await?;
    if !(staff.is_admin || message.staff_user_id == Some(staff.id) || may_act(staff, &conv)) {
        return Err(InboxError::Forbidden);
    }
    let customer = customers::Entity::find_by_id(conv.customer_id).one(txn).await?.ok_or(InboxError::NotFound)?;
    if customer.is_blocked {
        return Err(InboxError::CustomerBlocked);
    }
    let now = Utc::now();
    let requeued = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(OutboxStatus::Pending))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(outbox::Column::LastError, Expr::value(Option::<String>::None))
        .filter(outbox::Column::MessageId.eq(message_id))
        .filter(outbox::Column::Status.eq(OutboxStatus::Failed))
        .exec(txn)
        .await?;
    if requeued.rows_affected == 0 {
        return Err(InboxError::NothingToRetry);
    }
    log(&unit, staff, LogAction::ConversationRetry, conv.id, json!({ "message_id": message_id }), ip);
    unit.writes().event(NewEvent::delivery(conv.id, message_id));
    unit.commit().await?;
    Ok(())
}

/// Resolves the conversation; the customer is asked for a rating (through the engine, with the
/// bot's texts in the customer's language).
/// Resolves conversation `id`. One no operator has replied to is refused ([`InboxError::NoReplyYet`])
/// unless `confirmed`, and then the customer is told it is closed but not asked for a rating (they
/// got no help to rate).
pub async fn resolve(
    db: &DatabaseConnection,
    engine: &Engine,
    staff: &Staff,
    id: i64,
    confirmed: bool,
) -> Result<conversations::Model> {
    let config = engine.config(db).await?;
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let ctx = Ctx::new(&config, &unit);
    let conv = load(txn, id).await?;
    if conv.status == Status::Resolved {
        return Err(InboxError::NotOpen);
    }
    if !may_act(staff, &conv) {
        return Err(InboxError::Forbidden);
    }
    let replied = messages::Entity::find()
        .filter(messages::Column::ConversationId.eq(id))
        .filter(messages::Column::Sender.eq(messages::Sender::Operator))
        .count(txn)
        .await?
        > 0;
    if !replied && !confirmed {
        return Err(InboxError::NoReplyYet);
    }
    // Claimed by a conditional update first, so two resolves can't both send a rating request.
    let claimed = conversations::Entity::update_many()
        .col_expr(conversations::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(conversations::Column::Id.eq(id))
        .filter(conversations::Column::Status.eq(conv.status))
        .filter(conversations::Column::UpdatedAt.eq(conv.updated_at))
        .exec(txn)
        .await?;
    if claimed.rows_affected == 0 {
        return Err(InboxError::NotOpen);
    }
    // (The engine publishes its "resolved" line as it goes; its remaining statements are inserts,
    // which wait on no row lock.)
    if !crate::engine::conversation::resolve(txn, &ctx, id, &staff.actor(), replied).await? {
        return Err(InboxError::NotOpen);
    }
    unit.commit().await?;
    load(db, id).await
}

/// Reopens a resolved conversation, assigned to whoever reopens it. Refused when the customer has
/// written since and so has a newer conversation (that one is the place to answer).
pub async fn reopen(db: &DatabaseConnection, staff: &Staff, id: i64, ip: Option<&str>) -> Result<conversations::Model> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let conv = load(txn, id).await?;
    if conv.status != Status::Resolved {
        return Err(InboxError::NotResolved);
    }
    if !may_act(staff, &conv) {
        return Err(InboxError::Forbidden);
    }
    let newer = conversations::Entity::find()
        .filter(conversations::Column::CustomerId.eq(conv.customer_id))
        .filter(conversations::Column::Id.gt(conv.id))
        .order_by_desc(conversations::Column::Id)
        .one(txn)
        .await?;
    if let Some(newer) = newer
        && newer.status != Status::Resolved
    {
        return Err(InboxError::NewerConversation(newer.id));
    }
    let now = Utc::now();
    let changed = conversations::Entity::update_many()
        .col_expr(conversations::Column::Status, Expr::value(Status::Assigned))
        .col_expr(conversations::Column::AssigneeId, Expr::value(staff.id))
        .col_expr(conversations::Column::ResolvedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(conversations::Column::UpdatedAt, Expr::value(now))
        .filter(conversations::Column::Id.eq(id))
        .filter(conversations::Column::Status.eq(Status::Resolved))
        .exec(txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(InboxError::NotResolved);
    }
    let conv = load(txn, id).await?;
    system_line(&unit, &conv, "reopened", staff, now).await?;
    log(&unit, staff, LogAction::ConversationReopen, id, json!({}), ip);
    unit.commit().await?;
    Ok(conv)
}

/// Remembers that `staff` has read the conversation up to `message_id` (never moves back).
pub async fn mark_read<C: ConnectionTrait>(db: &C, staff: &Staff, id: i64, message_id: i64) -> Result<()> {
    let row = conversation_reads::ActiveModel {
        staff_user_id: Set(staff.id),
        conversation_id: Set(id),
        last_read_message_id: Set(message_id),
    };
    conversation_reads::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([conversation_reads::Column::StaffUserId, conversation_reads::Column::ConversationId])
                .value(
                    conversation_reads::Column::LastReadMessageId,
                    Expr::cust(
                        "CASE WHEN excluded.last_read_message_id > conversation_reads.last_read_message_id \
                     THEN excluded.last_read_message_id ELSE conversation_reads.last_read_message_id END",
                    ),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::OutFile;
    use types::AttachmentKind::{Document, Photo};

    fn file(id: i64, kind: types::AttachmentKind) -> OutFile {
        OutFile { id, sha256: format!("{id:064x}"), name: format!("f{id}"), kind }
    }

    #[test]
    fn a_photo_and_a_document_go_apart_with_the_caption_on_the_first() {
        let calls = file_calls(Some("see"), &[file(1, Document), file(2, Photo)]);
        assert_eq!(
            calls,
            vec![
                Outgoing::SendPhoto { file: file(2, Photo), caption: Some("see".into()) },
                Outgoing::SendDocument { file: file(1, Document), caption: None },
            ]
        );
    }

    #[test]
    fn several_photos_are_an_album_and_documents_another() {
        let calls = file_calls(None, &[file(1, Photo), file(2, Document), file(3, Photo), file(4, Document)]);
        assert_eq!(
            calls,
            vec![
                Outgoing::SendMediaGroup { files: vec![file(1, Photo), file(3, Photo)], caption: None },
                Outgoing::SendMediaGroup { files: vec![file(2, Document), file(4, Document)], caption: None },
            ]
        );
    }

    #[test]
    fn a_long_caption_goes_as_text_first() {
        let long = "x".repeat(types::files::CAPTION_MAX_CHARS + 1);
        let calls = file_calls(Some(&long), &[file(1, Photo)]);
        assert_eq!(
            calls,
            vec![
                Outgoing::SendMessage { text: long, reply_markup: None, html: false },
                Outgoing::SendPhoto { file: file(1, Photo), caption: None },
            ]
        );
    }
}
