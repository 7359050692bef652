//! Refuses state-changing requests that a browser sent from another site (CSRF defence in depth,
//! on top of SameSite cookies). The Telegram webhook is exempt: it authenticates by secret header.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use url::Url;

#[derive(Clone, Debug, Default)]
pub struct OriginPolicy {
    /// `scheme://host[:port]` of PUBLIC_URL, when configured.
    pub public_origin: Option<String>,
}

impl OriginPolicy {
    pub fn new(public_url: Option<&Url>) -> Self {
        OriginPolicy { public_origin: public_url.map(|u| u.origin().ascii_serialization()) }
    }

    /// `Ok` when the request may proceed.
    pub fn check(&self, method: &Method, path: &str, headers: &HeaderMap) -> Result<(), &'static str> {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || path.starts_with("/telegram/") {
            return Ok(());
        }
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        match header("origin") {
            Some(origin) => {
                if origin == "null" {
                    return Err("opaque origin");
                }
                if self.public_origin.as_deref() == Some(origin) {
                    return Ok(());
                }
                // Same origin as the address the browser used: Origin's authority equals Host.
                let authority = Url::parse(origin).ok().and_then(|u| {
                    u.host_str().map(|h| match u.port() {
                        Some(p) => format!("{h}:{p}"),
                        None => h.to_string(),
                    })
                });
                match (authority, header("host")) {
                    (Some(a), Some(host)) if a.eq_ignore_ascii_case(host) => Ok(()),
                    _ => Err("cross-origin request"),
                }
            }
            // No Origin: old browsers or non-browser clients. Browsers that send Fetch Metadata
            // still tell us when the request came from another site.
            None => match header("sec-fetch-site") {
                Some("cross-site") | Some("same-site") => Err("cross-site request"),
                _ => Ok(()),
            },
        }
    }
}

pub async fn same_origin_only(State(policy): State<OriginPolicy>, req: Request, next: Next) -> Response {
    if let Err(reason) = policy.check(req.method(), req.uri().path(), req.headers()) {
        tracing::warn!(path = req.uri().path(), reason, "refused a cross-origin request");
        return (StatusCode::FORBIDDEN, "Cross-origin request refused").into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn same_origin_posts_pass_and_foreign_ones_fail() {
        let p = OriginPolicy::default();
        let post = Method::POST;
        assert!(
            p.check(&post, "/api/x", &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]))
                .is_ok()
        );
        assert!(
            p.check(&post, "/api/x", &headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")]))
                .is_err()
        );
        assert!(p.check(&post, "/api/x", &headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])).is_err());
        assert!(p.check(&post, "/api/x", &headers(&[("sec-fetch-site", "cross-site")])).is_err());
        assert!(p.check(&post, "/api/x", &headers(&[])).is_ok(), "non-browser clients send no Origin");
        assert!(p.check(&Method::GET, "/users", &headers(&[("origin", "https://evil.example")])).is_ok());
        assert!(p.check(&post, "/telegram/webhook", &headers(&[("origin", "https://evil.example")])).is_ok());
    }

    #[test]
    fn public_url_origin_is_accepted_behind_a_proxy() {
        let url = Url::parse("https://support.example.com/").unwrap();
        let p = OriginPolicy::new(Some(&url));
        let h = headers(&[("origin", "https://support.example.com"), ("host", "127.0.0.1:3000")]);
        assert!(p.check(&Method::POST, "/api/x", &h).is_ok());
    }
}
