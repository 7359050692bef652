//! The menu builder's server side: maps `bot::menus`' reads and refusals to view models and
//! `ApiError`s. No queries here — they are in `bot`.

use std::collections::HashMap;

use bot::faq::By;
use bot::menus::MenuError;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::auth::server::Caller;
use crate::error::{ApiError, Conflict};
use crate::menus::model::*;

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn from_menu(e: MenuError) -> ApiError {
    match e {
        MenuError::NotFound => ApiError::NotFound,
        MenuError::Invalid(errors) => ApiError::MenuInvalid(errors),
        MenuError::Conflict { current } => ApiError::Conflict(Conflict::MenuChanged { current }),
        MenuError::InUse(buttons) => ApiError::Conflict(Conflict::MenuInUse { buttons }),
        MenuError::IsMain => ApiError::Conflict(Conflict::MenuIsMain),
        MenuError::Db(e) => e.into(),
    }
}

async fn staff_names(db: &DatabaseConnection) -> Result<HashMap<i64, String>, ApiError> {
    Ok(bot::staff::list(db).await?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

pub async fn view(db: &DatabaseConnection, id: i64) -> Result<MenuView, ApiError> {
    let (menu, snap) = bot::menus::store::snapshot(db, id).await.map_err(from_menu)?;
    let names = staff_names(db).await?;
    let mut faq_questions = Vec::new();
    for b in snap.draft.buttons() {
        if let MenuTarget::Faq { faq_id } = b.target
            && !faq_questions.iter().any(|(id, _)| *id == faq_id)
            && let Ok(e) = bot::faq::entries::get(db, faq_id).await
        {
            faq_questions.push((faq_id, e.question));
        }
    }
    Ok(MenuView {
        id: menu.id,
        version: menu.version,
        is_main: menu.is_main,
        draft: snap.draft,
        updated_at: time(menu.updated_at),
        updated_by: menu.updated_by.and_then(|id| names.get(&id).cloned()),
        opened_by: bot::menus::store::pointing_at(db, menu.id).await?,
        faq_questions,
    })
}

pub async fn get(caller: &Caller, id: i64) -> Result<MenuView, ApiError> {
    view(&caller.state.db, id).await
}

pub async fn create(caller: &Caller, draft: MenuDraft) -> Result<MenuView, ApiError> {
    let db = &caller.state.db;
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    let m = bot::menus::store::create(db, By { actor: &actor, ip: ip.as_deref() }, draft).await.map_err(from_menu)?;
    view(db, m.id).await
}

pub async fn save(caller: &Caller, id: i64, version: i32, draft: MenuDraft) -> Result<MenuView, ApiError> {
    let db = &caller.state.db;
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    let m = bot::menus::store::save(db, By { actor: &actor, ip: ip.as_deref() }, id, version, draft)
        .await
        .map_err(from_menu)?;
    view(db, m.id).await
}

pub async fn rename(
    caller: &Caller,
    id: i64,
    version: i32,
    title_ru: String,
    title_en: String,
) -> Result<MenuView, ApiError> {
    let db = &caller.state.db;
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    let m = bot::menus::store::rename(db, By { actor: &actor, ip: ip.as_deref() }, id, version, &title_ru, &title_en)
        .await
        .map_err(from_menu)?;
    view(db, m.id).await
}

pub async fn duplicate(caller: &Caller, id: i64) -> Result<MenuView, ApiError> {
    let db = &caller.state.db;
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    let m = bot::menus::store::duplicate(db, By { actor: &actor, ip: ip.as_deref() }, id).await.map_err(from_menu)?;
    view(db, m.id).await
}

pub async fn delete(caller: &Caller, id: i64, confirm: bool) -> Result<(), ApiError> {
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    bot::menus::store::delete(&caller.state.db, By { actor: &actor, ip: ip.as_deref() }, id, confirm)
        .await
        .map_err(from_menu)
}

pub async fn revert(caller: &Caller, id: i64, version: i32) -> Result<MenuView, ApiError> {
    let db = &caller.state.db;
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    let m =
        bot::menus::store::revert(db, By { actor: &actor, ip: ip.as_deref() }, id, version).await.map_err(from_menu)?;
    view(db, m.id).await
}

/// The versions of menu `id`, newest first, each with the fields it changed.
pub async fn history(caller: &Caller, id: i64) -> Result<Vec<MenuVersionView>, ApiError> {
    let versions = bot::menus::store::history(&caller.state.db, id).await?;
    if versions.is_empty() {
        return Err(ApiError::NotFound);
    }
    Ok(versions
        .iter()
        .enumerate()
        .map(|(i, v)| MenuVersionView {
            version: v.version,
            change: v.change,
            at: time(v.at),
            by: v.actor_name.clone(),
            draft: v.snapshot.draft.clone(),
            changed: match versions.get(i + 1) {
                None => Vec::new(),
                Some(b) => changed_fields(&b.snapshot.draft, &v.snapshot.draft),
            },
        })
        .collect())
}

fn changed_fields(a: &MenuDraft, b: &MenuDraft) -> Vec<String> {
    [
        ("key", a.key != b.key),
        ("title_ru", a.title_ru != b.title_ru),
        ("title_en", a.title_en != b.title_en),
        ("text_ru", a.text_ru != b.text_ru),
        ("text_en", a.text_en != b.text_en),
        ("rows", a.rows != b.rows),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(f, _)| f.to_string())
    .collect()
}
