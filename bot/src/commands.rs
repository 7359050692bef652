//! The bot's commands as admins change them (Bot → Commands): the built-in ones (/start, /help,
//! /menu, /operator) and custom ones.
//!
//! Guarantees:
//! - the four built-ins always exist ([`ensure_builtins`], run by every read and write here and
//!   by the sync with Telegram); they are never renamed or deleted, and can be hidden from
//!   Telegram's menu and have their descriptions and texts edited;
//! - a built-in's text is the bot text it sends (/start: the greeting, /help: the help text,
//!   /operator: the handoff text; /menu sends the main menu and has none), stored as that key's
//!   `texts` rows: one source of truth with the bot's other texts. A text equal to the default, or
//!   empty, removes the row (the default applies);
//! - what is stored passes [`types::command::CommandDraft::problems`], the name is unique and a
//!   command's menu exists;
//! - every change (create, save, delete) commits together with its audit row (with the
//!   before/after difference), or not at all; a save names the version it was based on and is
//!   refused with [`CommandError::Conflict`] if someone saved meanwhile (the update is conditional
//!   on that version, so of two racing saves one wins);
//! - once committed, this process's commands task is woken ([`crate::telegram::commands_changed`])
//!   and calls `setMyCommands` for the default scope, `ru` and `en`; other processes' tasks see
//!   the change within [`crate::telegram::COMMANDS_CHECK`]. The engine reads the commands once
//!   per round of updates, in every process, so the next command typed gets the saved answer.

use std::collections::HashMap;

use chrono::Utc;
use entity::{bot_commands, menus, texts};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use serde_json::{Value, json};
use types::command::{Builtin, CommandDraft, CommandField, CommandFieldError, CommandProblem};
use types::{LogAction, TargetKind};

use crate::action_log::{self, Action};
use crate::engine::lang::Lang;
use crate::engine::texts::Key;
use crate::faq::By;
use crate::seed::BUILTIN_COMMANDS;
use crate::unit::Unit;

/// A stored command with what the editor shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub row: bot_commands::Model,
    /// For a built-in, which one.
    pub builtin: Option<Builtin>,
    /// Its fields as the editor holds them (a built-in's texts: the ones in force).
    pub draft: CommandDraft,
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("not found")]
    NotFound,
    #[error("invalid: {0:?}")]
    Invalid(Vec<CommandFieldError>),
    /// Someone saved the command after the version this change was based on.
    #[error("changed meanwhile (now version {current})")]
    Conflict { current: i32 },
    /// Built-in commands can't be deleted.
    #[error("a built-in command")]
    Builtin,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The engine's text key of a built-in's text.
fn text_key(b: Builtin) -> Option<Key> {
    match b {
        Builtin::Start => Some(Key::Greeting),
        Builtin::Help => Some(Key::Help),
        Builtin::Menu => None,
        Builtin::Operator => Some(Key::Handoff),
    }
}

/// Inserts the built-ins that are missing (a database started without the demo content), shown
/// and active, after the commands there are. Racing callers agree (insert-if-absent).
pub async fn ensure_builtins<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let have: Vec<String> = bot_commands::Entity::find()
        .select_only()
        .column(bot_commands::Column::Command)
        .filter(bot_commands::Column::IsBuiltin.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    if BUILTIN_COMMANDS.iter().all(|(name, ..)| have.iter().any(|h| h == name)) {
        return Ok(());
    }
    let now = Utc::now();
    for (i, (name, ru, en)) in BUILTIN_COMMANDS.iter().enumerate() {
        if have.iter().any(|h| h == name) {
            continue;
        }
        let row = bot_commands::ActiveModel {
            command: Set(name.to_string()),
            description_ru: Set(ru.to_string()),
            description_en: Set(en.to_string()),
            response_ru: Set(None),
            response_en: Set(None),
            is_builtin: Set(true),
            is_active: Set(true),
            position: Set(i as i32),
            updated_at: Set(now),
            menu_id: Set(None),
            show_in_menu: Set(true),
            version: Set(1),
            updated_by: Set(None),
            ..Default::default()
        };
        bot_commands::Entity::insert(row)
            .on_conflict(OnConflict::column(bot_commands::Column::Command).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Every stored command in Telegram's menu order (position, then id).
pub async fn rows<C: ConnectionTrait>(db: &C) -> Result<Vec<bot_commands::Model>, DbErr> {
    ensure_builtins(db).await?;
    bot_commands::Entity::find()
        .order_by_asc(bot_commands::Column::Position)
        .order_by_asc(bot_commands::Column::Id)
        .all(db)
        .await
}

/// What changes when a command is saved anywhere: how many there are and the newest change.
pub async fn stamp<C: ConnectionTrait>(db: &C) -> Result<(u64, Option<chrono::DateTime<Utc>>), DbErr> {
    let count = bot_commands::Entity::find().count(db).await?;
    let newest = bot_commands::Entity::find()
        .select_only()
        .column_as(bot_commands::Column::UpdatedAt.max(), "newest")
        .into_tuple::<Option<chrono::DateTime<Utc>>>()
        .one(db)
        .await?
        .flatten();
    Ok((count, newest))
}

/// The admin's `texts` rows of the built-ins' keys: `(key, language) → value`.
async fn builtin_texts<C: ConnectionTrait>(db: &C) -> Result<HashMap<(String, String), String>, DbErr> {
    let keys: Vec<&str> = [Key::Greeting, Key::Help, Key::Handoff].iter().map(|k| k.name()).collect();
    Ok(texts::Entity::find()
        .filter(texts::Column::Key.is_in(keys))
        .all(db)
        .await?
        .into_iter()
        .map(|t| ((t.key, t.language), t.value))
        .collect())
}

fn command_of(row: bot_commands::Model, texts: &HashMap<(String, String), String>) -> Command {
    let builtin = if row.is_builtin { Builtin::of(&row.command) } else { None };
    let (text_ru, text_en) = match builtin {
        Some(b) => match text_key(b) {
            Some(key) => {
                let text = |lang: Lang| {
                    texts
                        .get(&(key.name().to_string(), lang.code().to_string()))
                        .filter(|v| !v.trim().is_empty())
                        .cloned()
                        .unwrap_or_else(|| key.default_text(lang).to_string())
                };
                (text(Lang::Ru), text(Lang::En))
            }
            None => (String::new(), String::new()),
        },
        None => (row.response_ru.clone().unwrap_or_default(), row.response_en.clone().unwrap_or_default()),
    };
    let draft = CommandDraft {
        name: row.command.clone(),
        description_ru: row.description_ru.clone(),
        description_en: row.description_en.clone(),
        text_ru,
        text_en,
        menu_id: row.menu_id,
        show_in_menu: row.show_in_menu,
        is_active: row.is_active,
    };
    Command { row, builtin, draft }
}

/// Every command (built-ins first, then the custom ones, each in Telegram's menu order).
pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<Command>, DbErr> {
    let texts = builtin_texts(db).await?;
    let mut out: Vec<Command> = rows(db).await?.into_iter().map(|r| command_of(r, &texts)).collect();
    out.sort_by_key(|c| (c.builtin.is_none(), c.row.position, c.row.id));
    Ok(out)
}

/// Command `id`.
pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<Command, CommandError> {
    let row = bot_commands::Entity::find_by_id(id).one(db).await?.ok_or(CommandError::NotFound)?;
    Ok(command_of(row, &builtin_texts(db).await?))
}

/// Every problem of `draft` (normalised) as command `id` (none: a new one) that is `builtin`:
/// the pure checks, the name's uniqueness and the menu's existence.
pub async fn problems<C: ConnectionTrait>(
    db: &C,
    id: Option<i64>,
    builtin: Option<Builtin>,
    draft: &CommandDraft,
) -> Result<Vec<CommandFieldError>, DbErr> {
    let mut out = draft.problems(builtin);
    if builtin.is_none() && !out.iter().any(|e| e.field == CommandField::Name) {
        let taken = bot_commands::Entity::find()
            .filter(bot_commands::Column::Command.eq(draft.name.clone()))
            .one(db)
            .await?
            .is_some_and(|c| Some(c.id) != id);
        if taken {
            out.push(CommandFieldError::new(CommandField::Name, CommandProblem::NameTaken));
        }
    }
    if builtin.is_none()
        && let Some(menu_id) = draft.menu_id
        && menus::Entity::find_by_id(menu_id).one(db).await?.is_none()
    {
        out.push(CommandFieldError::new(CommandField::Menu, CommandProblem::MenuMissing { menu_id }));
    }
    out.sort_by_key(|e| e.field);
    Ok(out)
}

/// The fields of `after` that differ from `before`, as `{field: [before, after]}`.
fn diff(before: &CommandDraft, after: &CommandDraft) -> Value {
    let (a, b) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default());
    let mut out = serde_json::Map::new();
    if let (Value::Object(a), Value::Object(b)) = (a, b) {
        for (k, after) in b {
            let before = a.get(&k).cloned().unwrap_or(Value::Null);
            if before != after {
                out.insert(k, json!([before, after]));
            }
        }
    }
    Value::Object(out)
}

fn record(unit: &Unit, by: By<'_>, action: LogAction, id: i64, name: &str, details: Value) {
    let mut d = json!({ "command": name });
    if let (Value::Object(d), Value::Object(e)) = (&mut d, details) {
        d.extend(e);
    }
    unit.writes()
        .action(action_log::row(Action::new(by.actor, action).target(TargetKind::Command, id).details(d).ip(by.ip)));
}

fn none_if_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Creates a custom command, listed after the others.
pub async fn create(db: &DatabaseConnection, by: By<'_>, draft: CommandDraft) -> Result<Command, CommandError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    ensure_builtins(txn).await?;
    let draft = draft.normalized();
    let problems = problems(txn, None, None, &draft).await?;
    if !problems.is_empty() {
        return Err(CommandError::Invalid(problems));
    }
    let last = bot_commands::Entity::find()
        .select_only()
        .column_as(bot_commands::Column::Position.max(), "last")
        .into_tuple::<Option<i32>>()
        .one(txn)
        .await?
        .flatten();
    let row = bot_commands::ActiveModel {
        command: Set(draft.name.clone()),
        description_ru: Set(draft.description_ru.clone()),
        description_en: Set(draft.description_en.clone()),
        response_ru: Set(none_if_empty(&draft.text_ru)),
        response_en: Set(none_if_empty(&draft.text_en)),
        is_builtin: Set(false),
        is_active: Set(draft.is_active),
        position: Set(last.map_or(0, |p| p + 1)),
        updated_at: Set(Utc::now()),
        menu_id: Set(draft.menu_id),
        show_in_menu: Set(draft.show_in_menu),
        version: Set(1),
        updated_by: Set(by.staff_id()),
        ..Default::default()
    };
    let row = match row.insert(txn).await {
        Ok(r) => r,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(CommandError::Invalid(vec![CommandFieldError::new(
                CommandField::Name,
                CommandProblem::NameTaken,
            )]));
        }
        Err(e) => return Err(e.into()),
    };
    let after = command_of(row, &HashMap::new());
    record(&unit, by, LogAction::CommandCreate, after.row.id, &after.row.command, json!({ "created": after.draft }));
    unit.commit().await?;
    crate::telegram::commands_changed().notify_waiters();
    Ok(after)
}

/// Saves command `id` based on `base_version` (the version the editor loaded). A built-in keeps
/// its name, its (lack of a) menu and stays active; its texts go to the `texts` rows of its key.
pub async fn save(
    db: &DatabaseConnection,
    by: By<'_>,
    id: i64,
    base_version: i32,
    draft: CommandDraft,
) -> Result<Command, CommandError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let before = get(txn, id).await?;
    if before.row.version != base_version {
        return Err(CommandError::Conflict { current: before.row.version });
    }
    let mut draft = draft.normalized();
    if let Some(b) = before.builtin {
        draft.name = before.row.command.clone();
        draft.menu_id = None;
        draft.is_active = true;
        if text_key(b).is_none() {
            (draft.text_ru, draft.text_en) = (String::new(), String::new());
        }
    }
    let problems = problems(txn, Some(id), before.builtin, &draft).await?;
    if !problems.is_empty() {
        return Err(CommandError::Invalid(problems));
    }
    let now = Utc::now();
    let mut am: bot_commands::ActiveModel = before.row.clone().into();
    am.command = Set(draft.name.clone());
    am.description_ru = Set(draft.description_ru.clone());
    am.description_en = Set(draft.description_en.clone());
    if before.builtin.is_none() {
        am.response_ru = Set(none_if_empty(&draft.text_ru));
        am.response_en = Set(none_if_empty(&draft.text_en));
    }
    am.menu_id = Set(draft.menu_id);
    am.show_in_menu = Set(draft.show_in_menu);
    am.is_active = Set(draft.is_active);
    am.version = Set(before.row.version + 1);
    am.updated_by = Set(by.staff_id());
    am.updated_at = Set(now);
    // Conditional on the version read above: of two saves racing from it, one wins.
    let written = bot_commands::Entity::update_many()
        .set(am)
        .filter(bot_commands::Column::Id.eq(id))
        .filter(bot_commands::Column::Version.eq(base_version))
        .exec(txn)
        .await;
    match written {
        Ok(r) if r.rows_affected == 1 => {}
        Ok(_) => {
            let current = get(txn, id).await?;
            return Err(CommandError::Conflict { current: current.row.version });
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(CommandError::Invalid(vec![CommandFieldError::new(
                CommandField::Name,
                CommandProblem::NameTaken,
            )]));
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(key) = before.builtin.and_then(text_key) {
        for (lang, text) in [(Lang::Ru, &draft.text_ru), (Lang::En, &draft.text_en)] {
            texts::Entity::delete_many()
                .filter(texts::Column::Key.eq(key.name()))
                .filter(texts::Column::Language.eq(lang.code()))
                .exec(txn)
                .await?;
            if !text.is_empty() && text != key.default_text(lang) {
                texts::ActiveModel {
                    key: Set(key.name().to_string()),
                    language: Set(lang.code().to_string()),
                    value: Set(text.clone()),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await?;
            }
        }
    }
    let after = get(txn, id).await?;
    let details = json!({ "version": after.row.version, "changes": diff(&before.draft, &after.draft) });
    record(&unit, by, LogAction::CommandUpdate, id, &after.row.command, details);
    unit.commit().await?;
    crate::telegram::commands_changed().notify_waiters();
    Ok(after)
}

/// Deletes custom command `id` (built-ins are refused with [`CommandError::Builtin`]).
pub async fn delete(db: &DatabaseConnection, by: By<'_>, id: i64) -> Result<(), CommandError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let before = get(txn, id).await?;
    if before.row.is_builtin {
        return Err(CommandError::Builtin);
    }
    bot_commands::Entity::delete_by_id(id).exec(txn).await?;
    record(&unit, by, LogAction::CommandDelete, id, &before.row.command, json!({ "deleted": before.draft }));
    unit.commit().await?;
    crate::telegram::commands_changed().notify_waiters();
    Ok(())
}

/// The menus a command can send, as `(id, Russian title, is main)`, the main menu first.
pub async fn menu_choices<C: ConnectionTrait>(db: &C) -> Result<Vec<(i64, String, bool)>, DbErr> {
    let mut out: Vec<(i64, String, bool)> = menus::Entity::find()
        .order_by_asc(menus::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.title_ru, m.is_main))
        .collect();
    out.sort_by_key(|(id, _, main)| (!main, *id));
    Ok(out)
}
