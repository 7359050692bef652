//! The server: configuration, database, sessions and auth, routes, background jobs, CLI.

// The inbox page's view types nest deeply; without `--cfg erase_components` (release builds)
// computing their layout needs more than the default depth.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod db;
pub mod faq_export;
pub mod files;
pub mod live;
pub mod media;
pub mod origin;
pub mod session_store;
pub mod webhook;

use std::net::SocketAddr;
use std::time::Duration;

use app::auth::server::Backend;
use app::error::ApiError;
use app::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::{Config, DbKind};
use crate::origin::OriginPolicy;
use crate::session_store::DbSessionStore;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "sb_session";

/// Leptos settings: from cargo-leptos' environment when it runs us (`LEPTOS_OUTPUT_NAME` set),
/// else the workspace metadata's defaults, so the binary also runs on its own (tests, Docker).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let from_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some();
    let mut opts = match from_cargo_leptos {
        true => leptos::config::get_configuration(None).map(|c| c.leptos_options).ok(),
        false => None,
    }
    .unwrap_or_else(|| {
        let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
        let env = match std::env::var("LEPTOS_ENV").as_deref() {
            Ok("PROD") | Ok("prod") => leptos::config::Env::PROD,
            _ => leptos::config::Env::DEV,
        };
        LeptosOptions::builder().output_name("supportbot").site_root(site_root).env(env).build()
    });
    opts.site_addr = config.site_addr;
    // A site built with fingerprints (`cargo xtask build|dist`) names its content-hashed bundle
    // and stylesheet in `hash.txt`: pages link those (cached for a year, see `static_files`).
    if let Some(h) = AssetHashes::read(std::path::Path::new(opts.site_root.as_ref())) {
        opts.output_name = format!("{}.{}", opts.output_name, h.bundle).into();
        let _ = app::STYLESHEET.set(format!("/{}/{}.{}.css", opts.site_pkg_dir, "supportbot", h.css));
    }
    opts
}

/// What `site/hash.txt` says: `js: <h>`, `wasm: <h>` (the same hash: glue and module go
/// together) and `css: <h>`.
#[derive(Debug, PartialEq)]
struct AssetHashes {
    bundle: String,
    css: String,
}

impl AssetHashes {
    fn read(site_root: &std::path::Path) -> Option<AssetHashes> {
        AssetHashes::parse(&std::fs::read_to_string(site_root.join("hash.txt")).ok()?)
    }

    fn parse(text: &str) -> Option<AssetHashes> {
        let get = |key: &str| {
            text.lines()
                .find_map(|l| l.split_once(':').filter(|(k, _)| k.trim() == key).map(|(_, v)| v.trim().to_string()))
        };
        let (js, wasm, css) = (get("js")?, get("wasm")?, get("css")?);
        let hex = |h: &str| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit());
        (js == wasm && hex(&js) && hex(&css)).then_some(AssetHashes { bundle: js, css })
    }
}

/// Wake-ups between the parts of the bot inside one process: the webhook wakes the update worker.
/// (Units of work wake the outbox senders and event hubs themselves when they commit: see
/// `bot::unit`.)
#[derive(Clone, Default)]
pub struct Wakers {
    pub updates: std::sync::Arc<tokio::sync::Notify>,
}

/// What the HTTP application shares with the rest of the process.
pub struct Services {
    pub webhook_secret: String,
    pub intake: bot::intake::Intake,
    /// This process's reader of the live events.
    pub hub: bot::events::Hub,
    /// This process's FAQ and matcher, shared by the bot and the admin ("Try it", the list).
    pub faq: bot::faq::Live,
}

/// The app's routes, generated once per process. Generating them runs the app with resource
/// loading suppressed through a process-wide flag (leptos_server's `SuppressResourceLoad`): an
/// SSR render whose resource is first polled meanwhile waits forever (leptos-rs/leptos#4773).
/// One process serving several routers — the integration tests start a server per test, in
/// parallel — hit that: a page request hung while another test's server started. Generated once,
/// before any router exists, nothing can render during it.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP application: pages, server functions, live events, media, health checks,
/// static files, webhook.
pub fn router(config: &Config, db: DatabaseConnection, leptos_options: LeptosOptions, services: Services) -> Router {
    let Services { webhook_secret, intake, hub, faq } = services;
    let app_state = AppState {
        db: db.clone(),
        secure_cookies: config.secure_cookies(),
        engine: bot::engine::Engine::with_faq(faq),
        connection: connection_setup(config, &webhook_secret),
    };
    let media = media::Media::new(db.clone(), app_state.connection.clone(), config.data_dir.join("media"));
    let files = files::Files { db: db.clone(), dir: config.data_dir.join("files") };
    let upload_files = files.clone();
    let context = {
        let s = app_state.clone();
        move || provide_context(s.clone())
    };

    let sessions = SessionManagerLayer::new(DbSessionStore::new(db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)));
    let auth = AuthManagerLayerBuilder::new(Backend { db: db.clone() }, sessions).build();

    let routes = route_list();
    let health_db = db.clone();
    let export_db = db.clone();

    // The webhook sits outside the session, origin and compression layers: Telegram has no
    // session, and its requests are the hot path.
    let webhook = Router::new()
        .route("/telegram/webhook", axum::routing::post(webhook::receive))
        .with_state(webhook::Webhook { intake, secret: webhook_secret });

    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/readyz",
            get(move || {
                let db = health_db.clone();
                async move {
                    match db::ready(&db).await {
                        Ok(()) => (StatusCode::OK, "ready".to_string()).into_response(),
                        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why).into_response(),
                    }
                }
            }),
        )
        .route("/api/events", get(move |auth, headers, query| live::events(hub.clone(), auth, headers, query)))
        .route("/media/{id}", get(move |auth, id| media::serve(media.clone(), auth, id)))
        .route("/media/file/{id}", get(move |auth, id| files::serve(files.clone(), auth, id)))
        .route(
            "/api/inbox/{id}/files",
            axum::routing::post(move |auth, id, parts, form| {
                files::upload(upload_files.clone(), auth, id, parts, form)
            })
            .layer(axum::extract::DefaultBodyLimit::max(files::BODY_LIMIT)),
        )
        .route("/api/faq/export.csv", get(move |auth| faq_export::serve(export_db.clone(), auth)))
        .leptos_routes_with_context(&leptos_options, routes, context, {
            let opts = leptos_options.clone();
            move || shell(opts.clone())
        })
        .nest_service("/pkg", static_files(&leptos_options))
        .fallback(leptos_axum::file_and_error_handler(shell))
        .layer(axum::middleware::from_fn(malformed_requests_are_400))
        .layer(auth)
        .layer(axum::middleware::from_fn_with_state(
            OriginPolicy::new(config.public_url.as_ref()),
            origin::same_origin_only,
        ))
        .layer(axum::middleware::from_fn(pages_are_revalidated))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(leptos_options)
        .merge(webhook)
}

/// `/pkg/…`: the wasm bundle, its glue and the stylesheet, with their gzipped twins served as
/// they are to browsers that accept gzip. Content-hashed names (`supportbot.<16 hex>.wasm`) are
/// cached for a year — `immutable`: a new build brings new names, so a deploy never mixes old and
/// new files —; any other file there must be revalidated.
fn static_files(options: &LeptosOptions) -> Router {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    Router::new().fallback_service(tower_http::services::ServeDir::new(dir).precompressed_gzip()).layer(
        axum::middleware::from_fn(async |req: Request, next: axum::middleware::Next| {
            let hashed = is_content_hashed(req.uri().path());
            let mut res = next.run(req).await;
            if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
                let policy = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
                res.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static(policy));
            }
            res
        }),
    )
}

/// `…/supportbot.0123456789abcdef.wasm` (also `.js`, `.css`, `.wasm.gz`): a name with a 16-digit
/// hex content hash, as `cargo xtask build` writes them.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.split('.');
    parts.next();
    parts.next().is_some_and(|h| h.len() == 16 && h.chars().all(|c| c.is_ascii_hexdigit())) && parts.next().is_some()
}

/// Pages are rendered per request (who is signed in, their language): browsers must ask again
/// every time (`no-cache`) rather than show a stored copy linking an older build's files.
async fn pages_are_revalidated(req: Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html && !res.headers().contains_key(http::header::CACHE_CONTROL) {
        res.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-cache"));
    }
    res
}

/// Server functions (registered by `leptos_routes_with_context`) answer requests that fail
/// before the function runs — arguments that don't decode, unknown values — with a `Transport`
/// error and status 500. Those are the caller's fault, so they are answered 400 instead.
async fn malformed_requests_are_400(req: Request, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR || !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    if let Ok(ApiError::Transport(why)) = serde_json::from_slice::<ApiError>(&bytes) {
        tracing::debug!(why, "malformed server function request");
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Periodic housekeeping: expired sessions and old login failures.
pub fn spawn_housekeeping(db: DatabaseConnection) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let store = DbSessionStore::new(db.clone());
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            if let Err(e) = app::auth::login::prune_failures(&db).await {
                tracing::warn!(error = ?e, "could not prune login failures");
            }
            if let Err(e) = bot::events::prune(&db).await {
                tracing::warn!(error = %e, "could not prune old live events");
            }
        }
    })
}

/// Migrates, makes sure an admin exists, and serves until SIGINT/SIGTERM.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let db = db::connect(&config.database_url.0, config.db_kind)
        .await
        .map_err(|e| StartError::new(format!("cannot connect to the database: {}", db_error(&e))))?;
    db::migrate(&db).await.map_err(|e| StartError::new(format!("migrations failed: {e}")))?;
    config.app_key().map_err(|e| StartError::new(format!("cannot read or create the app key: {e}")))?;
    announce_first_admin(&db).await?;

    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| StartError::new(format!("cannot listen on {} (LEPTOS_SITE_ADDR): {e}", config.site_addr)))?;
    let local = listener.local_addr().map_err(|e| StartError::new(e.to_string()))?;
    let secret = resolve_webhook_secret(&config, &db)
        .await
        .map_err(|e| StartError::new(format!("cannot store the webhook secret: {e}")))?;
    if config.demo_content
        && bot::seed::seed_demo(&db).await.map_err(|e| StartError::new(format!("cannot seed the demo bot: {e}")))?
    {
        tracing::info!(
            "empty database: seeded the demo bot (FAQ, menus, commands, texts); DEMO_CONTENT=off disables this"
        );
    }
    let wakers = Wakers::default();
    // On PostgreSQL the webhook stores through connections of its own, so its 200 never waits
    // for a connection held by background work. (SQLite has one connection for everything.)
    let intake_db = match config.db_kind {
        DbKind::Postgres => db::connect_small(&config.database_url.0)
            .await
            .map_err(|e| StartError::new(format!("cannot connect to the database: {}", db_error(&e))))?,
        DbKind::Sqlite => db.clone(),
    };
    let intake = bot::intake::Intake::spawn(intake_db, wakers.updates.clone());
    let checkpointer = match config.db_kind {
        DbKind::Sqlite => Some(
            db::sqlite_checkpointer(&config.database_url.0)
                .await
                .map_err(|e| StartError::new(format!("cannot open the database for checkpoints: {e}")))?,
        ),
        DbKind::Postgres => None,
    };
    let hub = bot::events::Hub::start(db.clone())
        .await
        .map_err(|e| StartError::new(format!("cannot read the live events: {}", db_error(&e))))?;
    let faq = bot::faq::Live::new();
    let services = Services { webhook_secret: secret.clone(), intake, hub: hub.clone(), faq: faq.clone() };
    let app = router(&config, db.clone(), leptos_options(&config), services);
    let housekeeping = spawn_housekeeping(db.clone());
    let mut bot_tasks = start_bot(&config, db.clone(), &secret, &wakers, &faq, background_runtime()).await;
    bot_tasks.push(faq.follow(db.clone(), &hub));
    tracing::info!("listening on http://{local}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Live event streams never end by themselves: end them so shutdown doesn't wait.
            hub.close();
        })
        .await
        .map_err(|e| StartError::new(e.to_string()))?;
    housekeeping.abort();
    if let Some(c) = checkpointer {
        c.abort();
    }
    for task in bot_tasks {
        task.abort();
    }
    // Connections still checked out by lingering request tasks must not stall the exit.
    let _ = tokio::time::timeout(Duration::from_secs(5), db.close()).await;
    tracing::info!("stopped");
    Ok(())
}

/// Starts the bot side: the update worker always (updates may arrive through the webhook), and
/// with a token also the intake (with PUBLIC_URL the webhook is registered, retrying until
/// Telegram answers; without it getUpdates is long-polled into the same store) and the outbox
/// worker. Without a token, answers wait in the outbox and the admin works.
///
/// The token is TELEGRAM_BOT_TOKEN when set; otherwise the one stored in the admin or by
/// `server set-bot-token` (`bot::connection`), followed while the process runs: when it changes
/// (this process stores one, or the setting changes under another process; re-read every
/// [`TOKEN_CHECK`]) the token's tasks stop and start again with the new token, without a
/// restart. A stored token the app key can't decrypt is reported in one log line and left as
/// it is; the bot side idles meanwhile.
///
/// The update and outbox workers are spawned on `background` (see [`background_runtime`]).
pub async fn start_bot(
    config: &Config,
    db: DatabaseConnection,
    secret: &str,
    wakers: &Wakers,
    faq: &bot::faq::Live,
    background: &tokio::runtime::Handle,
) -> Vec<tokio::task::JoinHandle<()>> {
    let worker = bot::worker::UpdateWorker {
        db: db.clone(),
        engine: bot::engine::Engine::with_faq(faq.clone()),
        wake: wakers.updates.clone(),
    };
    let mut tasks = vec![background.spawn(worker.run())];
    // Staff notifications in Telegram: queued into the outbox, so they wait there without a token.
    let notifier = bot::staff_notify::Notifier {
        db: db.clone(),
        config: bot::staff_notify::NotifyConfig { public_url: config.public_url.clone() },
    };
    tasks.push(background.spawn(notifier.run()));
    let link = BotLink {
        setup: connection_setup(config, secret),
        db,
        background: background.clone(),
        files_dir: config.data_dir.join("files"),
    };
    match link.setup.env_token.clone() {
        Some(token) => tasks.append(&mut link.start(&token).await.0),
        None => tasks.push(tokio::spawn(link.follow_stored())),
    }
    tasks
}

/// How often the bot side re-reads the stored token (another process may have changed it).
pub const TOKEN_CHECK: Duration = Duration::from_secs(2);

/// What the bot side and the admin's connection page know about connecting to Telegram.
pub fn connection_setup(config: &Config, webhook_secret: &str) -> bot::connection::Setup {
    bot::connection::Setup {
        api_url: config.telegram_api_url.clone(),
        env_token: config.telegram_bot_token.as_ref().map(|t| t.0.clone()),
        public_url: config.public_url.clone(),
        webhook_secret: webhook_secret.to_string(),
        app_key: config.app_key().ok(),
    }
}

/// Tasks that stop when this is dropped (a replaced token's, or those of an aborted follower).
struct TokenTasks(Vec<tokio::task::JoinHandle<()>>);

impl Drop for TokenTasks {
    fn drop(&mut self) {
        for t in &self.0 {
            t.abort();
        }
    }
}

struct BotLink {
    setup: bot::connection::Setup,
    db: DatabaseConnection,
    background: tokio::runtime::Handle,
    /// Operators' attachments, which the outbox uploads.
    files_dir: std::path::PathBuf,
}

impl BotLink {
    /// The tasks that need the token: receiving (webhook registration or polling), the commands
    /// menu, the outbox.
    async fn start(&self, token: &str) -> TokenTasks {
        let db = self.db.clone();
        let bot = bot::telegram::make_bot(token, &self.setup.api_url);
        let mut tasks = Vec::new();
        tasks.push(match &self.setup.public_url {
            Some(url) => tokio::spawn(bot::telegram::keep_registering_webhook(
                bot.clone(),
                url.clone(),
                self.setup.webhook_secret.clone(),
            )),
            None => {
                tracing::info!("no PUBLIC_URL: receiving updates by long polling");
                tokio::spawn(bot::telegram::poll_updates(bot.clone(), db.clone()))
            }
        });
        tasks.push(tokio::spawn(bot::telegram::sync_commands(bot.clone(), db.clone())));
        // The outbox follows later changes by itself; a database error here starts it at the
        // default rate (said in the log) rather than not at all.
        let rate = match bot::settings::load(&db).await {
            Ok((s, _)) => s.outbox_rate,
            Err(e) => {
                let rate = bot::settings::BotSettings::default().outbox_rate;
                tracing::warn!(error = %e, rate, "could not read the outbox rate; starting with the default");
                rate
            }
        };
        // Built inside the background runtime, so Throttle's own task runs there too.
        let files_dir = self.files_dir.clone();
        tasks.push(
            self.background
                .spawn(async move { bot::outbox::Worker::new(db, bot, rate).with_files_dir(files_dir).run().await }),
        );
        TokenTasks(tasks)
    }

    /// Runs the bot side with the stored token, restarting it whenever the stored value changes.
    async fn follow_stored(self) {
        use bot::connection::{Stored, changed, open, stored_raw};
        let mut seen: Option<Option<String>> = None;
        let mut running: Option<TokenTasks> = None;
        loop {
            let woken = changed().notified();
            match stored_raw(&self.db).await {
                Ok(raw) if seen.as_ref() != Some(&raw) => {
                    drop(running.take());
                    match open(raw.as_deref(), self.setup.app_key.as_ref()) {
                        Stored::None => {
                            tracing::info!(
                                "no bot token (TELEGRAM_BOT_TOKEN, or set one under Bot → Connection): nothing is sent to Telegram; the admin works"
                            )
                        }
                        Stored::Token { token } => {
                            let who = bot::connection::stored_identity(&self.db).await.ok().flatten();
                            tracing::info!(
                                bot = who.map(|w| format!("@{} (id {})", w.username, w.id)).unwrap_or_default(),
                                "bot started with the token set in the admin"
                            );
                            running = Some(self.start(&token).await);
                        }
                        Stored::Undecryptable(_) => tracing::error!(
                            "the stored bot token cannot be decrypted with this app key (APP_SECRET_KEY, or data/app_secret.key when unset): was the key changed? The stored token is kept; the bot side idles until the key is restored or a token is set again under Bot → Connection"
                        ),
                    }
                    seen = Some(raw);
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %db_error(&e), "could not read the stored bot token"),
            }
            tokio::select! {
                _ = woken => {}
                _ = tokio::time::sleep(TOKEN_CHECK) => {}
            }
        }
    }
}

/// The runtime for the bot's background work (processing updates, sending the outbox): its own
/// two threads, at a lower CPU priority than the threads that answer HTTP requests. Under full
/// load the webhook's 200, which Telegram waits for, is then not queued behind background work;
/// the background still gets all the CPU the requests leave. Created once per process, never
/// dropped (a runtime can't be dropped from async code, and the process ends with it).
pub fn background_runtime() -> &'static tokio::runtime::Handle {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("bot-background")
                .on_thread_start(lower_this_threads_priority)
                .enable_all()
                .build()
                .expect("start the background runtime")
        })
        .handle()
}

/// Every sign-in verifies a password with Argon2, which works in a 19 MiB block. glibc raises its
/// mmap threshold after the first such block is freed, so later ones come from per-thread arenas
/// and stay in the process: a few sign-ins took the server from 30 to 250 MiB (bench/README.md,
/// "Inbox live events"). Pinning the threshold at 1 MiB keeps large blocks mmapped, so they go
/// back to the system when freed. Call once at start.
pub fn return_large_allocations_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter (glibc takes its own lock for it).
    #[allow(unsafe_code)]
    unsafe {
        if libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024) != 1 {
            tracing::debug!("could not pin the allocator's mmap threshold");
        }
    }
}

/// nice +10 for the calling thread only (Linux schedules threads individually).
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id; no memory is shared.
    #[allow(unsafe_code)]
    unsafe {
        let tid = libc::gettid();
        if libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10) != 0 {
            tracing::debug!("could not lower the background threads' priority");
        }
    }
}

/// The webhook's secret token: TELEGRAM_WEBHOOK_SECRET, else the one stored in the settings, else a
/// new random one stored there (all processes on one database agree on it).
pub async fn resolve_webhook_secret(config: &Config, db: &DatabaseConnection) -> Result<String, sea_orm::DbErr> {
    if let Some(s) = &config.webhook_secret {
        return Ok(s.0.clone());
    }
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    let mut rng = rand::rngs::OsRng;
    let fresh: String = (0..48).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    bot::settings::get_or_init(db, bot::settings::WEBHOOK_SECRET, &fresh).await
}

/// Prints the first admin's password once, when this process created it.
pub async fn announce_first_admin(db: &DatabaseConnection) -> Result<(), StartError> {
    match app::users::service::ensure_first_admin(db).await {
        Ok(Some((username, password))) => {
            tracing::warn!(
                "FIRST RUN: created admin user '{username}' with password: {password}  (shown only once; sign in and change it under My account)"
            );
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => Err(StartError::new(format!("cannot create the first admin: {e}"))),
    }
}

/// A database error without connection details (which could hold a password).
pub fn db_error(e: &sea_orm::DbErr) -> String {
    let text = e.to_string();
    match text.find("://") {
        Some(_) => "connection failed (check DATABASE_URL, host and credentials)".to_string(),
        None => text,
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// A start-up failure: one line, already worded for the operator.
#[derive(Debug)]
pub struct StartError(pub String);

impl StartError {
    pub fn new(s: impl Into<String>) -> Self {
        StartError(s.into())
    }
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashed_names_are_told_apart() {
        assert!(is_content_hashed("/pkg/supportbot.0123456789abcdef.wasm"));
        assert!(is_content_hashed("/supportbot.0123456789abcdef.css"));
        assert!(is_content_hashed("/supportbot.0123456789abcdef.wasm.gz"));
        assert!(!is_content_hashed("/pkg/supportbot.wasm"));
        assert!(!is_content_hashed("/pkg/supportbot.opt.wasm"));
        assert!(!is_content_hashed("/pkg/supportbot.0123456789abcdeg.wasm"));
        assert!(!is_content_hashed("/pkg/supportbot.0123456789abcdef"));
    }

    #[test]
    fn the_hash_file_is_read_strictly() {
        let h = AssetHashes::parse("js: 00ff00ff00ff00ff\nwasm: 00ff00ff00ff00ff\ncss: 0123456789abcdef\n").unwrap();
        assert_eq!(h, AssetHashes { bundle: "00ff00ff00ff00ff".into(), css: "0123456789abcdef".into() });
        // Glue and module from different builds, or anything that isn't a hash: not used.
        assert_eq!(AssetHashes::parse("js: 00ff\nwasm: 11ff\ncss: 22ff\n"), None);
        assert_eq!(AssetHashes::parse("js: ../x\nwasm: ../x\ncss: 22ff\n"), None);
        assert_eq!(AssetHashes::parse("css: 22ff\n"), None);
    }
}
