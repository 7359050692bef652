//! Sign-in, sign-out, the current user, and the user's own settings.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::{as_staff, as_visitor};
use crate::error::ApiError;
use crate::model::CurrentUser;

/// Name of the cookie that carries the interface language (read when rendering `<html lang>`).
pub const LANG_COOKIE: &str = "lang";

/// The signed-in user, or `None`. Never an error for anonymous callers: the UI uses it to decide
/// whether to show the login page.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn me() -> Result<Option<CurrentUser>, ApiError> {
    use crate::auth::server::current_user_view;
    as_visitor(async |auth| Ok(auth.user.as_ref().map(|u| current_user_view(&u.0)))).await
}

#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(username: String, password: String) -> Result<CurrentUser, ApiError> {
    use crate::auth::server::{StaffUser, client_ip, current_user_view};
    use crate::state::app_state;
    as_visitor(async |mut auth| {
        // Nothing typed is no attempt: refused naming the field, not counted towards the lockout.
        crate::auth::filled_in(&username, &password)?;
        let state = app_state();
        let ip = client_ip().await;
        let user = crate::auth::login::attempt(&state.db, &username, &password, ip.as_deref()).await?;
        auth.login(&StaffUser(user.clone())).await.map_err(|e| {
            tracing::error!(error = %e, "could not store the session");
            ApiError::Internal
        })?;
        if let Some(lang) = user.language.as_deref() {
            set_lang_cookie(lang, state.secure_cookies);
        }
        Ok(current_user_view(&user))
    })
    .await
}

#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), ApiError> {
    use crate::auth::server::client_ip;
    as_visitor(async |mut auth| {
        let ip = client_ip().await;
        if let Some(user) = auth.logout().await.map_err(|_| ApiError::Internal)? {
            let actor = bot::action_log::Actor::staff(user.0.id, &user.0.username);
            bot::login::signed_out(&crate::state::app_state().db, &actor, ip.as_deref()).await?;
        }
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), ApiError> {
    use crate::auth::server::StaffUser;
    as_staff(async |mut caller| {
        let updated = crate::users::service::change_own_password(
            &caller.state.db,
            &caller.user,
            &current_password,
            &new_password,
            &confirm_password,
            caller.ip.as_deref(),
        )
        .await?;
        // Every stored session of this user was ended; this one continues under a new id.
        caller.auth.login(&StaffUser(updated)).await.map_err(|_| ApiError::Internal)?;
        Ok(())
    })
    .await
}

/// Sets the caller's interface language (`""` = follow the browser).
#[server(prefix = "/api", endpoint = "account/language")]
pub async fn set_language(language: String) -> Result<(), ApiError> {
    as_staff(async |caller| {
        let lang = crate::users::validate::language(&language)?;
        let code = lang.map(|l| l.code());
        bot::staff::set_language(&caller.state.db, &caller.actor(), caller.user.id, code, caller.ip.as_deref()).await?;
        match lang {
            Some(l) => set_lang_cookie(l.code(), caller.state.secure_cookies),
            None => clear_lang_cookie(),
        }
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
fn set_lang_cookie(lang: &str, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax{secure}");
    append_set_cookie(&cookie);
}

#[cfg(feature = "ssr")]
fn clear_lang_cookie() {
    append_set_cookie(&format!("{LANG_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax"));
}

#[cfg(feature = "ssr")]
fn append_set_cookie(cookie: &str) {
    if let (Some(opts), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(cookie))
    {
        opts.append_header(http::header::SET_COOKIE, value);
    }
}
