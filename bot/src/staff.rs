//! Staff accounts: reads, and every change to an account, each committed in one unit of work
//! together with its audit-log row.
//!
//! Guarantees:
//! - the system never loses its last active admin: demoting or deactivating an admin first locks
//!   every active admin's row (`FOR UPDATE` on PostgreSQL; SQLite's single writer serialises the
//!   transactions), so two admins demoting each other at the same moment leave exactly one winner;
//! - nobody deactivates their own account;
//! - a username is unique (the database's unique index decides a race between two creations);
//! - deactivating an account and setting its password end all of its stored sessions in the same
//!   transaction.
//!
//! Input rules (username, display name, password length) and password hashing belong to the
//! caller: these functions take checked values and an argon2 hash.

use chrono::Utc;
use entity::{sessions, staff_users};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use serde_json::json;
use types::{LogAction, Role, TargetKind};

use crate::action_log::{self, Action, Actor};
use crate::unit::Unit;

/// A staff account as stored (its `Debug` leaves the password hash out).
pub type Account = staff_users::Model;

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("no such account")]
    NotFound,
    #[error("the username is taken")]
    UsernameTaken,
    /// The change would leave no active admin.
    #[error("the last active admin")]
    LastAdmin,
    /// Deactivating one's own account.
    #[error("one's own account")]
    OwnAccount,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A new account's fields, already checked.
#[derive(Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// An argon2 PHC string.
    pub password_hash: String,
    /// Whether the password was generated (recorded in the audit row, never the password).
    pub password_generated: bool,
}

/// Creates an account; `action` names why in the audit log (the admin, the command line, the
/// first start).
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    action: LogAction,
    input: NewAccount,
    ip: Option<&str>,
) -> Result<Account, StaffError> {
    let now = Utc::now();
    let unit = Unit::begin(db).await?;
    let inserted = staff_users::ActiveModel {
        username: Set(input.username),
        display_name: Set(input.display_name),
        password_hash: Set(input.password_hash),
        role: Set(input.role),
        is_active: Set(true),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        password_changed_at: Set(now),
        ..Default::default()
    }
    .insert(unit.txn())
    .await;
    let user = match inserted {
        Ok(u) => u,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(StaffError::UsernameTaken);
        }
        Err(e) => return Err(e.into()),
    };
    unit.writes().action(action_log::row(
        Action::new(actor, action)
            .target(TargetKind::StaffUser, user.id)
            .details(json!({
                "username": user.username,
                "role": input.role.as_str(),
                "password_generated": input.password_generated,
            }))
            .ip(ip),
    ));
    unit.commit().await?;
    Ok(user)
}

/// Every account, active ones first, then by username.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<Account>, DbErr> {
    staff_users::Entity::find()
        .order_by_desc(staff_users::Column::IsActive)
        .order_by_asc(staff_users::Column::Username)
        .all(db)
        .await
}

/// The account with this id, if it is active (a session of anyone else is no longer valid).
pub async fn active(db: &DatabaseConnection, id: i64) -> Result<Option<Account>, DbErr> {
    Ok(staff_users::Entity::find_by_id(id).one(db).await?.filter(|u| u.is_active))
}

/// The account with this username (as given: usernames are stored trimmed and lower-cased),
/// active or not.
pub async fn by_username(db: &DatabaseConnection, username: &str) -> Result<Option<Account>, DbErr> {
    staff_users::Entity::find().filter(staff_users::Column::Username.eq(username)).one(db).await
}

/// Active admins other than `except`, locked for the rest of the transaction (PostgreSQL), so two
/// admins demoting each other at the same moment cannot leave the system with none.
async fn other_active_admins<C: ConnectionTrait>(txn: &C, except: i64) -> Result<usize, DbErr> {
    let admins = staff_users::Entity::find()
        .filter(staff_users::Column::Role.eq(Role::Admin))
        .filter(staff_users::Column::IsActive.eq(true))
        .lock_exclusive()
        .all(txn)
        .await?;
    Ok(admins.iter().filter(|u| u.id != except).count())
}

async fn find<C: ConnectionTrait>(txn: &C, id: i64) -> Result<Account, StaffError> {
    staff_users::Entity::find_by_id(id).one(txn).await?.ok_or(StaffError::NotFound)
}

/// Sets name and role. Demoting the last active admin is refused.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    display_name: String,
    role: Role,
    ip: Option<&str>,
) -> Result<Account, StaffError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    // The admins' rows are locked before the account is read.
    let others = other_active_admins(txn, id).await?;
    let user = find(txn, id).await?;
    let demoting = user.role == Role::Admin && role == Role::Operator;
    if demoting && user.is_active && others == 0 {
        return Err(StaffError::LastAdmin);
    }
    let before = json!({ "display_name": user.display_name, "role": user.role.as_str() });
    let mut am: staff_users::ActiveModel = user.into();
    am.display_name = Set(display_name.clone());
    am.role = Set(role);
    am.updated_at = Set(Utc::now());
    let user = am.update(txn).await?;
    unit.writes().action(action_log::row(
        Action::new(actor, LogAction::UserUpdate)
            .target(TargetKind::StaffUser, id)
            .details(json!({
                "username": user.username,
                "before": before,
                "after": { "display_name": display_name, "role": role.as_str() },
            }))
            .ip(ip),
    ));
    unit.commit().await?;
    Ok(user)
}

/// Deactivates (ending all the account's sessions) or reactivates an account. Nobody deactivates
/// their own, and the last active admin stays active.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    active: bool,
    ip: Option<&str>,
) -> Result<Account, StaffError> {
    if !active && matches!(actor, Actor::Staff { id: own, .. } if *own == id) {
        return Err(StaffError::OwnAccount);
    }
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let others = other_active_admins(txn, id).await?;
    let user = find(txn, id).await?;
    if !active && user.role == Role::Admin && user.is_active && others == 0 {
        return Err(StaffError::LastAdmin);
    }
    let mut am: staff_users::ActiveModel = user.into();
    am.is_active = Set(active);
    am.updated_at = Set(Utc::now());
    let user = am.update(txn).await?;
    if !active {
        end_sessions(txn, id).await?;
    }
    unit.writes().action(action_log::row(
        Action::new(actor, if active { LogAction::UserReactivate } else { LogAction::UserDeactivate })
            .target(TargetKind::StaffUser, id)
            .details(json!({ "username": user.username }))
            .ip(ip),
    ));
    unit.commit().await?;
    Ok(user)
}

/// Sets an account's password hash and ends all its sessions, with the audit row `action` by
/// `actor` (when `None`, the account's own user).
async fn set_password(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    action: LogAction,
    id: i64,
    password_hash: String,
    ip: Option<&str>,
) -> Result<Account, StaffError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let user = find(txn, id).await?;
    let now = Utc::now();
    let mut am: staff_users::ActiveModel = user.into();
    am.password_hash = Set(password_hash);
    am.password_changed_at = Set(now);
    am.updated_at = Set(now);
    let user = am.update(txn).await?;
    end_sessions(txn, id).await?;
    let own = Actor::staff(user.id, &user.username);
    let mut row = Action::new(actor.unwrap_or(&own), action).target(TargetKind::StaffUser, id).ip(ip);
    if actor.is_some() {
        row = row.details(json!({ "username": user.username }));
    }
    unit.writes().action(action_log::row(row));
    unit.commit().await?;
    Ok(user)
}

/// An admin sets a new (generated) password for an account; all its sessions end.
pub async fn reset_password(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    password_hash: String,
    ip: Option<&str>,
) -> Result<Account, StaffError> {
    set_password(db, Some(actor), LogAction::UserResetPassword, id, password_hash, ip).await
}

/// A user changed their own password (the caller has checked the current one). All of the user's
/// stored sessions end; the caller re-establishes their own with a fresh login.
pub async fn change_own_password(
    db: &DatabaseConnection,
    id: i64,
    password_hash: String,
    ip: Option<&str>,
) -> Result<Account, StaffError> {
    set_password(db, None, LogAction::AuthPasswordChanged, id, password_hash, ip).await
}

/// Sets a user's interface language (`None`: follow the browser), recorded as their own action.
pub async fn set_language(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    language: Option<&str>,
    ip: Option<&str>,
) -> Result<(), DbErr> {
    let unit = Unit::begin(db).await?;
    staff_users::Entity::update_many()
        .col_expr(staff_users::Column::Language, Expr::value(language.map(str::to_string)))
        .filter(staff_users::Column::Id.eq(id))
        .exec(unit.txn())
        .await?;
    unit.writes().action(action_log::row(
        Action::new(actor, LogAction::AuthLanguageChanged).details(json!({ "language": language })).ip(ip),
    ));
    unit.commit().await
}

/// A user changes their own display name (checked by the caller), recorded as their own action
/// with the name before and after.
pub async fn set_own_display_name(
    db: &DatabaseConnection,
    id: i64,
    display_name: &str,
    ip: Option<&str>,
) -> Result<Account, StaffError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let user = find(txn, id).await?;
    let before = user.display_name.clone();
    if before == display_name {
        return Ok(user);
    }
    let mut am: staff_users::ActiveModel = user.into();
    am.display_name = Set(display_name.to_string());
    am.updated_at = Set(Utc::now());
    let user = am.update(txn).await?;
    let own = Actor::staff(user.id, &user.username);
    unit.writes().action(action_log::row(
        Action::new(&own, LogAction::AuthDisplayNameChanged)
            .target(TargetKind::StaffUser, id)
            .details(json!({ "before": before, "after": display_name }))
            .ip(ip),
    ));
    unit.commit().await?;
    Ok(user)
}

/// Ends every stored session of a user; returns how many.
pub async fn end_sessions<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<u64, DbErr> {
    let res = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(res.rows_affected)
}

/// First start: the username for a first admin when no active admin exists (`"admin"`, or the
/// next free `"adminN"` when that name belongs to a deactivated or demoted account), `None` when
/// one exists. Create it with [`create`]; when several processes start together, the unique
/// username lets exactly one of them create it (the others get [`StaffError::UsernameTaken`]).
pub async fn first_admin_name(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    let admins = staff_users::Entity::find()
        .filter(staff_users::Column::Role.eq(Role::Admin))
        .filter(staff_users::Column::IsActive.eq(true))
        .count(db)
        .await?;
    if admins > 0 {
        return Ok(None);
    }
    let mut username = "admin".to_string();
    for n in 2..100 {
        let taken =
            staff_users::Entity::find().filter(staff_users::Column::Username.eq(&username)).count(db).await? > 0;
        if !taken {
            break;
        }
        username = format!("admin{n}");
    }
    Ok(Some(username))
}
