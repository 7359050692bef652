//! Strings every area shares: the shell (navigation, sign-in, placeholders for areas not built
//! yet), generic errors, roles and the buttons and labels of the UI kit (save, cancel, the pager…).
//!
//! [`super::Catalogue`] dereferences to this, so they read `tr.save`, `tr.app_name`.

use super::minutes_ceil;

pub struct Common {
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
    pub nav_simulator: &'static str,
    pub nav_canned: &'static str,
    pub nav_connection: &'static str,
    pub nav_admin: &'static str,
    pub nav_users: &'static str,
    pub nav_logs: &'static str,
    pub nav_stats: &'static str,
    pub nav_account: &'static str,

    pub login_title: &'static str,
    pub login_subtitle: &'static str,
    pub login_username: &'static str,
    pub login_password: &'static str,
    pub login_username_missing: &'static str,
    pub login_password_missing: &'static str,
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

    pub role_admin: &'static str,
    pub role_operator: &'static str,

    pub not_built_badge: &'static str,
    pub not_built_title: &'static str,
    pub faq_title: &'static str,
    pub menus_title: &'static str,
    pub commands_title: &'static str,
    pub texts_title: &'static str,
    pub stats_title: &'static str,
    pub stats_not_built: &'static str,

    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,

    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,
    pub create: &'static str,
    pub close: &'static str,
    pub confirm: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub retry: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    pub actions: &'static str,
    pub none: &'static str,

    /// The pager's name for screen readers.
    pub pages_label: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub page_info: fn(u64, u64, u64) -> String,
}

impl Common {
    pub fn role(&self, role: crate::model::Role) -> &'static str {
        match role {
            crate::model::Role::Admin => self.role_admin,
            crate::model::Role::Operator => self.role_operator,
        }
    }
}

// Russian
pub(super) const RU: Common = Common {
    app_name: "Support Bot",
    lang_name: "Русский",
    skip_to_content: "К содержимому",
    toggle_nav: "Меню",
    sign_out: "Выйти",
    loading: "Загрузка…",
    you: "вы",

    nav_inbox: "Входящие",
    nav_bot: "Бот",
    nav_faq: "Вопросы и ответы",
    nav_menus: "Меню",
    nav_commands: "Команды",
    nav_texts: "Тексты и настройки",
    nav_simulator: "Симулятор",
    nav_canned: "Шаблоны ответов",
    nav_connection: "Подключение",
    nav_admin: "Администрирование",
    nav_users: "Пользователи",
    nav_logs: "Журнал",
    nav_stats: "Статистика",
    nav_account: "Мой профиль",

    login_title: "Вход",
    login_subtitle: "Вход для сотрудников поддержки",
    login_username: "Логин",
    login_password: "Пароль",
    login_username_missing: "Введите логин.",
    login_password_missing: "Введите пароль.",
    login_submit: "Войти",
    login_busy: "Входим…",

    err_unauthorized: "Сеанс завершён. Войдите снова.",
    err_forbidden: "У вас нет доступа к этому.",
    err_invalid_credentials: "Неверный логин или пароль.",
    err_account_disabled: "Учётная запись отключена. Попросите администратора включить её.",
    err_throttled: |secs| {
        let m = minutes_ceil(secs);
        format!("Слишком много неудачных попыток входа. Повторите через {m} мин.")
    },
    err_not_found: "Не найдено: возможно, запись удалена.",
    err_internal: "На сервере произошла ошибка. Ничего не изменилось — попробуйте ещё раз.",
    err_transport: "Сервер недоступен. Проверьте соединение и попробуйте ещё раз.",

    role_admin: "Администратор",
    role_operator: "Оператор",

    not_built_badge: "Скоро",
    not_built_title: "Раздел ещё не готов",
    faq_title: "Вопросы и ответы",
    menus_title: "Меню",
    commands_title: "Команды",
    texts_title: "Тексты и настройки",
    stats_title: "Статистика",
    stats_not_built: "Статистика обращений, ответов и оценок ещё не готова.",

    forbidden_title: "Нет доступа",
    forbidden_text: "Эта страница для администраторов. Если вам здесь что-то нужно, обратитесь к администратору.",
    not_found_title: "Страница не найдена",
    not_found_text: "По этому адресу ничего нет.",
    back_home: "На главную",

    save: "Сохранить",
    saving: "Сохраняем…",
    cancel: "Отмена",
    create: "Создать",
    close: "Закрыть",
    confirm: "Подтвердить",
    copy: "Копировать",
    copied: "Скопировано",
    retry: "Повторить",
    edit: "Изменить",
    delete: "Удалить",
    actions: "Действия",
    none: "—",

    pages_label: "Страницы",
    prev: "Назад",
    next: "Вперёд",
    page_info: |page, pages, total| format!("Страница {page} из {pages} · записей: {total}"),
};

// English
pub(super) const EN: Common = Common {
    app_name: "Support Bot",
    lang_name: "English",
    skip_to_content: "Skip to content",
    toggle_nav: "Menu",
    sign_out: "Sign out",
    loading: "Loading…",
    you: "you",

    nav_inbox: "Inbox",
    nav_bot: "Bot",
    nav_faq: "FAQ",
    nav_menus: "Menus",
    nav_commands: "Commands",
    nav_texts: "Texts & settings",
    nav_simulator: "Simulator",
    nav_canned: "Canned responses",
    nav_connection: "Connection",
    nav_admin: "Administration",
    nav_users: "Users",
    nav_logs: "Logs",
    nav_stats: "Stats",
    nav_account: "My account",

    login_title: "Sign in",
    login_subtitle: "Staff access to the support admin",
    login_username: "Username",
    login_password: "Password",
    login_username_missing: "Enter your username.",
    login_password_missing: "Enter your password.",
    login_submit: "Sign in",
    login_busy: "Signing in…",

    err_unauthorized: "Your session has ended. Please sign in again.",
    err_forbidden: "You don't have access to this.",
    err_invalid_credentials: "Wrong username or password.",
    err_account_disabled: "This account is deactivated. Ask an administrator to reactivate it.",
    err_throttled: |secs| {
        let m = minutes_ceil(secs);
        format!("Too many failed sign-in attempts. Try again in {m} min.")
    },
    err_not_found: "Not found: it may have been deleted.",
    err_internal: "Something went wrong on the server. Nothing was changed; please try again.",
    err_transport: "The server could not be reached. Check your connection and try again.",

    role_admin: "Admin",
    role_operator: "Operator",

    not_built_badge: "Coming soon",
    not_built_title: "Not built yet",
    faq_title: "FAQ",
    menus_title: "Menus",
    commands_title: "Commands",
    texts_title: "Texts & settings",
    stats_title: "Stats",
    stats_not_built: "Statistics about conversations, answers and ratings are not built yet.",

    forbidden_title: "No access",
    forbidden_text: "This page is for administrators. Ask an administrator if you need something here.",
    not_found_title: "Page not found",
    not_found_text: "There is no page at this address.",
    back_home: "Back to the start",

    save: "Save",
    saving: "Saving…",
    cancel: "Cancel",
    create: "Create",
    close: "Close",
    confirm: "Confirm",
    copy: "Copy",
    copied: "Copied",
    retry: "Retry",
    edit: "Edit",
    delete: "Delete",
    actions: "Actions",
    none: "—",

    pages_label: "Pages",
    prev: "Previous",
    next: "Next",
    page_info: |page, pages, total| format!("Page {page} of {pages} · {total} entries"),
};
