//! My account's server functions: the display name and Telegram notifications. Each acts on the
//! caller's own account only (no id is taken).

use leptos::prelude::*;

use crate::account::model::{LinkCode, TelegramView};
#[cfg(feature = "ssr")]
use crate::auth::server::as_staff;
use crate::error::ApiError;
use crate::model::CurrentUser;

/// Sets the caller's own display name (trimmed, 1–64 characters); audited.
#[server(prefix = "/api", endpoint = "account/display-name")]
pub async fn set_display_name(display_name: String) -> Result<CurrentUser, ApiError> {
    use crate::auth::server::current_user_view;
    as_staff(async |caller| {
        let name = crate::users::validate::display_name(&display_name)?;
        let updated = bot::staff::set_own_display_name(&caller.state.db, caller.user.id, &name, caller.ip.as_deref())
            .await
            .map_err(crate::users::service::from_staff)?;
        Ok(current_user_view(&updated))
    })
    .await
}

/// The caller's Telegram link and notification choices.
#[server(prefix = "/api", endpoint = "account/telegram")]
pub async fn telegram_status() -> Result<TelegramView, ApiError> {
    as_staff(async |caller| crate::account::server::view(&caller).await).await
}

/// A new one-time code for linking Telegram (replaces a pending one), shown once.
#[server(prefix = "/api", endpoint = "account/telegram/code")]
pub async fn telegram_code() -> Result<LinkCode, ApiError> {
    as_staff(async |caller| crate::account::server::code(&caller).await).await
}

/// Unlinks the caller's Telegram account; audited.
#[server(prefix = "/api", endpoint = "account/telegram/unlink")]
pub async fn telegram_unlink() -> Result<(), ApiError> {
    as_staff(async |caller| {
        bot::staff_notify::unlink(&caller.state.db, &caller.actor(), caller.user.id, caller.ip.as_deref()).await?;
        Ok(())
    })
    .await
}

/// Saves the caller's notification choices (`wait_minutes` 1–1440); 404 when not linked.
#[server(prefix = "/api", endpoint = "account/telegram/prefs")]
pub async fn telegram_prefs(notify_waiting: bool, wait_minutes: i32, notify_assigned: bool) -> Result<(), ApiError> {
    as_staff(async |caller| {
        if !(bot::staff_notify::WAIT_MINUTES_MIN..=bot::staff_notify::WAIT_MINUTES_MAX).contains(&wait_minutes) {
            return Err(ApiError::Invalid(crate::error::Problem::WaitMinutesInvalid));
        }
        let prefs = bot::staff_notify::Prefs { notify_waiting, wait_minutes, notify_assigned };
        if bot::staff_notify::set_prefs(&caller.state.db, caller.user.id, prefs).await? {
            Ok(())
        } else {
            Err(ApiError::NotFound)
        }
    })
    .await
}
