//! Menus as inline keyboards, and what their buttons do.
//!
//! Guarantees:
//! - the menus are read once per round of updates ([`MenuTree::load`], from the database, in every
//!   process), so the next /menu after an admin's save sends the saved menu;
//! - a menu button's callback data is its id (`b:{id}`); a press does what the button does now,
//!   and a button or target that no longer exists answers "that button no longer works" with the
//!   main menu;
//! - menu texts and a button's text are Telegram HTML (checked when saved); a menu without text
//!   sends its title, escaped.

use std::collections::HashMap;

use entity::{menu_buttons, menus};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use serde_json::json;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use types::{ButtonAction, LogAction};

use super::callback::Callback;
use super::lang::Lang;
use super::texts::Key;
use super::{Ctx, Turn, conversation};

/// Telegram shows at most 8 buttons in a row.
const MAX_ROW: usize = 8;

/// The menus and their buttons, read once per round of updates (they change rarely, and every
/// /start, /menu and button press needs them).
#[derive(Debug, Default)]
pub struct MenuTree {
    menus: HashMap<i64, menus::Model>,
    main: Option<i64>,
    /// Each menu's buttons in display order (row, position, id).
    buttons: HashMap<i64, Vec<menu_buttons::Model>>,
    button_menu: HashMap<i64, i64>,
    /// The menu above each menu: the first to open it, breadth-first from the main menu.
    parent: HashMap<i64, i64>,
}

impl MenuTree {
    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<MenuTree, DbErr> {
        let menus = menus::Entity::find().order_by_asc(menus::Column::Id).all(db).await?;
        let buttons = menu_buttons::Entity::find()
            .order_by_asc(menu_buttons::Column::Row)
            .order_by_asc(menu_buttons::Column::Position)
            .order_by_asc(menu_buttons::Column::Id)
            .all(db)
            .await?;
        let mut tree = MenuTree { main: menus.iter().find(|m| m.is_main).map(|m| m.id), ..Default::default() };
        for b in buttons {
            tree.button_menu.insert(b.id, b.menu_id);
            tree.buttons.entry(b.menu_id).or_default().push(b);
        }
        tree.menus = menus.into_iter().map(|m| (m.id, m)).collect();
        if let Some(main) = tree.main {
            let mut queue = std::collections::VecDeque::from([main]);
            while let Some(id) = queue.pop_front() {
                let opens: Vec<i64> = tree
                    .buttons_of(id)
                    .iter()
                    .filter(|b| b.action == ButtonAction::Submenu)
                    .filter_map(|b| b.target_menu_id)
                    .collect();
                for t in opens {
                    if t != main && tree.menus.contains_key(&t) && !tree.parent.contains_key(&t) {
                        tree.parent.insert(t, id);
                        queue.push_back(t);
                    }
                }
            }
        }
        Ok(tree)
    }

    pub fn main(&self) -> Option<&menus::Model> {
        self.main.and_then(|id| self.menus.get(&id))
    }

    pub fn menu(&self, id: i64) -> Option<&menus::Model> {
        self.menus.get(&id)
    }

    /// Every menu, by id.
    pub fn all(&self) -> impl Iterator<Item = &menus::Model> {
        let mut all: Vec<&menus::Model> = self.menus.values().collect();
        all.sort_by_key(|m| m.id);
        all.into_iter()
    }

    fn buttons_of(&self, menu_id: i64) -> &[menu_buttons::Model] {
        self.buttons.get(&menu_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The menu above `menu_id` (none: the main menu or one no button leads to from it).
    pub fn parent(&self, menu_id: i64) -> Option<i64> {
        self.parent.get(&menu_id).copied()
    }

    pub fn button(&self, id: i64) -> Option<&menu_buttons::Model> {
        let menu = self.button_menu.get(&id)?;
        self.buttons_of(*menu).iter().find(|b| b.id == id)
    }
}

/// The menu's buttons, grouped by row; non-main menus get a "back" button unless they have one.
fn keyboard(ctx: &Ctx, lang: Lang, menu: &menus::Model) -> InlineKeyboardMarkup {
    let buttons = ctx.menus.buttons_of(menu.id);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    let mut current_row = None;
    for b in buttons {
        let label = match lang {
            Lang::Ru => b.label_ru.clone(),
            Lang::En => {
                if b.label_en.trim().is_empty() {
                    b.label_ru.clone()
                } else {
                    b.label_en.clone()
                }
            }
        };
        let button = match (b.action, b.url.as_deref().and_then(|u| url::Url::parse(u).ok())) {
            (ButtonAction::Url, Some(url)) => InlineKeyboardButton::url(label, url),
            _ => InlineKeyboardButton::callback(label, Callback::Button(b.id).encode()),
        };
        if current_row != Some(b.row) || rows.last().is_none_or(|r| r.len() >= MAX_ROW) {
            rows.push(Vec::new());
            current_row = Some(b.row);
        }
        rows.last_mut().expect("a row was just pushed").push(button);
    }
    if !menu.is_main
        && !buttons.iter().any(|b| matches!(b.action, ButtonAction::Back | ButtonAction::MainMenu))
        && let Some(main) = ctx.menus.main()
    {
        rows.push(vec![InlineKeyboardButton::callback(
            ctx.texts.get(Key::ButtonBack, lang),
            Callback::Menu(main.id).encode(),
        )]);
    }
    InlineKeyboardMarkup::new(rows)
}

pub fn main_menu_keyboard(ctx: &Ctx, lang: Lang) -> Option<InlineKeyboardMarkup> {
    ctx.menus.main().map(|m| keyboard(ctx, lang, m))
}

/// Menu `id`'s keyboard (none when the menu is gone), for a command that sends it under its text.
pub fn menu_keyboard(ctx: &Ctx, lang: Lang, id: i64) -> Option<InlineKeyboardMarkup> {
    ctx.menus.menu(id).map(|m| keyboard(ctx, lang, m))
}

fn menu_text(menu: &menus::Model, lang: Lang) -> String {
    let (text, title) = match lang {
        Lang::Ru => (&menu.text_ru, &menu.title_ru),
        Lang::En => (
            if menu.text_en.trim().is_empty() { &menu.text_ru } else { &menu.text_en },
            if menu.title_en.trim().is_empty() { &menu.title_ru } else { &menu.title_en },
        ),
    };
    if text.trim().is_empty() { tgtext::escape(title) } else { text.clone() }
}

async fn send_menu<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    turn: &Turn,
    menu: &menus::Model,
    prefix: Option<Key>,
) -> Result<(), DbErr> {
    let mut text = menu_text(menu, turn.lang);
    if let Some(p) = prefix {
        text = format!("{}\n\n{text}", tgtext::escape(&ctx.texts.get(p, turn.lang)));
    }
    let kb = keyboard(ctx, turn.lang, menu);
    turn.say_html(txn, ctx, text, Some(kb)).await
}

/// The main menu, optionally after a notice such as "that button no longer works".
pub async fn show_main<C: ConnectionTrait>(txn: &C, ctx: &Ctx, turn: &Turn, prefix: Option<Key>) -> Result<(), DbErr> {
    match ctx.menus.main() {
        Some(m) => send_menu(txn, ctx, turn, m, prefix).await,
        None => turn.say(txn, ctx, ctx.texts.get(prefix.unwrap_or(Key::Help), turn.lang), None, None).await,
    }
}

pub async fn show<C: ConnectionTrait>(txn: &C, ctx: &Ctx, turn: &Turn, menu_id: i64) -> Result<(), DbErr> {
    match ctx.menus.menu(menu_id) {
        Some(m) => send_menu(txn, ctx, turn, m, None).await,
        None => show_main(txn, ctx, turn, Some(Key::ButtonGone)).await,
    }
}

/// A menu button was pressed: do what it says now (its target may have changed or gone).
pub async fn press<C: ConnectionTrait>(txn: &C, ctx: &Ctx, turn: &Turn, button_id: i64) -> Result<(), DbErr> {
    let Some(b) = ctx.menus.button(button_id) else {
        return show_main(txn, ctx, turn, Some(Key::ButtonGone)).await;
    };
    let actor = crate::action_log::Actor::Customer { id: turn.customer.id, name: turn.customer.first_name.clone() };
    let mut a = crate::action_log::Action::new(&actor, LogAction::BotMenuButton)
        .details(json!({ "button_id": b.id, "action": b.action }));
    a.conversation_id = Some(turn.conversation.id);
    super::log_action(ctx, a);
    match b.action {
        ButtonAction::Submenu => match b.target_menu_id {
            Some(id) => show(txn, ctx, turn, id).await,
            None => show_main(txn, ctx, turn, Some(Key::ButtonGone)).await,
        },
        ButtonAction::Back => match b.target_menu_id.or_else(|| ctx.menus.parent(b.menu_id)) {
            Some(id) => show(txn, ctx, turn, id).await,
            None => show_main(txn, ctx, turn, None).await,
        },
        ButtonAction::MainMenu => show_main(txn, ctx, turn, None).await,
        ButtonAction::SendText => {
            let text = match (turn.lang, b.text_en.as_deref()) {
                (Lang::En, Some(en)) if !en.trim().is_empty() => en,
                _ => b.text_ru.as_deref().unwrap_or_default(),
            };
            if text.trim().is_empty() {
                show_main(txn, ctx, turn, Some(Key::ButtonGone)).await
            } else {
                turn.say_html(txn, ctx, text.to_string(), None).await
            }
        }
        ButtonAction::Faq => match b.target_faq_id.and_then(|id| ctx.faq.enabled(id)) {
            Some(entry) => turn.answer(txn, ctx, entry).await,
            None => show_main(txn, ctx, turn, Some(Key::ButtonGone)).await,
        },
        ButtonAction::Handoff => conversation::hand_off(txn, ctx, turn, "menu", None).await,
        // A link button opens in the client and sends nothing; an old one pressed anyway shows the menu.
        ButtonAction::Url => show_main(txn, ctx, turn, None).await,
    }
}
