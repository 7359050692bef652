//! Menus as admins change them.
//!
//! Guarantees:
//! - every change (create, save, rename, duplicate, revert, delete) commits together with its
//!   version row in `menu_versions` (the menu's whole content after the change, buttons with their
//!   ids) and its audit row (with the before/after difference), or not at all;
//! - a save replaces the menu's texts and keyboard in one transaction; a button sent with its id
//!   keeps it (its callback data `b:{id}` in customers' chats keeps working and does what the
//!   button does now); ids of other menus' buttons are never taken over (such a button is new);
//! - what is stored passes [`types::menu::MenuDraft::problems`] and every submenu and FAQ entry a
//!   button opens exists (an FAQ entry: not archived): the bot can always send it;
//! - a save names the version it was based on; if someone saved meanwhile it is refused with
//!   [`MenuError::Conflict`] instead of silently overwriting their change (the update is
//!   conditional on the version it read, so two saves racing from one version can't both win);
//! - a menu that buttons open is deleted only when the admin confirms, after being shown those
//!   buttons ([`MenuError::InUse`]); they are left pointing nowhere, and the bot answers a press
//!   with "that button no longer works" and the main menu. The main menu can't be deleted.
//!
//! The engine reads the menus once per round of updates (`engine::menus::MenuTree::load`), in
//! every process, so the next /menu after a commit sends what was saved.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{faq_entries, menu_buttons, menu_versions, menus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use types::menu::{
    ButtonDraft, ButtonRef, MenuDraft, MenuField, MenuFieldError, MenuOutline, MenuProblem, MenuTarget, limits,
};
use types::{ButtonAction, FaqState, LogAction, MenuChange, TargetKind};

use super::outline::{MenuInfo, outline};
use crate::action_log::{self, Action};
use crate::faq::By;
use crate::unit::Unit;

pub type Menu = menus::Model;

#[derive(Debug, thiserror::Error)]
pub enum MenuError {
    #[error("not found")]
    NotFound,
    #[error("invalid: {0:?}")]
    Invalid(Vec<MenuFieldError>),
    /// Someone saved the menu after the version this change was based on.
    #[error("changed meanwhile (now version {current})")]
    Conflict { current: i32 },
    /// These buttons open the menu: deleting it needs the admin's confirmation.
    #[error("opened by {0:?}")]
    InUse(Vec<ButtonRef>),
    /// The main menu can't be deleted.
    #[error("the main menu")]
    IsMain,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A menu's content at one version, as stored in `menu_versions.snapshot` (the migration that
/// created the table writes the same shape for the menus that existed before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(flatten)]
    pub draft: MenuDraft,
    pub is_main: bool,
}

impl Snapshot {
    /// `menu` with `buttons` (its own, any order).
    pub fn of(menu: &Menu, buttons: &[menu_buttons::Model]) -> Snapshot {
        let mut buttons: Vec<&menu_buttons::Model> = buttons.iter().filter(|b| b.menu_id == menu.id).collect();
        buttons.sort_by_key(|b| (b.row, b.position, b.id));
        let mut rows: Vec<(i32, Vec<ButtonDraft>)> = Vec::new();
        for b in buttons {
            let d = button_draft(b);
            match rows.last_mut() {
                Some((r, list)) if *r == b.row && list.len() < limits::ROW => list.push(d),
                _ => rows.push((b.row, vec![d])),
            }
        }
        Snapshot {
            draft: MenuDraft {
                key: menu.key.clone(),
                title_ru: menu.title_ru.clone(),
                title_en: menu.title_en.clone(),
                text_ru: menu.text_ru.clone(),
                text_en: menu.text_en.clone(),
                rows: rows.into_iter().map(|(_, r)| r).collect(),
            },
            is_main: menu.is_main,
        }
    }

    /// The fields that differ from `before`, as `{field: [before, after]}`.
    pub fn diff(&self, before: &Snapshot) -> Value {
        let (a, b) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(self).unwrap_or_default());
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
}

/// A stored button as the editor holds it.
pub fn button_draft(b: &menu_buttons::Model) -> ButtonDraft {
    let target = match b.action {
        ButtonAction::Submenu => MenuTarget::Submenu { menu_id: b.target_menu_id.unwrap_or(0) },
        ButtonAction::Faq => MenuTarget::Faq { faq_id: b.target_faq_id.unwrap_or(0) },
        ButtonAction::Url => MenuTarget::Url { url: b.url.clone().unwrap_or_default() },
        ButtonAction::Handoff => MenuTarget::Operator,
        ButtonAction::Back => MenuTarget::Back,
        ButtonAction::MainMenu => MenuTarget::MainMenu,
        ButtonAction::SendText => MenuTarget::SendText {
            text_ru: b.text_ru.clone().unwrap_or_default(),
            text_en: b.text_en.clone().unwrap_or_default(),
        },
    };
    ButtonDraft { id: Some(b.id), label_ru: b.label_ru.clone(), label_en: b.label_en.clone(), target }
}

/// The button columns of `target`.
fn set_target(am: &mut menu_buttons::ActiveModel, target: &MenuTarget) {
    am.action = Set(target.action());
    am.target_menu_id = Set(match target {
        MenuTarget::Submenu { menu_id } => Some(*menu_id),
        _ => None,
    });
    am.target_faq_id = Set(match target {
        MenuTarget::Faq { faq_id } => Some(*faq_id),
        _ => None,
    });
    am.url = Set(match target {
        MenuTarget::Url { url } => Some(url.clone()),
        _ => None,
    });
    let (ru, en) = match target {
        MenuTarget::SendText { text_ru, text_en } => (Some(text_ru.clone()), Some(text_en.clone())),
        _ => (None, None),
    };
    am.text_ru = Set(ru);
    am.text_en = Set(en);
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<Menu, MenuError> {
    menus::Entity::find_by_id(id).one(db).await?.ok_or(MenuError::NotFound)
}

/// The buttons of menu `id`, in keyboard order.
pub async fn buttons_of<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<menu_buttons::Model>, DbErr> {
    menu_buttons::Entity::find()
        .filter(menu_buttons::Column::MenuId.eq(id))
        .order_by_asc(menu_buttons::Column::Row)
        .order_by_asc(menu_buttons::Column::Position)
        .order_by_asc(menu_buttons::Column::Id)
        .all(db)
        .await
}

/// Menu `id` with its keyboard.
pub async fn snapshot<C: ConnectionTrait>(db: &C, id: i64) -> Result<(Menu, Snapshot), MenuError> {
    let menu = get(db, id).await?;
    let buttons = buttons_of(db, id).await?;
    let snap = Snapshot::of(&menu, &buttons);
    Ok((menu, snap))
}

/// Every problem of `draft` (normalised) as menu `id` (none: a new one): the pure checks, the
/// key's uniqueness, and the menus and FAQ entries its buttons open. In field order: the menu's
/// fields, then the buttons in reading order.
pub async fn problems<C: ConnectionTrait>(
    db: &C,
    id: Option<i64>,
    draft: &MenuDraft,
) -> Result<Vec<MenuFieldError>, DbErr> {
    let mut out = draft.problems();
    if !draft.key.is_empty() {
        let taken = menus::Entity::find()
            .filter(menus::Column::Key.eq(draft.key.clone()))
            .one(db)
            .await?
            .is_some_and(|m| Some(m.id) != id);
        if taken {
            out.push(MenuFieldError::menu(MenuField::Key, MenuProblem::KeyTaken));
        }
    }
    let menu_ids: HashSet<i64> =
        menus::Entity::find().select_only().column(menus::Column::Id).into_tuple().all(db).await?.into_iter().collect();
    let faq_ids: HashSet<i64> = faq_entries::Entity::find()
        .select_only()
        .column(faq_entries::Column::Id)
        .filter(faq_entries::Column::State.ne(FaqState::Archived))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for (r, row) in draft.rows.iter().enumerate() {
        for (i, b) in row.iter().enumerate() {
            let problem = match b.target {
                MenuTarget::Submenu { menu_id } if !menu_ids.contains(&menu_id) => MenuProblem::MenuMissing { menu_id },
                MenuTarget::Faq { faq_id } if !faq_ids.contains(&faq_id) => MenuProblem::FaqMissing { faq_id },
                _ => continue,
            };
            out.push(MenuFieldError::button(MenuField::Target, r + 1, i + 1, problem));
        }
    }
    out.sort_by_key(|e| (e.row.unwrap_or(0), e.button.unwrap_or(0), e.field));
    Ok(out)
}

/// What a change is recorded as.
#[derive(Debug, Clone, Copy)]
struct Record {
    change: MenuChange,
    action: LogAction,
}

/// Creates a menu.
pub async fn create(db: &DatabaseConnection, by: By<'_>, draft: MenuDraft) -> Result<Menu, MenuError> {
    let unit = Unit::begin(db).await?;
    let rec = Record { change: MenuChange::Created, action: LogAction::MenuCreate };
    let saved = save_in(&unit, by, None, None, draft, rec, json!({})).await?;
    unit.commit().await?;
    Ok(saved)
}

/// Saves a new version of menu `id` (texts and keyboard), based on `base_version` (the version the
/// editor loaded).
pub async fn save(
    db: &DatabaseConnection,
    by: By<'_>,
    id: i64,
    base_version: i32,
    draft: MenuDraft,
) -> Result<Menu, MenuError> {
    let unit = Unit::begin(db).await?;
    let rec = Record { change: MenuChange::Updated, action: LogAction::MenuUpdate };
    let saved = save_in(&unit, by, Some(id), Some(base_version), draft, rec, json!({})).await?;
    unit.commit().await?;
    Ok(saved)
}

/// Renames menu `id` (its titles), based on `base_version`.
pub async fn rename(
    db: &DatabaseConnection,
    by: By<'_>,
    id: i64,
    base_version: i32,
    title_ru: &str,
    title_en: &str,
) -> Result<Menu, MenuError> {
    let unit = Unit::begin(db).await?;
    let (_, snap) = snapshot(unit.txn(), id).await?;
    let mut draft = snap.draft;
    draft.title_ru = title_ru.to_string();
    draft.title_en = title_en.to_string();
    let rec = Record { change: MenuChange::Renamed, action: LogAction::MenuRename };
    let saved = save_in(&unit, by, Some(id), Some(base_version), draft, rec, json!({})).await?;
    unit.commit().await?;
    Ok(saved)
}

/// A copy of menu `id`: a new menu (not the main one) with the same texts and keyboard, new
/// button ids, a free key (`{key}_copy`, `{key}_copy2`, …) and "(копия)" / "(copy)" in its titles.
pub async fn duplicate(db: &DatabaseConnection, by: By<'_>, id: i64) -> Result<Menu, MenuError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let (_, snap) = snapshot(txn, id).await?;
    let mut draft = snap.draft;
    let keys: HashSet<String> = menus::Entity::find()
        .select_only()
        .column(menus::Column::Key)
        .into_tuple()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let base: String = draft.key.chars().take(limits::KEY - 8).collect();
    draft.key = (1..)
        .map(|n| if n == 1 { format!("{base}_copy") } else { format!("{base}_copy{n}") })
        .find(|k| !keys.contains(k))
        .unwrap_or_default();
    let titled = |t: &str, suffix: &str| {
        let room = limits::TITLE - suffix.chars().count();
        format!("{}{suffix}", t.chars().take(room).collect::<String>())
    };
    draft.title_ru = titled(&draft.title_ru, " (копия)");
    if !draft.title_en.is_empty() {
        draft.title_en = titled(&draft.title_en, " (copy)");
    }
    for b in draft.rows.iter_mut().flatten() {
        b.id = None;
    }
    let rec = Record { change: MenuChange::Created, action: LogAction::MenuDuplicate };
    let saved = save_in(&unit, by, None, None, draft, rec, json!({ "from": id })).await?;
    unit.commit().await?;
    Ok(saved)
}

/// Makes an earlier version current again (as a new version). Buttons that still exist keep their
/// ids; buttons deleted since come back with new ones. Whether it is the main menu stays as now.
pub async fn revert(db: &DatabaseConnection, by: By<'_>, id: i64, version: i32) -> Result<Menu, MenuError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    get(txn, id).await?;
    let row = menu_versions::Entity::find()
        .filter(menu_versions::Column::MenuId.eq(id))
        .filter(menu_versions::Column::Version.eq(version))
        .one(txn)
        .await?
        .ok_or(MenuError::NotFound)?;
    let snap: Snapshot = serde_json::from_str(&row.snapshot).map_err(|e| DbErr::Custom(e.to_string()))?;
    let rec = Record { change: MenuChange::Reverted, action: LogAction::MenuRevert };
    let saved = save_in(&unit, by, Some(id), None, snap.draft, rec, json!({ "restored": version })).await?;
    unit.commit().await?;
    Ok(saved)
}

/// Creates (`id` none) or saves menu `id` in `unit`.
async fn save_in(
    unit: &Unit,
    by: By<'_>,
    id: Option<i64>,
    base_version: Option<i32>,
    draft: MenuDraft,
    rec: Record,
    extra: Value,
) -> Result<Menu, MenuError> {
    let txn = unit.txn();
    // A missing menu, then a stale base, then the content: the first refusal is the one to act on.
    let before = match id {
        Some(id) => Some(snapshot(txn, id).await?),
        None => None,
    };
    if let (Some((b, _)), Some(base)) = (&before, base_version)
        && b.version != base
    {
        return Err(MenuError::Conflict { current: b.version });
    }
    let draft = draft.normalized();
    let problems = problems(txn, id, &draft).await?;
    if !problems.is_empty() {
        return Err(MenuError::Invalid(problems));
    }
    let now = Utc::now();
    let mut am = match &before {
        Some((b, _)) => {
            let mut am: menus::ActiveModel = b.clone().into();
            am.version = Set(b.version + 1);
            am
        }
        None => menus::ActiveModel { is_main: Set(false), version: Set(1), created_at: Set(now), ..Default::default() },
    };
    am.key = Set(draft.key.clone());
    am.title_ru = Set(draft.title_ru.clone());
    am.title_en = Set(draft.title_en.clone());
    am.text_ru = Set(draft.text_ru.clone());
    am.text_en = Set(draft.text_en.clone());
    am.updated_by = Set(by.staff_id());
    am.updated_at = Set(now);
    let written = match &before {
        // Conditional on the version read above: of two saves racing from the same version, the
        // second waits for the first and then matches no row.
        Some((b, _)) => menus::Entity::update_many()
            .set(am)
            .filter(menus::Column::Id.eq(b.id))
            .filter(menus::Column::Version.eq(b.version))
            .exec(txn)
            .await
            .map(|r| r.rows_affected == 1)
            .map(|updated| (updated, None)),
        None => am.insert(txn).await.map(|m| (true, Some(m))),
    };
    let menu = match written {
        Ok((true, Some(m))) => m,
        Ok((true, None)) => get(txn, id.unwrap_or_default()).await?,
        Ok((false, _)) => {
            let current = get(txn, id.unwrap_or_default()).await?;
            return Err(MenuError::Conflict { current: current.version });
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(MenuError::Invalid(vec![MenuFieldError::menu(MenuField::Key, MenuProblem::KeyTaken)]));
        }
        Err(e) => return Err(e.into()),
    };
    // The keyboard: this menu's buttons sent with their id are updated in place, the others are
    // new; the buttons left out are deleted.
    let existing: HashMap<i64, menu_buttons::Model> = match &before {
        Some(_) => buttons_of(txn, menu.id).await?.into_iter().map(|b| (b.id, b)).collect(),
        None => HashMap::new(),
    };
    let mut kept = HashSet::new();
    for (r, row) in draft.rows.iter().enumerate() {
        for (p, b) in row.iter().enumerate() {
            let old = b.id.and_then(|id| existing.get(&id)).filter(|_| !kept.contains(&b.id.unwrap_or(0)));
            let mut am: menu_buttons::ActiveModel = match old {
                Some(o) => {
                    kept.insert(o.id);
                    o.clone().into()
                }
                None => menu_buttons::ActiveModel { menu_id: Set(menu.id), ..Default::default() },
            };
            am.label_ru = Set(b.label_ru.clone());
            am.label_en = Set(b.label_en.clone());
            set_target(&mut am, &b.target);
            am.row = Set(r as i32);
            am.position = Set(p as i32);
            if old.is_some() {
                am.update(txn).await?;
            } else {
                am.insert(txn).await?;
            }
        }
    }
    let gone: Vec<i64> = existing.keys().filter(|id| !kept.contains(*id)).copied().collect();
    if !gone.is_empty() {
        menu_buttons::Entity::delete_many().filter(menu_buttons::Column::Id.is_in(gone)).exec(txn).await?;
    }
    let after = Snapshot::of(&menu, &buttons_of(txn, menu.id).await?);
    record(unit, by, &menu, &after, before.as_ref().map(|(_, s)| s), rec, extra, now).await?;
    Ok(menu)
}

/// The version row and the audit row (with the difference) of a change.
#[allow(clippy::too_many_arguments)]
async fn record(
    unit: &Unit,
    by: By<'_>,
    menu: &Menu,
    after: &Snapshot,
    before: Option<&Snapshot>,
    rec: Record,
    extra: Value,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    menu_versions::ActiveModel {
        menu_id: Set(menu.id),
        version: Set(menu.version),
        change: Set(rec.change),
        snapshot: Set(serde_json::to_string(after).unwrap_or_default()),
        staff_user_id: Set(by.staff_id()),
        actor_name: Set(by.name()),
        at: Set(at),
        ..Default::default()
    }
    .insert(unit.txn())
    .await?;
    let mut details = json!({ "key": menu.key, "title": menu.title_ru, "version": menu.version });
    if let Some(b) = before {
        details["changes"] = after.diff(b);
    }
    if let (Value::Object(d), Value::Object(e)) = (&mut details, extra) {
        d.extend(e);
    }
    unit.writes().action(action_log::row(
        Action::new(by.actor, rec.action).target(TargetKind::Menu, menu.id).details(details).ip(by.ip),
    ));
    Ok(())
}

/// The first version of every menu that has none (the demo seed writes menus directly): version
/// 1, by the system.
pub async fn record_unversioned<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let versioned: HashSet<i64> = menu_versions::Entity::find()
        .select_only()
        .column(menu_versions::Column::MenuId)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let buttons = menu_buttons::Entity::find().all(db).await?;
    for m in menus::Entity::find().all(db).await? {
        if versioned.contains(&m.id) {
            continue;
        }
        menu_versions::ActiveModel {
            menu_id: Set(m.id),
            version: Set(m.version),
            change: Set(MenuChange::Created),
            snapshot: Set(serde_json::to_string(&Snapshot::of(&m, &buttons)).unwrap_or_default()),
            staff_user_id: Set(None),
            actor_name: Set("system".into()),
            at: Set(m.updated_at),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The buttons that open menu `id`: other menus' submenu buttons and buttons under FAQ answers.
pub async fn pointing_at<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<ButtonRef>, DbErr> {
    let buttons = menu_buttons::Entity::find()
        .filter(menu_buttons::Column::TargetMenuId.eq(id))
        .filter(menu_buttons::Column::Action.eq(ButtonAction::Submenu))
        .filter(menu_buttons::Column::MenuId.ne(id))
        .order_by_asc(menu_buttons::Column::Id)
        .all(db)
        .await?;
    let owners: HashMap<i64, String> = menus::Entity::find()
        .filter(menus::Column::Id.is_in(buttons.iter().map(|b| b.menu_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.title_ru))
        .collect();
    let mut out: Vec<ButtonRef> = buttons
        .into_iter()
        .map(|b| ButtonRef {
            menu_id: Some(b.menu_id),
            button_id: Some(b.id),
            faq_id: None,
            owner: owners.get(&b.menu_id).cloned().unwrap_or_default(),
            label: b.label_ru,
        })
        .collect();
    let needle = format!("\"menu_id\":{id}");
    let entries = faq_entries::Entity::find()
        .filter(faq_entries::Column::Buttons.contains(needle.as_str()))
        .order_by_asc(faq_entries::Column::Id)
        .all(db)
        .await?;
    for e in entries {
        for b in crate::faq::entries::buttons_of(&e) {
            if b.target == (types::faq::ButtonTarget::Menu { menu_id: id }) {
                out.push(ButtonRef {
                    menu_id: None,
                    button_id: None,
                    faq_id: Some(e.id),
                    owner: e.question.clone(),
                    label: b.label,
                });
            }
        }
    }
    Ok(out)
}

/// Deletes menu `id` with its buttons. Refused for the main menu, and — unless `confirm` — when
/// buttons open it ([`MenuError::InUse`] lists them). Its versions stay (the audit trail) with a
/// last one that says so.
pub async fn delete(db: &DatabaseConnection, by: By<'_>, id: i64, confirm: bool) -> Result<(), MenuError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let (menu, before) = snapshot(txn, id).await?;
    if menu.is_main {
        return Err(MenuError::IsMain);
    }
    let users = pointing_at(txn, id).await?;
    if !users.is_empty() && !confirm {
        return Err(MenuError::InUse(users));
    }
    menu_buttons::Entity::delete_many().filter(menu_buttons::Column::MenuId.eq(id)).exec(txn).await?;
    menus::Entity::delete_by_id(id).exec(txn).await?;
    let gone = Menu { version: menu.version + 1, ..menu };
    let rec = Record { change: MenuChange::Deleted, action: LogAction::MenuDelete };
    let left =
        json!({ "left_pointing_nowhere": users.iter().filter_map(|u| u.button_id.or(u.faq_id)).collect::<Vec<_>>() });
    record(&unit, by, &gone, &before, None, rec, left, Utc::now()).await?;
    unit.commit().await?;
    Ok(())
}

/// One version in a menu's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub version: i32,
    pub change: MenuChange,
    pub snapshot: Snapshot,
    pub actor_name: String,
    pub staff_user_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// A menu's versions, newest first (also of a deleted menu: its audit trail).
pub async fn history<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<Version>, DbErr> {
    let rows = menu_versions::Entity::find()
        .filter(menu_versions::Column::MenuId.eq(id))
        .order_by_desc(menu_versions::Column::Version)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Version {
                version: r.version,
                change: r.change,
                snapshot: serde_json::from_str(&r.snapshot).ok()?,
                actor_name: r.actor_name,
                staff_user_id: r.staff_user_id,
                at: r.at,
            })
        })
        .collect())
}

/// Every menu as a tree (see [`super::outline`]), with the hits of `query`.
pub async fn tree<C: ConnectionTrait>(db: &C, query: &str) -> Result<MenuOutline, DbErr> {
    let menus = menus::Entity::find().order_by_asc(menus::Column::Id).all(db).await?;
    let buttons = menu_buttons::Entity::find()
        .order_by_asc(menu_buttons::Column::Row)
        .order_by_asc(menu_buttons::Column::Position)
        .order_by_asc(menu_buttons::Column::Id)
        .all(db)
        .await?;
    let mut infos: Vec<MenuInfo> = menus
        .into_iter()
        .map(|m| MenuInfo {
            id: m.id,
            key: m.key,
            title_ru: m.title_ru,
            title_en: m.title_en,
            text_ru: m.text_ru,
            text_en: m.text_en,
            is_main: m.is_main,
            ..MenuInfo::default()
        })
        .collect();
    let at: HashMap<i64, usize> = infos.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    for b in buttons {
        let Some(&i) = at.get(&b.menu_id) else { continue };
        let info = &mut infos[i];
        info.buttons += 1;
        info.labels.push(b.label_ru);
        info.labels.push(b.label_en);
        if b.action == ButtonAction::Submenu
            && let Some(t) = b.target_menu_id
        {
            info.opens.push(t);
        }
    }
    Ok(outline(&infos, query))
}
