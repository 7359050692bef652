//! Server functions of the menu builder. Every one is for admins only (`as_admin`: 401 signed
//! out, 403 for operators). Those taking a menu's content use JSON bodies (`MenuDraft` has rows of
//! tagged buttons).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::error::ApiError;
use crate::menus::model::{MenuDraft, MenuOutline, MenuVersionView, MenuView};

/// Every menu as a tree under the main menu, the unreachable ones apart, and the menus matching
/// `q` (every word in the key, a title, a text or a label) with their breadcrumbs.
#[server(prefix = "/api", endpoint = "menus/tree")]
pub async fn menus_tree(q: String) -> Result<MenuOutline, ApiError> {
    as_admin(async |caller| Ok(bot::menus::store::tree(&caller.state.db, &q).await?)).await
}

/// A menu as the editor opens it.
#[server(prefix = "/api", endpoint = "menus/get")]
pub async fn menus_get(id: i64) -> Result<MenuView, ApiError> {
    as_admin(async |caller| crate::menus::server::get(&caller, id).await).await
}

/// Creates a menu (not the main one; a submenu button makes it reachable).
#[server(prefix = "/api", endpoint = "menus/create", input = Json)]
pub async fn menus_create(draft: MenuDraft) -> Result<MenuView, ApiError> {
    as_admin(async |caller| crate::menus::server::create(&caller, draft).await).await
}

/// Saves a menu's texts and keyboard, based on `version` (the one the editor loaded: a save based
/// on an older one is refused with a conflict). Buttons sent with their id keep it.
#[server(prefix = "/api", endpoint = "menus/save", input = Json)]
pub async fn menus_save(id: i64, version: i32, draft: MenuDraft) -> Result<MenuView, ApiError> {
    as_admin(async |caller| crate::menus::server::save(&caller, id, version, draft).await).await
}

/// Renames a menu, based on `version`.
#[server(prefix = "/api", endpoint = "menus/rename")]
pub async fn menus_rename(id: i64, version: i32, title_ru: String, title_en: String) -> Result<MenuView, ApiError> {
    as_admin(async |caller| crate::menus::server::rename(&caller, id, version, title_ru, title_en).await).await
}

/// A copy of a menu with new button ids and a free key.
#[server(prefix = "/api", endpoint = "menus/duplicate")]
pub async fn menus_duplicate(id: i64) -> Result<MenuView, ApiError> {
    as_admin(async |caller| crate::menus::server::duplicate(&caller, id).await).await
}

/// Deletes a menu. When buttons open it, it is refused with those buttons
/// (`Conflict::MenuInUse`) unless `confirm`; confirmed, they are left pointing nowhere (the bot
/// answers them politely with the main menu). The main menu can't be deleted.
#[server(prefix = "/api", endpoint = "menus/delete")]
pub async fn menus_delete(id: i64, confirm: bool) -> Result<(), ApiError> {
    as_admin(async |caller| crate::menus::server::delete(&caller, id, confirm).await).await
}

/// A menu's versions, newest first.
#[server(prefix = "/api", endpoint = "menus/history")]
pub async fn menus_history(id: i64) -> Result<Vec<MenuVersionView>, ApiError> {
    as_admin(async |caller| crate::menus::server::history(&caller, id).await).await
}

/// Makes an earlier version current again (as a new version).
#[server(prefix = "/api", endpoint = "menus/revert")]
pub async fn menus_revert(id: i64, version: i32) -> Result<MenuView, ApiError> {
    as_admin(async |caller| crate::menus::server::revert(&caller, id, version).await).await
}
