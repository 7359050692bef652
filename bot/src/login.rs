//! Sign-in bookkeeping: the login throttle (its rule, [`Policy`], and its storage, the
//! `login_failures` table shared by every server process), and the audit rows of signing in and out.
//!
//! Failed attempts are counted per username and per client address over a sliding window. Once
//! either count reaches its limit, further attempts are refused until enough failures age out. A
//! success forgets the username's failures (not the address's). Each outcome and its audit row
//! commit together. Checking the password itself is the caller's (the web admin hashes with
//! argon2).

use chrono::{DateTime, Duration, Utc};
use entity::{login_failures, staff_users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use types::LogAction;

use crate::action_log::{self, Action, Actor};
use crate::staff::Account;
use crate::unit::Unit;

const SCOPE_USER: &str = "user";
const SCOPE_IP: &str = "ip";

/// The throttle's rule, apart from its storage so it can be tested alone.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub window: Duration,
    pub per_username: usize,
    pub per_address: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { window: Duration::minutes(15), per_username: 5, per_address: 20 }
    }
}

impl Policy {
    /// `Err(seconds to wait)` when blocked. Each list holds failure times, newest first, and needs
    /// at most `limit` entries.
    pub fn check(
        &self,
        now: DateTime<Utc>,
        by_username: &[DateTime<Utc>],
        by_address: &[DateTime<Utc>],
    ) -> Result<(), u64> {
        let wait_user = self.wait(now, by_username, self.per_username);
        let wait_addr = self.wait(now, by_address, self.per_address);
        match wait_user.max(wait_addr) {
            0 => Ok(()),
            secs => Err(secs),
        }
    }

    fn wait(&self, now: DateTime<Utc>, newest_first: &[DateTime<Utc>], limit: usize) -> u64 {
        let in_window: Vec<_> = newest_first.iter().filter(|t| now - **t < self.window).collect();
        if limit == 0 || in_window.len() < limit {
            return 0;
        }
        // Unblocked once the limit-th newest failure leaves the window.
        let release = *in_window[limit - 1] + self.window;
        (release - now).num_seconds().max(1) as u64
    }
}

/// What an attempt's failures are counted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The username as typed, trimmed, lower-cased and cut to 64 characters.
    pub user: String,
    /// The client's address (`"unknown"` without one).
    pub ip: String,
}

impl Keys {
    /// Keys are bounded so junk input can't bloat the table.
    pub fn new(username: &str, ip: Option<&str>) -> Keys {
        Keys { user: username.trim().to_lowercase().chars().take(64).collect(), ip: ip.unwrap_or("unknown").into() }
    }
}

/// `Some(seconds to wait)` when these keys are throttled under the default policy.
pub async fn throttled(db: &DatabaseConnection, keys: &Keys, now: DateTime<Utc>) -> Result<Option<u64>, DbErr> {
    let policy = Policy::default();
    let since = now - policy.window;
    let by_user = recent(db, SCOPE_USER, &keys.user, policy.per_username, since).await?;
    let by_ip = recent(db, SCOPE_IP, &keys.ip, policy.per_address, since).await?;
    Ok(policy.check(now, &by_user, &by_ip).err())
}

async fn recent(
    db: &DatabaseConnection,
    scope: &str,
    key: &str,
    limit: usize,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, DbErr> {
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

/// A successful sign-in of `user`: forgets the username's failures, stamps `last_login_at` and
/// records the login. Returns the updated account.
pub async fn succeeded(
    db: &DatabaseConnection,
    keys: &Keys,
    user: Account,
    now: DateTime<Utc>,
    ip: Option<&str>,
) -> Result<Account, DbErr> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::Scope.eq(SCOPE_USER))
        .filter(login_failures::Column::Key.eq(&keys.user))
        .exec(txn)
        .await?;
    let mut am: staff_users::ActiveModel = user.into();
    am.last_login_at = Set(Some(now));
    let user = am.update(txn).await?;
    let actor = Actor::staff(user.id, &user.username);
    unit.writes().action(action_log::row(Action::new(&actor, LogAction::AuthLogin).ip(ip)));
    unit.commit().await?;
    Ok(user)
}

/// A failed sign-in (unknown username or wrong password): counted under both keys and recorded.
pub async fn failed(db: &DatabaseConnection, keys: &Keys, now: DateTime<Utc>, ip: Option<&str>) -> Result<(), DbErr> {
    let unit = Unit::begin(db).await?;
    for (scope, key) in [(SCOPE_USER, &keys.user), (SCOPE_IP, &keys.ip)] {
        login_failures::ActiveModel {
            scope: Set(scope.into()),
            key: Set(key.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(unit.txn())
        .await?;
    }
    unit.writes().action(action_log::row(
        Action::new(&Actor::System, LogAction::AuthLoginFailed).details(json!({ "username": keys.user })).ip(ip),
    ));
    unit.commit().await
}

/// Records that a staff member signed out.
pub async fn signed_out(db: &DatabaseConnection, actor: &Actor, ip: Option<&str>) -> Result<(), DbErr> {
    action_log::record(db, Action::new(actor, LogAction::AuthLogout).ip(ip)).await.map(drop)
}

/// Forgets failures older than the window (run periodically).
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let cutoff = Utc::now() - Policy::default().window;
    let res = login_failures::Entity::delete_many().filter(login_failures::Column::At.lt(cutoff)).exec(db).await?;
    Ok(res.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ago(now: DateTime<Utc>, mins: i64) -> DateTime<Utc> {
        now - Duration::minutes(mins)
    }

    #[test]
    fn under_the_limit_passes() {
        let now = Utc::now();
        let p = Policy::default();
        let four: Vec<_> = (0..4).map(|i| ago(now, i)).collect();
        assert_eq!(p.check(now, &four, &four), Ok(()));
    }

    #[test]
    fn username_limit_blocks_until_oldest_counted_failure_expires() {
        let now = Utc::now();
        let p = Policy::default();
        let five: Vec<_> = (0..5).map(|i| ago(now, i)).collect(); // 0..4 minutes ago
        // The 5th newest is 4 minutes old: released in 11 minutes.
        assert_eq!(p.check(now, &five, &[]), Err(11 * 60));
    }

    #[test]
    fn old_failures_do_not_count() {
        let now = Utc::now();
        let p = Policy::default();
        let old: Vec<_> = (0..10).map(|i| ago(now, 15 + i)).collect();
        assert_eq!(p.check(now, &old, &old), Ok(()));
    }

    #[test]
    fn address_limit_is_separate_and_higher() {
        let now = Utc::now();
        let p = Policy::default();
        let nineteen: Vec<_> = (0..19).map(|_| ago(now, 1)).collect();
        assert_eq!(p.check(now, &[], &nineteen), Ok(()));
        let twenty: Vec<_> = (0..20).map(|_| ago(now, 1)).collect();
        assert_eq!(p.check(now, &[], &twenty), Err(14 * 60));
    }

    #[test]
    fn keys_are_normalised_and_bounded() {
        let k = Keys::new("  Anna ", None);
        assert_eq!(k, Keys { user: "anna".into(), ip: "unknown".into() });
        assert_eq!(Keys::new(&"x".repeat(100), Some("10.0.0.1")).user.chars().count(), 64);
    }
}
