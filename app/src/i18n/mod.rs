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
    pub nav_canned: &'static str,
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

    // The inbox: list
    pub tab_waiting: &'static str,
    pub tab_mine: &'static str,
    pub tab_open: &'static str,
    pub tab_resolved: &'static str,
    pub tabs_label: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub empty_waiting: &'static str,
    pub empty_mine: &'static str,
    pub empty_open: &'static str,
    pub empty_resolved: &'static str,
    pub search_nothing: fn(&str) -> String,
    pub list_truncated: fn(u64) -> String,
    pub list_label: &'static str,
    pub preview_bot: &'static str,
    pub preview_operator: &'static str,
    pub unread: fn(u64) -> String,
    pub waiting_for: fn(&str) -> String,
    pub unassigned: &'static str,
    pub less_than_minute: &'static str,
    /// Whole minutes as "5 min", "2 h 3 min", "3 d 4 h".
    pub duration: fn(u64) -> String,
    pub status_bot: &'static str,
    pub status_waiting: &'static str,
    pub status_assigned: &'static str,
    pub status_resolved: &'static str,
    pub live_connecting: &'static str,
    pub live_connected: &'static str,
    pub live_reconnecting: &'static str,
    pub live_connected_hint: &'static str,
    pub live_reconnecting_hint: &'static str,
    pub alerts_toggle: &'static str,
    pub alerts_on: &'static str,
    pub alerts_off: &'static str,
    pub alerts_denied: &'static str,
    pub notify_title: &'static str,
    pub notify_body: fn(u64) -> String,
    pub today: &'static str,
    pub yesterday: &'static str,
    /// Month names as they follow a day number ("23 ноября", "November 23").
    pub months: [&'static str; 12],
    /// A date: the day, the month's name, and the year when it is not this year.
    pub date: fn(u32, &'static str, Option<i32>) -> String,

    // The inbox: conversation
    pub choose_conversation: &'static str,
    pub choose_conversation_text: &'static str,
    pub back_to_list: &'static str,
    pub conversation_no: fn(i64) -> String,
    pub action_take: &'static str,
    pub action_resolve: &'static str,
    pub action_reopen: &'static str,
    pub action_release: &'static str,
    pub assign_to: &'static str,
    pub assigned_to: fn(&str) -> String,
    pub toast_taken: &'static str,
    pub toast_resolved: &'static str,
    pub toast_reopened: &'static str,
    pub toast_released: &'static str,
    pub toast_assigned: fn(&str) -> String,
    pub read_only_assigned: fn(&str) -> String,
    pub read_only_bot: &'static str,
    pub read_only: &'static str,
    pub sender_customer: &'static str,
    pub sender_bot: &'static str,
    pub faq_prefix: &'static str,
    pub internal_note: &'static str,
    pub edited: &'static str,
    pub history_label: &'static str,
    pub load_earlier: &'static str,
    pub history_empty: &'static str,
    pub open_file: &'static str,
    pub download: &'static str,
    pub show_on_map: &'static str,
    /// A message kind's label: photo, document, voice…
    pub kind_label: fn(&str) -> &'static str,
    pub sys_handed_off: &'static str,
    pub sys_taken: fn(Option<&str>) -> String,
    pub sys_released: fn(Option<&str>) -> String,
    pub sys_reopened: fn(Option<&str>) -> String,
    pub sys_resolved: fn(Option<&str>) -> String,
    pub sys_assigned: fn(&str, Option<&str>) -> String,
    pub sys_rated: fn(&str) -> String,
    pub sys_customer_blocked: &'static str,
    pub delivery_sending: &'static str,
    pub delivery_retrying: fn(i32) -> String,
    pub delivery_sent: &'static str,
    pub delivery_failed: &'static str,
    pub not_sent: &'static str,
    pub discard: &'static str,
    pub retried: &'static str,

    // The inbox: composer
    pub mode_label: &'static str,
    pub mode_reply: &'static str,
    pub mode_note: &'static str,
    pub composer_label: &'static str,
    pub composer_reply_placeholder: &'static str,
    pub composer_note_placeholder: &'static str,
    pub composer_takes_hint: &'static str,
    pub composer_resolved: &'static str,
    pub composer_keys_hint: &'static str,
    pub send: &'static str,
    pub add_note: &'static str,
    pub canned_picker_label: &'static str,
    pub canned_picker_empty: &'static str,
    pub canned_picker_hint: &'static str,

    // The inbox: customer card
    pub card_title: &'static str,
    pub card_show: &'static str,
    pub card_hide: &'static str,
    pub card_username: &'static str,
    pub card_language: &'static str,
    pub card_first_seen: &'static str,
    pub card_last_seen: &'static str,
    pub card_source: &'static str,
    pub card_telegram_id: &'static str,
    pub card_blocked: &'static str,
    pub card_history: &'static str,
    pub card_no_history: &'static str,
    pub rating: fn(i16) -> String,
    pub none: &'static str,

    // Canned responses
    pub canned_title: &'static str,
    pub canned_subtitle: &'static str,
    pub canned_new: &'static str,
    pub canned_empty: &'static str,
    pub canned_create_title: &'static str,
    pub canned_edit_title: fn(&str) -> String,
    pub col_title: &'static str,
    pub col_shortcut: &'static str,
    pub col_text: &'static str,
    pub field_title: &'static str,
    pub field_shortcut: &'static str,
    pub field_shortcut_hint: &'static str,
    pub field_text: &'static str,
    pub action_delete: &'static str,
    pub canned_confirm_delete: fn(&str) -> String,
    pub canned_saved: fn(&str) -> String,
    pub canned_deleted: fn(&str) -> String,
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

    pub fn tab(&self, tab: crate::inbox::model::Tab) -> &'static str {
        use crate::inbox::model::Tab;
        match tab {
            Tab::Waiting => self.tab_waiting,
            Tab::Mine => self.tab_mine,
            Tab::Open => self.tab_open,
            Tab::Resolved => self.tab_resolved,
        }
    }

    pub fn status(&self, s: crate::inbox::model::ConvStatus) -> &'static str {
        use crate::inbox::model::ConvStatus;
        match s {
            ConvStatus::Bot => self.status_bot,
            ConvStatus::Waiting => self.status_waiting,
            ConvStatus::Assigned => self.status_assigned,
            ConvStatus::Resolved => self.status_resolved,
        }
    }

    /// A system line of the history from its code (see `MessageView::text`); `staff` is who
    /// caused it. Unknown codes are shown as they are.
    pub fn system_line(&self, code: &str, staff: Option<&str>) -> String {
        match code {
            "handed_off" => self.sys_handed_off.into(),
            "taken" => (self.sys_taken)(staff),
            "released" => (self.sys_released)(staff),
            "reopened" => (self.sys_reopened)(staff),
            "resolved" => (self.sys_resolved)(staff),
            "customer_blocked" => self.sys_customer_blocked.into(),
            _ => {
                if let Some(name) = code.strip_prefix("assigned:") {
                    (self.sys_assigned)(name, staff)
                } else if let Some(stars) = code.strip_prefix("rated ") {
                    (self.sys_rated)(stars)
                } else {
                    code.to_string()
                }
            }
        }
    }

    /// A calendar date as the inbox shows it: `today`, `yesterday`, or day and month (with the year
    /// when it is not the current one).
    pub fn day(&self, date: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        if date == today {
            return self.today.into();
        }
        if today.pred_opt() == Some(date) {
            return self.yesterday.into();
        }
        let year = (date.year() != today.year()).then_some(date.year());
        (self.date)(date.day(), self.months[date.month0() as usize], year)
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
        assert_eq!((en.duration)(5 * 60 + 59), "5 min");
        assert_eq!((en.duration)(2 * 3600 + 3 * 60), "2 h 3 min");
        assert_eq!((en.duration)(2 * 3600), "2 h");
        assert_eq!((en.duration)(3 * 86400 + 4 * 3600 + 5 * 60), "3 d 4 h");
        let ru = Lang::Ru.catalogue();
        assert_eq!((ru.duration)(2 * 3600 + 3 * 60), "2 ч 3 мин");
    }

    #[test]
    fn days_are_named() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let en = Lang::En.catalogue();
        assert_eq!(en.day(d(2026, 11, 23), d(2026, 11, 23)), "Today");
        assert_eq!(en.day(d(2026, 11, 22), d(2026, 11, 23)), "Yesterday");
        assert_eq!(en.day(d(2026, 3, 2), d(2026, 11, 23)), "March 2");
        assert_eq!(en.day(d(2025, 3, 2), d(2026, 11, 23)), "March 2, 2025");
        let ru = Lang::Ru.catalogue();
        assert_eq!(ru.day(d(2026, 3, 2), d(2026, 11, 23)), "2 марта");
        assert_eq!(ru.day(d(2025, 3, 2), d(2026, 11, 23)), "2 марта 2025");
    }

    #[test]
    fn catalogues_differ_and_are_filled() {
        for lang in Lang::ALL {
            let c = lang.catalogue();
            assert!(!c.app_name.is_empty());
            assert!((c.err_throttled)(125).contains('3'), "{lang:?}");
            assert_eq!((c.action_label)("user.create").is_some(), true);
            assert_eq!((c.action_label)("conversation.take").is_some(), true);
            assert_eq!((c.duration)(0), c.less_than_minute);
            assert!(c.system_line("assigned:Olga", Some("Anna")).contains("Olga"));
            assert!(c.system_line("rated 4/5", None).contains("4/5"));
            assert_eq!(c.system_line("something_new", None), "something_new");
            assert_ne!((c.kind_label)("photo"), (c.kind_label)("document"));
        }
        assert_ne!(Lang::Ru.catalogue().login_submit, Lang::En.catalogue().login_submit);
    }
}
