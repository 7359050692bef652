//! Operator notifications in Telegram (#12, point 10).
//!
//! **Linking.** A staff member asks for a one-time code on My account ([`create_code`]): 8
//! characters of an unambiguous alphabet (40 bits), valid for [`CODE_TTL`], shown once, stored as
//! its SHA-256 only, one pending code per staff member (a new one replaces it). They send
//! `/link CODE` to the bot, or open `https://t.me/<bot>?start=link-CODE`. The engine recognises
//! such a message ([`link_request`]) before anything else and hands it to [`link_from_bot`]
//! instead of the customer flow: no customer row, no conversation, no unanswered question. The
//! code is used by deleting its row (a conditional delete: of two concurrent uses one wins). A
//! wrong, expired or used code gets one polite reply and changes nothing; after
//! [`MAX_FAILURES`] wrong codes in [`FAILURE_WINDOW`] a Telegram account is told to wait
//! (counted in `login_failures`, scope `tg_link`, so all processes share the count). One staff
//! member ↔ one Telegram account: linking again replaces the staff member's earlier account; a
//! Telegram account already linked to someone else is refused.
//!
//! A staff member who also writes to the bot as a customer stays a customer for every other
//! message: only `/link …` and `/start link-…` are taken out of the customer flow.
//!
//! **Notifications.** [`Notifier::run`] (one per process) calls [`tick`] every
//! [`TICK_EVERY`]. A tick
//! - claims, for every linked, active staff member with "waiting" on, each conversation in the
//!   queue (`waiting`) whose `waiting_since` is older than their threshold: the claim is the insert
//!   of a `staff_notifications` row unique per (staff, conversation, kind, episode), where the
//!   episode is `waiting_since` — so each waiting episode notifies once, across all processes;
//!   a conversation handed off again later (a new `waiting_since`) or returned to the queue by its
//!   operator ([`back_in_queue`] forgets its claims) notifies again;
//! - claims the pending assignment rows that [`crate::inbox::assign`] wrote (an admin assigned a
//!   conversation to someone else) by a conditional update of `sent_at` from NULL.
//!
//! The claim and the message's outbox rows commit together, so the durable outbox
//! (retry/backoff/blocked) sends it exactly once. Working hours don't matter: waiting time counts
//! around the clock and staff switch the notifications off themselves when they want quiet.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::conversations::{self, Status as ConvStatus};
use entity::{customers, login_failures, messages, staff_link_codes, staff_notifications, staff_telegram, staff_users};
use rand::Rng;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use types::{LogAction, NotifyKind, Sender, TargetKind};

use crate::action_log::{self, Action, Actor};
use crate::engine::incoming::{Content, Incoming, User};
use crate::engine::{Ctx, command};
use crate::outbox::{self, NewOutgoing, Outgoing};
use crate::unit::Unit;

/// How long a link code is valid.
pub const CODE_TTL: chrono::Duration = chrono::Duration::minutes(10);
/// A link code's length (characters of [`CODE_ALPHABET`]).
pub const CODE_LEN: usize = 8;
/// No 0/O, 1/I/L: a code is read off a screen and typed.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Wrong codes a Telegram account may send in [`FAILURE_WINDOW`].
pub const MAX_FAILURES: u64 = 5;
pub const FAILURE_WINDOW: chrono::Duration = chrono::Duration::minutes(15);
const FAILURE_SCOPE: &str = "tg_link";
/// The deep-link payload's prefix: `/start link-CODE`.
pub const DEEP_LINK_PREFIX: &str = "link-";

/// The waiting threshold's bounds and default, in minutes.
pub const WAIT_MINUTES_MIN: i32 = 1;
pub const WAIT_MINUTES_MAX: i32 = 24 * 60;
pub const WAIT_MINUTES_DEFAULT: i32 = 5;
/// How often a process looks for conversations to notify about.
pub const TICK_EVERY: Duration = Duration::from_secs(15);

// ---- pure -----------------------------------------------------------------------------------

/// A fresh random code.
pub fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..CODE_LEN).map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char).collect()
}

/// The code as typed, normalised (case, spaces and dashes don't matter; the deep link's
/// `link-` prefix is dropped), if it can be a code at all.
pub fn normalize_code(input: &str) -> Option<String> {
    let t = input.trim();
    let t = match t.get(..DEEP_LINK_PREFIX.len()) {
        Some(p) if p.eq_ignore_ascii_case(DEEP_LINK_PREFIX) => &t[DEEP_LINK_PREFIX.len()..],
        _ => t,
    };
    let code: String = t.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let ok = code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    ok.then_some(code)
}

/// What is stored of a code: its SHA-256, hex (the code has 40 random bits and lives 10
/// minutes, so a fast hash is enough; the clear code is never stored).
pub fn hash_code(code: &str) -> String {
    Sha256::digest(code.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The deep link that links a staff member's Telegram account by opening the bot.
pub fn deep_link(bot_username: &str, code: &str) -> String {
    format!("https://t.me/{bot_username}?start={DEEP_LINK_PREFIX}{code}")
}

/// A message that asks to link a staff member's account: `/link CODE` (with anything after
/// `/link`) or `/start link-…`. Everything else is a customer's.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRequest {
    pub chat_id: i64,
    pub from: User,
    /// As sent (checked by [`normalize_code`]).
    pub code: String,
    /// An edit of an earlier message: ignored, without a reply.
    pub edited: bool,
}

/// Whether the update is a staff member's link request (never in the simulator's test chats).
pub fn link_request(incoming: &Incoming) -> Option<LinkRequest> {
    let Incoming::Message { chat_id, from, content: Content::Text(text), edited, .. } = incoming else {
        return None;
    };
    if types::sim::is_test(*chat_id) {
        return None;
    }
    let (name, args) = command::parse_command(text, None)?;
    let code = match name.as_str() {
        "link" => args?,
        "start" => {
            let payload = args?;
            let p = payload.get(..DEEP_LINK_PREFIX.len())?;
            if !p.eq_ignore_ascii_case(DEEP_LINK_PREFIX) {
                return None;
            }
            payload
        }
        _ => return None,
    };
    Some(LinkRequest { chat_id: *chat_id, from: from.clone(), code: code.to_string(), edited: *edited })
}

/// The language of the bot's words to a staff member: Russian when they say so, else English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// From Telegram's `language_code`: `ru…` → Russian, anything else → English.
    pub fn from_telegram(code: Option<&str>) -> Lang {
        match code {
            Some(c) if c.to_ascii_lowercase().starts_with("ru") => Lang::Ru,
            _ => Lang::En,
        }
    }

    /// The staff member's interface language when set, else their Telegram language.
    pub fn for_staff(ui: Option<&str>, telegram: Option<&str>) -> Lang {
        match ui {
            Some("ru") => Lang::Ru,
            Some("en") => Lang::En,
            _ => Lang::from_telegram(telegram),
        }
    }
}

/// How a link request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Linked to this staff member (their display name).
    Linked(String),
    /// Wrong, expired or already used (the reply doesn't say which).
    WrongCode,
    TooManyAttempts,
    /// This Telegram account is linked to another staff member.
    TakenByOther,
}

/// The bot's reply to a link request.
pub fn link_reply(outcome: &LinkOutcome, lang: Lang) -> String {
    match (outcome, lang) {
        (LinkOutcome::Linked(name), Lang::Ru) => format!(
            "Готово: этот аккаунт Telegram привязан к сотруднику «{name}». Сюда будут приходить уведомления о диалогах; настроить или отвязать — в админке, «Мой профиль»."
        ),
        (LinkOutcome::Linked(name), Lang::En) => format!(
            "Done: this Telegram account is linked to staff member “{name}”. Conversation notifications will come here; change or unlink them in the admin under “My account”."
        ),
        (LinkOutcome::WrongCode, Lang::Ru) => "Код не подошёл: он неверный, истёк или уже использован. Получите новый код в админке («Мой профиль» → «Уведомления в Telegram») и отправьте его в течение 10 минут.".into(),
        (LinkOutcome::WrongCode, Lang::En) => "That code didn't work: it is wrong, expired or already used. Get a new one in the admin (“My account” → “Telegram notifications”) and send it within 10 minutes.".into(),
        (LinkOutcome::TooManyAttempts, Lang::Ru) => "Слишком много неверных кодов. Подождите 15 минут и попробуйте снова.".into(),
        (LinkOutcome::TooManyAttempts, Lang::En) => "Too many wrong codes. Please wait 15 minutes and try again.".into(),
        (LinkOutcome::TakenByOther, Lang::Ru) => "Этот аккаунт Telegram уже привязан к другому сотруднику. Сначала отвяжите его в профиле того сотрудника.".into(),
        (LinkOutcome::TakenByOther, Lang::En) => "This Telegram account is already linked to another staff member. Unlink it in that staff member's account first.".into(),
    }
}

/// "12 мин", "1 ч 5 мин" / "12 min", "1 h 5 min".
pub fn format_wait(minutes: i64, lang: Lang) -> String {
    let m = minutes.max(0);
    let (h, m) = (m / 60, m % 60);
    match (lang, h) {
        (Lang::Ru, 0) => format!("{m} мин"),
        (Lang::Ru, _) if m == 0 => format!("{h} ч"),
        (Lang::Ru, _) => format!("{h} ч {m} мин"),
        (Lang::En, 0) => format!("{m} min"),
        (Lang::En, _) if m == 0 => format!("{h} h"),
        (Lang::En, _) => format!("{h} h {m} min"),
    }
}

/// The first words of a message: at most `words` words and 120 characters, with "…" when cut.
pub fn excerpt(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let mut out = all.iter().take(words).copied().collect::<Vec<_>>().join(" ");
    let mut cut = all.len() > words;
    if out.chars().count() > 120 {
        out = out.chars().take(120).collect::<String>().trim_end().to_string();
        cut = true;
    }
    if cut {
        out.push('…');
    }
    out
}

/// What a notification says about its conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub conversation_id: i64,
    pub customer: String,
    /// The first words of the customer's latest message, if any.
    pub preview: Option<String>,
    /// Minutes the conversation has waited.
    pub waited_minutes: i64,
}

/// The link to a conversation in the admin, when the server knows its public URL.
pub fn inbox_link(public_url: Option<&url::Url>, conversation_id: i64) -> Option<String> {
    public_url.map(|u| format!("{}/inbox/{conversation_id}", u.as_str().trim_end_matches('/')))
}

/// The notification's text. `assigned_by`: an assignment by that staff member; `None`: the
/// conversation waits.
pub fn notification_text(about: &About, assigned_by: Option<&str>, link: Option<&str>, lang: Lang) -> String {
    let wait = format_wait(about.waited_minutes, lang);
    let mut lines = Vec::new();
    lines.push(match (assigned_by, lang) {
        (None, Lang::Ru) => format!("⏳ Диалог №{} ждёт ответа уже {wait}", about.conversation_id),
        (None, Lang::En) => format!("⏳ Conversation #{} has been waiting for {wait}", about.conversation_id),
        (Some(by), Lang::Ru) => format!("📌 {by} назначил(а) вам диалог №{}", about.conversation_id),
        (Some(by), Lang::En) => format!("📌 {by} assigned conversation #{} to you", about.conversation_id),
    });
    lines.push(match lang {
        Lang::Ru => format!("Клиент: {}", about.customer),
        Lang::En => format!("Customer: {}", about.customer),
    });
    if let Some(p) = &about.preview {
        lines.push(match lang {
            Lang::Ru => format!("«{p}»"),
            Lang::En => format!("“{p}”"),
        });
    }
    if assigned_by.is_some() && about.waited_minutes > 0 {
        lines.push(match lang {
            Lang::Ru => format!("Ждёт: {wait}"),
            Lang::En => format!("Waiting: {wait}"),
        });
    }
    lines.push(match (link, lang) {
        (Some(l), Lang::Ru) => format!("Открыть: {l}"),
        (Some(l), Lang::En) => format!("Open: {l}"),
        (None, Lang::Ru) => "Ссылки нет: у сервера не задан PUBLIC_URL. Найдите диалог в разделе «Диалоги».".into(),
        (None, Lang::En) => "No link: the server has no PUBLIC_URL set. Find the conversation in the Inbox.".into(),
    });
    lines.join("\n")
}

/// A threshold as stored: clamped to its bounds.
pub fn clamp_wait_minutes(m: i32) -> i32 {
    m.clamp(WAIT_MINUTES_MIN, WAIT_MINUTES_MAX)
}

/// Whether a linked staff member should hear about a conversation waiting since `since`.
pub fn waited_enough(link: &staff_telegram::Model, since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    link.notify_waiting && now - since >= chrono::Duration::minutes(clamp_wait_minutes(link.wait_minutes).into())
}

/// A waiting episode's key (the conversation's `waiting_since`, to the microsecond).
pub fn episode(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

// ---- linking --------------------------------------------------------------------------------

/// A staff member's link and code state, for My account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkStatus {
    pub link: Option<staff_telegram::Model>,
    /// When the pending code expires (none pending: `None`).
    pub code_expires_at: Option<DateTime<Utc>>,
}

pub async fn status(db: &DatabaseConnection, staff_id: i64, now: DateTime<Utc>) -> Result<LinkStatus, DbErr> {
    let link = staff_telegram::Entity::find_by_id(staff_id).one(db).await?;
    let code = staff_link_codes::Entity::find()
        .filter(staff_link_codes::Column::StaffId.eq(staff_id))
        .filter(staff_link_codes::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(LinkStatus { link, code_expires_at: code.map(|c| c.expires_at) })
}

/// Creates a staff member's one-time code (replacing a pending one); returns it in clear — the
/// only time it exists so — and its expiry.
pub async fn create_code(
    db: &DatabaseConnection,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), DbErr> {
    let code = new_code();
    let expires_at = now + CODE_TTL;
    staff_link_codes::Entity::insert(staff_link_codes::ActiveModel {
        staff_id: Set(staff_id),
        code_hash: Set(hash_code(&code)),
        expires_at: Set(expires_at),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(staff_link_codes::Column::StaffId)
            .update_columns([
                staff_link_codes::Column::CodeHash,
                staff_link_codes::Column::ExpiresAt,
                staff_link_codes::Column::CreatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok((code, expires_at))
}

async fn failures<C: ConnectionTrait>(txn: &C, telegram_user_id: i64, now: DateTime<Utc>) -> Result<u64, DbErr> {
    login_failures::Entity::find()
        .filter(login_failures::Column::Scope.eq(FAILURE_SCOPE))
        .filter(login_failures::Column::Key.eq(telegram_user_id.to_string()))
        .filter(login_failures::Column::At.gt(now - FAILURE_WINDOW))
        .count(txn)
        .await
}

async fn note_failure<C: ConnectionTrait>(txn: &C, telegram_user_id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    login_failures::ActiveModel {
        scope: Set(FAILURE_SCOPE.into()),
        key: Set(telegram_user_id.to_string()),
        at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The Telegram account's name as the admin shows it.
fn telegram_name(from: &User) -> String {
    let name = [Some(from.first_name.as_str()), from.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() { from.username.clone().unwrap_or_else(|| from.id.to_string()) } else { name }
}

/// Uses a code sent to the bot: links the sender's Telegram account to the code's staff member.
async fn link_in<C: ConnectionTrait>(txn: &C, ctx: &Ctx, req: &LinkRequest) -> Result<LinkOutcome, DbErr> {
    let now = ctx.now;
    let tg = req.from.id;
    if failures(txn, tg, now).await? >= MAX_FAILURES {
        return Ok(LinkOutcome::TooManyAttempts);
    }
    let code = match normalize_code(&req.code) {
        Some(c) => c,
        None => {
            note_failure(txn, tg, now).await?;
            return Ok(LinkOutcome::WrongCode);
        }
    };
    let row = staff_link_codes::Entity::find()
        .filter(staff_link_codes::Column::CodeHash.eq(hash_code(&code)))
        .one(txn)
        .await?;
    // Used by deleting it: of two concurrent uses, one deletes the row.
    let used = match &row {
        Some(r) if r.expires_at > now => {
            staff_link_codes::Entity::delete_many()
                .filter(staff_link_codes::Column::Id.eq(r.id))
                .filter(staff_link_codes::Column::CodeHash.eq(r.code_hash.clone()))
                .exec(txn)
                .await?
                .rows_affected
                == 1
        }
        _ => false,
    };
    let staff = match (used, &row) {
        (true, Some(r)) => staff_users::Entity::find_by_id(r.staff_id).one(txn).await?.filter(|u| u.is_active),
        _ => None,
    };
    let Some(staff) = staff else {
        note_failure(txn, tg, now).await?;
        return Ok(LinkOutcome::WrongCode);
    };
    let other = staff_telegram::Entity::find()
        .filter(staff_telegram::Column::TelegramUserId.eq(tg))
        .filter(staff_telegram::Column::StaffId.ne(staff.id))
        .one(txn)
        .await?;
    if other.is_some() {
        return Ok(LinkOutcome::TakenByOther);
    }
    let name = telegram_name(&req.from);
    match staff_telegram::Entity::find_by_id(staff.id).one(txn).await? {
        // Linking again keeps the choices and replaces the account.
        Some(existing) => {
            let mut am: staff_telegram::ActiveModel = existing.into();
            am.telegram_user_id = Set(tg);
            am.chat_id = Set(req.chat_id);
            am.username = Set(req.from.username.clone());
            am.name = Set(name.clone());
            am.language_code = Set(req.from.language_code.clone());
            am.linked_at = Set(now);
            am.update(txn).await?;
        }
        None => {
            staff_telegram::ActiveModel {
                staff_id: Set(staff.id),
                telegram_user_id: Set(tg),
                chat_id: Set(req.chat_id),
                username: Set(req.from.username.clone()),
                name: Set(name.clone()),
                language_code: Set(req.from.language_code.clone()),
                notify_waiting: Set(true),
                wait_minutes: Set(WAIT_MINUTES_DEFAULT),
                notify_assigned: Set(true),
                linked_at: Set(now),
            }
            .insert(txn)
            .await?;
        }
    }
    let actor = Actor::staff(staff.id, &staff.username);
    crate::engine::log_action(
        ctx,
        Action::new(&actor, LogAction::AuthTelegramLinked)
            .target(TargetKind::StaffUser, staff.id)
            .details(json!({ "telegram_username": req.from.username, "telegram_name": name })),
    );
    Ok(LinkOutcome::Linked(crate::inbox::display_name(&staff)))
}

/// The engine's handling of a link request: the code is used (or refused) and the bot replies,
/// in the unit of the update. Nothing of the customer flow happens.
pub(crate) async fn link_from_bot<C: ConnectionTrait>(txn: &C, ctx: &Ctx, req: &LinkRequest) -> Result<(), DbErr> {
    if req.edited {
        return Ok(());
    }
    let outcome = link_in(txn, ctx, req).await?;
    let lang = Lang::from_telegram(req.from.language_code.as_deref());
    crate::engine::store_outgoing(
        ctx,
        NewOutgoing {
            chat_id: req.chat_id,
            customer_id: None,
            conversation_id: None,
            message_id: None,
            body: Outgoing::SendMessage { text: link_reply(&outcome, lang), reply_markup: None, html: false },
        },
    );
    Ok(())
}

/// Unlinks a staff member's Telegram account (and drops a pending code); `false` when none was
/// linked.
pub async fn unlink(db: &DatabaseConnection, actor: &Actor, staff_id: i64, ip: Option<&str>) -> Result<bool, DbErr> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    staff_link_codes::Entity::delete_many().filter(staff_link_codes::Column::StaffId.eq(staff_id)).exec(txn).await?;
    let gone = staff_telegram::Entity::delete_many()
        .filter(staff_telegram::Column::StaffId.eq(staff_id))
        .exec(txn)
        .await?
        .rows_affected;
    if gone == 0 {
        unit.commit().await?;
        return Ok(false);
    }
    unit.writes().action(action_log::row(
        Action::new(actor, LogAction::AuthTelegramUnlinked).target(TargetKind::StaffUser, staff_id).ip(ip),
    ));
    unit.commit().await?;
    Ok(true)
}

/// A staff member's notification choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    pub notify_waiting: bool,
    pub wait_minutes: i32,
    pub notify_assigned: bool,
}

/// Saves the choices of a linked staff member (`false`: not linked). The threshold is clamped.
pub async fn set_prefs(db: &DatabaseConnection, staff_id: i64, prefs: Prefs) -> Result<bool, DbErr> {
    let res = staff_telegram::Entity::update_many()
        .col_expr(staff_telegram::Column::NotifyWaiting, Expr::value(prefs.notify_waiting))
        .col_expr(staff_telegram::Column::WaitMinutes, Expr::value(clamp_wait_minutes(prefs.wait_minutes)))
        .col_expr(staff_telegram::Column::NotifyAssigned, Expr::value(prefs.notify_assigned))
        .filter(staff_telegram::Column::StaffId.eq(staff_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Which staff members have Telegram linked (for the Users page).
pub async fn linked_staff(db: &DatabaseConnection) -> Result<HashSet<i64>, DbErr> {
    Ok(staff_telegram::Entity::find().all(db).await?.into_iter().map(|l| l.staff_id).collect())
}

/// An admin's assignment of a conversation to `to` (someone else): a pending notification, in
/// the assignment's unit, when `to` is linked and wants it. [`tick`] sends it.
pub async fn note_assignment<C: ConnectionTrait>(
    txn: &C,
    by: i64,
    to: i64,
    conversation_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if by == to {
        return Ok(());
    }
    let wants = staff_telegram::Entity::find_by_id(to).one(txn).await?.is_some_and(|l| l.notify_assigned);
    if !wants {
        return Ok(());
    }
    staff_notifications::Entity::insert(staff_notifications::ActiveModel {
        staff_id: Set(to),
        conversation_id: Set(conversation_id),
        kind: Set(NotifyKind::Assigned),
        episode: Set(format!("{}:{by}", episode(now))),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            staff_notifications::Column::StaffId,
            staff_notifications::Column::ConversationId,
            staff_notifications::Column::Kind,
            staff_notifications::Column::Episode,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// A conversation returned to the queue waits again: its waiting notifications are forgotten
/// (in the release's unit), so staff hear of it again once their threshold has passed — counted,
/// as the inbox counts it, from when it first waited.
pub async fn back_in_queue<C: ConnectionTrait>(txn: &C, conversation_id: i64) -> Result<(), DbErr> {
    staff_notifications::Entity::delete_many()
        .filter(staff_notifications::Column::ConversationId.eq(conversation_id))
        .filter(staff_notifications::Column::Kind.eq(NotifyKind::Waiting))
        .exec(txn)
        .await?;
    Ok(())
}

// ---- the notifier ---------------------------------------------------------------------------

/// What the notifier needs besides the database.
#[derive(Debug, Clone, Default)]
pub struct NotifyConfig {
    /// The admin's public address, for links to conversations.
    pub public_url: Option<url::Url>,
}

/// One process's notifier.
pub struct Notifier {
    pub db: DatabaseConnection,
    pub config: NotifyConfig,
}

impl Notifier {
    /// Ticks every [`TICK_EVERY`] until the task is aborted (server shutdown).
    pub async fn run(self) {
        let mut every = tokio::time::interval(TICK_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = tick(&self.db, &self.config, Utc::now()).await {
                tracing::warn!(error = %e, "staff notifications: tick failed");
            }
        }
    }
}

/// Linked, active staff members (their link and account), by staff id.
async fn recipients(
    db: &DatabaseConnection,
) -> Result<HashMap<i64, (staff_telegram::Model, staff_users::Model)>, DbErr> {
    let links = staff_telegram::Entity::find().all(db).await?;
    if links.is_empty() {
        return Ok(HashMap::new());
    }
    let staff: HashMap<i64, staff_users::Model> = staff_users::Entity::find()
        .filter(staff_users::Column::Id.is_in(links.iter().map(|l| l.staff_id)))
        .filter(staff_users::Column::IsActive.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(links.into_iter().filter_map(|l| staff.get(&l.staff_id).cloned().map(|u| (l.staff_id, (l, u)))).collect())
}

/// What a notification says about a conversation: the customer's name and their latest words.
async fn about<C: ConnectionTrait>(db: &C, conv: &conversations::Model, now: DateTime<Utc>) -> Result<About, DbErr> {
    let customer = customers::Entity::find_by_id(conv.customer_id).one(db).await?;
    let customer = customer
        .map(|c| {
            let name = [Some(c.first_name.as_str()), c.last_name.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            match c.username {
                Some(u) if !u.is_empty() => format!("{name} (@{u})"),
                _ => name,
            }
        })
        .unwrap_or_default();
    let last = messages::Entity::find()
        .filter(messages::Column::ConversationId.eq(conv.id))
        .filter(messages::Column::Sender.eq(Sender::Customer))
        .order_by_desc(messages::Column::Id)
        .one(db)
        .await?;
    let preview = last
        .and_then(|m| m.text.or(m.caption).or(Some(format!("[{}]", m.kind.as_str()))))
        .map(|t| excerpt(&t, 12))
        .filter(|t| !t.is_empty());
    let since = conv.waiting_since.unwrap_or(conv.created_at);
    Ok(About { conversation_id: conv.id, customer, preview, waited_minutes: (now - since).num_minutes().max(0) })
}

fn message(link: &staff_telegram::Model, text: String) -> NewOutgoing {
    NewOutgoing {
        chat_id: link.chat_id,
        customer_id: None,
        conversation_id: None,
        message_id: None,
        body: Outgoing::SendMessage { text, reply_markup: None, html: false },
    }
}

/// One round: claims and queues every notification due at `now`; returns how many were queued.
/// Safe to run in several processes at once: each notification is claimed by one.
pub async fn tick(db: &DatabaseConnection, config: &NotifyConfig, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let people = recipients(db).await?;
    let mut sent = 0;
    sent += waiting(db, config, &people, now).await?;
    sent += assigned(db, config, &people, now).await?;
    Ok(sent)
}

async fn waiting(
    db: &DatabaseConnection,
    config: &NotifyConfig,
    people: &HashMap<i64, (staff_telegram::Model, staff_users::Model)>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let wanting: Vec<&(staff_telegram::Model, staff_users::Model)> =
        people.values().filter(|(l, _)| l.notify_waiting).collect();
    let Some(shortest) = wanting.iter().map(|(l, _)| clamp_wait_minutes(l.wait_minutes)).min() else {
        return Ok(0);
    };
    let queue = conversations::Entity::find()
        .filter(conversations::Column::Status.eq(ConvStatus::Waiting))
        .filter(conversations::Column::WaitingSince.lte(now - chrono::Duration::minutes(shortest.into())))
        .order_by_asc(conversations::Column::WaitingSince)
        .order_by_asc(conversations::Column::Id)
        .all(db)
        .await?;
    if queue.is_empty() {
        return Ok(0);
    }
    let done: HashSet<(i64, i64, String)> = staff_notifications::Entity::find()
        .filter(staff_notifications::Column::Kind.eq(NotifyKind::Waiting))
        .filter(staff_notifications::Column::ConversationId.is_in(queue.iter().map(|c| c.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.staff_id, n.conversation_id, n.episode))
        .collect();
    let mut order: Vec<_> = wanting;
    order.sort_by_key(|(l, _)| l.staff_id);
    let mut sent = 0;
    for conv in &queue {
        let Some(since) = conv.waiting_since else { continue };
        let key = episode(since);
        for (link, user) in &order {
            if !waited_enough(link, since, now) || done.contains(&(link.staff_id, conv.id, key.clone())) {
                continue;
            }
            let unit = Unit::begin(db).await?;
            let claimed = staff_notifications::Entity::insert(staff_notifications::ActiveModel {
                staff_id: Set(link.staff_id),
                conversation_id: Set(conv.id),
                kind: Set(NotifyKind::Waiting),
                episode: Set(key.clone()),
                created_at: Set(now),
                sent_at: Set(Some(now)),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    staff_notifications::Column::StaffId,
                    staff_notifications::Column::ConversationId,
                    staff_notifications::Column::Kind,
                    staff_notifications::Column::Episode,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(unit.txn())
            .await?;
            if claimed != 1 {
                unit.rollback().await?;
                continue;
            }
            // Still waiting as of the claim (another process may have had it taken meanwhile).
            let still = conversations::Entity::find_by_id(conv.id)
                .one(unit.txn())
                .await?
                .filter(|c| c.status == ConvStatus::Waiting && c.waiting_since == Some(since));
            let Some(current) = still else {
                unit.rollback().await?;
                continue;
            };
            let lang = Lang::for_staff(user.language.as_deref(), link.language_code.as_deref());
            let about = about(unit.txn(), &current, now).await?;
            let url = inbox_link(config.public_url.as_ref(), conv.id);
            unit.writes().outbox(outbox::rows(message(link, notification_text(&about, None, url.as_deref(), lang))));
            unit.commit().await?;
            sent += 1;
        }
    }
    Ok(sent)
}

async fn assigned(
    db: &DatabaseConnection,
    config: &NotifyConfig,
    people: &HashMap<i64, (staff_telegram::Model, staff_users::Model)>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let pending = staff_notifications::Entity::find()
        .filter(staff_notifications::Column::SentAt.is_null())
        .filter(staff_notifications::Column::Kind.eq(NotifyKind::Assigned))
        .order_by_asc(staff_notifications::Column::Id)
        .all(db)
        .await?;
    let mut sent = 0;
    for row in pending {
        let unit = Unit::begin(db).await?;
        let claimed = staff_notifications::Entity::update_many()
            .col_expr(staff_notifications::Column::SentAt, Expr::value(now))
            .filter(staff_notifications::Column::Id.eq(row.id))
            .filter(staff_notifications::Column::SentAt.is_null())
            .exec(unit.txn())
            .await?
            .rows_affected;
        if claimed != 1 {
            unit.rollback().await?;
            continue;
        }
        // Claimed either way; sent only while it still holds (linked, active, wants it, and the
        // conversation is still theirs).
        let conv = conversations::Entity::find_by_id(row.conversation_id)
            .one(unit.txn())
            .await?
            .filter(|c| c.status == ConvStatus::Assigned && c.assignee_id == Some(row.staff_id));
        let who = people.get(&row.staff_id).filter(|(l, _)| l.notify_assigned);
        if let (Some(conv), Some((link, user))) = (conv, who) {
            let by = row
                .episode
                .rsplit_once(':')
                .and_then(|(_, id)| id.parse::<i64>().ok())
                .map(|id| staff_users::Entity::find_by_id(id).one(unit.txn()));
            let by = match by {
                Some(q) => q.await?.map(|u| crate::inbox::display_name(&u)).unwrap_or_default(),
                None => String::new(),
            };
            let lang = Lang::for_staff(user.language.as_deref(), link.language_code.as_deref());
            let about = about(unit.txn(), &conv, now).await?;
            let url = inbox_link(config.public_url.as_ref(), conv.id);
            unit.writes()
                .outbox(outbox::rows(message(link, notification_text(&about, Some(&by), url.as_deref(), lang))));
            sent += 1;
        }
        unit.commit().await?;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msg(text: &str, chat_id: i64) -> Incoming {
        let v = json!({"update_id": 1, "message": {"message_id": 3, "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": false, "first_name": "Анна", "language_code": "ru"}, "text": text}});
        crate::engine::incoming::classify(&v)
    }

    #[test]
    fn codes_are_random_valid_and_normalised() {
        let a = new_code();
        let b = new_code();
        assert_ne!(a, b);
        assert_eq!(a.len(), CODE_LEN);
        assert_eq!(normalize_code(&a), Some(a.clone()));
        assert_eq!(normalize_code(&format!(" {} ", a.to_lowercase())), Some(a.clone()));
        assert_eq!(normalize_code(&format!("link-{a}")), Some(a.clone()));
        assert_eq!(normalize_code("ABCD-EFGH"), Some("ABCDEFGH".into()));
        assert_eq!(normalize_code("ABC"), None);
        assert_eq!(normalize_code("ABCDEFG0"), None, "0 is not in the alphabet");
        assert_eq!(normalize_code("АБВГДЕЖЗ"), None);
        assert_eq!(hash_code("ABCDEFGH").len(), 64);
        assert_ne!(hash_code("ABCDEFGH"), hash_code("ABCDEFGJ"));
    }

    #[test]
    fn link_requests_are_only_link_and_start_link() {
        let r = link_request(&msg("/link abcd efgh", 42)).unwrap();
        assert_eq!((r.chat_id, r.code.as_str(), r.edited), (42, "abcd efgh", false));
        assert_eq!(link_request(&msg("/start link-ABCDEFGH", 42)).unwrap().code, "link-ABCDEFGH");
        assert_eq!(link_request(&msg("/start promo", 42)), None);
        assert_eq!(link_request(&msg("/start", 42)), None);
        assert_eq!(link_request(&msg("/link", 42)), None, "a bare /link stays the customer's");
        assert_eq!(link_request(&msg("please /link ABCDEFGH", 42)), None);
        assert_eq!(link_request(&msg("/help", 42)), None);
        assert_eq!(link_request(&msg("/link ABCDEFGH", types::sim::chat_for(1))), None, "simulator");
    }

    #[test]
    fn deep_links_and_inbox_links() {
        assert_eq!(deep_link("support_bot", "ABCDEFGH"), "https://t.me/support_bot?start=link-ABCDEFGH");
        let u = url::Url::parse("https://support.example.com/").unwrap();
        assert_eq!(inbox_link(Some(&u), 7).as_deref(), Some("https://support.example.com/inbox/7"));
        assert_eq!(inbox_link(None, 7), None);
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::from_telegram(Some("ru")), Lang::Ru);
        assert_eq!(Lang::from_telegram(Some("ru-RU")), Lang::Ru);
        assert_eq!(Lang::from_telegram(Some("uk")), Lang::En);
        assert_eq!(Lang::from_telegram(None), Lang::En);
        assert_eq!(Lang::for_staff(Some("ru"), Some("en")), Lang::Ru);
        assert_eq!(Lang::for_staff(None, Some("ru")), Lang::Ru);
    }

    #[test]
    fn texts() {
        assert_eq!(format_wait(7, Lang::Ru), "7 мин");
        assert_eq!(format_wait(65, Lang::En), "1 h 5 min");
        assert_eq!(format_wait(120, Lang::Ru), "2 ч");
        assert_eq!(excerpt("one two three", 2), "one two…");
        assert_eq!(excerpt("  short  text ", 12), "short text");
        assert_eq!(excerpt(&"x".repeat(200), 12).chars().count(), 121);
        let about = About {
            conversation_id: 42,
            customer: "Анна (@anna)".into(),
            preview: Some("Не могу оплатить".into()),
            waited_minutes: 12,
        };
        let t = notification_text(&about, None, Some("https://s.example/inbox/42"), Lang::Ru);
        assert!(t.contains("№42") && t.contains("12 мин") && t.contains("Анна (@anna)"), "{t}");
        assert!(t.contains("«Не могу оплатить»") && t.ends_with("Открыть: https://s.example/inbox/42"), "{t}");
        let t = notification_text(&about, Some("Boss"), None, Lang::En);
        assert!(t.starts_with("📌 Boss assigned conversation #42 to you") && t.contains("PUBLIC_URL"), "{t}");
        assert!(link_reply(&LinkOutcome::Linked("Мария".into()), Lang::Ru).contains("«Мария»"));
        assert!(link_reply(&LinkOutcome::WrongCode, Lang::En).contains("didn't work"));
    }

    #[test]
    fn thresholds() {
        let now = Utc::now();
        let link = staff_telegram::Model {
            staff_id: 1,
            telegram_user_id: 2,
            chat_id: 2,
            username: None,
            name: "A".into(),
            language_code: None,
            notify_waiting: true,
            wait_minutes: 5,
            notify_assigned: true,
            linked_at: now,
        };
        assert!(!waited_enough(&link, now - chrono::Duration::minutes(4), now));
        assert!(waited_enough(&link, now - chrono::Duration::minutes(5), now));
        assert!(!waited_enough(
            &staff_telegram::Model { notify_waiting: false, ..link.clone() },
            now - chrono::Duration::hours(1),
            now
        ));
        assert_eq!(clamp_wait_minutes(0), 1);
        assert_eq!(clamp_wait_minutes(100_000), WAIT_MINUTES_MAX);
    }
}
