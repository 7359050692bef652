//! View models of Bot → Texts & settings, as they cross the wire. The settings themselves, their
//! rules and what the thresholds do are `types::settings`' (one definition for both sides).

use serde::{Deserialize, Serialize};

pub use types::settings::{
    BotSettings, DayHours, OutcomeCounts, Schedule, ScoreSamples, SettingError, SettingKey, SettingProblem, Span, hhmm,
    limits, offset_text, parse_hhmm,
};
pub use types::texts::{TextProblem, fill, problems as text_problems};

/// One text in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextValue {
    pub default: String,
    /// The admin's text (none: the default is in force).
    pub custom: Option<String>,
    pub updated_at: Option<String>,
}

/// A text the bot sends, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextView {
    /// The registry's key (`greeting`, `handoff_out_of_hours`…).
    pub key: String,
    pub placeholders: Vec<String>,
    pub max_len: usize,
    /// A button's label rather than a message.
    pub is_button: bool,
    pub ru: TextValue,
    pub en: TextValue,
}

/// The settings page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub settings: BotSettings,
    /// Stored values that break their rule (their defaults are in force until saved again).
    pub stored_errors: Vec<SettingError>,
    /// The server's clock (seconds since 1970 UTC), for "now: open / closed".
    pub now_unix: i64,
}
