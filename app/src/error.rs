//! The typed error every server function returns. Variants are codes, not sentences: the browser
//! renders them through the language catalogue, and the server maps each to an HTTP status.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A rule that user input broke. Each knows the form field it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    UsernameInvalid,
    UsernameTaken,
    DisplayNameInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordsDiffer,
    CurrentPasswordWrong,
    LastAdmin,
    OwnAccount,
    LanguageInvalid,
    /// A reply or note with nothing in it.
    TextEmpty,
    TextTooLong,
    CannedTitleInvalid,
    CannedShortcutInvalid,
    CannedShortcutTaken,
    CannedTextInvalid,
    /// Assigning to someone who is not an active staff member.
    StaffInvalid,
    /// Not shaped like a bot token.
    BotTokenMalformed,
    /// Telegram's getMe refused the token.
    BotTokenRejected,
    /// TELEGRAM_BOT_TOKEN is set and wins.
    BotTokenFromEnvironment,
    /// Telegram could not be reached or refused the request.
    TelegramFailed,
    /// Re-registering a webhook while the bot polls.
    NotWebhookMode,
    NoBotToken,
    /// Signing in without a username or without a password (not counted as a failed attempt).
    LoginUsernameMissing,
    LoginPasswordMissing,
    /// A Telegram notification threshold outside 1–1440 minutes.
    WaitMinutesInvalid,
}

impl Problem {
    /// The `name` of the form field to mark invalid.
    pub fn field(self) -> &'static str {
        match self {
            Problem::UsernameInvalid | Problem::UsernameTaken => "username",
            Problem::DisplayNameInvalid => "display_name",
            Problem::PasswordTooShort | Problem::PasswordTooLong => "new_password",
            Problem::PasswordsDiffer => "confirm_password",
            Problem::CurrentPasswordWrong => "current_password",
            Problem::LastAdmin | Problem::OwnAccount => "role",
            Problem::LanguageInvalid => "language",
            Problem::TextEmpty | Problem::TextTooLong | Problem::CannedTextInvalid => "text",
            Problem::CannedTitleInvalid => "title",
            Problem::CannedShortcutInvalid | Problem::CannedShortcutTaken => "shortcut",
            Problem::StaffInvalid => "staff",
            Problem::BotTokenMalformed
            | Problem::BotTokenRejected
            | Problem::BotTokenFromEnvironment
            | Problem::TelegramFailed
            | Problem::NoBotToken => "token",
            Problem::NotWebhookMode => "webhook",
            Problem::LoginUsernameMissing => "username",
            Problem::LoginPasswordMissing => "password",
            Problem::WaitMinutesInvalid => "wait_minutes",
        }
    }
}

/// Why an action on a conversation can't be done in its current state (someone else acted
/// first, or the customer did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// Another operator took it first.
    AlreadyTaken {
        by: String,
    },
    /// Not open any more (resolved, or back with the bot).
    NotOpen,
    NotResolved,
    CustomerBlocked,
    /// The customer wrote since and has a newer conversation: answer there.
    NewerConversation {
        id: i64,
    },
    NothingToRetry,
    /// No operator has replied: resolving needs a confirmation (and asks for no rating).
    NoReplyYet,
    /// Someone saved the FAQ entry after it was opened (now at `current`).
    FaqChanged {
        current: i32,
    },
    /// Menu buttons open the FAQ entry (these menus): it can't be deleted for good.
    FaqInUse {
        menus: Vec<String>,
    },
    /// Only an archived FAQ entry can be deleted for good.
    FaqNotArchived,
    /// Someone saved the menu after it was opened (now at `current`).
    MenuChanged {
        current: i32,
    },
    /// These buttons open the menu: deleting it needs a confirmation.
    MenuInUse {
        buttons: Vec<types::menu::ButtonRef>,
    },
    /// The main menu can't be deleted.
    MenuIsMain,
    /// Someone saved the command after it was opened (now at `current`).
    CommandChanged {
        current: i32,
    },
    /// Built-in commands can't be deleted.
    CommandBuiltin,
}

impl Conflict {
    /// A stable code, for tests and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Conflict::AlreadyTaken { .. } => "already_taken",
            Conflict::NotOpen => "not_open",
            Conflict::NotResolved => "not_resolved",
            Conflict::CustomerBlocked => "customer_blocked",
            Conflict::NewerConversation { .. } => "newer_conversation",
            Conflict::NothingToRetry => "nothing_to_retry",
            Conflict::NoReplyYet => "no_reply_yet",
            Conflict::FaqChanged { .. } => "faq_changed",
            Conflict::FaqInUse { .. } => "faq_in_use",
            Conflict::FaqNotArchived => "faq_not_archived",
            Conflict::MenuChanged { .. } => "menu_changed",
            Conflict::MenuInUse { .. } => "menu_in_use",
            Conflict::MenuIsMain => "menu_is_main",
            Conflict::CommandChanged { .. } => "command_changed",
            Conflict::CommandBuiltin => "command_builtin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("not signed in")]
    Unauthorized,
    #[error("not allowed for your role")]
    Forbidden,
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("account deactivated")]
    AccountDisabled,
    #[error("too many failed attempts; retry in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("invalid input: {0:?}")]
    Invalid(Problem),
    /// An FAQ entry's fields break these rules.
    #[error("invalid FAQ entry: {0:?}")]
    FaqInvalid(Vec<types::faq::FaqFieldError>),
    /// A menu's fields (or its buttons', with their row and place) break these rules.
    #[error("invalid menu: {0:?}")]
    MenuInvalid(Vec<types::menu::MenuFieldError>),
    /// A command's fields break these rules.
    #[error("invalid command: {0:?}")]
    CommandInvalid(Vec<types::command::CommandFieldError>),
    /// Settings that break these rules (each names its setting).
    #[error("invalid settings: {0:?}")]
    SettingsInvalid(Vec<types::settings::SettingError>),
    /// A bot text that breaks these rules.
    #[error("invalid text: {0:?}")]
    TextInvalid(Vec<types::texts::TextProblem>),
    /// A file of a reply can't be sent (named, so the screen can say which).
    #[error("file {name:?} refused: {problem:?}")]
    FileInvalid { name: String, problem: types::files::FileProblem },
    #[error("not found")]
    NotFound,
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    #[error("internal error")]
    Internal,
    /// The request never got a proper answer (network down, server restarting, bad payload).
    #[error("request failed: {0}")]
    Transport(String),
}

impl ApiError {
    /// The HTTP status the server answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            ApiError::Unauthorized | ApiError::InvalidCredentials => 401,
            ApiError::Forbidden | ApiError::AccountDisabled => 403,
            ApiError::Throttled { .. } => 429,
            ApiError::Invalid(_)
            | ApiError::FaqInvalid(_)
            | ApiError::MenuInvalid(_)
            | ApiError::CommandInvalid(_)
            | ApiError::SettingsInvalid(_)
            | ApiError::TextInvalid(_) => 422,
            ApiError::FileInvalid { problem: types::files::FileProblem::TooBig, .. } => 413,
            ApiError::FileInvalid { .. } => 422,
            ApiError::NotFound => 404,
            ApiError::Conflict(_) => 409,
            ApiError::Internal => 500,
            ApiError::Transport(_) => 400,
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ApiError::Transport(value.to_string())
    }
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        ApiError::Invalid(p)
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        ApiError::Internal
    }
}
