//! Menus as inline keyboards, and what their buttons do.

use entity::{menu_buttons, menus};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::callback::Callback;
use super::lang::Lang;
use super::texts::Key;
use super::{Ctx, Turn, conversation};

/// Telegram shows at most 8 buttons in a row.
const MAX_ROW: usize = 8;

async fn main_menu<C: ConnectionTrait>(txn: &C) -> Result<Option<menus::Model>, DbErr> {
    menus::Entity::find().filter(menus::Column::IsMain.eq(true)).order_by_asc(menus::Column::Id).one(txn).await
}

/// The menu's buttons, grouped by row; non-main menus get a "back" button unless they have one.
async fn keyboard<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    lang: Lang,
    menu: &menus::Model,
) -> Result<InlineKeyboardMarkup, DbErr> {
    let buttons = menu_buttons::Entity::find()
        .filter(menu_buttons::Column::MenuId.eq(menu.id))
        .order_by_asc(menu_buttons::Column::Row)
        .order_by_asc(menu_buttons::Column::Position)
        .order_by_asc(menu_buttons::Column::Id)
        .all(txn)
        .await?;
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    let mut current_row = None;
    for b in &buttons {
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
        let button = match (b.action.as_str(), b.url.as_deref().and_then(|u| url::Url::parse(u).ok())) {
            ("url", Some(url)) => InlineKeyboardButton::url(label, url),
            _ => InlineKeyboardButton::callback(label, Callback::Button(b.id).encode()),
        };
        if current_row != Some(b.row) || rows.last().is_none_or(|r| r.len() >= MAX_ROW) {
            rows.push(Vec::new());
            current_row = Some(b.row);
        }
        rows.last_mut().expect("a row was just pushed").push(button);
    }
    if !menu.is_main
        && !buttons.iter().any(|b| b.action == "back")
        && let Some(main) = main_menu(txn).await?
    {
        rows.push(vec![InlineKeyboardButton::callback(
            ctx.texts.get(Key::ButtonBack, lang),
            Callback::Menu(main.id).encode(),
        )]);
    }
    Ok(InlineKeyboardMarkup::new(rows))
}

pub async fn main_menu_keyboard<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    lang: Lang,
) -> Result<Option<InlineKeyboardMarkup>, DbErr> {
    match main_menu(txn).await? {
        Some(m) => Ok(Some(keyboard(txn, ctx, lang, &m).await?)),
        None => Ok(None),
    }
}

fn menu_text(menu: &menus::Model, lang: Lang) -> String {
    let (text, title) = match lang {
        Lang::Ru => (&menu.text_ru, &menu.title_ru),
        Lang::En => (if menu.text_en.trim().is_empty() { &menu.text_ru } else { &menu.text_en }, &menu.title_en),
    };
    if text.trim().is_empty() { title.clone() } else { text.clone() }
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
        text = format!("{}\n\n{text}", ctx.texts.get(p, turn.lang));
    }
    let kb = keyboard(txn, ctx, turn.lang, menu).await?;
    turn.say(txn, ctx, text, Some(kb), None).await
}

/// The main menu, optionally after a notice such as "that button no longer works".
pub async fn show_main<C: ConnectionTrait>(txn: &C, ctx: &Ctx, turn: &Turn, prefix: Option<Key>) -> Result<(), DbErr> {
    match main_menu(txn).await? {
        Some(m) => send_menu(txn, ctx, turn, &m, prefix).await,
        None => turn.say(txn, ctx, ctx.texts.get(prefix.unwrap_or(Key::Help), turn.lang), None, None).await,
    }
}

pub async fn show<C: ConnectionTrait>(txn: &C, ctx: &Ctx, turn: &Turn, menu_id: i64) -> Result<(), DbErr> {
    match menus::Entity::find_by_id(menu_id).one(txn).await? {
        Some(m) => send_menu(txn, ctx, turn, &m, None).await,
        None => show_main(txn, ctx, turn, Some(Key::ButtonGone)).await,
    }
}

/// A menu button was pressed: do what it says now (its target may have changed or gone).
pub async fn press<C: ConnectionTrait>(txn: &C, ctx: &Ctx, turn: &Turn, button_id: i64) -> Result<(), DbErr> {
    let Some(b) = menu_buttons::Entity::find_by_id(button_id).one(txn).await? else {
        return show_main(txn, ctx, turn, Some(Key::ButtonGone)).await;
    };
    let actor = crate::action_log::Actor::Customer { id: turn.customer.id, name: turn.customer.first_name.clone() };
    let mut a = crate::action_log::Action::new(&actor, "bot.menu_button")
        .details(json!({ "button_id": b.id, "action": b.action }));
    a.conversation_id = Some(turn.conversation.id);
    crate::action_log::record(txn, a).await?;
    match b.action.as_str() {
        "submenu" | "back" => match b.target_menu_id {
            Some(id) => show(txn, ctx, turn, id).await,
            None => show_main(txn, ctx, turn, None).await,
        },
        "faq" => match b.target_faq_id.and_then(|id| ctx.entries.get(&id)) {
            Some(entry) => turn.answer(txn, ctx, entry).await,
            None => show_main(txn, ctx, turn, Some(Key::ButtonGone)).await,
        },
        "handoff" => conversation::hand_off(txn, ctx, turn, "menu", None).await,
        _ => show_main(txn, ctx, turn, None).await,
    }
}
