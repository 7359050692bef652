//! Bot → Texts & settings, the server side: maps `bot::texts` and `bot::settings` to view models
//! and `ApiError`s. No queries here — they are in `bot`.

use bot::engine::lang::Lang;
use bot::engine::texts::Key;
use bot::faq::By;
use bot::settings::SettingsError;
use bot::texts::{TextError, TextRow};
use chrono::{DateTime, Utc};

use crate::auth::server::Caller;
use crate::error::ApiError;
use crate::texts::model::*;

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn value(r: &TextRow) -> TextValue {
    TextValue { default: r.default.to_string(), custom: r.custom.clone(), updated_at: r.updated_at.map(time) }
}

fn views(rows: &[TextRow]) -> Vec<TextView> {
    Key::ALL
        .into_iter()
        .filter_map(|key| {
            let of = |lang: Lang| rows.iter().find(|r| r.key == key && r.lang == lang).map(value);
            Some(TextView {
                key: key.name().to_string(),
                placeholders: key.placeholders().iter().map(|p| p.to_string()).collect(),
                max_len: key.max_len(),
                is_button: key.is_button(),
                ru: of(Lang::Ru)?,
                en: of(Lang::En)?,
            })
        })
        .collect()
}

pub async fn list(caller: &Caller) -> Result<Vec<TextView>, ApiError> {
    Ok(views(&bot::texts::list(&caller.state.db).await?))
}

pub async fn save(caller: &Caller, key: &str, lang: &str, value: &str) -> Result<TextView, ApiError> {
    let key = Key::from_name(key).ok_or(ApiError::NotFound)?;
    let lang = match lang {
        "ru" => Lang::Ru,
        "en" => Lang::En,
        _ => return Err(ApiError::NotFound),
    };
    let db = &caller.state.db;
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    bot::texts::save(db, By { actor: &actor, ip: ip.as_deref() }, key, lang, value).await.map_err(|e| match e {
        TextError::NotFound => ApiError::NotFound,
        TextError::Invalid(p) => ApiError::TextInvalid(p),
        TextError::Db(e) => e.into(),
    })?;
    views(&bot::texts::list(db).await?).into_iter().find(|v| v.key == key.name()).ok_or(ApiError::NotFound)
}

pub async fn settings(caller: &Caller) -> Result<SettingsView, ApiError> {
    let (settings, stored_errors) = bot::settings::load(&caller.state.db).await?;
    Ok(SettingsView { settings, stored_errors, now_unix: Utc::now().timestamp() })
}

pub async fn save_settings(caller: &Caller, new: BotSettings) -> Result<SettingsView, ApiError> {
    let (actor, ip) = (caller.actor(), caller.ip.clone());
    bot::settings::save(&caller.state.db, By { actor: &actor, ip: ip.as_deref() }, new).await.map_err(|e| match e {
        SettingsError::Invalid(list) => ApiError::SettingsInvalid(list),
        SettingsError::Db(e) => e.into(),
    })?;
    settings(caller).await
}

pub async fn impact(caller: &Caller) -> Result<ScoreSamples, ApiError> {
    Ok(bot::faq::impact::samples(&caller.state.db, caller.state.engine.faq(), Utc::now()).await?)
}
