//! Server-side authentication: the axum-login backend (its reads are [`bot::staff`]'s), password
//! hashing and checking (argon2), the caller's identity and role checks that every server function
//! starts with.

use std::net::{IpAddr, SocketAddr};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use axum::extract::ConnectInfo;
use axum_login::{AuthUser, AuthnBackend};
use bot::staff::Account;
use leptos::prelude::*;
use rand::Rng;
use sea_orm::DatabaseConnection;

use crate::error::ApiError;
use crate::model::{CurrentUser, Role};
use crate::state::{AppState, app_state};

pub type AuthSession = axum_login::AuthSession<Backend>;

/// The session's user. Wraps the account so axum-login can hold it; its auth hash is the password
/// hash, so changing the password invalidates every session made with the old one.
#[derive(Clone, Debug)]
pub struct StaffUser(pub Account);

impl AuthUser for StaffUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.0.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.0.password_hash.as_bytes()
    }
}

#[derive(Clone)]
pub struct Backend {
    pub db: DatabaseConnection,
}

pub struct Credentials {
    pub username: String,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
#[error("authentication backend: {0}")]
pub struct BackendError(String);

impl AuthnBackend for Backend {
    type User = StaffUser;
    type Credentials = Credentials;
    type Error = BackendError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<StaffUser>, BackendError> {
        match verify_credentials(&self.db, &creds.username, &creds.password).await {
            Ok(Some(u)) if u.is_active => Ok(Some(StaffUser(u))),
            Ok(_) => Ok(None),
            Err(e) => Err(BackendError(e.to_string())),
        }
    }

    /// Called on every request with a session: a deactivated or deleted user is signed out here.
    async fn get_user(&self, id: &i64) -> Result<Option<StaffUser>, BackendError> {
        let user = bot::staff::active(&self.db, *id).await.map_err(|e| BackendError(e.to_string()))?;
        Ok(user.map(StaffUser))
    }
}

/// The user whose password matches, active or not; `None` for a wrong username or password.
/// Unknown usernames still pay for one hash verification, so timing does not reveal which
/// usernames exist.
pub async fn verify_credentials(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
) -> Result<Option<Account>, ApiError> {
    let user = bot::staff::by_username(db, &username.trim().to_lowercase()).await?;
    let hash = match &user {
        Some(u) => u.password_hash.clone(),
        None => dummy_hash().to_string(),
    };
    let ok = verify_password(password.to_string(), hash).await?;
    Ok(if ok { user } else { None })
}

fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_blocking("not a real password, only to spend the same time"))
}

fn hash_blocking(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default parameters cannot fail")
        .to_string()
}

/// Argon2id (the crate's default: m=19 MiB, t=2, p=1), run off the async runtime's threads.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await.map_err(|_| ApiError::Internal)
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(|_| ApiError::Internal)?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|_| ApiError::Internal)?
}

/// A random password of 16 characters from an alphabet without look-alikes (about 90 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

pub fn current_user_view(u: &Account) -> CurrentUser {
    CurrentUser {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        language: u.language.clone(),
    }
}

/// The caller of a server function, checked on the server: an active staff member.
pub struct Caller {
    pub state: AppState,
    pub auth: AuthSession,
    pub user: Account,
    pub ip: Option<String>,
}

impl Caller {
    pub fn actor(&self) -> bot::action_log::Actor {
        bot::action_log::Actor::staff(self.user.id, &self.user.username)
    }
}

/// Every server function goes through `as_staff`, `as_admin` or `as_visitor`: the caller's role is
/// checked here, on the server, before the body runs, and an error sets the matching HTTP status.
/// `as_staff` admits any signed-in, active staff member (401 otherwise).
pub async fn as_staff<T>(body: impl AsyncFnOnce(Caller) -> Result<T, ApiError>) -> Result<T, ApiError> {
    respond(async { body(caller(Role::Operator).await?).await }.await)
}

/// Admins only (401 when not signed in, 403 for an operator); see [`as_staff`].
pub async fn as_admin<T>(body: impl AsyncFnOnce(Caller) -> Result<T, ApiError>) -> Result<T, ApiError> {
    respond(async { body(caller(Role::Admin).await?).await }.await)
}

/// Anyone, signed in or not; only for `me`, sign-in and sign-out, which get the session whoever
/// is (or is not) in it. See [`as_staff`].
pub async fn as_visitor<T>(body: impl AsyncFnOnce(AuthSession) -> Result<T, ApiError>) -> Result<T, ApiError> {
    respond(async { body(auth_session().await?).await }.await)
}

async fn auth_session() -> Result<AuthSession, ApiError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|e| {
        tracing::error!(error = %e, "auth session layer missing");
        ApiError::Internal
    })
}

/// A signed-in, active staff member with at least `role` (401 when not signed in, 403 when the
/// role is short).
async fn caller(role: Role) -> Result<Caller, ApiError> {
    let auth = auth_session().await?;
    let Some(StaffUser(user)) = auth.user.clone() else {
        return Err(ApiError::Unauthorized);
    };
    if role == Role::Admin && user.role != Role::Admin {
        return Err(ApiError::Forbidden);
    }
    Ok(Caller { state: app_state(), auth, user, ip: client_ip().await })
}

/// Sets the HTTP status that matches the error, so clients other than the UI (and tests) see
/// 401/403/422/429 rather than a generic 500.
fn respond<T>(result: Result<T, ApiError>) -> Result<T, ApiError> {
    if let Err(e) = &result
        && let Some(opts) = use_context::<leptos_axum::ResponseOptions>()
    {
        opts.set_status(http::StatusCode::from_u16(e.status_code()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    result
}

/// The client's address. Behind a reverse proxy on the same host (Caddy), the peer is loopback and
/// the real address is the last hop the proxy appended to X-Forwarded-For; it is trusted only then.
pub async fn client_ip() -> Option<String> {
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>().await.ok().map(|c| c.0.ip());
    let forwarded = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).map(str::to_string));
    pick_client_ip(peer, forwarded.as_deref()).map(|ip| ip.to_string())
}

/// The client's address from the peer and `X-Forwarded-For` (see [`client_ip`]); also for plain
/// axum routes.
pub fn pick_client_ip(peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
    match (peer, forwarded_for) {
        (Some(p), Some(xff)) if p.is_loopback() => {
            xff.rsplit(',').next().and_then(|last| last.trim().parse::<IpAddr>().ok()).or(Some(p))
        }
        (p, _) => p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_trusted_only_from_loopback() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        let remote: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(pick_client_ip(Some(lo), Some("10.0.0.1, 198.51.100.7")), Some("198.51.100.7".parse().unwrap()));
        assert_eq!(pick_client_ip(Some(remote), Some("198.51.100.7")), Some(remote));
        assert_eq!(pick_client_ip(Some(lo), Some("garbage")), Some(lo));
        assert_eq!(pick_client_ip(None, Some("198.51.100.7")), None);
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        let b = generate_password();
        assert_eq!(a.chars().count(), 16);
        assert_ne!(a, b);
        assert!(crate::users::validate::new_password(&a).is_ok());
    }

    #[test]
    fn hashes_verify_only_their_password() {
        let h = hash_blocking("correct horse battery");
        assert!(h.starts_with("$argon2id$"));
        let parsed = PasswordHash::new(&h).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"wrong", &parsed).is_err());
    }
}
