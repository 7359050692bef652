//! Bot → Texts & settings (`tr.texts.…`): the texts' names and what each is for, the settings'
//! names, the rules they break, working hours and what the thresholds do.

use crate::texts::model::{SettingError, SettingKey, SettingProblem, TextProblem};

pub struct Texts {
    pub subtitle: &'static str,
    pub tab_texts: &'static str,
    pub tab_settings: &'static str,
    // Texts.
    pub group: fn(&str) -> &'static str,
    pub key_label: fn(&str) -> &'static str,
    pub key_hint: fn(&str) -> &'static str,
    pub placeholders: &'static str,
    pub placeholder_hint: fn(&str) -> &'static str,
    pub russian: &'static str,
    pub english: &'static str,
    pub changed: &'static str,
    pub default_badge: &'static str,
    pub use_default: &'static str,
    pub preview: &'static str,
    pub text_saved: &'static str,
    pub updated_at: fn(&str) -> String,
    pub text_problem: fn(&TextProblem) -> String,
    // Settings.
    pub setting_name: fn(SettingKey) -> &'static str,
    pub problem: fn(&SettingProblem) -> String,
    pub stored_invalid: &'static str,
    pub settings_saved: &'static str,
    pub unsaved: &'static str,
    pub all_saved: &'static str,
    pub discard: &'static str,
    pub matcher_title: &'static str,
    pub matcher_hint: &'static str,
    pub threshold_high: &'static str,
    pub threshold_high_hint: &'static str,
    pub threshold_low: &'static str,
    pub threshold_low_hint: &'static str,
    pub impact_title: &'static str,
    pub impact_loading: &'static str,
    pub impact_none: &'static str,
    pub impact_saved: &'static str,
    pub impact_edited: &'static str,
    pub impact_change: &'static str,
    pub impact_of: fn(usize, bool) -> String,
    pub answered: &'static str,
    pub suggested: &'static str,
    pub handed_off: &'static str,
    pub outbox_title: &'static str,
    pub outbox_rate: &'static str,
    pub outbox_hint: &'static str,
    pub outbox_over_telegram: &'static str,
    pub hours_title: &'static str,
    pub hours_enabled: &'static str,
    pub hours_hint: &'static str,
    pub hours_always: &'static str,
    pub hours_open_now: &'static str,
    pub hours_closed_now: &'static str,
    pub hours_offset: &'static str,
    pub moscow: &'static str,
    pub day: &'static str,
    pub weekday: fn(usize) -> &'static str,
    pub hours_from_to: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub breaks: &'static str,
    pub break_from: &'static str,
    pub break_to: &'static str,
    pub add_break: &'static str,
    pub remove_break: &'static str,
    pub holidays: &'static str,
    pub holidays_hint: &'static str,
    pub add_holiday: &'static str,
    pub remove_holiday: &'static str,
}

impl Texts {
    /// "Working hours: Wednesday ends before it starts" — a setting's problem as one sentence.
    pub fn setting_error(&self, e: &SettingError) -> String {
        let mut s = format!("{}: {}", (self.setting_name)(e.key), (self.problem)(&e.problem));
        if let Some(v) = &e.stored {
            s.push_str(&format!(" («{v}»)"));
        }
        s
    }
}

const RU_DAYS: [&str; 7] = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"];
const EN_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn ru_problem(p: &SettingProblem) -> String {
    let day = |d: &u8| RU_DAYS.get(*d as usize).copied().unwrap_or("?");
    match p {
        SettingProblem::Malformed => "не то значение (ожидалось число или расписание)".into(),
        SettingProblem::OutOfRange { min, max } => format!("должно быть от {min} до {max}"),
        SettingProblem::LowNotBelowHigh => "порог «Может быть, вы имели в виду» должен быть ниже порога ответа".into(),
        SettingProblem::DayEndsBeforeStart { day: d } => format!("{}: конец раньше начала", day(d)),
        SettingProblem::BreakOutside { day: d, break_no } => {
            format!("{}: перерыв {break_no} не внутри рабочего времени (или кончается раньше, чем начинается)", day(d))
        }
        SettingProblem::BreaksOverlap { day: d } => format!("{}: перерывы пересекаются", day(d)),
        SettingProblem::TooManyBreaks { day: d, max } => format!("{}: больше {max} перерывов", day(d)),
        SettingProblem::HolidayInvalid { n } => format!("праздник {n} — не дата (ГГГГ-ММ-ДД)"),
        SettingProblem::TooManyHolidays { max } => format!("больше {max} праздников"),
        SettingProblem::OffsetInvalid => "такого часового пояса нет".into(),
    }
}

fn en_problem(p: &SettingProblem) -> String {
    let day = |d: &u8| EN_DAYS.get(*d as usize).copied().unwrap_or("?");
    match p {
        SettingProblem::Malformed => "not a valid value (a number or a timetable was expected)".into(),
        SettingProblem::OutOfRange { min, max } => format!("must be from {min} to {max}"),
        SettingProblem::LowNotBelowHigh => "the “did you mean” threshold must be below the answer threshold".into(),
        SettingProblem::DayEndsBeforeStart { day: d } => format!("{}: ends before it starts", day(d)),
        SettingProblem::BreakOutside { day: d, break_no } => {
            format!("{}: break {break_no} is not within working time (or ends before it starts)", day(d))
        }
        SettingProblem::BreaksOverlap { day: d } => format!("{}: breaks overlap", day(d)),
        SettingProblem::TooManyBreaks { day: d, max } => format!("{}: more than {max} breaks", day(d)),
        SettingProblem::HolidayInvalid { n } => format!("holiday {n} is not a date (YYYY-MM-DD)"),
        SettingProblem::TooManyHolidays { max } => format!("more than {max} holidays"),
        SettingProblem::OffsetInvalid => "no such time zone".into(),
    }
}

fn ru_label(key: &str) -> &'static str {
    match key {
        "greeting" => "Приветствие (/start)",
        "help" => "Справка (/help)",
        "suggest_intro" => "«Может быть, вы имели в виду»",
        "handoff" => "Передача оператору",
        "handoff_out_of_hours" => "Передача оператору в нерабочее время",
        "already_waiting" => "Вопрос уже у оператора",
        "media_to_operator" => "Файл или фото — оператору",
        "helped" => "Ответ помог",
        "button_helped" => "Кнопка «Помогло»",
        "button_not_helped" => "Кнопка «Не помогло»",
        "button_operator" => "Кнопка «Позвать оператора»",
        "button_back" => "Кнопка «Назад»",
        "rating_request" => "Просьба оценить",
        "rating_thanks" => "Спасибо за оценку",
        "button_gone" => "Кнопка больше не работает",
        "resolved" => "Обращение закрыто",
        "unknown_command" => "Неизвестная команда",
        _ => "Текст",
    }
}

fn en_label(key: &str) -> &'static str {
    match key {
        "greeting" => "Greeting (/start)",
        "help" => "Help (/help)",
        "suggest_intro" => "“Did you mean”",
        "handoff" => "Handing over to an operator",
        "handoff_out_of_hours" => "Handing over out of hours",
        "already_waiting" => "Already with an operator",
        "media_to_operator" => "A file or photo goes to an operator",
        "helped" => "The answer helped",
        "button_helped" => "“That helped” button",
        "button_not_helped" => "“Didn't help” button",
        "button_operator" => "“Talk to a person” button",
        "button_back" => "“Back” button",
        "rating_request" => "Asking for a rating",
        "rating_thanks" => "Thanks for the rating",
        "button_gone" => "A button that no longer works",
        "resolved" => "Request closed",
        "unknown_command" => "Unknown command",
        _ => "Text",
    }
}

fn ru_hint(key: &str) -> &'static str {
    match key {
        "greeting" => "Первое сообщение клиенту — по /start; под ним главное меню.",
        "help" => "Ответ на /help.",
        "suggest_intro" => "Над кнопками с похожими вопросами, когда бот не уверен в ответе.",
        "handoff" => "Когда разговор уходит оператору в рабочее время.",
        "handoff_out_of_hours" => "То же вне рабочих часов (см. вкладку «Настройки»).",
        "already_waiting" => "Когда клиент снова зовёт оператора, а вопрос уже в очереди.",
        "media_to_operator" => {
            "Когда клиент присылает фото, файл или голосовое: бот их не читает и передаёт оператору."
        }
        "helped" => "После нажатия «Помогло».",
        "button_helped" | "button_not_helped" => "Под каждым ответом FAQ.",
        "button_operator" => "Под «Может быть, вы имели в виду» и после «Не помогло».",
        "button_back" => "Ряд, который бот добавляет под подменю без своей кнопки «Назад».",
        "rating_request" => "Когда оператор закрыл обращение; под ним оценки от 1 до 5.",
        "rating_thanks" => "После оценки.",
        "button_gone" => "Когда клиент нажал кнопку удалённого меню или ответа; затем бот показывает главное меню.",
        "resolved" => "Когда обращение закрыто.",
        "unknown_command" => "На команду, которой у бота нет.",
        _ => "",
    }
}

fn en_hint(key: &str) -> &'static str {
    match key {
        "greeting" => "The first message to a customer, on /start; the main menu under it.",
        "help" => "The answer to /help.",
        "suggest_intro" => "Above the buttons of similar questions when the bot isn't sure.",
        "handoff" => "When the conversation goes to an operator during working hours.",
        "handoff_out_of_hours" => "The same outside working hours (see the Settings tab).",
        "already_waiting" => "When the customer asks for an operator again while already queued.",
        "media_to_operator" => {
            "When a customer sends a photo, file or voice message: the bot can't read it and passes it on."
        }
        "helped" => "After “That helped” is pressed.",
        "button_helped" | "button_not_helped" => "Under every FAQ answer.",
        "button_operator" => "Under “did you mean” and after “Didn't help”.",
        "button_back" => "The row the bot adds under a submenu without a “Back” button of its own.",
        "rating_request" => "When an operator closes the request; ratings 1 to 5 under it.",
        "rating_thanks" => "After a rating.",
        "button_gone" => "When a customer presses a button of a deleted menu or answer; then the main menu follows.",
        "resolved" => "When the request is closed.",
        "unknown_command" => "For a command the bot doesn't have.",
        _ => "",
    }
}

pub(super) const RU: Texts = Texts {
    subtitle: "Всё, что бот пишет клиентам, и как он работает: пороги ответов, скорость отправки, рабочие часы.",
    tab_texts: "Тексты",
    tab_settings: "Настройки",
    group: |g| match g {
        "conversation" => "Разговор",
        "handoff" => "Передача оператору",
        "rating" => "Оценка",
        "buttons" => "Кнопки",
        _ => "Другое",
    },
    key_label: ru_label,
    key_hint: ru_hint,
    placeholders: "Подстановки:",
    placeholder_hint: |p| match p {
        "name" => "— имя клиента",
        _ => "",
    },
    russian: "По-русски",
    english: "По-английски",
    changed: "изменён",
    default_badge: "по умолчанию",
    use_default: "Как по умолчанию",
    preview: "Как увидит клиент",
    text_saved: "Текст сохранён — бот уже пишет его.",
    updated_at: |at| format!("изменён {at}"),
    text_problem: |p| match p {
        TextProblem::TooLong { max } => format!("длиннее {max} символов"),
        TextProblem::UnknownPlaceholder { name } => format!("подстановки {{{name}}} у этого текста нет"),
        TextProblem::Unclosed => "«{» без «}»".into(),
    },
    setting_name: |k| match k {
        SettingKey::ThresholdHigh => "Порог ответа",
        SettingKey::ThresholdLow => "Порог подсказки",
        SettingKey::OutboxRate => "Скорость отправки",
        SettingKey::WorkingHours => "Рабочие часы",
    },
    problem: ru_problem,
    stored_invalid: "В базе лежат неверные значения настроек — пока вместо них действуют значения по умолчанию. Сохраните настройки, чтобы исправить:",
    settings_saved: "Настройки сохранены — бот уже работает по ним.",
    unsaved: "Есть несохранённые изменения",
    all_saved: "Все изменения сохранены",
    discard: "Отменить изменения",
    matcher_title: "Ответы по FAQ",
    matcher_hint: "Бот сравнивает сообщение клиента с вопросами FAQ и получает оценку от 0 до 1. Выше порога ответа — отвечает сам; между порогами — предлагает похожие вопросы; ниже — зовёт оператора.",
    threshold_high: "Порог ответа",
    threshold_high_hint: "Выше — меньше ошибочных ответов, но больше подсказок.",
    threshold_low: "Порог подсказки",
    threshold_low_hint: "Ниже — реже зовёт оператора, но подсказки менее точные.",
    impact_title: "Что было бы за последние 30 дней",
    impact_loading: "Прогоняем сообщения клиентов через FAQ…",
    impact_none: "За 30 дней клиенты не писали боту — сравнить не с чем.",
    impact_saved: "Сейчас",
    impact_edited: "С новыми порогами",
    impact_change: "Разница",
    impact_of: |n, capped| {
        if capped {
            format!("По {n} последним сообщениям клиентов (за 30 дней их больше).")
        } else {
            format!("По {n} сообщениям клиентов за 30 дней.")
        }
    },
    answered: "Ответил бот",
    suggested: "Подсказки",
    handed_off: "Оператору",
    outbox_title: "Отправка",
    outbox_rate: "Сообщений в секунду",
    outbox_hint: "Сколько сообщений бот отправляет в секунду всем клиентам вместе (в один чат — не чаще раза в секунду).",
    outbox_over_telegram: "Telegram разрешает ботам около 30 сообщений в секунду; больше — только при платной рассылке, иначе Telegram будет отвечать «слишком часто».",
    hours_title: "Рабочие часы",
    hours_enabled: "Учитывать рабочие часы",
    hours_hint: "Вне рабочих часов бот всё равно передаёт вопрос оператору, но предупреждает, что ответят позже (текст «Передача оператору в нерабочее время»).",
    hours_always: "Операторы на связи всегда",
    hours_open_now: "Сейчас рабочее время",
    hours_closed_now: "Сейчас нерабочее время",
    hours_offset: "Часовой пояс",
    moscow: " — Москва",
    day: "День",
    weekday: |d| RU_DAYS.get(d).copied().unwrap_or("?"),
    hours_from_to: "Часы (00:00 в конце — до полуночи)",
    from: "с",
    to: "до",
    breaks: "Перерывы",
    break_from: "перерыв с",
    break_to: "перерыв до",
    add_break: "Перерыв",
    remove_break: "Убрать перерыв",
    holidays: "Праздники и выходные",
    holidays_hint: "В эти дни операторы не работают весь день.",
    add_holiday: "Добавить",
    remove_holiday: "Убрать",
};

pub(super) const EN: Texts = Texts {
    subtitle: "Everything the bot writes to customers, and how it works: answer thresholds, sending rate, working hours.",
    tab_texts: "Texts",
    tab_settings: "Settings",
    group: |g| match g {
        "conversation" => "Conversation",
        "handoff" => "Handing over",
        "rating" => "Rating",
        "buttons" => "Buttons",
        _ => "Other",
    },
    key_label: en_label,
    key_hint: en_hint,
    placeholders: "Placeholders:",
    placeholder_hint: |p| match p {
        "name" => "— the customer's first name",
        _ => "",
    },
    russian: "Russian",
    english: "English",
    changed: "changed",
    default_badge: "default",
    use_default: "Use the default",
    preview: "What the customer sees",
    text_saved: "Text saved — the bot already uses it.",
    updated_at: |at| format!("changed {at}"),
    text_problem: |p| match p {
        TextProblem::TooLong { max } => format!("longer than {max} characters"),
        TextProblem::UnknownPlaceholder { name } => format!("this text has no placeholder {{{name}}}"),
        TextProblem::Unclosed => "“{” without “}”".into(),
    },
    setting_name: |k| match k {
        SettingKey::ThresholdHigh => "Answer threshold",
        SettingKey::ThresholdLow => "Suggestion threshold",
        SettingKey::OutboxRate => "Sending rate",
        SettingKey::WorkingHours => "Working hours",
    },
    problem: en_problem,
    stored_invalid: "The database holds invalid setting values — their defaults apply meanwhile. Save the settings to fix them:",
    settings_saved: "Settings saved — the bot already follows them.",
    unsaved: "Unsaved changes",
    all_saved: "All changes saved",
    discard: "Discard changes",
    matcher_title: "FAQ answers",
    matcher_hint: "The bot compares a customer's message with the FAQ questions and gets a score from 0 to 1. Above the answer threshold it answers; between the thresholds it suggests similar questions; below, it calls an operator.",
    threshold_high: "Answer threshold",
    threshold_high_hint: "Higher: fewer wrong answers, more suggestions.",
    threshold_low: "Suggestion threshold",
    threshold_low_hint: "Lower: fewer handovers, less precise suggestions.",
    impact_title: "What the last 30 days would have looked like",
    impact_loading: "Running customers' messages through the FAQ…",
    impact_none: "No customer wrote to the bot in 30 days — nothing to compare.",
    impact_saved: "Now",
    impact_edited: "With the new thresholds",
    impact_change: "Change",
    impact_of: |n, capped| {
        if capped {
            format!("From the newest {n} customer messages (there were more in 30 days).")
        } else {
            format!("From {n} customer messages in 30 days.")
        }
    },
    answered: "Answered by the bot",
    suggested: "Suggestions",
    handed_off: "To an operator",
    outbox_title: "Sending",
    outbox_rate: "Messages a second",
    outbox_hint: "How many messages the bot sends a second to all customers together (to one chat, at most one a second).",
    outbox_over_telegram: "Telegram allows bots about 30 messages a second; more needs paid broadcasts, or Telegram answers “too many requests”.",
    hours_title: "Working hours",
    hours_enabled: "Use working hours",
    hours_hint: "Outside working hours the bot still hands the question over, but says an answer will come later (the “Handing over out of hours” text).",
    hours_always: "Operators are always available",
    hours_open_now: "Working hours now",
    hours_closed_now: "Outside working hours now",
    hours_offset: "Time zone",
    moscow: " — Moscow",
    day: "Day",
    weekday: |d| EN_DAYS.get(d).copied().unwrap_or("?"),
    hours_from_to: "Hours (00:00 at the end: until midnight)",
    from: "from",
    to: "to",
    breaks: "Breaks",
    break_from: "break from",
    break_to: "break to",
    add_break: "Break",
    remove_break: "Remove the break",
    holidays: "Holidays and days off",
    holidays_hint: "Nobody works on these days.",
    add_holiday: "Add",
    remove_holiday: "Remove",
};
