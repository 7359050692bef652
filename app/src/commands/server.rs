//! The command editor's server side: maps `bot::commands`' reads and refusals to view models and
//! `ApiError`s. No queries here — they are in `bot`.

use std::collections::HashMap;

use bot::commands::{Command, CommandError};
use bot::faq::By;
use chrono::{DateTime, Utc};

use crate::auth::server::Caller;
use crate::commands::model::*;
use crate::error::{ApiError, Conflict};

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn from_command(e: CommandError) -> ApiError {
    match e {
        CommandError::NotFound => ApiError::NotFound,
        CommandError::Invalid(errors) => ApiError::CommandInvalid(errors),
        CommandError::Conflict { current } => ApiError::Conflict(Conflict::CommandChanged { current }),
        CommandError::Builtin => ApiError::Conflict(Conflict::CommandBuiltin),
        CommandError::Db(e) => e.into(),
    }
}

async fn staff_names(caller: &Caller) -> Result<HashMap<i64, String>, ApiError> {
    Ok(bot::staff::list(&caller.state.db).await?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

fn view(c: Command, names: &HashMap<i64, String>) -> CommandView {
    CommandView {
        id: c.row.id,
        version: c.row.version,
        builtin: c.builtin,
        updated_at: time(c.row.updated_at),
        updated_by: c.row.updated_by.and_then(|id| names.get(&id).cloned()),
        draft: c.draft,
    }
}

pub async fn list(caller: &Caller) -> Result<CommandsView, ApiError> {
    let db = &caller.state.db;
    let names = staff_names(caller).await?;
    let commands = bot::commands::list(db).await?.into_iter().map(|c| view(c, &names)).collect();
    let menus = bot::commands::menu_choices(db)
        .await?
        .into_iter()
        .map(|(id, title, is_main)| MenuChoice { id, title, is_main })
        .collect();
    Ok(CommandsView { commands, menus })
}

pub async fn create(caller: &Caller, draft: CommandDraft) -> Result<CommandView, ApiError> {
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    let c = bot::commands::create(&caller.state.db, By { actor: &actor, ip: ip.as_deref() }, draft)
        .await
        .map_err(from_command)?;
    Ok(view(c, &staff_names(caller).await?))
}

pub async fn save(caller: &Caller, id: i64, version: i32, draft: CommandDraft) -> Result<CommandView, ApiError> {
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    let c = bot::commands::save(&caller.state.db, By { actor: &actor, ip: ip.as_deref() }, id, version, draft)
        .await
        .map_err(from_command)?;
    Ok(view(c, &staff_names(caller).await?))
}

pub async fn delete(caller: &Caller, id: i64) -> Result<(), ApiError> {
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    bot::commands::delete(&caller.state.db, By { actor: &actor, ip: ip.as_deref() }, id).await.map_err(from_command)
}
