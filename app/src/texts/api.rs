//! Server functions of Bot → Texts & settings. Admins only (`as_admin`: 401 signed out, 403 for
//! operators).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::error::ApiError;
use crate::texts::model::{BotSettings, ScoreSamples, SettingsView, TextView};

/// Every text the bot sends, in both languages, with defaults and the admin's changes.
#[server(prefix = "/api", endpoint = "texts/list")]
pub async fn texts_list() -> Result<Vec<TextView>, ApiError> {
    as_admin(async |caller| crate::texts::server::list(&caller).await).await
}

/// Sets text `key` in `lang` (`ru`, `en`); empty (or the default) goes back to the default.
#[server(prefix = "/api", endpoint = "texts/save")]
pub async fn texts_save(key: String, lang: String, value: String) -> Result<TextView, ApiError> {
    as_admin(async |caller| crate::texts::server::save(&caller, &key, &lang, &value).await).await
}

/// The settings in force (and stored values that break their rules).
#[server(prefix = "/api", endpoint = "settings/get")]
pub async fn settings_get() -> Result<SettingsView, ApiError> {
    as_admin(async |caller| crate::texts::server::settings(&caller).await).await
}

/// Saves every setting at once (refused with each broken rule named).
#[server(prefix = "/api", endpoint = "settings/save", input = Json)]
pub async fn settings_save(settings: BotSettings) -> Result<SettingsView, ApiError> {
    as_admin(async |caller| crate::texts::server::save_settings(&caller, settings).await).await
}

/// The last 30 days of customer messages scored against the live FAQ, for "what these thresholds
/// would have done".
#[server(prefix = "/api", endpoint = "settings/impact")]
pub async fn settings_impact() -> Result<ScoreSamples, ApiError> {
    as_admin(async |caller| crate::texts::server::impact(&caller).await).await
}
