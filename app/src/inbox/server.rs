//! The inbox's reads (lists, a conversation with its history and customer card) and canned
//! responses, on the server. The actions themselves are `bot::inbox`.

use std::collections::HashMap;
use types::{LogAction, TargetKind};

use chrono::{DateTime, Utc};
use entity::conversations::{self, Status};
use entity::{canned_responses, customers, faq_entries, messages, outbox, staff_users};
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};

use crate::auth::server::Caller;
use crate::error::{ApiError, Conflict, Problem};
use crate::inbox::model::*;
use crate::inbox::validate::{cut, like_pattern};

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
        E::Empty => Problem::TextEmpty.into(),
        E::TooLong => Problem::TextTooLong.into(),
        E::NoSuchStaff => Problem::StaffInvalid.into(),
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

async fn staff_names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, ApiError> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(staff_users::Entity::find()
        .filter(staff_users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, bot::inbox::display_name(&u)))
        .collect())
}

/// Case-insensitive "contains" on a column (`table`.`column`). PostgreSQL's ILIKE folds every
/// alphabet; SQLite's LIKE folds only ASCII, so there the term is also tried lowercased,
/// capitalised and uppercased (which covers how names and words are written in practice).
fn contains(backend: DbBackend, table: &str, column: &str, term: &str) -> Condition {
    use sea_orm::sea_query::LikeExpr;
    let col = || Expr::col((Alias::new(table), Alias::new(column)));
    if backend == DbBackend::Postgres {
        // (sea-query's ilike() puts ESCAPE where PostgreSQL can't parse it; custom expressions
        // number their placeholders on PostgreSQL.) `table` and `column` are constants.
        return Condition::all().add(Expr::cust_with_values(
            format!("\"{table}\".\"{column}\" ILIKE $1 ESCAPE '!'"),
            [like_pattern(term)],
        ));
    }
    let lower = term.to_lowercase();
    let upper = term.to_uppercase();
    let mut chars = lower.chars();
    let capital: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    let mut variants = vec![term.to_string(), lower, upper, capital];
    variants.sort();
    variants.dedup();
    variants.into_iter().fold(Condition::any(), |c, v| c.add(col().like(LikeExpr::new(like_pattern(&v)).escape('!'))))
}

fn search_condition(backend: DbBackend, search: &str) -> Option<Condition> {
    let term = search.trim();
    if term.is_empty() {
        return None;
    }
    let handle = term.trim_start_matches('@');
    // Any customer or operator message (text or caption) of the conversation.
    let message_match = Expr::exists(
        sea_orm::sea_query::Query::select()
            .expr(Expr::val(1))
            .from_as(messages::Entity, sea_orm::sea_query::Alias::new("m"))
            .and_where(Expr::cust("m.conversation_id = conversations.id"))
            .and_where(
                Expr::col((Alias::new("m"), messages::Column::Sender)).is_in([Sender::Customer, Sender::Operator]),
            )
            .cond_where(
                Condition::any().add(contains(backend, "m", "text", term)).add(contains(backend, "m", "caption", term)),
            )
            .to_owned(),
    );
    let mut name = Condition::any()
        .add(contains(backend, "customers", "first_name", term))
        .add(contains(backend, "customers", "last_name", term))
        .add(contains(backend, "customers", "username", handle));
    if let Some((first, last)) = term.split_once(' ') {
        name =
            name.add(Condition::all().add(contains(backend, "customers", "first_name", first.trim())).add(contains(
                backend,
                "customers",
                "last_name",
                last.trim(),
            )));
    }
    Some(name.add(message_match))
}

fn tab_condition(tab: Tab, me: i64) -> Condition {
    match tab {
        Tab::Waiting => Condition::all().add(conversations::Column::Status.eq(Status::Waiting)),
        Tab::Mine => Condition::all()
            .add(conversations::Column::Status.eq(Status::Assigned))
            .add(conversations::Column::AssigneeId.eq(me)),
        Tab::Open => Condition::all().add(conversations::Column::Status.is_in([Status::Waiting, Status::Assigned])),
        Tab::Resolved => Condition::all().add(conversations::Column::Status.eq(Status::Resolved)),
    }
}

pub async fn counts(db: &DatabaseConnection, me: i64) -> Result<TabCounts, ApiError> {
    let count = |tab| conversations::Entity::find().filter(tab_condition(tab, me)).count(db);
    Ok(TabCounts { waiting: count(Tab::Waiting).await?, mine: count(Tab::Mine).await?, open: count(Tab::Open).await? })
}

pub async fn list(
    db: &DatabaseConnection,
    user: &staff_users::Model,
    tab: Tab,
    search: &str,
) -> Result<InboxPage, ApiError> {
    let backend = db.get_database_backend();
    let mut q = conversations::Entity::find().find_also_related(customers::Entity).filter(tab_condition(tab, user.id));
    if let Some(c) = search_condition(backend, search) {
        q = q.filter(c);
    }
    q = match tab {
        Tab::Waiting => q.order_by_asc(conversations::Column::WaitingSince).order_by_asc(conversations::Column::Id),
        Tab::Mine | Tab::Open => {
            q.order_by_desc(conversations::Column::LastMessageAt).order_by_desc(conversations::Column::Id)
        }
        Tab::Resolved => q.order_by_desc(conversations::Column::ResolvedAt).order_by_desc(conversations::Column::Id),
    };
    let mut found = q.limit(LIST_LIMIT + 1).all(db).await?;
    let truncated = found.len() as u64 > LIST_LIMIT;
    found.truncate(LIST_LIMIT as usize);
    let pairs: Vec<(conversations::Model, customers::Model)> =
        found.into_iter().filter_map(|(conv, cust)| cust.map(|c| (conv, c))).collect();
    let rows = rows(db, user.id, pairs).await?;
    Ok(InboxPage { rows, truncated, counts: counts(db, user.id).await? })
}

/// List rows for conversations with their customers: assignee names, previews, unread counts.
async fn rows(
    db: &DatabaseConnection,
    me: i64,
    pairs: Vec<(conversations::Model, customers::Model)>,
) -> Result<Vec<ConversationRow>, ApiError> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = pairs.iter().map(|(c, _)| c.id).collect();
    let id_list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let names = staff_names(db, pairs.iter().filter_map(|(c, _)| c.assignee_id)).await?;
    let backend = db.get_database_backend();
    // The newest visible message of each conversation.
    let previews: HashMap<i64, Preview> = messages::Entity::find()
        .from_raw_sql(Statement::from_string(
            backend,
            format!(
                "SELECT * FROM messages WHERE id IN (SELECT MAX(id) FROM messages WHERE conversation_id IN ({id_list}) \
                 AND sender IN ({visible}) GROUP BY conversation_id)",
                visible = types::sql_list(&[Sender::Customer, Sender::Bot, Sender::Operator], Sender::as_str)
            ),
        ))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let text = m.text.clone().or(m.caption.clone()).map(|t| cut(&t, 140));
            (m.conversation_id, Preview { sender: m.sender, kind: m.kind.to_string(), text })
        })
        .collect();
    // Customer messages after what the caller has read.
    let unread_sql = format!(
        "SELECT m.conversation_id AS conversation_id, COUNT(*) AS n FROM messages m \
         LEFT JOIN conversation_reads r ON r.conversation_id = m.conversation_id AND r.staff_user_id = {me} \
         WHERE m.conversation_id IN ({id_list}) AND m.sender = '{customer}' \
           AND m.id > COALESCE(r.last_read_message_id, 0) \
         GROUP BY m.conversation_id",
        customer = Sender::Customer
    );
    let unread: HashMap<i64, u64> = db
        .query_all_raw(Statement::from_string(backend, unread_sql))
        .await?
        .into_iter()
        .filter_map(|r| Some((r.try_get::<i64>("", "conversation_id").ok()?, r.try_get::<i64>("", "n").ok()? as u64)))
        .collect();
    Ok(pairs
        .into_iter()
        .map(|(conv, cust)| ConversationRow {
            id: conv.id,
            customer_id: cust.id,
            customer_name: full_name(&cust),
            username: cust.username.clone(),
            customer_blocked: cust.is_blocked,
            status: conv.status,
            assignee_id: conv.assignee_id,
            assignee_name: conv.assignee_id.and_then(|id| names.get(&id).cloned()),
            waiting_since: conv.waiting_since.map(time),
            last_message_at: time(conv.last_message_at),
            resolved_at: conv.resolved_at.map(time),
            rating: conv.rating,
            preview: previews.get(&conv.id).cloned(),
            unread: unread.get(&conv.id).copied().unwrap_or(0),
        })
        .collect())
}

pub async fn conversation(
    db: &DatabaseConnection,
    user: &staff_users::Model,
    id: i64,
) -> Result<ConversationView, ApiError> {
    let Some((conv, Some(cust))) =
        conversations::Entity::find_by_id(id).find_also_related(customers::Entity).one(db).await?
    else {
        return Err(ApiError::NotFound);
    };
    let staff = bot::inbox::Staff::from_model(user);
    let can_act = conv.status != Status::Bot && bot::inbox::may_act(&staff, &conv);
    let can_take = conv.status == Status::Waiting;
    let (messages, more_before) = older(db, id, i64::MAX).await?;
    let others = conversations::Entity::find()
        .filter(conversations::Column::CustomerId.eq(cust.id))
        .filter(conversations::Column::Id.ne(id))
        .order_by_desc(conversations::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    let customer = CustomerCard {
        id: cust.id,
        telegram_user_id: cust.telegram_user_id,
        name: full_name(&cust),
        username: cust.username.clone(),
        language: cust.language_code.clone(),
        first_seen_at: time(cust.first_seen_at),
        last_seen_at: time(cust.last_seen_at),
        source: cust.source.clone(),
        blocked: cust.is_blocked,
        conversations: others
            .into_iter()
            .map(|c| PastConversation {
                id: c.id,
                status: c.status,
                created_at: time(c.created_at),
                resolved_at: c.resolved_at.map(time),
                rating: c.rating,
            })
            .collect(),
    };
    let row = rows(db, user.id, vec![(conv, cust)]).await?.pop().ok_or(ApiError::NotFound)?;
    Ok(ConversationView { row, customer, messages, more_before, can_act, can_take })
}

/// A page of the history before message `before` (all of it: `i64::MAX`), oldest first, and
/// whether there is more before it.
pub async fn older(db: &DatabaseConnection, id: i64, before: i64) -> Result<(Vec<MessageView>, bool), ApiError> {
    let mut page = messages::Entity::find()
        .filter(messages::Column::ConversationId.eq(id))
        .filter(messages::Column::Id.lt(before))
        .order_by_desc(messages::Column::Id)
        .limit(HISTORY_PAGE + 1)
        .all(db)
        .await?;
    let more = page.len() as u64 > HISTORY_PAGE;
    page.truncate(HISTORY_PAGE as usize);
    page.reverse();
    Ok((message_views(db, page).await?, more))
}

pub async fn message_view(db: &DatabaseConnection, m: messages::Model) -> Result<MessageView, ApiError> {
    message_views(db, vec![m]).await?.pop().ok_or(ApiError::Internal)
}

/// History rows as the screen shows them: staff names, FAQ questions, delivery states.
async fn message_views(db: &DatabaseConnection, list: Vec<messages::Model>) -> Result<Vec<MessageView>, ApiError> {
    let names = staff_names(db, list.iter().filter_map(|m| m.staff_user_id)).await?;
    let faq_ids: Vec<i64> = list.iter().filter_map(|m| m.faq_entry_id).collect();
    let faqs: HashMap<i64, String> = if faq_ids.is_empty() {
        HashMap::new()
    } else {
        faq_entries::Entity::find()
            .filter(faq_entries::Column::Id.is_in(faq_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.question))
            .collect()
    };
    let outgoing: Vec<i64> = list
        .iter()
        .filter(|m| matches!(m.sender, messages::Sender::Bot | messages::Sender::Operator))
        .map(|m| m.id)
        .collect();
    let mut rows_by_message: HashMap<i64, Vec<outbox::Model>> = HashMap::new();
    if !outgoing.is_empty() {
        for row in outbox::Entity::find().filter(outbox::Column::MessageId.is_in(outgoing)).all(db).await? {
            if let Some(m) = row.message_id {
                rows_by_message.entry(m).or_default().push(row);
            }
        }
    }
    Ok(list
        .into_iter()
        .map(|m| MessageView {
            id: m.id,
            sender: m.sender,
            kind: m.kind.to_string(),
            text: m.text,
            caption: m.caption,
            has_file: m.file_id.is_some(),
            staff_name: m.staff_user_id.and_then(|id| names.get(&id).cloned()),
            faq: m.faq_entry_id.and_then(|id| faqs.get(&id).map(|q| (id, q.clone()))),
            delivery: rows_by_message.get(&m.id).map(|rows| delivery(rows)),
            created_at: time(m.created_at),
        })
        .collect())
}

/// One message's delivery from its outbox rows (see [`Delivery::from_rows`]).
pub fn delivery(rows: &[outbox::Model]) -> Delivery {
    Delivery::from_rows(rows.iter().map(|r| (r.status, r.attempts, r.last_error.as_deref())))
}

pub async fn staff_options(db: &DatabaseConnection) -> Result<Vec<StaffOption>, ApiError> {
    Ok(staff_users::Entity::find()
        .filter(staff_users::Column::IsActive.eq(true))
        .order_by_asc(staff_users::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| StaffOption { id: u.id, name: bot::inbox::display_name(&u) })
        .collect())
}

fn canned_view(c: canned_responses::Model) -> CannedResponse {
    CannedResponse { id: c.id, title: c.title, shortcut: c.shortcut, text: c.text }
}

pub async fn canned_list(db: &DatabaseConnection) -> Result<Vec<CannedResponse>, ApiError> {
    Ok(canned_responses::Entity::find()
        .order_by_asc(canned_responses::Column::Shortcut)
        .all(db)
        .await?
        .into_iter()
        .map(canned_view)
        .collect())
}

pub async fn canned_save(
    caller: &Caller,
    id: Option<i64>,
    title: String,
    shortcut: String,
    text: String,
) -> Result<CannedResponse, ApiError> {
    let input = crate::inbox::validate::canned(&title, &shortcut, &text)?;
    let db = &caller.state.db;
    let taken = canned_responses::Entity::find()
        .filter(canned_responses::Column::Shortcut.eq(input.shortcut.clone()))
        .one(db)
        .await?
        .is_some_and(|c| Some(c.id) != id);
    if taken {
        return Err(Problem::CannedShortcutTaken.into());
    }
    let now = Utc::now();
    let saved = match id {
        Some(id) => {
            let existing = canned_responses::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
            let mut am: canned_responses::ActiveModel = existing.into();
            am.title = Set(input.title);
            am.shortcut = Set(input.shortcut);
            am.text = Set(input.text);
            am.updated_at = Set(now);
            am.update(db).await?
        }
        None => {
            canned_responses::ActiveModel {
                title: Set(input.title),
                shortcut: Set(input.shortcut),
                text: Set(input.text),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    let actor = caller.actor();
    let action = if id.is_some() { LogAction::CannedUpdate } else { LogAction::CannedCreate };
    bot::action_log::record(
        db,
        bot::action_log::Action::new(&actor, action)
            .target(TargetKind::CannedResponse, saved.id)
            .details(serde_json::json!({ "shortcut": saved.shortcut }))
            .ip(caller.ip.as_deref()),
    )
    .await?;
    Ok(canned_view(saved))
}

pub async fn canned_delete(caller: &Caller, id: i64) -> Result<(), ApiError> {
    let db = &caller.state.db;
    let deleted = canned_responses::Entity::delete_by_id(id).exec(db).await?;
    if deleted.rows_affected == 0 {
        return Err(ApiError::NotFound);
    }
    let actor = caller.actor();
    bot::action_log::record(
        db,
        bot::action_log::Action::new(&actor, LogAction::CannedDelete)
            .target(TargetKind::CannedResponse, id)
            .ip(caller.ip.as_deref()),
    )
    .await?;
    Ok(())
}
