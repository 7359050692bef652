//! Every user-visible string of the web UI, one catalogue per language.
//!
//! A catalogue is a struct, so a string missing from one language is a compile error, not a blank
//! on screen. The language comes from the user's setting (mirrored into the `lang` cookie at login),
//! else the browser's Accept-Language, else Russian; the server renders it into `<html lang>` and the
//! browser reads it back from there when it hydrates, so both sides always agree.

mod en;
mod ru;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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
            if let Some(lang) = Lang::parse(primary) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l)
    }

    pub fn catalogue(self) -> &'static Catalogue {
        match self {
            Lang::Ru => &ru::RU,
            Lang::En => &en::EN,
        }
    }
}

/// The strings of one language. Functions are used where a value is spliced in.
pub struct Catalogue {
    pub app_name: &'static str,
    pub lang_name: &'static str,
    pub skip_to_content: &'static str,
    pub toggle_nav: &'static str,
    pub sign_out: &'static str,
    pub loading: &'static str,
    pub you: &'static str,

    pub nav_inbox: &'static str,
    pub nav_bot: &'static str,
    pub nav_faq: &'static str,
    pub nav_menus: &'static str,
    pub nav_commands: &'static str,
    pub nav_texts: &'static str,
    pub nav_admin: &'static str,
    pub nav_users: &'static str,
    pub nav_logs: &'static str,
    pub nav_stats: &'static str,
    pub nav_account: &'static str,

    pub login_title: &'static str,
    pub login_subtitle: &'static str,
    pub login_username: &'static str,
    pub login_password: &'static str,
    pub login_submit: &'static str,
    pub login_busy: &'static str,

    pub err_unauthorized: &'static str,
    pub err_forbidden: &'static str,
    pub err_invalid_credentials: &'static str,
    pub err_account_disabled: &'static str,
    pub err_throttled: fn(u64) -> String,
    pub err_not_found: &'static str,
    pub err_internal: &'static str,
    pub err_transport: &'static str,

    pub p_username_invalid: &'static str,
    pub p_username_taken: &'static str,
    pub p_display_name_invalid: &'static str,
    pub p_password_too_short: &'static str,
    pub p_password_too_long: &'static str,
    pub p_passwords_differ: &'static str,
    pub p_current_password_wrong: &'static str,
    pub p_last_admin: &'static str,
    pub p_own_account: &'static str,
    pub p_language_invalid: &'static str,
    pub p_text_empty: &'static str,
    pub p_text_too_long: &'static str,
    pub p_canned_title_invalid: &'static str,
    pub p_canned_shortcut_invalid: &'static str,
    pub p_canned_shortcut_taken: &'static str,
    pub p_canned_text_invalid: &'static str,
    pub p_staff_invalid: &'static str,
    pub c_not_open: &'static str,
    pub c_not_resolved: &'static str,
    pub c_customer_blocked: &'static str,
    pub c_nothing_to_retry: &'static str,
    pub c_already_taken: fn(&str) -> String,
    pub c_newer_conversation: fn(i64) -> String,

    pub role_admin: &'static str,
    pub role_operator: &'static str,

    pub not_built_badge: &'static str,
    pub not_built_title: &'static str,
    pub inbox_title: &'static str,
    pub inbox_not_built: &'static str,
    pub faq_title: &'static str,
    pub faq_not_built: &'static str,
    pub menus_title: &'static str,
    pub menus_not_built: &'static str,
    pub commands_title: &'static str,
    pub commands_not_built: &'static str,
    pub texts_title: &'static str,
    pub texts_not_built: &'static str,
    pub stats_title: &'static str,
    pub stats_not_built: &'static str,

    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub retry: &'static str,

    pub users_title: &'static str,
    pub users_subtitle: &'static str,
    pub users_new: &'static str,
    pub users_empty: &'static str,
    pub col_username: &'static str,
    pub col_name: &'static str,
    pub col_role: &'static str,
    pub col_status: &'static str,
    pub col_last_login: &'static str,
    pub col_created: &'static str,
    pub col_actions: &'static str,
    pub status_active: &'static str,
    pub status_inactive: &'static str,
    pub never: &'static str,
    pub action_edit: &'static str,
    pub action_deactivate: &'static str,
    pub action_reactivate: &'static str,
    pub action_reset_password: &'static str,

    pub user_create_title: &'static str,
    pub user_edit_title: fn(&str) -> String,
    pub field_username: &'static str,
    pub field_username_hint: &'static str,
    pub field_display_name: &'static str,
    pub field_role: &'static str,
    pub field_password: &'static str,
    pub field_password_hint: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,
    pub create: &'static str,
    pub close: &'static str,
    pub confirm: &'static str,

    pub password_issued_title: &'static str,
    pub password_issued_text: fn(&str) -> String,
    pub copy: &'static str,
    pub copied: &'static str,
    pub confirm_deactivate: fn(&str) -> String,
    pub confirm_reset: fn(&str) -> String,
    pub user_created: fn(&str) -> String,
    pub user_updated: fn(&str) -> String,
    pub user_deactivated: fn(&str) -> String,
    pub user_reactivated: fn(&str) -> String,

    pub account_title: &'static str,
    pub account_profile: &'static str,
    pub account_language: &'static str,
    pub account_language_hint: &'static str,
    pub lang_auto: &'static str,
    pub language_saved: &'static str,
    pub change_password_title: &'static str,
    pub change_password_hint: &'static str,
    pub field_current_password: &'static str,
    pub field_new_password: &'static str,
    pub field_confirm_password: &'static str,
    pub change_password_submit: &'static str,
    pub password_changed: &'static str,

    pub logs_title: &'static str,
    pub logs_subtitle: &'static str,
    pub logs_empty: &'static str,
    pub col_time: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_target: &'static str,
    pub col_details: &'static str,
    pub col_ip: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub page_info: fn(u64, u64, u64) -> String,
    pub action_label: fn(&str) -> Option<&'static str>,
}

impl Catalogue {
    pub fn role(&self, role: crate::model::Role) -> &'static str {
        match role {
            crate::model::Role::Admin => self.role_admin,
            crate::model::Role::Operator => self.role_operator,
        }
    }

    pub fn problem(&self, p: Problem) -> &'static str {
        match p {
            Problem::UsernameInvalid => self.p_username_invalid,
            Problem::UsernameTaken => self.p_username_taken,
            Problem::DisplayNameInvalid => self.p_display_name_invalid,
            Problem::PasswordTooShort => self.p_password_too_short,
            Problem::PasswordTooLong => self.p_password_too_long,
            Problem::PasswordsDiffer => self.p_passwords_differ,
            Problem::CurrentPasswordWrong => self.p_current_password_wrong,
            Problem::LastAdmin => self.p_last_admin,
            Problem::OwnAccount => self.p_own_account,
            Problem::LanguageInvalid => self.p_language_invalid,
            Problem::TextEmpty => self.p_text_empty,
            Problem::TextTooLong => self.p_text_too_long,
            Problem::CannedTitleInvalid => self.p_canned_title_invalid,
            Problem::CannedShortcutInvalid => self.p_canned_shortcut_invalid,
            Problem::CannedShortcutTaken => self.p_canned_shortcut_taken,
            Problem::CannedTextInvalid => self.p_canned_text_invalid,
            Problem::StaffInvalid => self.p_staff_invalid,
        }
    }

    pub fn conflict(&self, c: &Conflict) -> String {
        match c {
            Conflict::AlreadyTaken { by } => (self.c_already_taken)(by),
            Conflict::NotOpen => self.c_not_open.into(),
            Conflict::NotResolved => self.c_not_resolved.into(),
            Conflict::CustomerBlocked => self.c_customer_blocked.into(),
            Conflict::NewerConversation { id } => (self.c_newer_conversation)(*id),
            Conflict::NothingToRetry => self.c_nothing_to_retry.into(),
        }
    }

    pub fn error(&self, e: &ApiError) -> String {
        match e {
            ApiError::Unauthorized => self.err_unauthorized.into(),
            ApiError::Forbidden => self.err_forbidden.into(),
            ApiError::InvalidCredentials => self.err_invalid_credentials.into(),
            ApiError::AccountDisabled => self.err_account_disabled.into(),
            ApiError::Throttled { retry_after_secs } => (self.err_throttled)(*retry_after_secs),
            ApiError::Invalid(p) => self.problem(*p).into(),
            ApiError::NotFound => self.err_not_found.into(),
            ApiError::Conflict(c) => self.conflict(c),
            ApiError::Internal => self.err_internal.into(),
            ApiError::Transport(_) => self.err_transport.into(),
        }
    }
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
    fn catalogues_differ_and_are_filled() {
        for lang in Lang::ALL {
            let c = lang.catalogue();
            assert!(!c.app_name.is_empty());
            assert!((c.err_throttled)(125).contains('3'), "{lang:?}");
            assert_eq!((c.action_label)("user.create").is_some(), true);
        }
        assert_ne!(Lang::Ru.catalogue().login_submit, Lang::En.catalogue().login_submit);
    }
}
