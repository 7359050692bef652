//! The audit log page (`tr.logs.…`).

pub struct Logs {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub empty: &'static str,

    pub col_time: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_target: &'static str,
    pub col_details: &'static str,
    pub col_ip: &'static str,
    pub action_label: fn(&str) -> Option<&'static str>,
}

// Russian
pub(super) const RU: Logs = Logs {
    title: "Журнал",
    subtitle: "Все действия сотрудников и системы, сначала новые: кто, что и когда сделал.",
    empty: "В журнале пока ничего нет.",

    col_time: "Время",
    col_actor: "Кто",
    col_action: "Действие",
    col_target: "Объект",
    col_details: "Подробности",
    col_ip: "Адрес",
    action_label: |code| {
        Some(match code {
            "auth.login" => "Вход",
            "auth.logout" => "Выход",
            "auth.login_failed" => "Неудачный вход",
            "auth.password_changed" => "Сменил свой пароль",
            "auth.language_changed" => "Сменил язык интерфейса",
            "user.create" => "Создал пользователя",
            "user.update" => "Изменил пользователя",
            "user.deactivate" => "Отключил пользователя",
            "user.reactivate" => "Включил пользователя",
            "user.reset_password" => "Сбросил пароль",
            "system.first_admin" => "Создан первый администратор",
            "cli.create_user" => "Пользователь создан из командной строки",
            "conversation.take" => "Взял диалог в работу",
            "conversation.assign" => "Назначил диалог",
            "conversation.release" => "Вернул диалог в очередь",
            "conversation.reply" => "Ответил клиенту",
            "conversation.note" => "Добавил внутреннюю заметку",
            "conversation.retry" => "Повторно отправил ответ",
            "conversation.resolve" => "Закрыл диалог",
            "conversation.reopen" => "Открыл диалог снова",
            "canned.create" => "Создал шаблон ответа",
            "canned.update" => "Изменил шаблон ответа",
            "canned.delete" => "Удалил шаблон ответа",
            _ => return None,
        })
    },
};

// English
pub(super) const EN: Logs = Logs {
    title: "Logs",
    subtitle: "Every action of staff and of the system, newest first: who did what, and when.",
    empty: "Nothing has been logged yet.",

    col_time: "Time",
    col_actor: "Who",
    col_action: "Action",
    col_target: "Target",
    col_details: "Details",
    col_ip: "Address",
    action_label: |code| {
        Some(match code {
            "auth.login" => "Signed in",
            "auth.logout" => "Signed out",
            "auth.login_failed" => "Failed sign-in",
            "auth.password_changed" => "Changed own password",
            "auth.language_changed" => "Changed interface language",
            "user.create" => "Created user",
            "user.update" => "Edited user",
            "user.deactivate" => "Deactivated user",
            "user.reactivate" => "Reactivated user",
            "user.reset_password" => "Reset password",
            "system.first_admin" => "Created the first admin",
            "cli.create_user" => "Created user from the command line",
            "conversation.take" => "Took a conversation",
            "conversation.assign" => "Assigned a conversation",
            "conversation.release" => "Returned a conversation to the queue",
            "conversation.reply" => "Replied to a customer",
            "conversation.note" => "Added an internal note",
            "conversation.retry" => "Resent a reply",
            "conversation.resolve" => "Resolved a conversation",
            "conversation.reopen" => "Reopened a conversation",
            "canned.create" => "Created a canned response",
            "canned.update" => "Edited a canned response",
            "canned.delete" => "Deleted a canned response",
            _ => return None,
        })
    },
};
