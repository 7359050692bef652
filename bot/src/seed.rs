//! First run with an empty database: a demo bot — the FAQ of a fictional Russian internet
//! provider, a main menu with submenus, the built-in commands and the default texts in both
//! languages — so the admin sees a working bot at once. DEMO_CONTENT=off skips it.

use chrono::Utc;
use entity::{bot_commands, faq_entries, menu_buttons, menus, texts};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use std::collections::HashMap;
use types::ButtonAction;

use crate::engine::lang::Lang;
use crate::engine::texts::Key;
use crate::faq::csv;

const DEMO_FAQ: &str = include_str!("../data/demo_faq_ru.csv");

/// The four commands every bot has (descriptions feed setMyCommands).
pub const BUILTIN_COMMANDS: &[(&str, &str, &str)] = &[
    ("start", "Начать сначала", "Start over"),
    ("menu", "Меню тем", "Topics menu"),
    ("help", "Что умеет бот", "What the bot can do"),
    ("operator", "Позвать оператора", "Talk to a person"),
];

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) leniently, any
/// columns, no errors. Kept for `matcher_eval`'s query sets; FAQ files in the shared format go
/// through [`crate::faq::csv::parse`], which checks them and reports the line of a problem.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Seeds the demo bot when the bot has no content at all. Returns whether it did.
pub async fn seed_demo(db: &sea_orm::DatabaseConnection) -> Result<bool, DbErr> {
    let empty = faq_entries::Entity::find().count(db).await? == 0
        && menus::Entity::find().count(db).await? == 0
        // The built-in commands don't count: every database gets them.
        && bot_commands::Entity::find().filter(bot_commands::Column::IsBuiltin.eq(false)).count(db).await? == 0;
    if !empty {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let now = Utc::now();
    crate::commands::ensure_builtins(&txn).await?;
    let mut faq: HashMap<String, i64> = HashMap::new();
    let entries = csv::parse(DEMO_FAQ.as_bytes()).map_err(|e| DbErr::Custom(format!("demo FAQ, {e}")))?;
    for (i, entry) in entries.into_iter().enumerate() {
        let slug = entry.id.ok_or_else(|| DbErr::Custom(format!("demo FAQ, line {}: no id", entry.line)))?;
        let e = faq_entries::ActiveModel {
            slug: Set(Some(slug.clone())),
            question: Set(entry.question),
            // One variant per line.
            variants: Set(entry.variants.join("\n")),
            answer: Set(entry.answer),
            language: Set(types::FaqLanguage::Ru),
            state: Set(types::FaqState::Enabled),
            position: Set(i as i32),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        crate::faq::entries::record_created(&txn, &e).await?;
        faq.insert(slug, e.id);
    }

    let menu =
        |key: &str, title_ru: &str, title_en: &str, text_ru: &str, text_en: &str, is_main: bool| menus::ActiveModel {
            key: Set(key.into()),
            title_ru: Set(title_ru.into()),
            title_en: Set(title_en.into()),
            text_ru: Set(text_ru.into()),
            text_en: Set(text_en.into()),
            is_main: Set(is_main),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
    let main =
        menu("main", "Главное меню", "Main menu", "Выберите тему:", "Choose a topic:", true).insert(&txn).await?;
    let payment =
        menu("payment", "Оплата", "Payment", "Оплата и баланс:", "Payment and balance:", false).insert(&txn).await?;
    let internet =
        menu("internet", "Интернет и ТВ", "Internet & TV", "Интернет и телевидение:", "Internet and TV:", false)
            .insert(&txn)
            .await?;
    let contract = menu("contract", "Договор", "Contract", "Договор и подключение:", "Contract and connection:", false)
        .insert(&txn)
        .await?;

    let button = |menu_id: i64,
                  row: i32,
                  ru: &str,
                  en: &str,
                  action: ButtonAction,
                  target_menu: Option<i64>,
                  target_faq: Option<&str>,
                  url: Option<&str>| {
        menu_buttons::ActiveModel {
            menu_id: Set(menu_id),
            label_ru: Set(ru.into()),
            label_en: Set(en.into()),
            action: Set(action),
            target_menu_id: Set(target_menu),
            target_faq_id: Set(target_faq.and_then(|s| faq.get(s).copied())),
            url: Set(url.map(str::to_string)),
            row: Set(row),
            position: Set(0),
            ..Default::default()
        }
    };
    let buttons = vec![
        button(main.id, 0, "💳 Оплата", "💳 Payment", ButtonAction::Submenu, Some(payment.id), None, None),
        button(
            main.id,
            0,
            "🌐 Интернет и ТВ",
            "🌐 Internet & TV",
            ButtonAction::Submenu,
            Some(internet.id),
            None,
            None,
        ),
        button(main.id, 1, "📄 Договор", "📄 Contract", ButtonAction::Submenu, Some(contract.id), None, None),
        button(main.id, 1, "👤 Оператор", "👤 Operator", ButtonAction::Handoff, None, None, None),
        button(payment.id, 0, "Оплата картой", "Pay by card", ButtonAction::Faq, None, Some("pay_card"), None),
        button(payment.id, 1, "Без комиссии", "No fee", ButtonAction::Faq, None, Some("pay_no_fee"), None),
        button(
            payment.id,
            2,
            "Платёж не поступил",
            "Payment missing",
            ButtonAction::Faq,
            None,
            Some("pay_not_received"),
            None,
        ),
        button(payment.id, 3, "Автоплатёж", "Autopay", ButtonAction::Faq, None, Some("autopay"), None),
        button(
            internet.id,
            0,
            "Медленный интернет",
            "Slow internet",
            ButtonAction::Faq,
            None,
            Some("internet_slow"),
            None,
        ),
        button(
            internet.id,
            1,
            "Интернет не работает",
            "No internet",
            ButtonAction::Faq,
            None,
            Some("internet_down"),
            None,
        ),
        button(
            internet.id,
            2,
            "Настройка роутера",
            "Router setup",
            ButtonAction::Faq,
            None,
            Some("router_setup"),
            None,
        ),
        button(internet.id, 3, "Нет сигнала ТВ", "No TV signal", ButtonAction::Faq, None, Some("tv_no_signal"), None),
        button(
            contract.id,
            0,
            "Подключить по адресу",
            "Connect my address",
            ButtonAction::Faq,
            None,
            Some("connect_new"),
            None,
        ),
        button(contract.id, 1, "Переезд", "Moving house", ButtonAction::Faq, None, Some("move_house"), None),
        button(
            contract.id,
            2,
            "Расторгнуть договор",
            "End the contract",
            ButtonAction::Faq,
            None,
            Some("contract_terminate"),
            None,
        ),
    ];
    for (i, mut b) in buttons.into_iter().enumerate() {
        b.position = Set(i as i32);
        b.insert(&txn).await?;
    }
    crate::menus::store::record_unversioned(&txn).await?;
    for key in Key::ALL {
        for lang in [Lang::Ru, Lang::En] {
            texts::ActiveModel {
                key: Set(key.name().into()),
                language: Set(lang.code().into()),
                value: Set(key.default_text(lang).into()),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_commas() {
        let rows = parse_csv("a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["x, y", "he said \"hi\""]]);
    }

    #[test]
    fn demo_faq_has_thirty_entries_with_four_fields() {
        // `parse` checks the header and that every record has the four fields.
        let entries = csv::parse(DEMO_FAQ.as_bytes()).expect("the demo FAQ parses");
        assert_eq!(entries.len(), 30);
        assert!(entries.iter().all(|e| e.id.is_some() && !e.variants.is_empty()));
        assert!(entries.iter().all(|e| e.variants.iter().all(|v| !v.contains('\n'))));
    }

    #[test]
    fn demo_faq_has_every_slug_the_demo_menus_point_at() {
        let entries = csv::parse(DEMO_FAQ.as_bytes()).expect("the demo FAQ parses");
        let slugs: Vec<&str> = entries.iter().filter_map(|e| e.id.as_deref()).collect();
        for slug in [
            "pay_card",
            "pay_no_fee",
            "pay_not_received",
            "autopay",
            "internet_slow",
            "internet_down",
            "router_setup",
            "tv_no_signal",
            "connect_new",
            "move_house",
            "contract_terminate",
        ] {
            assert!(slugs.contains(&slug), "{slug}");
        }
    }
}
