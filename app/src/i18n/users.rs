//! The Users page (`tr.users.…`) and the problems of its forms.

pub struct Users {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub new: &'static str,
    pub empty: &'static str,

    pub col_username: &'static str,
    pub col_name: &'static str,
    pub col_role: &'static str,
    pub col_status: &'static str,
    pub col_last_login: &'static str,
    pub col_telegram: &'static str,
    pub telegram_linked: &'static str,
    pub telegram_not_linked: &'static str,
    pub col_created: &'static str,
    pub status_active: &'static str,
    pub status_inactive: &'static str,
    pub never: &'static str,

    pub deactivate: &'static str,
    pub reactivate: &'static str,
    pub reset_password: &'static str,

    pub create_title: &'static str,
    pub edit_title: fn(&str) -> String,
    pub field_username: &'static str,
    pub field_username_hint: &'static str,
    pub field_display_name: &'static str,
    pub field_role: &'static str,
    pub field_password: &'static str,
    pub field_password_hint: &'static str,

    pub password_issued_title: &'static str,
    pub password_issued_text: fn(&str) -> String,
    pub confirm_deactivate: fn(&str) -> String,
    pub confirm_reset: fn(&str) -> String,
    pub created: fn(&str) -> String,
    pub updated: fn(&str) -> String,
    pub deactivated: fn(&str) -> String,
    pub reactivated: fn(&str) -> String,

    pub username_invalid: &'static str,
    pub username_taken: &'static str,
    pub display_name_invalid: &'static str,
    pub last_admin: &'static str,
    pub own_account: &'static str,
}

// Russian
pub(super) const RU: Users = Users {
    title: "Пользователи",
    subtitle: "Сотрудники с доступом к админке: администраторы настраивают всё, операторы отвечают клиентам.",
    new: "Новый пользователь",
    empty: "Пользователей пока нет.",

    col_username: "Логин",
    col_name: "Имя",
    col_role: "Роль",
    col_status: "Статус",
    col_last_login: "Последний вход",
    col_telegram: "Telegram",
    telegram_linked: "Привязан",
    telegram_not_linked: "Не привязан",
    col_created: "Создан",
    status_active: "Активен",
    status_inactive: "Отключён",
    never: "не входил",

    deactivate: "Отключить",
    reactivate: "Включить",
    reset_password: "Сбросить пароль",

    create_title: "Новый пользователь",
    edit_title: |u| format!("Изменение: {u}"),
    field_username: "Логин",
    field_username_hint: "Для входа. Латинские буквы, цифры, точка, дефис, подчёркивание.",
    field_display_name: "Имя",
    field_role: "Роль",
    field_password: "Пароль",
    field_password_hint: "Не короче 10 символов. Оставьте пустым, чтобы создать надёжный пароль автоматически.",

    password_issued_title: "Пароль",
    password_issued_text: |u| {
        format!("Пароль для {u}. Он показывается только один раз: передайте его безопасным способом сейчас.")
    },
    confirm_deactivate: |u| {
        format!("Отключить {u}? Пользователь сразу выйдет из системы и не сможет войти, пока его не включат.")
    },
    confirm_reset: |u| {
        format!("Сбросить пароль {u}? Текущий пароль перестанет действовать, все сеансы пользователя завершатся.")
    },
    created: |u| format!("Пользователь {u} создан."),
    updated: |u| format!("Пользователь {u} сохранён."),
    deactivated: |u| format!("Пользователь {u} отключён."),
    reactivated: |u| format!("Пользователь {u} включён."),

    username_invalid: "От 3 до 32 символов: латинские буквы, цифры, точка, дефис или подчёркивание; начинается с буквы или цифры.",
    username_taken: "Такой логин уже занят.",
    display_name_invalid: "Введите имя длиной от 1 до 64 символов.",
    last_admin: "Это последний активный администратор: хотя бы один должен остаться.",
    own_account: "Нельзя отключить собственную учётную запись.",
};

// English
pub(super) const EN: Users = Users {
    title: "Users",
    subtitle: "Staff who can sign in to this admin: administrators configure everything, operators answer customers.",
    new: "New user",
    empty: "No users yet.",

    col_username: "Username",
    col_name: "Name",
    col_role: "Role",
    col_status: "Status",
    col_last_login: "Last sign-in",
    col_telegram: "Telegram",
    telegram_linked: "Linked",
    telegram_not_linked: "Not linked",
    col_created: "Created",
    status_active: "Active",
    status_inactive: "Deactivated",
    never: "never",

    deactivate: "Deactivate",
    reactivate: "Reactivate",
    reset_password: "Reset password",

    create_title: "New user",
    edit_title: |u| format!("Edit {u}"),
    field_username: "Username",
    field_username_hint: "Used to sign in. Latin letters, digits, dot, dash, underscore.",
    field_display_name: "Name",
    field_role: "Role",
    field_password: "Password",
    field_password_hint: "At least 10 characters. Leave empty to generate a strong one.",

    password_issued_title: "Password",
    password_issued_text: |u| format!("The password for {u}. It is shown only once: pass it on securely now."),
    confirm_deactivate: |u| format!("Deactivate {u}? They are signed out at once and can't sign in until reactivated."),
    confirm_reset: |u| {
        format!("Reset the password of {u}? Their current password stops working and they are signed out everywhere.")
    },
    created: |u| format!("User {u} created."),
    updated: |u| format!("User {u} saved."),
    deactivated: |u| format!("User {u} deactivated."),
    reactivated: |u| format!("User {u} reactivated."),

    username_invalid: "3–32 characters: Latin letters, digits, dot, dash or underscore; starting with a letter or digit.",
    username_taken: "This username is already taken.",
    display_name_invalid: "Enter a name of 1–64 characters.",
    last_admin: "This is the last active administrator: there must always be one.",
    own_account: "You can't deactivate your own account.",
};
