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
mod prefetch;
pub mod texts;
mod turn;

pub use prefetch::Prefetched;
use prefetch::upsert_customer;
pub use turn::Turn;

use std::collections::HashMap;
use std::sync::Arc;
use types::{LogAction, TargetKind};

use chrono::{DateTime, Utc};
use entity::conversations::Status;
use entity::{bot_commands, customers, messages};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::action_log::{self, Action, Actor};
use crate::matcher::Thresholds;
use crate::outbox::{self, NewOutgoing, Outgoing};
use crate::unit::Unit;
use crate::writes::Writes;
use callback::Callback;
use incoming::Incoming;
use texts::Texts;

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

#[derive(Clone, Default)]
pub struct Engine {
    faq: crate::faq::Live,
}

/// The bot's configuration as of a round of updates: texts, settings, menus, commands and the
/// FAQ matcher, read once per round ([`Engine::config`]).
pub struct Config {
    pub texts: Texts,
    pub thresholds: Thresholds,
    /// When operators work (the "out of hours" text outside them).
    pub hours: types::settings::Schedule,
    pub menus: Arc<menus::MenuTree>,
    /// Active commands by name (without the slash).
    pub commands: Arc<HashMap<String, bot_commands::Model>>,
    /// The FAQ and its matcher.
    pub faq: Arc<crate::faq::FaqView>,
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

    /// An engine reading this process's live FAQ (shared with the admin's "Try it").
    pub fn with_faq(faq: crate::faq::Live) -> Engine {
        Engine { faq }
    }

    /// The live FAQ this engine answers from.
    pub fn faq(&self) -> &crate::faq::Live {
        &self.faq
    }

    /// Loads texts, settings, menus and commands and (when the FAQ changed) rebuilds the matcher.
    pub async fn config<C: ConnectionTrait>(&self, db: &C) -> Result<Arc<Config>, DbErr> {
        let faq = self.faq.current(db).await?;
        // A stored value that breaks its rule is logged by `load` and its default used.
        let (settings, _) = crate::settings::load(db).await?;
        let thresholds = Thresholds { high: settings.threshold_high, low: settings.threshold_low };
        let hours = settings.hours;
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
            faq,
        }))
    }

    /// Applies a group of updates of different chats (a single update is a group of one) in
    /// `unit`: first what every update needs (customers upserted, open conversations touched, by
    /// one statement each for the group), then each update in turn. Their rows are inserted when
    /// the unit commits.
    pub async fn apply(&self, unit: &Unit, config: &Arc<Config>, updates: &[Update]) -> Result<Vec<Outcome>, DbErr> {
        let ctx = Ctx::new(config, unit);
        // A staff member linking their Telegram account (`/link CODE`, `/start link-CODE`) is no
        // customer: such a message skips the customer flow entirely (crate::staff_notify).
        let links: Vec<Option<crate::staff_notify::LinkRequest>> =
            updates.iter().map(|u| crate::staff_notify::link_request(&u.incoming)).collect();
        let customers_only: Vec<Update>;
        let for_prefetch = if links.iter().all(Option::is_none) {
            updates
        } else {
            customers_only = updates.iter().zip(&links).filter(|(_, l)| l.is_none()).map(|(u, _)| u.clone()).collect();
            &customers_only[..]
        };
        let pre = self.prefetch(unit.txn(), &ctx, for_prefetch).await?;
        let mut outcomes = Vec::with_capacity(updates.len());
        for (update, link) in updates.iter().zip(&links) {
            let ctx = ctx.at(Utc::now());
            outcomes.push(match link {
                Some(request) => {
                    crate::staff_notify::link_from_bot(unit.txn(), &ctx, request).await?;
                    Outcome::Handled
                }
                None => self.handle(unit.txn(), &ctx, update, &pre).await?,
            });
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
            Incoming::Callback { id, from, chat_id, data, message_id } => {
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
                let cb = data.as_deref().and_then(Callback::parse);
                let turn = Turn::for_callback(txn, ctx, customer, cb).await?;
                turn.callback(txn, ctx, cb, data.as_deref(), message_id).await?;
                Ok(Outcome::Handled)
            }
        }
    }
}
