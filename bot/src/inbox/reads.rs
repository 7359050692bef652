//! What staff see: the inbox lists (by tab, with previews and unread counts, searchable), a
//! conversation with its customer and history, and the delivery of outgoing messages. The web
//! admin maps these to its view models.

use std::collections::HashMap;

use entity::conversations::{self, Status};
use entity::{action_log, customers, faq_entries, messages, outbox, staff_users};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use types::{InboxTab, LogAction, Sender, sql_list};

use super::buttons::{self, KeyButton, Keyed, Press};
use super::{Staff, display_name, may_act};

use types::limits::{HISTORY_PAGE, INBOX_LIST as LIST_LIMIT};
/// Earlier conversations shown on the customer's card.
const PAST_CONVERSATIONS: u64 = 20;

/// A conversation as a list shows it.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub conversation: conversations::Model,
    pub customer: customers::Model,
    pub assignee_name: Option<String>,
    /// The newest customer, bot or operator message.
    pub preview: Option<messages::Model>,
    /// Customer messages after what the reader has read.
    pub unread: u64,
}

/// How many conversations each tab holds for a staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub waiting: u64,
    pub mine: u64,
    pub open: u64,
}

#[derive(Debug, Clone)]
pub struct List {
    pub rows: Vec<ListRow>,
    /// More matched than [`LIST_LIMIT`].
    pub truncated: bool,
    pub counts: Counts,
}

/// A message of the history with what the screen shows beside it.
#[derive(Debug, Clone)]
pub struct HistoryLine {
    pub message: messages::Model,
    /// Who wrote it (operator replies, notes) or caused it (system lines).
    pub staff_name: Option<String>,
    /// The FAQ entry a bot answer came from: id and question.
    pub faq: Option<(i64, String)>,
    /// The outbox rows of an outgoing message (several for a long text), `None` for others.
    pub deliveries: Option<Vec<outbox::Model>>,
    /// The buttons a bot message carried, with the customer's presses.
    pub keyboard: Vec<Vec<KeyButton>>,
    /// An operator's attachments, in their order (empty for other messages).
    pub files: Vec<entity::message_files::Model>,
}

/// A conversation opened in the inbox.
#[derive(Debug, Clone)]
pub struct Conversation {
    pub row: ListRow,
    /// The customer's other conversations, newest first.
    pub others: Vec<conversations::Model>,
    /// The newest page of the history, oldest first.
    pub history: Vec<HistoryLine>,
    pub more_before: bool,
    /// The reader may act on it (see [`may_act`]).
    pub can_act: bool,
    /// It is waiting, so it can be taken.
    pub can_take: bool,
}

/// Case-insensitive "contains" on a column (`table`.`column`). PostgreSQL's ILIKE folds every
/// alphabet; SQLite's LIKE folds only ASCII, so there the term is also tried lowercased,
/// capitalised and uppercased (which covers how names and words are written in practice).
fn contains(backend: DbBackend, table: &str, column: &str, term: &str) -> Condition {
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

/// `%term%` for LIKE, with the wildcards in the term escaped (ESCAPE '!': a backslash would need
/// different quoting on each database).
pub fn like_pattern(term: &str) -> String {
    let mut p = String::with_capacity(term.len() + 2);
    p.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '!') {
            p.push('!');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Customers by name or @username, and conversations by any customer or operator message (text
/// or caption).
fn search_condition(backend: DbBackend, search: &str) -> Option<Condition> {
    let term = search.trim();
    if term.is_empty() {
        return None;
    }
    let handle = term.trim_start_matches('@');
    let message_match = Expr::exists(
        sea_orm::sea_query::Query::select()
            .expr(Expr::val(1))
            .from_as(messages::Entity, Alias::new("m"))
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

/// Which conversations a list holds: a search covers every conversation, whatever the tab (each
/// result shows its status); otherwise the tab's.
fn scope_condition(tab: InboxTab, me: i64, search: &str) -> Condition {
    if search.trim().is_empty() { tab_condition(tab, me) } else { Condition::all() }
}

fn tab_condition(tab: InboxTab, me: i64) -> Condition {
    match tab {
        InboxTab::Waiting => Condition::all().add(conversations::Column::Status.eq(Status::Waiting)),
        InboxTab::Mine => Condition::all()
            .add(conversations::Column::Status.eq(Status::Assigned))
            .add(conversations::Column::AssigneeId.eq(me)),
        InboxTab::Open => {
            Condition::all().add(conversations::Column::Status.is_in([Status::Waiting, Status::Assigned]))
        }
        InboxTab::Bot => Condition::all().add(conversations::Column::Status.eq(Status::Bot)),
        InboxTab::Resolved => Condition::all().add(conversations::Column::Status.eq(Status::Resolved)),
    }
}

/// The tabs' counts for staff member `me`.
pub async fn counts(db: &DatabaseConnection, me: i64) -> Result<Counts, DbErr> {
    let count = |tab| conversations::Entity::find().filter(tab_condition(tab, me)).count(db);
    Ok(Counts {
        waiting: count(InboxTab::Waiting).await?,
        mine: count(InboxTab::Mine).await?,
        open: count(InboxTab::Open).await?,
    })
}

/// A tab's conversations as `me` sees them: waiting ones oldest first, resolved ones by
/// resolution, others by their last message. A search looks in every conversation, whatever the
/// tab, newest message first.
pub async fn list(db: &DatabaseConnection, me: i64, tab: InboxTab, search: &str) -> Result<List, DbErr> {
    let backend = db.get_database_backend();
    let mut q =
        conversations::Entity::find().find_also_related(customers::Entity).filter(scope_condition(tab, me, search));
    let searching = search_condition(backend, search);
    let order = if searching.is_some() { InboxTab::Open } else { tab };
    if let Some(c) = searching {
        q = q.filter(c);
    }
    q = match order {
        InboxTab::Waiting => {
            q.order_by_asc(conversations::Column::WaitingSince).order_by_asc(conversations::Column::Id)
        }
        InboxTab::Mine | InboxTab::Open | InboxTab::Bot => {
            q.order_by_desc(conversations::Column::LastMessageAt).order_by_desc(conversations::Column::Id)
        }
        InboxTab::Resolved => {
            q.order_by_desc(conversations::Column::ResolvedAt).order_by_desc(conversations::Column::Id)
        }
    };
    let mut found = q.limit(LIST_LIMIT + 1).all(db).await?;
    let truncated = found.len() as u64 > LIST_LIMIT;
    found.truncate(LIST_LIMIT as usize);
    let pairs = found.into_iter().filter_map(|(conv, cust)| cust.map(|c| (conv, c))).collect();
    Ok(List { rows: rows(db, me, pairs).await?, truncated, counts: counts(db, me).await? })
}

/// Staff members' shown names by id.
async fn staff_names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
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
        .map(|u| (u.id, display_name(&u)))
        .collect())
}

/// List rows for conversations with their customers: assignee names, previews, unread counts.
async fn rows(
    db: &DatabaseConnection,
    me: i64,
    pairs: Vec<(conversations::Model, customers::Model)>,
) -> Result<Vec<ListRow>, DbErr> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let id_list = pairs.iter().map(|(c, _)| c.id.to_string()).collect::<Vec<_>>().join(",");
    let names = staff_names(db, pairs.iter().filter_map(|(c, _)| c.assignee_id)).await?;
    let backend = db.get_database_backend();
    // The newest visible message of each conversation.
    let visible = sql_list(&[Sender::Customer, Sender::Bot, Sender::Operator], Sender::as_str);
    let mut previews: HashMap<i64, messages::Model> = messages::Entity::find()
        .from_raw_sql(Statement::from_string(
            backend,
            format!(
                "SELECT * FROM messages WHERE id IN (SELECT MAX(id) FROM messages WHERE conversation_id IN ({id_list}) \
                 AND sender IN ({visible}) GROUP BY conversation_id)"
            ),
        ))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.conversation_id, m))
        .collect();
    // Customer messages after what the reader has read.
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
        .map(|(conversation, customer)| ListRow {
            assignee_name: conversation.assignee_id.and_then(|id| names.get(&id).cloned()),
            preview: previews.remove(&conversation.id),
            unread: unread.get(&conversation.id).copied().unwrap_or(0),
            conversation,
            customer,
        })
        .collect())
}

/// A conversation's head as `staff` sees it: its row, the customer's other conversations, and
/// what `staff` may do. The open conversation's header and card, without the history.
#[derive(Debug, Clone)]
pub struct Head {
    pub row: ListRow,
    /// The customer's other conversations, newest first.
    pub others: Vec<conversations::Model>,
    /// The reader may act on it (see [`may_act`]).
    pub can_act: bool,
    /// It is waiting, so it can be taken.
    pub can_take: bool,
}

/// A conversation's head (no history) as `staff` sees it; `None` when there is no such
/// conversation.
pub async fn head(db: &DatabaseConnection, staff: &Staff, id: i64) -> Result<Option<Head>, DbErr> {
    let Some((conv, Some(cust))) =
        conversations::Entity::find_by_id(id).find_also_related(customers::Entity).one(db).await?
    else {
        return Ok(None);
    };
    let can_act = conv.status != Status::Bot && may_act(staff, &conv);
    let can_take = conv.status == Status::Waiting;
    let others = conversations::Entity::find()
        .filter(conversations::Column::CustomerId.eq(cust.id))
        .filter(conversations::Column::Id.ne(id))
        .order_by_desc(conversations::Column::Id)
        .limit(PAST_CONVERSATIONS)
        .all(db)
        .await?;
    let Some(row) = rows(db, staff.id, vec![(conv, cust)]).await?.pop() else { return Ok(None) };
    Ok(Some(Head { row, others, can_act, can_take }))
}

/// A conversation as `staff` opens it; `None` when there is no such conversation.
pub async fn conversation(db: &DatabaseConnection, staff: &Staff, id: i64) -> Result<Option<Conversation>, DbErr> {
    let Some(Head { row, others, can_act, can_take }) = head(db, staff, id).await? else { return Ok(None) };
    let (history, more_before) = history_page(db, id, i64::MAX).await?;
    Ok(Some(Conversation { row, others, history, more_before, can_act, can_take }))
}

/// One conversation as the list of `tab` (searched for `search`) shows it to `me`; `None` when
/// it doesn't belong there (or doesn't exist). A live update of one row.
pub async fn row(
    db: &DatabaseConnection,
    me: i64,
    id: i64,
    tab: InboxTab,
    search: &str,
) -> Result<Option<ListRow>, DbErr> {
    let backend = db.get_database_backend();
    let mut q = conversations::Entity::find_by_id(id)
        .find_also_related(customers::Entity)
        .filter(scope_condition(tab, me, search));
    if let Some(c) = search_condition(backend, search) {
        q = q.filter(c);
    }
    let Some((conv, Some(cust))) = q.one(db).await? else { return Ok(None) };
    Ok(rows(db, me, vec![(conv, cust)]).await?.pop())
}

/// One message of conversation `conversation_id` as its history shows it; `None` when there is
/// no such message in that conversation.
pub async fn history_line(
    db: &DatabaseConnection,
    conversation_id: i64,
    message_id: i64,
) -> Result<Option<HistoryLine>, DbErr> {
    let Some(m) = messages::Entity::find_by_id(message_id)
        .filter(messages::Column::ConversationId.eq(conversation_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(history_lines(db, vec![m]).await?.pop())
}

/// A page of the history before message `before` (all of it: `i64::MAX`), oldest first, and
/// whether there is more before it.
pub async fn history_page(db: &DatabaseConnection, id: i64, before: i64) -> Result<(Vec<HistoryLine>, bool), DbErr> {
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
    Ok((history_lines(db, page).await?, more))
}

/// History rows as the screen shows them: staff names, FAQ questions, delivery states.
pub async fn history_lines(db: &DatabaseConnection, list: Vec<messages::Model>) -> Result<Vec<HistoryLine>, DbErr> {
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
    let outgoing: Vec<i64> =
        list.iter().filter(|m| matches!(m.sender, Sender::Bot | Sender::Operator)).map(|m| m.id).collect();
    let mut deliveries: HashMap<i64, Vec<outbox::Model>> = HashMap::new();
    if !outgoing.is_empty() {
        for row in outbox::Entity::find().filter(outbox::Column::MessageId.is_in(outgoing)).all(db).await? {
            if let Some(m) = row.message_id {
                deliveries.entry(m).or_default().push(row);
            }
        }
    }
    let with_files: Vec<i64> =
        list.iter().filter(|m| m.sender == Sender::Operator && !m.kind.is_textual()).map(|m| m.id).collect();
    let mut files: HashMap<i64, Vec<entity::message_files::Model>> = HashMap::new();
    if !with_files.is_empty() {
        use entity::message_files::{Column, Entity};
        for f in Entity::find()
            .filter(Column::MessageId.is_in(with_files))
            .order_by_asc(Column::MessageId)
            .order_by_asc(Column::Position)
            .all(db)
            .await?
        {
            files.entry(f.message_id).or_default().push(f);
        }
    }
    let presses = presses(db, &list).await?;
    let mut lines: Vec<HistoryLine> = list
        .into_iter()
        .map(|m| {
            let deliveries = deliveries.remove(&m.id);
            let keyboard = match (&deliveries, m.sender) {
                (Some(rows), Sender::Bot) => buttons::keyboard_of(rows),
                _ => Vec::new(),
            };
            HistoryLine {
                staff_name: m.staff_user_id.and_then(|id| names.get(&id).cloned()),
                faq: m.faq_entry_id.and_then(|id| faqs.get(&id).map(|q| (id, q.clone()))),
                deliveries,
                keyboard,
                files: files.remove(&m.id).unwrap_or_default(),
                message: m,
            }
        })
        .collect();
    if !presses.is_empty() {
        let mut keyed: Vec<Keyed<'_>> = lines
            .iter_mut()
            .filter(|l| !l.keyboard.is_empty())
            .map(|l| Keyed {
                at: l.message.created_at,
                telegram_ids: l.deliveries.iter().flatten().filter_map(|o| o.telegram_message_id).collect(),
                keyboard: &mut l.keyboard,
            })
            .collect();
        buttons::mark_presses(&mut keyed, &presses);
    }
    Ok(lines)
}

/// The customers' button presses from the first of these messages on (only when one of them is
/// a bot message, the only kind with buttons).
async fn presses<C: ConnectionTrait>(db: &C, list: &[messages::Model]) -> Result<Vec<Press>, DbErr> {
    let Some(since) = list.iter().filter(|m| m.sender == Sender::Bot).map(|m| m.created_at).min() else {
        return Ok(Vec::new());
    };
    let mut customers: Vec<i64> = list.iter().map(|m| m.customer_id).collect();
    customers.sort_unstable();
    customers.dedup();
    Ok(action_log::Entity::find()
        .filter(action_log::Column::Action.eq(LogAction::BotButton))
        .filter(action_log::Column::CustomerId.is_in(customers))
        .filter(action_log::Column::At.gte(since))
        .order_by_asc(action_log::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| Press::from_log(l.at, &l.details))
        .collect())
}

/// Active staff members who can be assigned conversations: id and shown name, by name.
pub async fn assignable_staff(db: &DatabaseConnection) -> Result<Vec<(i64, String)>, DbErr> {
    Ok(staff_users::Entity::find()
        .filter(staff_users::Column::IsActive.eq(true))
        .order_by_asc(staff_users::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, display_name(&u)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_keep_wildcards_literal() {
        assert_eq!(like_pattern("анна"), "%анна%");
        assert_eq!(like_pattern("100%_!"), "%100!%!_!!%");
    }
}
