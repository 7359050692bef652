//! Every user-visible string of the web UI, one catalogue per language.
//!
//! A catalogue is a struct of one struct per area (see [`Catalogue`]), so a string missing from one
//! language is a compile error, not a blank on screen. The language comes from the user's setting
//! (mirrored into the `lang` cookie at login), else the browser's Accept-Language, else Russian; the
//! server renders it into `<html lang>` and the browser reads it back from there when it hydrates,
//! so both sides always agree.

mod account;
mod canned;
mod commands;
mod common;
mod connection;
mod faq;
mod faq_editor;
mod faq_list;
mod faq_unanswered;
mod inbox;
mod logs;
mod menus;
pub mod sim;
mod texts;
mod users;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use self::account::Account;
pub use self::canned::Canned;
pub use self::commands::Commands;
pub use self::common::Common;
pub use self::connection::Connection;
pub use self::faq::Faq;
pub use self::faq_editor::FaqEditor;
pub use self::faq_list::FaqList;
pub use self::faq_unanswered::FaqUnanswered;
pub use self::inbox::Inbox;
pub use self::logs::Logs;
pub use self::menus::Menus;
pub use self::sim::Sim;
pub use self::texts::Texts;
pub use self::users::Users;
use crate::error::{ApiError, Conflict, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language in an Accept-Language header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(lang) = Lang::parse(primary)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    pub fn catalogue(self) -> &'static Catalogue {
        match self {
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }
}

/// The strings of one language, one struct per area of the UI, each in its own file beside this
/// one with its Russian and English values side by side. A string missing from either language is a
/// compile error, not a blank on screen.
///
/// Call sites read `tr.users.title`, `tr.inbox.take`; what every area shares is in [`Common`], which
/// the catalogue dereferences to (`tr.save`, `tr.app_name`). A new page adds its own area: a file
/// with its struct, `RU` and `EN`, and a field here.
pub struct Catalogue {
    pub common: Common,
    pub account: Account,
    pub users: Users,
    pub logs: Logs,
    pub connection: Connection,
    pub canned: Canned,
    pub inbox: Inbox,
    pub faq: Faq,
    pub faq_list: FaqList,
    pub faq_editor: FaqEditor,
    pub faq_unanswered: FaqUnanswered,
    pub menus: Menus,
    pub texts: Texts,
    pub sim: Sim,
    pub commands: Commands,
}

static RU: Catalogue = Catalogue {
    common: common::RU,
    account: account::RU,
    users: users::RU,
    logs: logs::RU,
    connection: connection::RU,
    canned: canned::RU,
    inbox: inbox::RU,
    faq: faq::RU,
    faq_list: faq_list::RU,
    faq_editor: faq_editor::RU,
    faq_unanswered: faq_unanswered::RU,
    menus: menus::RU,
    texts: texts::RU,
    sim: sim::RU,
    commands: commands::RU,
};

static EN: Catalogue = Catalogue {
    common: common::EN,
    account: account::EN,
    users: users::EN,
    logs: logs::EN,
    connection: connection::EN,
    canned: canned::EN,
    inbox: inbox::EN,
    faq: faq::EN,
    faq_list: faq_list::EN,
    faq_editor: faq_editor::EN,
    faq_unanswered: faq_unanswered::EN,
    menus: menus::EN,
    texts: texts::EN,
    sim: sim::EN,
    commands: commands::EN,
};

impl std::ops::Deref for Catalogue {
    type Target = Common;

    fn deref(&self) -> &Common {
        &self.common
    }
}

impl Catalogue {
    /// A broken rule of user input, in the words of the area whose form it belongs to.
    pub fn problem(&self, p: Problem) -> &'static str {
        match p {
            Problem::UsernameInvalid => self.users.username_invalid,
            Problem::UsernameTaken => self.users.username_taken,
            Problem::DisplayNameInvalid => self.users.display_name_invalid,
            Problem::LastAdmin => self.users.last_admin,
            Problem::OwnAccount => self.users.own_account,
            Problem::PasswordTooShort => self.account.password_too_short,
            Problem::PasswordTooLong => self.account.password_too_long,
            Problem::PasswordsDiffer => self.account.passwords_differ,
            Problem::CurrentPasswordWrong => self.account.current_password_wrong,
            Problem::LanguageInvalid => self.account.language_invalid,
            Problem::TextEmpty => self.inbox.text_empty,
            Problem::TextTooLong => self.inbox.text_too_long,
            Problem::StaffInvalid => self.inbox.staff_invalid,
            Problem::CannedTitleInvalid => self.canned.title_invalid,
            Problem::CannedShortcutInvalid => self.canned.shortcut_invalid,
            Problem::CannedShortcutTaken => self.canned.shortcut_taken,
            Problem::CannedTextInvalid => self.canned.text_invalid,
            Problem::BotTokenMalformed => self.connection.token_malformed,
            Problem::BotTokenRejected => self.connection.token_rejected,
            Problem::BotTokenFromEnvironment => self.connection.token_from_env,
            Problem::TelegramFailed => self.connection.telegram_failed,
            Problem::NotWebhookMode => self.connection.not_webhook,
            Problem::NoBotToken => self.connection.no_token,
            Problem::LoginUsernameMissing => self.common.login_username_missing,
            Problem::LoginPasswordMissing => self.common.login_password_missing,
            Problem::WaitMinutesInvalid => self.account.wait_minutes_invalid,
        }
    }

    pub fn error(&self, e: &ApiError) -> String {
        let c = &self.common;
        match e {
            ApiError::Unauthorized => c.err_unauthorized.into(),
            ApiError::Forbidden => c.err_forbidden.into(),
            ApiError::InvalidCredentials => c.err_invalid_credentials.into(),
            ApiError::AccountDisabled => c.err_account_disabled.into(),
            ApiError::Throttled { retry_after_secs } => (c.err_throttled)(*retry_after_secs),
            ApiError::Invalid(p) => self.problem(*p).into(),
            ApiError::FaqInvalid(errors) => {
                errors.iter().map(|e| self.faq.field_error(e)).collect::<Vec<_>>().join("; ")
            }
            ApiError::MenuInvalid(errors) => {
                errors.iter().map(|e| self.menus.field_error(e)).collect::<Vec<_>>().join("; ")
            }
            ApiError::CommandInvalid(errors) => {
                errors.iter().map(|e| self.commands.field_error(e)).collect::<Vec<_>>().join("; ")
            }
            ApiError::SettingsInvalid(errors) => {
                errors.iter().map(|e| self.texts.setting_error(e)).collect::<Vec<_>>().join("; ")
            }
            ApiError::TextInvalid(problems) => {
                problems.iter().map(|p| (self.texts.text_problem)(p)).collect::<Vec<_>>().join("; ")
            }
            ApiError::FileInvalid { name, problem } => (self.inbox.file_problem)(name, problem),
            ApiError::NotFound => c.err_not_found.into(),
            ApiError::Conflict(Conflict::FaqChanged { current }) => (self.faq.changed_meanwhile)(*current),
            ApiError::Conflict(Conflict::FaqInUse { menus }) => (self.faq.in_use)(menus),
            ApiError::Conflict(Conflict::FaqNotArchived) => self.faq.not_archived.into(),
            ApiError::Conflict(Conflict::MenuChanged { current }) => (self.menus.changed_meanwhile)(*current),
            ApiError::Conflict(Conflict::MenuInUse { buttons }) => (self.menus.in_use)(buttons),
            ApiError::Conflict(Conflict::MenuIsMain) => self.menus.is_main.into(),
            ApiError::Conflict(Conflict::CommandChanged { current }) => (self.commands.changed_meanwhile)(*current),
            ApiError::Conflict(Conflict::CommandBuiltin) => self.commands.builtin_not_deleted.into(),
            ApiError::Conflict(conflict) => self.inbox.conflict(conflict),
            ApiError::Internal => c.err_internal.into(),
            ApiError::Transport(_) => c.err_transport.into(),
        }
    }
}

/// Whole days, hours and minutes of a duration in seconds.
pub(crate) fn dhm(secs: u64) -> (u64, u64, u64) {
    let mins = secs / 60;
    (mins / 1440, mins % 1440 / 60, mins % 60)
}

/// Minutes to wait, rounded up, never zero.
pub(crate) fn minutes_ceil(secs: u64) -> u64 {
    secs.div_ceil(60).max(1)
}

#[derive(Clone, Copy)]
pub struct I18n(pub Lang);

/// The current language's catalogue.
pub fn t() -> &'static Catalogue {
    use_context::<I18n>().map(|i| i.0).unwrap_or_default().catalogue()
}

pub fn current_lang() -> Lang {
    use_context::<I18n>().map(|i| i.0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_highest_supported() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,ru;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de-DE,ru;q=0.5,en;q=0.4"), Some(Lang::Ru));
        assert_eq!(Lang::from_accept_language("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_accept_language("de,fr"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn throttle_minutes_round_up() {
        assert_eq!(minutes_ceil(1), 1);
        assert_eq!(minutes_ceil(60), 1);
        assert_eq!(minutes_ceil(61), 2);
        assert_eq!(minutes_ceil(0), 1);
    }

    #[test]
    fn durations_read_naturally() {
        let en = Lang::En.catalogue();
        assert_eq!((en.inbox.duration)(5 * 60 + 59), "5 min");
        assert_eq!((en.inbox.duration)(2 * 3600 + 3 * 60), "2 h 3 min");
        assert_eq!((en.inbox.duration)(2 * 3600), "2 h");
        assert_eq!((en.inbox.duration)(3 * 86400 + 4 * 3600 + 5 * 60), "3 d 4 h");
        let ru = Lang::Ru.catalogue();
        assert_eq!((ru.inbox.duration)(2 * 3600 + 3 * 60), "2 ч 3 мин");
    }

    #[test]
    fn days_are_named() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let en = Lang::En.catalogue();
        assert_eq!(en.inbox.day(d(2026, 11, 23), d(2026, 11, 23)), "Today");
        assert_eq!(en.inbox.day(d(2026, 11, 22), d(2026, 11, 23)), "Yesterday");
        assert_eq!(en.inbox.day(d(2026, 3, 2), d(2026, 11, 23)), "March 2");
        assert_eq!(en.inbox.day(d(2025, 3, 2), d(2026, 11, 23)), "March 2, 2025");
        let ru = Lang::Ru.catalogue();
        assert_eq!(ru.inbox.day(d(2026, 3, 2), d(2026, 11, 23)), "2 марта");
        assert_eq!(ru.inbox.day(d(2025, 3, 2), d(2026, 11, 23)), "2 марта 2025");
    }

    #[test]
    fn catalogues_differ_and_are_filled() {
        for lang in Lang::ALL {
            let c = lang.catalogue();
            assert!(!c.app_name.is_empty());
            assert!((c.err_throttled)(125).contains('3'), "{lang:?}");
            for action in types::LogAction::ALL {
                assert!(!(c.logs.action_label)(*action).is_empty(), "{lang:?} {action}");
            }
            assert_eq!((c.inbox.duration)(0), c.inbox.less_than_minute);
            assert!(c.inbox.system_line("assigned:Olga", Some("Anna")).contains("Olga"));
            assert!(c.inbox.system_line("rated 4/5", None).contains("4/5"));
            assert_eq!(c.inbox.system_line("something_new", None), "something_new");
            assert_ne!((c.inbox.kind_label)("photo"), (c.inbox.kind_label)("document"));
        }
        assert_ne!(Lang::Ru.catalogue().login_submit, Lang::En.catalogue().login_submit);
    }
}
