pub mod api;
#[cfg(feature = "ssr")]
pub mod login;
mod login_page;
#[cfg(feature = "ssr")]
pub mod server;

pub use login_page::LoginPage;

use leptos::prelude::*;

use crate::error::ApiError;
use crate::model::CurrentUser;

/// The signed-in user for the whole app, refetched after login/logout/profile changes.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<CurrentUser>, ApiError>>,
    version: RwSignal<u32>,
}

impl Auth {
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }

    /// The user, once loaded.
    pub fn current(&self) -> Option<CurrentUser> {
        self.user.get().and_then(|r| r.ok()).flatten()
    }
}

pub fn provide_auth() {
    let version = RwSignal::new(0u32);
    // Blocking: the server resolves it before sending the page, so a redirect to /login can still
    // be a real 302 and the shell never flashes for an anonymous visitor.
    let user = Resource::new_blocking(move || version.get(), |_| api::me());
    provide_context(Auth { user, version });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// A sign-in needs a username and a password (checked in the browser before sending, and again by
/// the server, which doesn't count such a request as a failed attempt).
pub fn filled_in(username: &str, password: &str) -> Result<(), crate::error::Problem> {
    if username.trim().is_empty() {
        return Err(crate::error::Problem::LoginUsernameMissing);
    }
    if password.is_empty() {
        return Err(crate::error::Problem::LoginPasswordMissing);
    }
    Ok(())
}

/// Only same-site paths are followed after login (no open redirects).
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") && !n.starts_with("/login") => n,
        _ => "/inbox".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_same_site_only() {
        assert_eq!(safe_next(Some("/users".into())), "/users");
        assert_eq!(safe_next(Some("//evil.example".into())), "/inbox");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/inbox");
        assert_eq!(safe_next(Some("/login".into())), "/inbox");
        assert_eq!(safe_next(None), "/inbox");
    }
}
