//! The inbox's server side in the web admin: maps `bot::inbox`'s reads and refusals and
//! `bot::canned` to the screen's view models. No queries here — they are in `bot`.

use bot::inbox::{HistoryLine, ListRow};
use chrono::{DateTime, Utc};
use entity::{canned_responses, conversations, customers, outbox, staff_users};
use sea_orm::DatabaseConnection;

use crate::auth::server::Caller;
use crate::error::{ApiError, Conflict, Problem};
use crate::inbox::model::*;
use crate::inbox::validate::cut;

/// Characters of a message a list row previews.
const PREVIEW_CHARS: usize = 140;

pub fn staff(caller: &Caller) -> bot::inbox::Staff {
    bot::inbox::Staff::from_model(&caller.user)
}

/// The action's refusal, as the UI's error.
pub fn from_inbox(e: bot::inbox::InboxError) -> ApiError {
    use bot::inbox::InboxError as E;
    match e {
        E::NotFound => ApiError::NotFound,
        E::Forbidden => ApiError::Forbidden,
        E::AlreadyTaken(by) => ApiError::Conflict(Conflict::AlreadyTaken { by }),
        E::NotOpen => ApiError::Conflict(Conflict::NotOpen),
        E::NotResolved => ApiError::Conflict(Conflict::NotResolved),
        E::CustomerBlocked => ApiError::Conflict(Conflict::CustomerBlocked),
        E::NewerConversation(id) => ApiError::Conflict(Conflict::NewerConversation { id }),
        E::NothingToRetry => ApiError::Conflict(Conflict::NothingToRetry),
        E::NoReplyYet => ApiError::Conflict(Conflict::NoReplyYet),
        E::Empty => Problem::TextEmpty.into(),
        E::TooLong => Problem::TextTooLong.into(),
        E::NoSuchStaff => Problem::StaffInvalid.into(),
        E::TooManyFiles => ApiError::FileInvalid { name: String::new(), problem: types::files::FileProblem::TooMany },
        E::Db(e) => e.into(),
    }
}

fn from_canned(e: bot::canned::CannedError) -> ApiError {
    use bot::canned::CannedError as E;
    match e {
        E::NotFound => ApiError::NotFound,
        E::ShortcutTaken => Problem::CannedShortcutTaken.into(),
        E::Db(e) => e.into(),
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn full_name(c: &customers::Model) -> String {
    match &c.last_name {
        Some(last) if !last.is_empty() => format!("{} {last}", c.first_name),
        _ => c.first_name.clone(),
    }
}

fn row_view(r: ListRow) -> ConversationRow {
    let (conv, cust) = (r.conversation, r.customer);
    ConversationRow {
        id: conv.id,
        customer_id: cust.id,
        customer_name: full_name(&cust),
        username: cust.username,
        customer_blocked: cust.is_blocked,
        status: conv.status,
        assignee_id: conv.assignee_id,
        assignee_name: r.assignee_name,
        waiting_since: conv.waiting_since.map(time),
        last_message_at: time(conv.last_message_at),
        resolved_at: conv.resolved_at.map(time),
        rating: conv.rating,
        preview: r.preview.map(|m| Preview {
            sender: m.sender,
            kind: m.kind.to_string(),
            text: m.text.or(m.caption).map(|t| cut(&t, PREVIEW_CHARS)),
        }),
        unread: r.unread,
        is_test: types::sim::is_test(cust.telegram_user_id),
    }
}

fn counts_view(c: bot::inbox::Counts) -> TabCounts {
    TabCounts { waiting: c.waiting, mine: c.mine, open: c.open }
}

fn line_view(l: HistoryLine) -> MessageView {
    let m = l.message;
    MessageView {
        id: m.id,
        sender: m.sender,
        kind: m.kind.to_string(),
        text: m.text,
        caption: m.caption,
        has_file: m.file_id.is_some(),
        file: (m.file_name.is_some() || m.mime_type.is_some() || m.file_size.is_some()).then(|| FileInfo {
            name: m.file_name.clone(),
            mime_type: m.mime_type.clone(),
            size: m.file_size,
        }),
        files: l
            .files
            .into_iter()
            .map(|f| AttachmentView { id: f.id, kind: f.kind, name: f.name, mime_type: f.mime_type, size: f.size })
            .collect(),
        staff_name: l.staff_name,
        faq: l.faq,
        delivery: l.deliveries.map(|rows| delivery(&rows)),
        created_at: time(m.created_at),
        client_key: m.client_key,
        keyboard: l
            .keyboard
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|b| ButtonView {
                        text: b.text,
                        url: b.url,
                        pressed: b.presses.into_iter().map(time).collect(),
                    })
                    .collect()
            })
            .collect(),
    }
}

fn past_view(c: conversations::Model) -> PastConversation {
    PastConversation {
        id: c.id,
        status: c.status,
        created_at: time(c.created_at),
        resolved_at: c.resolved_at.map(time),
        rating: c.rating,
    }
}

/// One message's delivery from its outbox rows (see [`Delivery::from_rows`]).
pub fn delivery(rows: &[outbox::Model]) -> Delivery {
    Delivery::from_rows(rows.iter().map(|r| (r.status, r.attempts, r.last_error.as_deref())))
}

pub async fn counts(db: &DatabaseConnection, me: i64) -> Result<TabCounts, ApiError> {
    Ok(counts_view(bot::inbox::counts(db, me).await?))
}

pub async fn list(
    db: &DatabaseConnection,
    user: &staff_users::Model,
    tab: InboxTab,
    search: &str,
) -> Result<InboxPage, ApiError> {
    let list = bot::inbox::list(db, user.id, tab, search).await?;
    Ok(InboxPage {
        rows: list.rows.into_iter().map(row_view).collect(),
        truncated: list.truncated,
        counts: counts_view(list.counts),
    })
}

fn customer_card(cust: &customers::Model, others: Vec<conversations::Model>) -> CustomerCard {
    CustomerCard {
        id: cust.id,
        telegram_user_id: cust.telegram_user_id,
        name: full_name(cust),
        username: cust.username.clone(),
        language: cust.language_code.clone(),
        first_seen_at: time(cust.first_seen_at),
        last_seen_at: time(cust.last_seen_at),
        source: cust.source.clone(),
        blocked: cust.is_blocked,
        conversations: others.into_iter().map(past_view).collect(),
    }
}

pub async fn conversation(
    db: &DatabaseConnection,
    user: &staff_users::Model,
    id: i64,
) -> Result<ConversationView, ApiError> {
    let staff = bot::inbox::Staff::from_model(user);
    let c = bot::inbox::conversation(db, &staff, id).await?.ok_or(ApiError::NotFound)?;
    Ok(ConversationView {
        customer: customer_card(&c.row.customer, c.others),
        row: row_view(c.row),
        messages: c.history.into_iter().map(line_view).collect(),
        more_before: c.more_before,
        can_act: c.can_act,
        can_take: c.can_take,
    })
}

/// The open conversation's header, permissions and card (no history).
pub async fn head(db: &DatabaseConnection, user: &staff_users::Model, id: i64) -> Result<ConversationHead, ApiError> {
    let staff = bot::inbox::Staff::from_model(user);
    let h = bot::inbox::head(db, &staff, id).await?.ok_or(ApiError::NotFound)?;
    Ok(ConversationHead {
        customer: customer_card(&h.row.customer, h.others),
        row: row_view(h.row),
        can_act: h.can_act,
        can_take: h.can_take,
    })
}

/// One conversation's row as the caller's tab and search show it (`None`: not there), and the
/// tabs' counts.
pub async fn row(
    db: &DatabaseConnection,
    user: &staff_users::Model,
    id: i64,
    tab: InboxTab,
    search: &str,
) -> Result<RowUpdate, ApiError> {
    let row = bot::inbox::row(db, user.id, id, tab, search).await?.map(row_view);
    Ok(RowUpdate { row, counts: counts_view(bot::inbox::counts(db, user.id).await?) })
}

/// One message of a conversation; not found when it belongs to another one.
pub async fn message(db: &DatabaseConnection, conversation_id: i64, message_id: i64) -> Result<MessageView, ApiError> {
    let line = bot::inbox::history_line(db, conversation_id, message_id).await?.ok_or(ApiError::NotFound)?;
    Ok(line_view(line))
}

/// A page of the history before message `before` (all of it: `i64::MAX`), oldest first, and
/// whether there is more before it.
pub async fn older(db: &DatabaseConnection, id: i64, before: i64) -> Result<(Vec<MessageView>, bool), ApiError> {
    let (lines, more) = bot::inbox::history_page(db, id, before).await?;
    Ok((lines.into_iter().map(line_view).collect(), more))
}

pub async fn message_view(db: &DatabaseConnection, m: entity::messages::Model) -> Result<MessageView, ApiError> {
    bot::inbox::history_lines(db, vec![m]).await?.pop().map(line_view).ok_or(ApiError::Internal)
}

pub async fn staff_options(db: &DatabaseConnection) -> Result<Vec<StaffOption>, ApiError> {
    Ok(bot::inbox::assignable_staff(db).await?.into_iter().map(|(id, name)| StaffOption { id, name }).collect())
}

fn canned_view(c: canned_responses::Model) -> CannedResponse {
    CannedResponse { id: c.id, title: c.title, shortcut: c.shortcut, text: c.text }
}

pub async fn canned_list(db: &DatabaseConnection) -> Result<Vec<CannedResponse>, ApiError> {
    Ok(bot::canned::list(db).await?.into_iter().map(canned_view).collect())
}

pub async fn canned_save(
    caller: &Caller,
    id: Option<i64>,
    title: String,
    shortcut: String,
    text: String,
) -> Result<CannedResponse, ApiError> {
    let input = crate::inbox::validate::canned(&title, &shortcut, &text)?;
    let input = bot::canned::CannedInput { title: input.title, shortcut: input.shortcut, text: input.text };
    let saved = bot::canned::save(&caller.state.db, &caller.actor(), caller.ip.as_deref(), id, input)
        .await
        .map_err(from_canned)?;
    Ok(canned_view(saved))
}

pub async fn canned_delete(caller: &Caller, id: i64) -> Result<(), ApiError> {
    bot::canned::delete(&caller.state.db, &caller.actor(), caller.ip.as_deref(), id).await.map_err(from_canned)
}
