//! Staff account operations, shared by the server functions, the `create-user` command and the
//! first-run set-up. Each change and its audit-log row commit in one transaction.

use bot::action_log::{self, Action, Actor};
use chrono::Utc;
use entity::{sessions, staff_users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use serde_json::json;
use types::{LogAction, TargetKind};

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

/// Creates an account. Returns the model and the generated password, if one was generated.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    action: LogAction,
    input: NewStaff,
    ip: Option<&str>,
) -> Result<(staff_users::Model, Option<String>), ApiError> {
    let username = validate::username(&input.username)?;
    let display_name = validate::display_name(&input.display_name)?;
    let (password, generated) = match input.password.filter(|p| !p.is_empty()) {
        Some(p) => {
            validate::new_password(&p)?;
            (p, false)
        }
        None => (generate_password(), true),
    };
    let hash = hash_password(password.clone()).await?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let inserted = staff_users::ActiveModel {
        username: Set(username.clone()),
        display_name: Set(display_name),
        password_hash: Set(hash),
        role: Set(input.role),
        is_active: Set(true),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        password_changed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let user = match inserted {
        Ok(u) => u,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(Problem::UsernameTaken.into());
        }
        Err(e) => return Err(e.into()),
    };
    action_log::record(
        &txn,
        Action::new(actor, action)
            .target(TargetKind::StaffUser, user.id)
            .details(json!({ "username": user.username, "role": input.role.as_str(), "password_generated": generated }))
            .ip(ip),
    )
    .await?;
    txn.commit().await?;
    Ok((user, generated.then_some(password)))
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<StaffRow>, ApiError> {
    let users = staff_users::Entity::find()
        .order_by_desc(staff_users::Column::IsActive)
        .order_by_asc(staff_users::Column::Username)
        .all(db)
        .await?;
    Ok(users.iter().map(row).collect())
}

pub fn row(u: &staff_users::Model) -> StaffRow {
    StaffRow {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        is_active: u.is_active,
        created_at: u.created_at.to_rfc3339(),
        last_login_at: u.last_login_at.map(|t| t.to_rfc3339()),
    }
}

/// Active admins other than `except`, locked for the rest of the transaction (PostgreSQL), so two
/// admins demoting each other at the same moment cannot leave the system with none.
async fn other_active_admins<C: ConnectionTrait>(txn: &C, except: i64) -> Result<usize, ApiError> {
    let admins = staff_users::Entity::find()
        .filter(staff_users::Column::Role.eq(Role::Admin))
        .filter(staff_users::Column::IsActive.eq(true))
        .lock_exclusive()
        .all(txn)
        .await?;
    Ok(admins.iter().filter(|u| u.id != except).count())
}

async fn find<C: ConnectionTrait>(txn: &C, id: i64) -> Result<staff_users::Model, ApiError> {
    staff_users::Entity::find_by_id(id).one(txn).await?.ok_or(ApiError::NotFound)
}

/// Edits name and role. Demoting the last active admin is refused.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    display_name: &str,
    role: Role,
    ip: Option<&str>,
) -> Result<staff_users::Model, ApiError> {
    let display_name = validate::display_name(display_name)?;
    let txn = db.begin().await?;
    let others = other_active_admins(&txn, id).await?;
    let user = find(&txn, id).await?;
    let demoting = user.role == Role::Admin && role == Role::Operator;
    if demoting && user.is_active && others == 0 {
        return Err(Problem::LastAdmin.into());
    }
    let before = json!({ "display_name": user.display_name, "role": user.role.as_str() });
    let mut am: staff_users::ActiveModel = user.into();
    am.display_name = Set(display_name.clone());
    am.role = Set(role);
    am.updated_at = Set(Utc::now());
    let user = am.update(&txn).await?;
    action_log::record(
        &txn,
        Action::new(actor, LogAction::UserUpdate)
            .target(TargetKind::StaffUser, id)
            .details(json!({ "username": user.username, "before": before, "after": { "display_name": display_name, "role": role.as_str() } }))
            .ip(ip),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Deactivates (ending all the user's sessions) or reactivates an account.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: &Actor,
    actor_id: i64,
    id: i64,
    active: bool,
    ip: Option<&str>,
) -> Result<staff_users::Model, ApiError> {
    if !active && id == actor_id {
        return Err(Problem::OwnAccount.into());
    }
    let txn = db.begin().await?;
    let others = other_active_admins(&txn, id).await?;
    let user = find(&txn, id).await?;
    if !active && user.role == Role::Admin && user.is_active && others == 0 {
        return Err(Problem::LastAdmin.into());
    }
    let mut am: staff_users::ActiveModel = user.into();
    am.is_active = Set(active);
    am.updated_at = Set(Utc::now());
    let user = am.update(&txn).await?;
    if !active {
        end_sessions(&txn, id).await?;
    }
    action_log::record(
        &txn,
        Action::new(actor, if active { LogAction::UserReactivate } else { LogAction::UserDeactivate })
            .target(TargetKind::StaffUser, id)
            .details(json!({ "username": user.username }))
            .ip(ip),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
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
    let txn = db.begin().await?;
    let user = find(&txn, id).await?;
    let username = user.username.clone();
    let now = Utc::now();
    let mut am: staff_users::ActiveModel = user.into();
    am.password_hash = Set(hash);
    am.password_changed_at = Set(now);
    am.updated_at = Set(now);
    am.update(&txn).await?;
    end_sessions(&txn, id).await?;
    action_log::record(
        &txn,
        Action::new(actor, LogAction::UserResetPassword)
            .target(TargetKind::StaffUser, id)
            .details(json!({ "username": username }))
            .ip(ip),
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedPassword { user_id: id, username, password })
}

/// Changes the caller's own password after checking the current one. All of the user's stored
/// sessions are ended; the caller re-establishes their own with a fresh login.
pub async fn change_own_password(
    db: &DatabaseConnection,
    user: &staff_users::Model,
    current: &str,
    new: &str,
    confirm: &str,
    ip: Option<&str>,
) -> Result<staff_users::Model, ApiError> {
    validate::new_password(new)?;
    if new != confirm {
        return Err(Problem::PasswordsDiffer.into());
    }
    if !verify_password(current.to_string(), user.password_hash.clone()).await? {
        return Err(Problem::CurrentPasswordWrong.into());
    }
    let hash = hash_password(new.to_string()).await?;
    let txn = db.begin().await?;
    let fresh = find(&txn, user.id).await?;
    let now = Utc::now();
    let mut am: staff_users::ActiveModel = fresh.into();
    am.password_hash = Set(hash);
    am.password_changed_at = Set(now);
    am.updated_at = Set(now);
    let updated = am.update(&txn).await?;
    end_sessions(&txn, user.id).await?;
    let actor = Actor::staff(user.id, &user.username);
    action_log::record(
        &txn,
        Action::new(&actor, LogAction::AuthPasswordChanged).target(TargetKind::StaffUser, user.id).ip(ip),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

pub async fn end_sessions<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<u64, ApiError> {
    let res = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(res.rows_affected)
}

/// First run: when no active admin exists, create one with a random password and return
/// `(username, password)` so the caller can print it once. Several processes starting together on
/// one database are safe: the unique username lets exactly one of them create it.
pub async fn ensure_first_admin(db: &DatabaseConnection) -> Result<Option<(String, String)>, ApiError> {
    let admins = staff_users::Entity::find()
        .filter(staff_users::Column::Role.eq(Role::Admin))
        .filter(staff_users::Column::IsActive.eq(true))
        .count(db)
        .await?;
    if admins > 0 {
        return Ok(None);
    }
    // "admin" may exist as a deactivated or demoted account; then pick the next free name.
    let mut username = "admin".to_string();
    for n in 2..100 {
        let taken =
            staff_users::Entity::find().filter(staff_users::Column::Username.eq(&username)).count(db).await? > 0;
        if !taken {
            break;
        }
        username = format!("admin{n}");
    }
    let input = NewStaff {
        username: username.clone(),
        display_name: "Administrator".into(),
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
