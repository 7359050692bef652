//! Configuration from the environment (and an optional `.env` file), validated at start.
//!
//! Every problem is reported as one line naming the variable and what is wrong with it. Values
//! that may hold secrets (database password, bot token, keys) are never echoed.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use base64::Engine;
use url::Url;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/supportbot.db?mode=rwc";
pub const DEFAULT_TELEGRAM_API_URL: &str = "https://api.telegram.org";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
/// Where generated files (the SQLite database by default, the app key) live.
pub const DATA_DIR: &str = "data";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.variable, self.problem)
    }
}

impl std::error::Error for ConfigError {}

fn err(variable: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError { variable, problem: problem.into() }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// A secret string whose `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Kept as a secret: it may contain a password.
    pub database_url: Secret,
    pub db_kind: DbKind,
    pub site_addr: SocketAddr,
    pub telegram_bot_token: Option<Secret>,
    pub telegram_api_url: Url,
    pub public_url: Option<Url>,
    pub webhook_secret: Option<Secret>,
    /// `None`: use (or create) the key file in the data folder.
    pub app_secret_key: Option<Secret>,
    pub data_dir: PathBuf,
    /// Seed the demo bot into an empty database (DEMO_CONTENT=off disables it).
    pub demo_content: bool,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads through `get`, so tests can pass a map instead of the real environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let val = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());

        let database_url = val("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        let db_kind = database_kind(&database_url)?;

        let site_addr = val("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_SITE_ADDR.to_string());
        let site_addr: SocketAddr = site_addr
            .parse()
            .map_err(|_| err("LEPTOS_SITE_ADDR", format!("'{site_addr}' is not an address like 127.0.0.1:3000")))?;

        let telegram_bot_token = match val("TELEGRAM_BOT_TOKEN") {
            Some(t) if is_bot_token(&t) => Some(Secret(t)),
            Some(_) => {
                return Err(err(
                    "TELEGRAM_BOT_TOKEN",
                    "not a bot token (expected digits, a colon and 30+ letters, digits, '-' or '_', as given by @BotFather)",
                ));
            }
            None => None,
        };

        let api = val("TELEGRAM_API_URL").unwrap_or_else(|| DEFAULT_TELEGRAM_API_URL.to_string());
        let telegram_api_url =
            http_url(&api).ok_or_else(|| err("TELEGRAM_API_URL", "must be an http:// or https:// URL"))?;

        let public_url = match val("PUBLIC_URL") {
            Some(u) => {
                let url = http_url(&u).ok_or_else(|| {
                    err("PUBLIC_URL", "must be an absolute https:// URL, e.g. https://support.example.com")
                })?;
                if url.scheme() != "https" {
                    return Err(err("PUBLIC_URL", "must use https (Telegram only delivers webhooks over https)"));
                }
                if url.query().is_some() || url.fragment().is_some() {
                    return Err(err("PUBLIC_URL", "must not contain a query or fragment"));
                }
                Some(url)
            }
            None => None,
        };

        let webhook_secret = match val("TELEGRAM_WEBHOOK_SECRET") {
            Some(s) if is_webhook_secret(&s) => Some(Secret(s)),
            Some(_) => {
                return Err(err("TELEGRAM_WEBHOOK_SECRET", "must be 1–256 characters of A–Z, a–z, 0–9, '_' or '-'"));
            }
            None => None,
        };

        let app_secret_key = match val("APP_SECRET_KEY") {
            Some(k) => {
                decode_key(&k).map_err(|p| err("APP_SECRET_KEY", p))?;
                Some(Secret(k))
            }
            None => None,
        };

        let demo_content = match val("DEMO_CONTENT").map(|v| v.to_ascii_lowercase()).as_deref() {
            None | Some("on" | "true" | "1" | "yes") => true,
            Some("off" | "false" | "0" | "no") => false,
            Some(_) => return Err(err("DEMO_CONTENT", "must be on or off")),
        };

        Ok(Config {
            demo_content,
            database_url: Secret(database_url),
            db_kind,
            site_addr,
            telegram_bot_token,
            telegram_api_url,
            public_url,
            webhook_secret,
            app_secret_key,
            data_dir: PathBuf::from(DATA_DIR),
        })
    }

    /// Session cookies are `Secure` when the admin is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_ref().is_some_and(|u| u.scheme() == "https")
    }

    /// The 32-byte app key: from APP_SECRET_KEY, else from (or newly into) `data/app_secret.key`.
    pub fn app_key(&self) -> std::io::Result<[u8; 32]> {
        match &self.app_secret_key {
            Some(k) => Ok(decode_key(&k.0).expect("validated at start")),
            None => load_or_create_key_file(&self.data_dir.join("app_secret.key")),
        }
    }
}

fn database_kind(url: &str) -> Result<DbKind, ConfigError> {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("sqlite") => Ok(DbKind::Sqlite),
        Some("postgres") | Some("postgresql") => {
            // Parse to catch typos, but never print the URL: it may hold a password.
            Url::parse(url).map_err(|e| err("DATABASE_URL", format!("not a valid postgres:// URL ({e})")))?;
            Ok(DbKind::Postgres)
        }
        Some(other) if !other.contains('/') && !other.is_empty() => {
            Err(err("DATABASE_URL", format!("unsupported scheme '{other}' (use sqlite://… or postgres://…)")))
        }
        _ => Err(err("DATABASE_URL", "expected sqlite://PATH or postgres://USER@HOST/DB")),
    }
}

fn http_url(s: &str) -> Option<Url> {
    Url::parse(s).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

fn is_bot_token(t: &str) -> bool {
    let Some((id, key)) = t.split_once(':') else { return false };
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_digit())
        && key.len() >= 30
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn is_webhook_secret(s: &str) -> bool {
    (1..=256).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn decode_key(k: &str) -> Result<[u8; 32], String> {
    let engine = base64::engine::general_purpose::STANDARD;
    let bytes = engine
        .decode(k)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(k))
        .map_err(|_| "not valid base64".to_string())?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| format!("must decode to exactly 32 bytes (got {})", bytes.len()))
}

/// Reads the key file, or creates it (mode 0600) with a fresh random key.
pub fn load_or_create_key_file(path: &Path) -> std::io::Result<[u8; 32]> {
    use std::io::Write;
    if let Ok(text) = std::fs::read_to_string(path) {
        return decode_key(text.trim())
            .map_err(|p| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {p}", path.display())));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(path) {
        Ok(mut f) => {
            writeln!(f, "{}", base64::engine::general_purpose::STANDARD.encode(key))?;
            Ok(key)
        }
        // Another process created it between our read and our create: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create_key_file(path),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_sqlite_on_localhost() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.db_kind, DbKind::Sqlite);
        assert_eq!(c.database_url.0, DEFAULT_DATABASE_URL);
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert!(c.public_url.is_none() && c.telegram_bot_token.is_none());
        assert!(!c.secure_cookies());
    }

    #[test]
    fn bad_database_url_names_the_variable_and_hides_the_password() {
        let e = cfg(&[("DATABASE_URL", "mysql://root:hunter2@db/app")]).unwrap_err();
        assert_eq!(e.variable, "DATABASE_URL");
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(e.to_string().starts_with("invalid DATABASE_URL: unsupported scheme 'mysql'"), "{e}");
        let e = cfg(&[("DATABASE_URL", "postgres://u:hunter2@[bad/db")]).unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(cfg(&[("DATABASE_URL", "postgres://u:pw@127.0.0.1:5432/test")]).unwrap().db_kind == DbKind::Postgres);
    }

    #[test]
    fn public_url_must_be_https() {
        assert_eq!(cfg(&[("PUBLIC_URL", "http://example.com")]).unwrap_err().variable, "PUBLIC_URL");
        assert_eq!(cfg(&[("PUBLIC_URL", "not a url")]).unwrap_err().variable, "PUBLIC_URL");
        let c = cfg(&[("PUBLIC_URL", "https://support.example.com")]).unwrap();
        assert!(c.secure_cookies());
    }

    #[test]
    fn token_secret_and_key_are_checked_without_echo() {
        let e = cfg(&[("TELEGRAM_BOT_TOKEN", "12345:short")]).unwrap_err();
        assert_eq!(e.variable, "TELEGRAM_BOT_TOKEN");
        assert!(!e.to_string().contains("short"));
        assert!(cfg(&[("TELEGRAM_BOT_TOKEN", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")]).is_ok());
        assert_eq!(cfg(&[("TELEGRAM_WEBHOOK_SECRET", "has space")]).unwrap_err().variable, "TELEGRAM_WEBHOOK_SECRET");
        let e = cfg(&[("APP_SECRET_KEY", "c2hvcnQ=")]).unwrap_err();
        assert_eq!(e.to_string(), "invalid APP_SECRET_KEY: must decode to exactly 32 bytes (got 5)");
        let good = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert_eq!(cfg(&[("APP_SECRET_KEY", &good)]).unwrap().app_key().unwrap(), [7u8; 32]);
        assert_eq!(cfg(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err().variable, "LEPTOS_SITE_ADDR");
        assert_eq!(cfg(&[("TELEGRAM_API_URL", "ftp://x")]).unwrap_err().variable, "TELEGRAM_API_URL");
        assert_eq!(cfg(&[("DEMO_CONTENT", "maybe")]).unwrap_err().variable, "DEMO_CONTENT");
        assert!(!cfg(&[("DEMO_CONTENT", "off")]).unwrap().demo_content);
        assert!(cfg(&[]).unwrap().demo_content);
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let c = cfg(&[
            ("TELEGRAM_BOT_TOKEN", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
            ("DATABASE_URL", "postgres://u:hunter2@h/db"),
        ])
        .unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("hunter2") && !dbg.contains("AAHdq"), "{dbg}");
    }

    #[test]
    fn key_file_is_created_once_with_private_mode() {
        let dir = std::env::temp_dir().join(format!("sb-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("app_secret.key");
        let k1 = load_or_create_key_file(&path).unwrap();
        let k2 = load_or_create_key_file(&path).unwrap();
        assert_eq!(k1, k2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
