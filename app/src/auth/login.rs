//! One login attempt: throttle check, credential check, bookkeeping.

use bot::action_log::{self, Action, Actor};
use chrono::Utc;
use entity::{login_failures, staff_users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use types::LogAction;

use crate::auth::server::verify_credentials;
use crate::auth::throttle::Policy;
use crate::error::ApiError;

const SCOPE_USER: &str = "user";
const SCOPE_IP: &str = "ip";

/// Returns the user on success. Failures are counted per username and per address; a throttled
/// caller gets `Throttled` before any password is checked.
pub async fn attempt(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<staff_users::Model, ApiError> {
    let policy = Policy::default();
    // Keys are bounded so junk input can't bloat the table.
    let user_key: String = username.trim().to_lowercase().chars().take(64).collect();
    let ip_key = ip.unwrap_or("unknown").to_string();
    let now = Utc::now();

    let by_user = recent(db, SCOPE_USER, &user_key, policy.per_username, now - policy.window).await?;
    let by_ip = recent(db, SCOPE_IP, &ip_key, policy.per_address, now - policy.window).await?;
    if let Err(retry_after_secs) = policy.check(now, &by_user, &by_ip) {
        return Err(ApiError::Throttled { retry_after_secs });
    }

    match verify_credentials(db, &user_key, password).await? {
        Some(user) if user.is_active => {
            login_failures::Entity::delete_many()
                .filter(login_failures::Column::Scope.eq(SCOPE_USER))
                .filter(login_failures::Column::Key.eq(&user_key))
                .exec(db)
                .await?;
            let mut am: staff_users::ActiveModel = user.clone().into();
            am.last_login_at = Set(Some(now));
            let user = am.update(db).await?;
            let actor = Actor::staff(user.id, &user.username);
            action_log::record(db, Action::new(&actor, LogAction::AuthLogin).ip(ip)).await?;
            Ok(user)
        }
        Some(_) => Err(ApiError::AccountDisabled),
        None => {
            for (scope, key) in [(SCOPE_USER, &user_key), (SCOPE_IP, &ip_key)] {
                login_failures::ActiveModel {
                    scope: Set(scope.into()),
                    key: Set(key.clone()),
                    at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
            action_log::record(
                db,
                Action::new(&Actor::System, LogAction::AuthLoginFailed).details(json!({ "username": user_key })).ip(ip),
            )
            .await?;
            Err(ApiError::InvalidCredentials)
        }
    }
}

async fn recent(
    db: &DatabaseConnection,
    scope: &str,
    key: &str,
    limit: usize,
    since: chrono::DateTime<Utc>,
) -> Result<Vec<chrono::DateTime<Utc>>, ApiError> {
    let rows = login_failures::Entity::find()
        .filter(login_failures::Column::Scope.eq(scope))
        .filter(login_failures::Column::Key.eq(key))
        .filter(login_failures::Column::At.gt(since))
        .order_by_desc(login_failures::Column::At)
        .limit(limit as u64)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.at).collect())
}

/// Forget failures older than the window (run periodically).
pub async fn prune_failures(db: &DatabaseConnection) -> Result<u64, ApiError> {
    let cutoff = Utc::now() - Policy::default().window;
    let res = login_failures::Entity::delete_many().filter(login_failures::Column::At.lt(cutoff)).exec(db).await?;
    Ok(res.rows_affected)
}
