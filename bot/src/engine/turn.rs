//! One customer's turn: what the bot does with a message or a button press in the customer's open
//! conversation — commands, FAQ answers and suggestions, menus, handoff, ratings — and how it says
//! things (a history row and its outbox rows, held in the unit of work).

use entity::conversations::Status;
use entity::{customers, faq_entries, messages};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use serde_json::json;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use types::faq::{ButtonTarget, FaqButton};
use types::{LogAction, MessageKind, TargetKind, UnansweredReason};

use super::callback::Callback;
use super::incoming::Content;
use super::lang::Lang;
use super::texts::Key;
use super::{Ctx, in_inbox, log_action, publish_event, store_message, store_outgoing};
use super::{command, conversation, menus};
use crate::action_log::{Action, Actor};
use crate::faq;
use crate::matcher::{Decision, HandoffReason};
use crate::outbox::{NewOutgoing, Outgoing};

/// One customer's turn: their open conversation and language.
pub struct Turn {
    pub customer: customers::Model,
    pub conversation: entity::conversations::Model,
    pub lang: Lang,
}

impl Turn {
    /// `new_message`: the customer wrote (rather than pressed a button), which moves the
    /// conversation's last-message time.
    pub(super) async fn start<C: ConnectionTrait>(
        txn: &C,
        ctx: &Ctx,
        customer: customers::Model,
        new_message: bool,
    ) -> Result<Turn, DbErr> {
        let conversation = conversation::open_or_create(txn, customer.id, ctx.now, new_message).await?;
        Ok(Turn::new(customer, conversation))
    }

    /// The turn of a button press. A press belongs to the conversation its message was in: a
    /// rating to the conversation it rates, "that helped" to the latest conversation — neither
    /// opens a new one (a resolved conversation rated or thanked stays resolved). Presses that
    /// start something (a menu, a suggestion, "didn't help", an operator) continue the open
    /// conversation or start one, as a message would.
    pub(super) async fn for_callback<C: ConnectionTrait>(
        txn: &C,
        ctx: &Ctx,
        customer: customers::Model,
        cb: Option<Callback>,
    ) -> Result<Turn, DbErr> {
        let own = match cb {
            Some(Callback::Rate { conversation, .. }) => entity::conversations::Entity::find_by_id(conversation)
                .one(txn)
                .await?
                .filter(|c| c.customer_id == customer.id),
            Some(Callback::Helped(_)) => conversation::latest(txn, customer.id).await?,
            _ => None,
        };
        match own {
            Some(c) => Ok(Turn::new(customer, c)),
            None => Turn::start(txn, ctx, customer, false).await,
        }
    }

    pub(super) fn new(customer: customers::Model, conversation: entity::conversations::Model) -> Turn {
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

    /// An action about an FAQ entry (its statistics count these).
    fn log_faq(&self, ctx: &Ctx, action: LogAction, faq_id: i64, details: serde_json::Value) {
        let actor = self.actor();
        let mut a = Action::new(&actor, action).target(TargetKind::FaqEntry, faq_id).details(details);
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
        self.say_as(txn, ctx, text, false, keyboard, faq_id).await
    }

    /// [`Turn::say`] of Telegram HTML (menu texts, a button's text).
    pub async fn say_html<C: ConnectionTrait>(
        &self,
        txn: &C,
        ctx: &Ctx,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), DbErr> {
        self.say_as(txn, ctx, text, true, keyboard, None).await
    }

    /// [`Turn::say`] of plain text (`html` false) or Telegram HTML (the history keeps what the
    /// customer reads: the text without the tags).
    async fn say_as<C: ConnectionTrait>(
        &self,
        txn: &C,
        ctx: &Ctx,
        text: String,
        html: bool,
        keyboard: Option<InlineKeyboardMarkup>,
        faq_id: Option<i64>,
    ) -> Result<(), DbErr> {
        let shown =
            if html { tgtext::parse(&text).map(|f| f.plain()).unwrap_or_else(|_| text.clone()) } else { text.clone() };
        let row = messages::ActiveModel {
            conversation_id: Set(self.conversation.id),
            customer_id: Set(self.customer.id),
            sender: Set(messages::Sender::Bot),
            kind: Set(MessageKind::Text),
            text: Set(Some(shown)),
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
        let body = Outgoing::SendMessage { text, reply_markup: keyboard, html };
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

    pub(super) async fn message<C: ConnectionTrait>(
        self,
        txn: &C,
        ctx: &Ctx,
        update_id: i64,
        message_id: i64,
        content: Content,
        edited: bool,
    ) -> Result<(), DbErr> {
        let (kind, text, file_id, caption, meta) = match &content {
            Content::Text(t) => (
                if edited { MessageKind::Edited } else { MessageKind::Text },
                Some(t.clone()),
                None,
                None,
                Default::default(),
            ),
            Content::Media { kind, file_id, caption, text, meta } => {
                (*kind, text.clone(), file_id.clone(), caption.clone(), meta.clone())
            }
        };
        let row = messages::ActiveModel {
            conversation_id: Set(self.conversation.id),
            customer_id: Set(self.customer.id),
            sender: Set(messages::Sender::Customer),
            kind: Set(kind),
            text: Set(text),
            file_id: Set(file_id),
            caption: Set(caption),
            file_name: Set(meta.name),
            mime_type: Set(meta.mime_type),
            file_size: Set(meta.size),
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
            Content::Text(text) if !edited => self.free_text(txn, ctx, &text, stored).await,
            // Media, locations, contacts and edits need a person.
            _ => {
                let text = ctx.texts.get(Key::MediaToOperator, self.lang);
                conversation::hand_off(txn, ctx, &self, "media", Some(text)).await
            }
        }
    }

    /// Queues the customer's message `message_id` as unanswered (see [`faq::unanswered`]).
    async fn unanswered<C: ConnectionTrait>(
        &self,
        txn: &C,
        ctx: &Ctx,
        reason: UnansweredReason,
        text: &str,
        message_id: Option<i64>,
        suggested: &[i64],
    ) -> Result<(), DbErr> {
        // The simulator's questions are the admin's own: they don't go to the unanswered queue.
        if types::sim::is_test(self.customer.telegram_user_id) {
            return Ok(());
        }
        faq::unanswered::record(
            txn,
            faq::unanswered::NewHit {
                reason,
                customer_id: self.customer.id,
                conversation_id: Some(self.conversation.id),
                message_id,
                text,
                language: self.lang.code(),
                suggested,
                reply: None,
                at: ctx.now,
            },
        )
        .await
        .map(drop)
    }

    async fn free_text<C: ConnectionTrait>(self, txn: &C, ctx: &Ctx, text: &str, message_id: i64) -> Result<(), DbErr> {
        match ctx.faq.decide(text, &ctx.thresholds) {
            Decision::Answer { id, score } => match ctx.faq.enabled(id) {
                Some(entry) => {
                    self.log_faq(ctx, LogAction::BotFaqAnswer, id, json!({ "faq_id": id, "score": score }));
                    self.answer(txn, ctx, entry).await
                }
                None => conversation::hand_off(txn, ctx, &self, "no_match", None).await,
            },
            Decision::Suggest(list) => {
                let buttons: Vec<Vec<InlineKeyboardButton>> = list
                    .iter()
                    .filter_map(|s| ctx.faq.enabled(s.id))
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
                let ids: Vec<i64> = list.iter().map(|s| s.id).collect();
                self.unanswered(txn, ctx, UnansweredReason::Suggested, text, Some(message_id), &ids).await?;
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
                if reason == HandoffReason::NoMatch {
                    let near: Vec<i64> = ctx.faq.rank(text, 3).iter().map(|s| s.id).collect();
                    self.unanswered(txn, ctx, UnansweredReason::NoMatch, text, Some(message_id), &near).await?;
                }
                let why = match reason {
                    HandoffReason::AskedForHuman => "asked_for_human",
                    HandoffReason::NoMatch => "no_match",
                    HandoffReason::Empty => "empty",
                };
                conversation::hand_off(txn, ctx, &self, why, None).await
            }
        }
    }

    /// An FAQ answer (Telegram HTML, in the customer's language when the entry has both) with its
    /// buttons, then "that helped" / "didn't help".
    pub(super) async fn answer<C: ConnectionTrait>(
        &self,
        txn: &C,
        ctx: &Ctx,
        entry: &faq_entries::Model,
    ) -> Result<(), DbErr> {
        let mut rows: Vec<Vec<InlineKeyboardButton>> =
            faq::entries::buttons_of(entry).into_iter().filter_map(|b| self.button(ctx, b)).map(|b| vec![b]).collect();
        rows.push(vec![
            InlineKeyboardButton::callback(
                ctx.texts.get(Key::ButtonHelped, self.lang),
                Callback::Helped(entry.id).encode(),
            ),
            InlineKeyboardButton::callback(
                ctx.texts.get(Key::ButtonNotHelped, self.lang),
                Callback::NotHelped(entry.id).encode(),
            ),
        ]);
        let text = faq::entries::answer_for(entry, self.lang == Lang::En).to_string();
        self.say_as(txn, ctx, text, true, Some(InlineKeyboardMarkup::new(rows)), Some(entry.id)).await
    }

    /// A button an admin put under an answer (a link that no longer parses is left out).
    fn button(&self, ctx: &Ctx, b: FaqButton) -> Option<InlineKeyboardButton> {
        Some(match b.target {
            ButtonTarget::Url { url } => InlineKeyboardButton::url(b.label, url.parse().ok()?),
            ButtonTarget::Menu { menu_id } => {
                ctx.menus.menu(menu_id)?;
                InlineKeyboardButton::callback(b.label, Callback::Menu(menu_id).encode())
            }
            ButtonTarget::Operator => InlineKeyboardButton::callback(b.label, Callback::Operator.encode()),
        })
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
        match name {
            "start" => {
                if let (Some(p), None) = (&payload, &self.customer.source) {
                    let mut am: customers::ActiveModel = self.customer.clone().into();
                    am.source = Set(Some(p.clone()));
                    am.update(txn).await?;
                }
                let greeting = ctx.texts.with_name(Key::Greeting, self.lang, &self.customer.first_name);
                let menu = menus::main_menu_keyboard(ctx, self.lang);
                self.say(txn, ctx, greeting, menu, None).await
            }
            "help" => self.say(txn, ctx, ctx.texts.get(Key::Help, self.lang), None, None).await,
            "menu" => menus::show_main(txn, ctx, &self, None).await,
            "operator" => conversation::hand_off(txn, ctx, &self, "asked_for_human", None).await,
            // A custom command (active: `ctx.commands` holds no disabled one): its HTML text,
            // with its menu's keyboard when it has a menu; the menu alone when it has no text.
            _ => match ctx.commands.get(name) {
                Some(c) => {
                    let ru = c.response_ru.clone().unwrap_or_default();
                    let text = match self.lang {
                        Lang::En => c.response_en.clone().filter(|t| !t.trim().is_empty()).unwrap_or(ru),
                        Lang::Ru => ru,
                    };
                    match (text.trim().is_empty(), c.menu_id) {
                        (true, Some(menu)) => menus::show(txn, ctx, &self, menu).await,
                        (true, None) => {
                            self.say(txn, ctx, ctx.texts.get(Key::UnknownCommand, self.lang), None, None).await
                        }
                        (false, menu) => {
                            let kb = menu.and_then(|m| menus::menu_keyboard(ctx, self.lang, m));
                            self.say_html(txn, ctx, text, kb).await
                        }
                    }
                }
                None => self.say(txn, ctx, ctx.texts.get(Key::UnknownCommand, self.lang), None, None).await,
            },
        }
    }

    pub(super) async fn callback<C: ConnectionTrait>(
        self,
        txn: &C,
        ctx: &Ctx,
        cb: Option<Callback>,
        raw: Option<&str>,
        message: Option<i64>,
    ) -> Result<(), DbErr> {
        // The data as pressed (also for buttons that no longer parse) and the Telegram id of the
        // message the button was under: the inbox's transcript marks the pressed button by them.
        let data = cb.map(Callback::encode).or_else(|| raw.map(str::to_string));
        self.log(ctx, LogAction::BotButton, json!({ "data": data, "message": message }));
        match cb {
            None => menus::show_main(txn, ctx, &self, Some(Key::ButtonGone)).await,
            Some(Callback::Menu(id)) => menus::show(txn, ctx, &self, id).await,
            Some(Callback::Button(id)) => menus::press(txn, ctx, &self, id).await,
            Some(Callback::Faq(id)) => match ctx.faq.enabled(id) {
                Some(entry) => {
                    self.log_faq(ctx, LogAction::BotSuggestionChosen, id, json!({ "faq_id": id }));
                    faq::unanswered::suggestion_taken(txn, self.conversation.id).await?;
                    self.answer(txn, ctx, entry).await
                }
                None => menus::show_main(txn, ctx, &self, Some(Key::ButtonGone)).await,
            },
            Some(Callback::Helped(id)) => {
                self.log_faq(ctx, LogAction::BotHelped, id, json!({ "faq_id": id }));
                self.say(txn, ctx, ctx.texts.get(Key::Helped, self.lang), None, None).await
            }
            Some(Callback::NotHelped(id)) => {
                self.log_faq(ctx, LogAction::BotNotHelped, id, json!({ "faq_id": id }));
                if let Some(q) = faq::unanswered::last_question(txn, self.conversation.id, None).await? {
                    let text = q.text.clone().unwrap_or_default();
                    self.unanswered(txn, ctx, UnansweredReason::NotHelped, &text, Some(q.id), &[id]).await?;
                }
                conversation::hand_off(txn, ctx, &self, "not_helped", None).await
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
