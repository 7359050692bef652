//! Staff accounts as the web admin, the `create-user` command and the first start use them: input
//! checked by [`crate::users::validate`], passwords generated and hashed here, then the change
//! itself — with its audit row, and the last-admin protection — done by [`bot::staff`]. Its
//! errors become the API's.

use bot::action_log::Actor;
use bot::staff::{self, Account, NewAccount, StaffError};
use sea_orm::DatabaseConnection;
use types::LogAction;

use crate::auth::server::{generate_password, hash_password, verify_password};
use crate::error::{ApiError, Problem};
use crate::model::{IssuedPassword, Role, StaffRow};
use crate::users::validate;

pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// `None` (or empty): generate one and return it.
    pub password: Option<String>,
}

/// The API's answer to a refused account change.
pub fn from_staff(e: StaffError) -> ApiError {
    match e {
        StaffError::NotFound => ApiError::NotFound,
        StaffError::UsernameTaken => Problem::UsernameTaken.into(),
        StaffError::LastAdmin => Problem::LastAdmin.into(),
        StaffError::OwnAccount => Problem::OwnAccount.into(),
        StaffError::Db(e) => e.into(),
    }
}

/// Creates an account. Returns it and the generated password, if one was generated.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    action: LogAction,
    input: NewStaff,
    ip: Option<&str>,
) -> Result<(Account, Option<String>), ApiError> {
    let username = validate::username(&input.username)?;
    let display_name = validate::display_name(&input.display_name)?;
    let (password, generated) = match input.password.filter(|p| !p.is_empty()) {
        Some(p) => {
            validate::new_password(&p)?;
            (p, false)
        }
        None => (generate_password(), true),
    };
    let password_hash = hash_password(password.clone()).await?;
    let account = NewAccount { username, display_name, role: input.role, password_hash, password_generated: generated };
    let user = staff::create(db, actor, action, account, ip).await.map_err(from_staff)?;
    Ok((user, generated.then_some(password)))
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<StaffRow>, ApiError> {
    let linked = bot::staff_notify::linked_staff(db).await?;
    Ok(staff::list(db).await?.iter().map(|u| StaffRow { telegram_linked: linked.contains(&u.id), ..row(u) }).collect())
}

pub fn row(u: &Account) -> StaffRow {
    StaffRow {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        is_active: u.is_active,
        created_at: u.created_at.to_rfc3339(),
        last_login_at: u.last_login_at.map(|t| t.to_rfc3339()),
        telegram_linked: false,
    }
}

/// Edits name and role. Demoting the last active admin is refused.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    display_name: &str,
    role: Role,
    ip: Option<&str>,
) -> Result<Account, ApiError> {
    let display_name = validate::display_name(display_name)?;
    staff::update(db, actor, id, display_name, role, ip).await.map_err(from_staff)
}

/// Deactivates (ending all the user's sessions) or reactivates an account; `actor` may not
/// deactivate their own.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    active: bool,
    ip: Option<&str>,
) -> Result<Account, ApiError> {
    staff::set_active(db, actor, id, active, ip).await.map_err(from_staff)
}

/// Sets a new generated password and ends all the user's sessions.
pub async fn reset_password(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    ip: Option<&str>,
) -> Result<IssuedPassword, ApiError> {
    let password = generate_password();
    let hash = hash_password(password.clone()).await?;
    let user = staff::reset_password(db, actor, id, hash, ip).await.map_err(from_staff)?;
    Ok(IssuedPassword { user_id: id, username: user.username, password })
}

/// Changes the caller's own password after checking the current one. All of the user's stored
/// sessions are ended; the caller re-establishes their own with a fresh login.
pub async fn change_own_password(
    db: &DatabaseConnection,
    user: &Account,
    current: &str,
    new: &str,
    confirm: &str,
    ip: Option<&str>,
) -> Result<Account, ApiError> {
    validate::new_password(new)?;
    if new != confirm {
        return Err(Problem::PasswordsDiffer.into());
    }
    if !verify_password(current.to_string(), user.password_hash.clone()).await? {
        return Err(Problem::CurrentPasswordWrong.into());
    }
    let hash = hash_password(new.to_string()).await?;
    staff::change_own_password(db, user.id, hash, ip).await.map_err(from_staff)
}

/// First run: when no active admin exists, create one with a random password and return
/// `(username, password)` so the caller can print it once. Several processes starting together on
/// one database are safe: the unique username lets exactly one of them create it.
pub async fn ensure_first_admin(db: &DatabaseConnection) -> Result<Option<(String, String)>, ApiError> {
    let Some(username) = staff::first_admin_name(db).await? else {
        return Ok(None);
    };
    let input = NewStaff {
        username: username.clone(),
        // The login name, in no language (an English "Administrator" read oddly in a Russian
        // UI); the admin renames themselves under My account.
        display_name: username.clone(),
        role: Role::Admin,
        password: None,
    };
    match create(db, &Actor::System, LogAction::SystemFirstAdmin, input, None).await {
        Ok((_, Some(password))) => Ok(Some((username, password))),
        Ok((_, None)) => Ok(None),
        // Another process created it first.
        Err(ApiError::Invalid(Problem::UsernameTaken)) => Ok(None),
        Err(e) => Err(e),
    }
}
