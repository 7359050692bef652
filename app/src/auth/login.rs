//! One login attempt: throttle check and bookkeeping by [`bot::login`], the password checked here.

use bot::login::Keys;
use bot::staff::Account;
use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::auth::server::verify_credentials;
use crate::error::ApiError;

/// Returns the user on success. Failures are counted per username and per address; a throttled
/// caller gets `Throttled` before any password is checked.
pub async fn attempt(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<Account, ApiError> {
    let keys = Keys::new(username, ip);
    let now = Utc::now();
    if let Some(retry_after_secs) = bot::login::throttled(db, &keys, now).await? {
        return Err(ApiError::Throttled { retry_after_secs });
    }
    match verify_credentials(db, &keys.user, password).await? {
        Some(user) if user.is_active => Ok(bot::login::succeeded(db, &keys, user, now, ip).await?),
        Some(_) => Err(ApiError::AccountDisabled),
        None => {
            bot::login::failed(db, &keys, now, ip).await?;
            Err(ApiError::InvalidCredentials)
        }
    }
}

/// Forget failures older than the window (run periodically).
pub async fn prune_failures(db: &DatabaseConnection) -> Result<u64, ApiError> {
    Ok(bot::login::prune(db).await?)
}
