//! Server functions of the FAQ workbench. Every one checks the caller on the server: staff may
//! read the FAQ and try the matcher (operators answer customers with it); only admins change it.
//! Those taking an entry's content use JSON bodies (`FaqDraft` has lists and tagged buttons).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::auth::server::{as_admin, as_staff};
use crate::error::ApiError;
use crate::faq::model::{
    FaqDraft, FaqEntryView, FaqHealthView, FaqListQuery, FaqPage, FaqVersionView, ImportOutcome, MenuOption,
    SimilarPhrasing, TryResult, UnansweredView,
};

/// One page of the list (search, filters, order).
#[server(prefix = "/api", endpoint = "faq/list", input = Json)]
pub async fn faq_list(query: FaqListQuery) -> Result<FaqPage, ApiError> {
    as_staff(async |caller| crate::faq::server::list(&caller, query).await).await
}

/// An entry as the editor opens it.
#[server(prefix = "/api", endpoint = "faq/entry")]
pub async fn faq_entry(id: i64) -> Result<FaqEntryView, ApiError> {
    as_staff(async |caller| crate::faq::server::entry(&caller, id).await).await
}

/// Creates an entry (`id` none) or saves a new version of one, based on `version` (the one the
/// editor loaded: a save based on an older one is refused with a conflict).
#[server(prefix = "/api", endpoint = "faq/save", input = Json)]
pub async fn faq_save(id: Option<i64>, version: i32, draft: FaqDraft) -> Result<FaqEntryView, ApiError> {
    as_admin(async |caller| crate::faq::server::save(&caller, id, version, draft).await).await
}

/// Turns the bot's use of an entry on or off.
#[server(prefix = "/api", endpoint = "faq/enable")]
pub async fn faq_enable(id: i64, enabled: bool) -> Result<FaqEntryView, ApiError> {
    as_admin(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        let e = bot::faq::entries::set_enabled(&caller.state.db, by, id, enabled)
            .await
            .map_err(crate::faq::server::from_faq)?;
        crate::faq::server::entry_view(&caller.state.db, &e).await
    })
    .await
}

/// Archives an entry (`archived`) or brings it back from the archive.
#[server(prefix = "/api", endpoint = "faq/archive")]
pub async fn faq_archive(id: i64, archived: bool) -> Result<FaqEntryView, ApiError> {
    as_admin(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        let e = bot::faq::entries::set_archived(&caller.state.db, by, id, archived)
            .await
            .map_err(crate::faq::server::from_faq)?;
        crate::faq::server::entry_view(&caller.state.db, &e).await
    })
    .await
}

/// Deletes an archived entry for good.
#[server(prefix = "/api", endpoint = "faq/delete")]
pub async fn faq_delete(id: i64) -> Result<(), ApiError> {
    as_admin(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        bot::faq::entries::delete(&caller.state.db, by, id).await.map_err(crate::faq::server::from_faq)
    })
    .await
}

/// An entry's versions, newest first.
#[server(prefix = "/api", endpoint = "faq/history")]
pub async fn faq_history(id: i64) -> Result<Vec<FaqVersionView>, ApiError> {
    as_staff(async |caller| crate::faq::server::history(&caller, id).await).await
}

/// Makes an earlier version current again (as a new version).
#[server(prefix = "/api", endpoint = "faq/revert")]
pub async fn faq_revert(id: i64, version: i32) -> Result<FaqEntryView, ApiError> {
    as_admin(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        let e =
            bot::faq::entries::revert(&caller.state.db, by, id, version).await.map_err(crate::faq::server::from_faq)?;
        crate::faq::server::entry_view(&caller.state.db, &e).await
    })
    .await
}

/// What the bot would do with `text` ("Try it"); with `draft`, as if entry `editing` (none: a new
/// entry) had that unsaved content. Nothing is sent anywhere.
#[server(prefix = "/api", endpoint = "faq/try", input = Json)]
pub async fn faq_try(text: String, editing: Option<i64>, draft: Option<FaqDraft>) -> Result<TryResult, ApiError> {
    as_staff(async |caller| crate::faq::server::try_it(&caller, text, editing, draft).await).await
}

/// The menus an answer's button can open.
#[server(prefix = "/api", endpoint = "faq/menus")]
pub async fn faq_menus() -> Result<Vec<MenuOption>, ApiError> {
    as_admin(async |caller| {
        Ok(bot::engine::menus::MenuTree::load(&caller.state.db)
            .await?
            .all()
            .map(|m| MenuOption { id: m.id, title: m.title_ru.clone() })
            .collect())
    })
    .await
}

/// Checks a CSV file (`apply` false: what importing it would do) or imports it.
#[server(prefix = "/api", endpoint = "faq/import", input = Json)]
pub async fn faq_import(csv: String, replace: bool, apply: bool) -> Result<ImportOutcome, ApiError> {
    as_admin(async |caller| crate::faq::server::import(&caller, csv, replace, apply).await).await
}

/// The unanswered queue: open questions, the most customers first.
#[server(prefix = "/api", endpoint = "faq/unanswered")]
pub async fn faq_unanswered() -> Result<Vec<UnansweredView>, ApiError> {
    as_staff(async |caller| crate::faq::server::unanswered(&caller).await).await
}

/// Adds an unanswered question to entry `faq_id` as a variant (the bot answers it from now on).
#[server(prefix = "/api", endpoint = "faq/unanswered/variant")]
pub async fn faq_unanswered_variant(id: i64, faq_id: i64) -> Result<(), ApiError> {
    as_admin(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        bot::faq::unanswered::add_as_variant(&caller.state.db, by, id, faq_id)
            .await
            .map(drop)
            .map_err(crate::faq::server::from_faq)
    })
    .await
}

/// Closes an unanswered question as answered by the new entry `faq_id` (saved from the editor,
/// prefilled with it).
#[server(prefix = "/api", endpoint = "faq/unanswered/answered")]
pub async fn faq_unanswered_answered(id: i64, faq_id: i64) -> Result<(), ApiError> {
    as_admin(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        bot::faq::unanswered::answered_by_new_entry(&caller.state.db, by, id, faq_id)
            .await
            .map_err(crate::faq::server::from_faq)
    })
    .await
}

/// Dismisses an unanswered question (not worth an entry).
#[server(prefix = "/api", endpoint = "faq/unanswered/dismiss")]
pub async fn faq_unanswered_dismiss(id: i64) -> Result<(), ApiError> {
    as_admin(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        bot::faq::unanswered::dismiss(&caller.state.db, by, id).await.map_err(crate::faq::server::from_faq)
    })
    .await
}

/// An operator flags their reply `message_id` in conversation `id` as worth an FAQ entry.
#[server(prefix = "/api", endpoint = "faq/flag")]
pub async fn faq_flag(id: i64, message_id: i64) -> Result<(), ApiError> {
    as_staff(async |caller| {
        let (actor, ip) = crate::faq::server::by(&caller);
        let by = bot::faq::By { actor: &actor, ip: ip.as_deref() };
        bot::faq::unanswered::flag(&caller.state.db, by, id, message_id).await.map_err(crate::faq::server::from_faq)
    })
    .await
}

/// The phrasings of a draft (entry `id`, none: a new one) that another entry already has or
/// would win: the editor flags them.
#[server(prefix = "/api", endpoint = "faq/check", input = Json)]
pub async fn faq_check(id: Option<i64>, draft: FaqDraft) -> Result<Vec<SimilarPhrasing>, ApiError> {
    as_admin(async |caller| crate::faq::server::check(&caller, id, draft).await).await
}

/// The FAQ checked against itself: conflicts between entries and entries no phrasing of their
/// own gets answered.
#[server(prefix = "/api", endpoint = "faq/health")]
pub async fn faq_health() -> Result<FaqHealthView, ApiError> {
    as_staff(async |caller| crate::faq::server::health(&caller).await).await
}
