//! What server functions need from the running server, provided as Leptos context.

use sea_orm::DatabaseConnection;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// Cookies get `Secure` when the public URL is https.
    pub secure_cookies: bool,
    /// The bot engine (its texts and FAQ cache), for actions that make the bot speak (resolve).
    pub engine: bot::engine::Engine,
    /// How the bot connects to Telegram (Bot → Connection); holds the app key, never shown.
    pub connection: bot::connection::Setup,
}

pub fn app_state() -> AppState {
    leptos::prelude::expect_context::<AppState>()
}
