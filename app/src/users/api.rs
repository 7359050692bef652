//! Server functions of the Users page (admins only) — every one checks the caller's role here,
//! on the server.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::error::ApiError;
use crate::model::{IssuedPassword, Role, StaffRow};

#[server(prefix = "/api", endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<StaffRow>, ApiError> {
    as_admin(async |caller| crate::users::service::list(&caller.state.db).await).await
}

/// Creates a staff account. An empty `password` makes the server generate one, returned once.
#[server(prefix = "/api", endpoint = "users/create")]
pub async fn create_user(
    username: String,
    display_name: String,
    role: Role,
    password: String,
) -> Result<(StaffRow, Option<IssuedPassword>), ApiError> {
    use crate::users::service::{self, NewStaff};
    as_admin(async |caller| {
        let input = NewStaff { username, display_name, role, password: Some(password) };
        let (user, generated) = service::create(
            &caller.state.db,
            &caller.actor(),
            types::LogAction::UserCreate,
            input,
            caller.ip.as_deref(),
        )
        .await?;
        let issued =
            generated.map(|password| IssuedPassword { user_id: user.id, username: user.username.clone(), password });
        Ok((service::row(&user), issued))
    })
    .await
}

#[server(prefix = "/api", endpoint = "users/update")]
pub async fn update_user(id: i64, display_name: String, role: Role) -> Result<StaffRow, ApiError> {
    as_admin(async |caller| {
        let user = crate::users::service::update(
            &caller.state.db,
            &caller.actor(),
            id,
            &display_name,
            role,
            caller.ip.as_deref(),
        )
        .await?;
        Ok(crate::users::service::row(&user))
    })
    .await
}

#[server(prefix = "/api", endpoint = "users/set_active")]
pub async fn set_user_active(id: i64, active: bool) -> Result<StaffRow, ApiError> {
    as_admin(async |caller| {
        let user =
            crate::users::service::set_active(&caller.state.db, &caller.actor(), id, active, caller.ip.as_deref())
                .await?;
        Ok(crate::users::service::row(&user))
    })
    .await
}

#[server(prefix = "/api", endpoint = "users/reset_password")]
pub async fn reset_user_password(id: i64) -> Result<IssuedPassword, ApiError> {
    as_admin(async |caller| {
        crate::users::service::reset_password(&caller.state.db, &caller.actor(), id, caller.ip.as_deref()).await
    })
    .await
}
