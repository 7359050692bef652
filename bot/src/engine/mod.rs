//! The conversation engine: what the bot does with stored updates. A group of updates (of
//! different chats; a single update is a group of one) is applied by [`Engine::apply`] inside the
//! caller's unit of work ([`crate::unit::Unit`]), which also marks them done: every effect —
//! customers, conversations, history, action log, outbox rows, live events — commits with it, so an
//! update takes effect exactly once. Each payload is parsed once, into an [`Update`].

pub mod callback;
pub mod command;
pub mod conversation;
pub mod hours;
pub mod incoming;
pub mod lang;
pub mod menus;
pub mod texts;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use types::{LogAction, MessageKind, TargetKind};

use chrono::{DateTime, Utc};
use entity::conversations::Status;
use entity::{bot_commands, customers, faq_entries, messages};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::json;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::action_log::{self, Action, Actor};
use crate::matcher::{self, Decision, FaqDoc, HandoffReason, Matcher, Thresholds};
use crate::outbox::{self, NewOutgoing, Outgoing};
use crate::unit::Unit;
use crate::writes::Writes;
use callback::Callback;
use incoming::{Content, Incoming, User};
use lang::Lang;
use texts::{Key, Texts};

/// A stored update as the engine reads it: parsed once, when it is claimed.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub update_id: i64,
    pub incoming: Incoming,
}

impl Update {
    /// Reads a stored payload (leniently: anything the bot can't use becomes `Ignored`).
    pub fn parse(update_id: i64, payload: &str) -> Update {
        let incoming = match serde_json::from_str::<serde_json::Value>(payload) {
            Ok(value) => incoming::classify(&value),
            Err(_) => Incoming::Ignored("payload is not JSON"),
        };
        Update { update_id, incoming }
    }
}

/// What became of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Handled,
    Ignored(&'static str),
}

/// The FAQ as the engine uses it: the matcher and the answers, rebuilt when entries change.
struct Faq {
    signature: (u64, Option<DateTime<Utc>>),
    matcher: Arc<Matcher>,
    entries: Arc<HashMap<i64, faq_entries::Model>>,
}

#[derive(Clone, Default)]
pub struct Engine {
    faq: Arc<RwLock<Option<Faq>>>,
}

/// The bot's configuration as of a round of updates: texts, settings, menus, commands and the
/// FAQ matcher, read once per round ([`Engine::config`]).
pub struct Config {
    pub texts: Texts,
    pub thresholds: Thresholds,
    pub hours: Option<hours::WorkingHours>,
    pub menus: Arc<menus::MenuTree>,
    /// Active commands by name (without the slash).
    pub commands: Arc<HashMap<String, bot_commands::Model>>,
    matcher: Arc<Matcher>,
    entries: Arc<HashMap<i64, faq_entries::Model>>,
}

/// What the engine's steps work with: the configuration, the moment of the current update, and
/// the unit of work's held-back rows (history, outbox, action log and events are inserted
/// together when the unit commits).
#[derive(Clone)]
pub struct Ctx {
    config: Arc<Config>,
    pub now: DateTime<Utc>,
    pub writes: Arc<Writes>,
}

impl std::ops::Deref for Ctx {
    type Target = Config;

    fn deref(&self) -> &Config {
        &self.config
    }
}

pub const SETTING_THRESHOLD_HIGH: &str = "matcher.threshold_high";
pub const SETTING_THRESHOLD_LOW: &str = "matcher.threshold_low";
pub const SETTING_WORK_HOURS: &str = "work_hours";

impl Ctx {
    /// The configuration at work in `unit`, as of now.
    pub fn new(config: &Arc<Config>, unit: &Unit) -> Ctx {
        Ctx { config: config.clone(), now: Utc::now(), writes: unit.writes().clone() }
    }

    /// The same at another moment (each update gets its own timestamps).
    pub fn at(&self, now: DateTime<Utc>) -> Ctx {
        Ctx { now, ..self.clone() }
    }
}

/// Reserves a history row's id and holds the row for the unit's insert.
pub(crate) async fn store_message<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    mut row: messages::ActiveModel,
) -> Result<i64, DbErr> {
    let id = ctx.writes.message_id(txn).await?;
    row.id = Set(id);
    ctx.writes.message(row);
    Ok(id)
}

/// Queues an outgoing call (inserted when the unit commits).
pub(crate) fn store_outgoing(ctx: &Ctx, item: NewOutgoing) {
    ctx.writes.outbox(outbox::rows(item));
}

/// Records an action (inserted when the unit commits).
pub(crate) fn log_action(ctx: &Ctx, action: Action<'_>) {
    ctx.writes.action(action_log::row(action));
}

/// Publishes a live event for the inbox (written last, when the unit commits).
pub(crate) fn publish_event(ctx: &Ctx, event: crate::events::NewEvent) {
    ctx.writes.event(event);
}

/// Whether operators see this conversation in the inbox (so its changes are published live).
pub(crate) fn in_inbox(status: Status) -> bool {
    matches!(status, Status::Waiting | Status::Assigned)
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Loads texts, settings, menus and commands and (when the FAQ changed) rebuilds the matcher.
    pub async fn config<C: ConnectionTrait>(&self, db: &C) -> Result<Arc<Config>, DbErr> {
        let (matcher, entries) = self.faq(db).await?;
        let num = |v: Option<String>, d: f32| v.and_then(|s| s.parse::<f32>().ok()).unwrap_or(d);
        let d = Thresholds::default();
        let thresholds = Thresholds {
            high: num(crate::settings::get(db, SETTING_THRESHOLD_HIGH).await?, d.high),
            low: num(crate::settings::get(db, SETTING_THRESHOLD_LOW).await?, d.low),
        };
        let hours = crate::settings::get(db, SETTING_WORK_HOURS).await?.and_then(|s| hours::WorkingHours::parse(&s));
        let menus = Arc::new(menus::MenuTree::load(db).await?);
        let commands = bot_commands::Entity::find()
            .filter(bot_commands::Column::IsActive.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.command.clone(), c))
            .collect();
        Ok(Arc::new(Config {
            texts: Texts::load(db).await?,
            thresholds,
            hours,
            menus,
            commands: Arc::new(commands),
            matcher,
            entries,
        }))
    }

    async fn faq<C: ConnectionTrait>(
        &self,
        db: &C,
    ) -> Result<(Arc<Matcher>, Arc<HashMap<i64, faq_entries::Model>>), DbErr> {
        let active = faq_entries::Entity::find().filter(faq_entries::Column::IsActive.eq(true));
        let count = active.clone().count(db).await?;
        let newest: Option<DateTime<Utc>> = active
            .clone()
            .select_only()
            .column_as(faq_entries::Column::UpdatedAt.max(), "newest")
            .into_tuple::<Option<DateTime<Utc>>>()
            .one(db)
            .await?
            .flatten();
        let signature = (count, newest);
        if let Some(f) = self.faq.read().expect("faq lock").as_ref()
            && f.signature == signature
        {
            return Ok((f.matcher.clone(), f.entries.clone()));
        }
        let rows = active.all(db).await?;
        let docs: Vec<FaqDoc> = rows
            .iter()
            .map(|r| FaqDoc {
                id: r.id,
                question: r.question.clone(),
                variants: r.variants.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
            })
            .collect();
        // The answers count as evidence too (see bench/README.md, "FAQ matcher").
        let answers: Vec<String> = rows.iter().map(|r| r.answer.clone()).collect();
        let matcher = Arc::new(Matcher::with_answers(&docs, &answers, matcher::MatcherConfig::default()));
        let entries = Arc::new(rows.into_iter().map(|r| (r.id, r)).collect::<HashMap<_, _>>());
        *self.faq.write().expect("faq lock") =
            Some(Faq { signature, matcher: matcher.clone(), entries: entries.clone() });
        Ok((matcher, entries))
    }

    /// Applies a group of updates of different chats (a single update is a group of one) in
    /// `unit`: first what every update needs (customers upserted, open conversations touched, by
    /// one statement each for the group), then each update in turn. Their rows are inserted when
    /// the unit commits.
    pub async fn apply(&self, unit: &Unit, config: &Arc<Config>, updates: &[Update]) -> Result<Vec<Outcome>, DbErr> {
        let ctx = Ctx::new(config, unit);
        let pre = self.prefetch(unit.txn(), &ctx, updates).await?;
        let mut outcomes = Vec::with_capacity(updates.len());
        for update in updates {
            outcomes.push(self.handle(unit.txn(), &ctx.at(Utc::now()), update, &pre).await?);
        }
        Ok(outcomes)
    }

    /// Applies one update of a group whose customers and conversations `pre` already holds.
    async fn handle<C: ConnectionTrait>(
        &self,
        txn: &C,
        ctx: &Ctx,
        update: &Update,
        pre: &Prefetched,
    ) -> Result<Outcome, DbErr> {
        let update_id = update.update_id;
        match update.incoming.clone() {
            Incoming::Ignored(why) => Ok(Outcome::Ignored(why)),
            Incoming::Membership { chat_id, from, status } => {
                let customer = upsert_customer(txn, ctx, &from, chat_id, false).await?;
                match status.as_str() {
                    "kicked" => {
                        if outbox::mark_blocked(txn, chat_id).await? {
                            crate::history::note_blocked(txn, &ctx.writes, customer.id, ctx.now).await?;
                        }
                    }
                    "member" if customer.is_blocked => {
                        let (id, name) = (customer.id, customer.first_name.clone());
                        let mut am: customers::ActiveModel = customer.into();
                        am.is_blocked = Set(false);
                        am.update(txn).await?;
                        let actor = Actor::Customer { id, name };
                        log_action(ctx, Action::new(&actor, LogAction::BotUnblocked).target(TargetKind::Customer, id));
                    }
                    _ => {}
                }
                Ok(Outcome::Handled)
            }
            Incoming::Message { chat_id, message_id, from, content, edited } => {
                let turn = match pre.customers.get(&from.id) {
                    Some(customer) => {
                        let conversation = match pre.conversations.get(&customer.id) {
                            Some(c) => c.clone(),
                            None => conversation::open_or_create(txn, customer.id, ctx.now, false).await?,
                        };
                        Turn::new(customer.clone(), conversation)
                    }
                    None => {
                        let customer = upsert_customer(txn, ctx, &from, chat_id, true).await?;
                        Turn::start(txn, ctx, customer, true).await?
                    }
                };
                turn.message(txn, ctx, update_id, message_id, content, edited).await?;
                Ok(Outcome::Handled)
            }
            Incoming::Callback { id, from, chat_id, data } => {
                // Always answered, so the customer's client stops its spinner.
                let chat = chat_id.unwrap_or(from.id);
                let customer = match pre.customers.get(&from.id) {
                    Some(c) => c.clone(),
                    None => upsert_customer(txn, ctx, &from, chat, true).await?,
                };
                let answer = Outgoing::AnswerCallbackQuery { callback_query_id: id, text: None };
                store_outgoing(
                    ctx,
                    NewOutgoing {
                        chat_id: chat,
                        customer_id: Some(customer.id),
                        conversation_id: None,
                        message_id: None,
                        body: answer,
                    },
                );
                let turn = Turn::start(txn, ctx, customer, false).await?;
                turn.callback(txn, ctx, data.as_deref().and_then(Callback::parse)).await?;
                Ok(Outcome::Handled)
            }
        }
    }
}

/// Creates or refreshes the customer, in one statement. A customer who writes again has evidently
/// unblocked the bot; a language code Telegram left out keeps the one known before.
async fn upsert_customer<C: ConnectionTrait>(
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
    customers: HashMap<i64, customers::Model>,
    /// By customer id: the open conversation of everyone who wrote, its last-message time moved.
    /// A writer missing here had no open conversation.
    conversations: HashMap<i64, entity::conversations::Model>,
}

impl Engine {
    /// Does for all of the group's updates at once what `handle` would do first for each: upsert the customer (as active) and, for a message, touch the open conversation.
    /// A user appearing twice (which per-chat claiming rules out) gets no prefetch.
    async fn prefetch<C: ConnectionTrait>(&self, txn: &C, ctx: &Ctx, updates: &[Update]) -> Result<Prefetched, DbErr> {
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

/// One customer's turn: their open conversation and language.
pub struct Turn {
    pub customer: customers::Model,
    pub conversation: entity::conversations::Model,
    pub lang: Lang,
}

impl Turn {
    /// `new_message`: the customer wrote (rather than pressed a button), which moves the
    /// conversation's last-message time.
    async fn start<C: ConnectionTrait>(
        txn: &C,
        ctx: &Ctx,
        customer: customers::Model,
        new_message: bool,
    ) -> Result<Turn, DbErr> {
        let conversation = conversation::open_or_create(txn, customer.id, ctx.now, new_message).await?;
        Ok(Turn::new(customer, conversation))
    }

    fn new(customer: customers::Model, conversation: entity::conversations::Model) -> Turn {
        let lang = Lang::from_telegram(customer.language_code.as_deref());
        Turn { customer, conversation, lang }
    }

    fn actor(&self) -> Actor {
        Actor::Customer { id: self.customer.id, name: self.customer.first_name.clone() }
    }

    fn log(&self, ctx: &Ctx, action: LogAction, details: serde_json::Value) {
        let actor = self.actor();
        let mut a = Action::new(&actor, action).details(details);
        a.conversation_id = Some(self.conversation.id);
        log_action(ctx, a);
    }

    /// Sends a text from the bot: a message row in the history and an outbox row.
    pub async fn say<C: ConnectionTrait>(
        &self,
        txn: &C,
        ctx: &Ctx,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
        faq_id: Option<i64>,
    ) -> Result<(), DbErr> {
        let row = messages::ActiveModel {
            conversation_id: Set(self.conversation.id),
            customer_id: Set(self.customer.id),
            sender: Set(messages::Sender::Bot),
            kind: Set(MessageKind::Text),
            text: Set(Some(text.clone())),
            faq_entry_id: Set(faq_id),
            created_at: Set(ctx.now),
            ..Default::default()
        };
        let message_id = store_message(txn, ctx, row).await?;
        if in_inbox(self.conversation.status) {
            publish_event(ctx, crate::events::NewEvent::message(self.conversation.id, message_id));
        }
        if self.customer.is_blocked {
            return Ok(());
        }
        let body = Outgoing::SendMessage { text, reply_markup: keyboard };
        // The outbox rows point at their message (`outbox.message_id`): a long text is several rows.
        store_outgoing(
            ctx,
            NewOutgoing {
                chat_id: self.customer.chat_id,
                customer_id: Some(self.customer.id),
                conversation_id: Some(self.conversation.id),
                message_id: Some(message_id),
                body,
            },
        );
        Ok(())
    }

    async fn message<C: ConnectionTrait>(
        self,
        txn: &C,
        ctx: &Ctx,
        update_id: i64,
        message_id: i64,
        content: Content,
        edited: bool,
    ) -> Result<(), DbErr> {
        let (kind, text, file_id, caption) = match &content {
            Content::Text(t) => {
                (if edited { MessageKind::Edited } else { MessageKind::Text }, Some(t.clone()), None, None)
            }
            Content::Media { kind, file_id, caption, text } => (*kind, text.clone(), file_id.clone(), caption.clone()),
        };
        let row = messages::ActiveModel {
            conversation_id: Set(self.conversation.id),
            customer_id: Set(self.customer.id),
            sender: Set(messages::Sender::Customer),
            kind: Set(kind),
            text: Set(text),
            file_id: Set(file_id),
            caption: Set(caption),
            telegram_message_id: Set(Some(message_id)),
            update_id: Set(Some(update_id)),
            created_at: Set(ctx.now),
            ..Default::default()
        };
        let stored = store_message(txn, ctx, row).await?;
        if in_inbox(self.conversation.status) {
            publish_event(ctx, crate::events::NewEvent::message(self.conversation.id, stored));
        }

        if let Content::Text(text) = &content
            && !edited
            && let Some((name, args)) = command::parse_command(text, None)
        {
            return self.command(txn, ctx, &name, args).await;
        }
        if self.conversation.status != Status::Bot {
            // With the operators: they see it in the inbox; the bot stays quiet.
            return Ok(());
        }
        match content {
            Content::Text(text) if !edited => self.free_text(txn, ctx, &text).await,
            // Media, locations, contacts and edits need a person.
            _ => {
                let text = ctx.texts.get(Key::MediaToOperator, self.lang);
                conversation::hand_off(txn, ctx, &self, "media", Some(text)).await
            }
        }
    }

    async fn free_text<C: ConnectionTrait>(self, txn: &C, ctx: &Ctx, text: &str) -> Result<(), DbErr> {
        match matcher::decide(&ctx.matcher, text, &ctx.thresholds) {
            Decision::Answer { id, score } => match ctx.entries.get(&id) {
                Some(entry) => {
                    self.log(ctx, LogAction::BotFaqAnswer, json!({ "faq_id": id, "score": score }));
                    self.answer(txn, ctx, entry).await
                }
                None => conversation::hand_off(txn, ctx, &self, "no_match", None).await,
            },
            Decision::Suggest(list) => {
                let buttons: Vec<Vec<InlineKeyboardButton>> = list
                    .iter()
                    .filter_map(|s| ctx.entries.get(&s.id))
                    .map(|e| {
                        vec![InlineKeyboardButton::callback(short_label(&e.question), Callback::Faq(e.id).encode())]
                    })
                    .chain(std::iter::once(vec![InlineKeyboardButton::callback(
                        ctx.texts.get(Key::ButtonOperator, self.lang),
                        Callback::Operator.encode(),
                    )]))
                    .collect();
                let shown: Vec<_> = list.iter().map(|s| json!({ "faq_id": s.id, "score": s.score })).collect();
                self.log(ctx, LogAction::BotSuggestions, json!({ "suggestions": shown }));
                self.say(
                    txn,
                    ctx,
                    ctx.texts.get(Key::SuggestIntro, self.lang),
                    Some(InlineKeyboardMarkup::new(buttons)),
                    None,
                )
                .await
            }
            Decision::Handoff { reason } => {
                let why = match reason {
                    HandoffReason::AskedForHuman => "asked_for_human",
                    HandoffReason::NoMatch => "no_match",
                    HandoffReason::Empty => "empty",
                };
                conversation::hand_off(txn, ctx, &self, why, None).await
            }
        }
    }

    /// An FAQ answer with "that helped" / "talk to a person".
    async fn answer<C: ConnectionTrait>(&self, txn: &C, ctx: &Ctx, entry: &faq_entries::Model) -> Result<(), DbErr> {
        let keyboard = InlineKeyboardMarkup::new(vec![vec![
            InlineKeyboardButton::callback(
                ctx.texts.get(Key::ButtonHelped, self.lang),
                Callback::Helped(entry.id).encode(),
            ),
            InlineKeyboardButton::callback(ctx.texts.get(Key::ButtonOperator, self.lang), Callback::Operator.encode()),
        ]]);
        self.say(txn, ctx, entry.answer.clone(), Some(keyboard), Some(entry.id)).await
    }

    async fn command<C: ConnectionTrait>(
        self,
        txn: &C,
        ctx: &Ctx,
        name: &str,
        args: Option<&str>,
    ) -> Result<(), DbErr> {
        let payload = if name == "start" { command::deep_link_payload(args) } else { None };
        self.log(ctx, LogAction::BotCommand, json!({ "command": name, "payload": payload }));
        let custom_text = ctx.commands.get(name).and_then(|c| match self.lang {
            Lang::Ru => c.response_ru.clone(),
            Lang::En => c.response_en.clone(),
        });
        match name {
            "start" => {
                if let (Some(p), None) = (&payload, &self.customer.source) {
                    let mut am: customers::ActiveModel = self.customer.clone().into();
                    am.source = Set(Some(p.clone()));
                    am.update(txn).await?;
                }
                let greeting = custom_text
                    .unwrap_or_else(|| ctx.texts.with_name(Key::Greeting, self.lang, &self.customer.first_name));
                let menu = menus::main_menu_keyboard(ctx, self.lang);
                self.say(txn, ctx, greeting, menu, None).await
            }
            "help" => {
                self.say(txn, ctx, custom_text.unwrap_or_else(|| ctx.texts.get(Key::Help, self.lang)), None, None).await
            }
            "menu" => menus::show_main(txn, ctx, &self, None).await,
            "operator" => conversation::hand_off(txn, ctx, &self, "asked_for_human", None).await,
            _ => match custom_text {
                Some(text) => self.say(txn, ctx, text, None, None).await,
                None => self.say(txn, ctx, ctx.texts.get(Key::UnknownCommand, self.lang), None, None).await,
            },
        }
    }

    async fn callback<C: ConnectionTrait>(self, txn: &C, ctx: &Ctx, cb: Option<Callback>) -> Result<(), DbErr> {
        self.log(ctx, LogAction::BotButton, json!({ "data": cb.map(Callback::encode) }));
        match cb {
            None => menus::show_main(txn, ctx, &self, Some(Key::ButtonGone)).await,
            Some(Callback::Menu(id)) => menus::show(txn, ctx, &self, id).await,
            Some(Callback::Button(id)) => menus::press(txn, ctx, &self, id).await,
            Some(Callback::Faq(id)) => match ctx.entries.get(&id) {
                Some(entry) => {
                    self.log(ctx, LogAction::BotSuggestionChosen, json!({ "faq_id": id }));
                    self.answer(txn, ctx, entry).await
                }
                None => menus::show_main(txn, ctx, &self, Some(Key::ButtonGone)).await,
            },
            Some(Callback::Helped(id)) => {
                self.log(ctx, LogAction::BotHelped, json!({ "faq_id": id }));
                self.say(txn, ctx, ctx.texts.get(Key::Helped, self.lang), None, None).await
            }
            Some(Callback::Operator) => conversation::hand_off(txn, ctx, &self, "button", None).await,
            Some(Callback::Rate { conversation, stars }) => {
                conversation::rate(txn, ctx, &self, conversation, stars).await
            }
        }
    }
}

/// Button labels are kept short; Telegram cuts long ones anyway.
fn short_label(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX - 1).collect::<String>().trim_end())
    }
}
