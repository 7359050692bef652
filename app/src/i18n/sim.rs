//! The simulator (`tr.sim.…`).

use crate::sim::model::LogAction;

/// A logged decision as the sentence needs it: the action, its FAQ entries ("«q» (#3) 0.62, …"),
/// its detail (handoff reason, command, button action, callback data), the menu button and the
/// stars.
pub struct Decision<'a> {
    pub action: LogAction,
    pub entries: &'a str,
    pub detail: Option<&'a str>,
    pub button: Option<i64>,
    pub stars: Option<i64>,
}

pub struct Sim {
    pub subtitle: &'static str,
    pub note: &'static str,
    pub open_in_inbox: &'static str,
    pub chat: &'static str,
    pub bot: &'static str,
    pub customer_lang: &'static str,
    pub empty: &'static str,
    pub typing: &'static str,
    pub quick: &'static str,
    pub message: &'static str,
    pub placeholder: &'static str,
    pub send: &'static str,
    pub operator: &'static str,
    pub why: &'static str,
    pub how_title: &'static str,
    pub how: &'static [&'static str],
    pub decision: fn(&Decision) -> String,
}

fn ru_reason(r: &str) -> &str {
    match r {
        "asked_for_human" => "клиент попросил человека",
        "no_match" => "в FAQ нет похожего ответа",
        "empty" => "в сообщении нет слов",
        "not_helped" => "ответ не помог",
        "media" => "фото, файл или голосовое",
        other => other,
    }
}

fn en_reason(r: &str) -> &str {
    match r {
        "asked_for_human" => "the customer asked for a person",
        "no_match" => "nothing close in the FAQ",
        "empty" => "no words in the message",
        "not_helped" => "the answer didn't help",
        "media" => "a photo, file or voice message",
        other => other,
    }
}

pub(super) const RU: Sim = Sim {
    subtitle: "Поговорите с ботом как клиент — тем же движком, на тех же данных — и посмотрите, почему он ответил так.",
    note: "Ничего не отправляется в Telegram. Разговор помечен как тестовый: он виден во «Входящих» (можно попробовать передачу оператору и оценку), но не попадает в статистику и в «Без ответа».",
    open_in_inbox: "Открыть во «Входящих»",
    chat: "Тестовый чат",
    bot: "Бот поддержки",
    customer_lang: "Язык клиента",
    empty: "Напишите боту или начните с /start.",
    typing: "Бот отвечает…",
    quick: "Команды",
    message: "Сообщение",
    placeholder: "Сообщение от клиента",
    send: "Отправить",
    operator: "Оператор",
    why: "Почему бот так ответил",
    how_title: "Что можно проверить",
    how: &[
        "Команды /start, /menu, /help и свои команды — с их текстами и меню.",
        "Вопрос своими словами: под сообщением — найденный ответ FAQ и его оценка или подсказки.",
        "Кнопки меню и ответов: нажимайте их прямо здесь.",
        "«Позвать оператора»: разговор появится во «Входящих» с пометкой «тест»; ответ оператора придёт сюда.",
        "Закройте обращение во «Входящих» — здесь придёт просьба оценить.",
    ],
    decision: |d| match d.action {
        LogAction::BotFaqAnswer => format!("Ответ FAQ: {}", d.entries),
        LogAction::BotSuggestions => format!("Не уверен — предложил: {}", d.entries),
        LogAction::BotSuggestionChosen => format!("Выбран ответ: {}", d.entries),
        LogAction::BotHelped => format!("«Помогло»: {}", d.entries),
        LogAction::BotNotHelped => format!("«Не помогло»: {}", d.entries),
        LogAction::BotHandoff => format!("Передал оператору: {}", ru_reason(d.detail.unwrap_or(""))),
        LogAction::BotCommand => format!("Команда /{}", d.detail.unwrap_or("")),
        LogAction::BotMenuButton => {
            format!("Кнопка меню №{} ({})", d.button.unwrap_or_default(), d.detail.unwrap_or(""))
        }
        LogAction::BotButton => format!("Нажата кнопка: {}", d.detail.unwrap_or("")),
        LogAction::BotRating => format!("Оценка: {}", d.stars.unwrap_or_default()),
        other => other.as_str().to_string(),
    },
};

pub(super) const EN: Sim = Sim {
    subtitle: "Talk to the bot as a customer — the same engine on the same data — and see why it answered as it did.",
    note: "Nothing is sent to Telegram. The conversation is marked as a test: it shows in the inbox (try the handoff and the rating) but stays out of statistics and the unanswered queue.",
    open_in_inbox: "Open in the inbox",
    chat: "Test chat",
    bot: "Support bot",
    customer_lang: "Customer's language",
    empty: "Write to the bot, or start with /start.",
    typing: "The bot is answering…",
    quick: "Commands",
    message: "Message",
    placeholder: "A customer's message",
    send: "Send",
    operator: "Operator",
    why: "Why the bot answered so",
    how_title: "What to try",
    how: &[
        "/start, /menu, /help and your own commands — with their texts and menus.",
        "A question in your own words: under it, the FAQ answer found and its score, or the suggestions.",
        "Menu and answer buttons: tap them right here.",
        "“Talk to a person”: the conversation shows in the inbox marked “test”; the operator's reply comes here.",
        "Close the request in the inbox — the rating request comes here.",
    ],
    decision: |d| match d.action {
        LogAction::BotFaqAnswer => format!("FAQ answer: {}", d.entries),
        LogAction::BotSuggestions => format!("Not sure — suggested: {}", d.entries),
        LogAction::BotSuggestionChosen => format!("Answer chosen: {}", d.entries),
        LogAction::BotHelped => format!("“That helped”: {}", d.entries),
        LogAction::BotNotHelped => format!("“Didn't help”: {}", d.entries),
        LogAction::BotHandoff => format!("Handed to an operator: {}", en_reason(d.detail.unwrap_or(""))),
        LogAction::BotCommand => format!("Command /{}", d.detail.unwrap_or("")),
        LogAction::BotMenuButton => {
            format!("Menu button #{} ({})", d.button.unwrap_or_default(), d.detail.unwrap_or(""))
        }
        LogAction::BotButton => format!("Button pressed: {}", d.detail.unwrap_or("")),
        LogAction::BotRating => format!("Rating: {}", d.stars.unwrap_or_default()),
        other => other.as_str().to_string(),
    },
};
