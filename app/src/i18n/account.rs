//! My account (`tr.account.…`): profile, interface language, password change, and their problems.

pub struct Account {
    pub title: &'static str,
    pub profile: &'static str,
    pub language: &'static str,
    pub language_hint: &'static str,
    pub lang_auto: &'static str,
    pub language_saved: &'static str,

    pub change_password_title: &'static str,
    pub change_password_hint: &'static str,
    pub field_current_password: &'static str,
    pub field_new_password: &'static str,
    pub field_confirm_password: &'static str,
    pub change_password_submit: &'static str,
    pub password_changed: &'static str,

    pub password_too_short: &'static str,
    pub password_too_long: &'static str,
    pub passwords_differ: &'static str,
    pub current_password_wrong: &'static str,
    pub language_invalid: &'static str,
}

// Russian
pub(super) const RU: Account = Account {
    title: "Мой профиль",
    profile: "Профиль",
    language: "Язык интерфейса",
    language_hint: "Только для админки; клиенты получают бота на своём языке.",
    lang_auto: "Как в браузере",
    language_saved: "Язык сохранён.",

    change_password_title: "Смена пароля",
    change_password_hint: "После смены пароля все остальные ваши сеансы завершатся.",
    field_current_password: "Текущий пароль",
    field_new_password: "Новый пароль",
    field_confirm_password: "Повторите новый пароль",
    change_password_submit: "Сменить пароль",
    password_changed: "Пароль изменён. Остальные сеансы завершены.",

    password_too_short: "Пароль должен быть не короче 10 символов.",
    password_too_long: "Пароль должен быть не длиннее 128 символов.",
    passwords_differ: "Пароли не совпадают.",
    current_password_wrong: "Текущий пароль введён неверно.",
    language_invalid: "Неизвестный язык.",
};

// English
pub(super) const EN: Account = Account {
    title: "My account",
    profile: "Profile",
    language: "Interface language",
    language_hint: "Applies to this admin only; customers get the bot in their own language.",
    lang_auto: "Same as the browser",
    language_saved: "Language saved.",

    change_password_title: "Change password",
    change_password_hint: "Changing the password signs you out on all other devices.",
    field_current_password: "Current password",
    field_new_password: "New password",
    field_confirm_password: "Repeat the new password",
    change_password_submit: "Change password",
    password_changed: "Password changed. Other sessions were signed out.",

    password_too_short: "The password must be at least 10 characters long.",
    password_too_long: "The password must be at most 128 characters long.",
    passwords_differ: "The passwords don't match.",
    current_password_wrong: "The current password is wrong.",
    language_invalid: "Unknown language.",
};
