//! The unanswered queue (`tr.faq_unanswered.…`): questions the bot couldn't answer, and the
//! picker that adds one to an entry as a variant.

use super::faq_list::ru_plural;
use crate::faq::model::UnansweredReason;

pub struct FaqUnanswered {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub back: &'static str,
    /// "5 customers, 7 times".
    pub customers_times: fn(i32, i32) -> String,
    pub reason: fn(UnansweredReason) -> &'static str,
    pub reason_title: fn(UnansweredReason) -> &'static str,
    pub last_asked: fn(&str) -> String,
    pub first_asked: fn(&str) -> String,
    pub reply: &'static str,
    pub add_as_variant: &'static str,
    pub suggested_hint: &'static str,
    pub other_entry: &'static str,
    pub new_entry: &'static str,
    pub new_entry_hint: &'static str,
    pub dismiss: &'static str,
    pub dismiss_hint: &'static str,
    pub added: fn(&str) -> String,
    pub dismissed: fn(&str) -> String,
    pub actions_label: &'static str,
    pub read_only: &'static str,

    pub picker_title: &'static str,
    pub picker_question: &'static str,
    pub picker_suggested: &'static str,
    pub picker_search: &'static str,
    pub picker_placeholder: &'static str,
    pub picker_results: &'static str,
    pub picker_none: &'static str,
    pub picker_more: fn(usize) -> String,

    pub empty_title: &'static str,
    pub empty_text: &'static str,
    pub language: fn(&str) -> Option<&'static str>,
}

fn ru_reason(r: UnansweredReason) -> &'static str {
    match r {
        UnansweredReason::NoMatch => "не нашёлся ответ",
        UnansweredReason::Suggested => "подсказки не подошли",
        UnansweredReason::NotHelped => "«не помогло»",
        UnansweredReason::OperatorAnswered => "ответил оператор",
        UnansweredReason::Flagged => "отмечен оператором",
    }
}

fn en_reason(r: UnansweredReason) -> &'static str {
    match r {
        UnansweredReason::NoMatch => "no match",
        UnansweredReason::Suggested => "suggestions ignored",
        UnansweredReason::NotHelped => "didn't help",
        UnansweredReason::OperatorAnswered => "answered by an operator",
        UnansweredReason::Flagged => "flagged by an operator",
    }
}

fn ru_reason_title(r: UnansweredReason) -> &'static str {
    match r {
        UnansweredReason::NoMatch => "Ни один ответ не подошёл, разговор ушёл оператору",
        UnansweredReason::Suggested => "Бот предложил «Возможно, вы имели в виду…», клиент ничего не выбрал",
        UnansweredReason::NotHelped => "Клиент нажал «не помогло» под ответом бота",
        UnansweredReason::OperatorAnswered => "После передачи на этот вопрос ответил оператор",
        UnansweredReason::Flagged => "Оператор отметил свой ответ как подходящий для FAQ",
    }
}

fn en_reason_title(r: UnansweredReason) -> &'static str {
    match r {
        UnansweredReason::NoMatch => "No entry matched; the conversation went to an operator",
        UnansweredReason::Suggested => "The bot offered “Maybe you meant…” and the customer picked none",
        UnansweredReason::NotHelped => "The customer pressed “didn't help” under the bot's answer",
        UnansweredReason::OperatorAnswered => "An operator answered it after the hand-off",
        UnansweredReason::Flagged => "An operator flagged their reply as worth an FAQ entry",
    }
}

fn ru_language(code: &str) -> Option<&'static str> {
    match code {
        "ru" => Some("RU"),
        "en" => Some("EN"),
        _ => None,
    }
}

pub(super) const RU: FaqUnanswered = FaqUnanswered {
    title: "Вопросы без ответа",
    subtitle: "Что клиенты спрашивали, а бот не смог ответить. Похожие вопросы собраны вместе. Добавьте вопрос вариантом к готовому ответу, создайте новый ответ или отклоните.",
    back: "Все ответы",
    customers_times: |c, h| {
        format!(
            "{c} {}, {h} {}",
            ru_plural(c as u64, "клиент", "клиента", "клиентов"),
            ru_plural(h as u64, "раз", "раза", "раз")
        )
    },
    reason: ru_reason,
    reason_title: ru_reason_title,
    last_asked: |t| format!("последний раз {t}"),
    first_asked: |t| format!("впервые {t}"),
    reply: "Ответ оператора",
    add_as_variant: "Добавить вариантом к:",
    suggested_hint: "Ближайшие ответы по мнению бота",
    other_entry: "Другой ответ…",
    new_entry: "Новый ответ",
    new_entry_hint: "Откроется редактор с этим вопросом и ответом оператора",
    dismiss: "Отклонить",
    dismiss_hint: "Не стоит отдельного ответа — убрать из списка",
    added: |q| format!("Вопрос добавлен вариантом к «{q}». Бот ответит на него уже сейчас."),
    dismissed: |q| format!("«{q}» убран из списка."),
    actions_label: "Что сделать с вопросом",
    read_only: "Разбирать вопросы могут администраторы.",

    picker_title: "Добавить вариантом к ответу",
    picker_question: "Вопрос клиента",
    picker_suggested: "Предлагает бот",
    picker_search: "Найти ответ",
    picker_placeholder: "Слово из вопроса или ответа",
    picker_results: "Ответы",
    picker_none: "Ничего не нашлось.",
    picker_more: |n| format!("и ещё {n} — уточните поиск"),

    empty_title: "Вопросов без ответа нет",
    empty_text: "Бот справился со всем, что спрашивали клиенты. Новые вопросы, на которые он не ответит, появятся здесь.",
    language: ru_language,
};

pub(super) const EN: FaqUnanswered = FaqUnanswered {
    title: "Unanswered questions",
    subtitle: "What customers asked and the bot couldn't answer, near-duplicates grouped. Add a question to an entry as a variant, make a new entry, or dismiss it.",
    back: "All entries",
    customers_times: |c, h| {
        format!("{c} {}, {h} {}", if c == 1 { "customer" } else { "customers" }, if h == 1 { "time" } else { "times" })
    },
    reason: en_reason,
    reason_title: en_reason_title,
    last_asked: |t| format!("last asked {t}"),
    first_asked: |t| format!("first asked {t}"),
    reply: "Operator's reply",
    add_as_variant: "Add as a variant of:",
    suggested_hint: "The entries the bot found closest",
    other_entry: "Another entry…",
    new_entry: "New entry",
    new_entry_hint: "Opens the editor with this question and the operator's reply",
    dismiss: "Dismiss",
    dismiss_hint: "Not worth an entry: remove it from the queue",
    added: |q| format!("Added as a variant of “{q}”. The bot answers it from now on."),
    dismissed: |q| format!("“{q}” dismissed."),
    actions_label: "What to do with the question",
    read_only: "Admins work through the queue.",

    picker_title: "Add as a variant of an entry",
    picker_question: "The customer's question",
    picker_suggested: "Suggested by the bot",
    picker_search: "Find an entry",
    picker_placeholder: "A word of the question or answer",
    picker_results: "Entries",
    picker_none: "Nothing found.",
    picker_more: |n| format!("and {n} more: narrow the search"),

    empty_title: "Nothing unanswered",
    empty_text: "The bot handled everything customers asked. Questions it can't answer will show up here.",
    language: ru_language,
};
