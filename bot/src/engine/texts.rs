//! What the bot says, in Russian and English. Defaults live here; an admin's edits are rows of the
//! `texts` table (key + language) and win over them.

use std::collections::HashMap;

use entity::texts;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Greeting,
    Help,
    SuggestIntro,
    Handoff,
    HandoffOutOfHours,
    AlreadyWaiting,
    MediaToOperator,
    Helped,
    ButtonHelped,
    ButtonNotHelped,
    ButtonOperator,
    ButtonBack,
    RatingRequest,
    RatingThanks,
    ButtonGone,
    Resolved,
    UnknownCommand,
}

impl Key {
    pub const ALL: [Key; 17] = [
        Key::Greeting,
        Key::Help,
        Key::SuggestIntro,
        Key::Handoff,
        Key::HandoffOutOfHours,
        Key::AlreadyWaiting,
        Key::MediaToOperator,
        Key::Helped,
        Key::ButtonHelped,
        Key::ButtonNotHelped,
        Key::ButtonOperator,
        Key::ButtonBack,
        Key::RatingRequest,
        Key::RatingThanks,
        Key::ButtonGone,
        Key::Resolved,
        Key::UnknownCommand,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::Greeting => "greeting",
            Key::Help => "help",
            Key::SuggestIntro => "suggest_intro",
            Key::Handoff => "handoff",
            Key::HandoffOutOfHours => "handoff_out_of_hours",
            Key::AlreadyWaiting => "already_waiting",
            Key::MediaToOperator => "media_to_operator",
            Key::Helped => "helped",
            Key::ButtonHelped => "button_helped",
            Key::ButtonNotHelped => "button_not_helped",
            Key::ButtonOperator => "button_operator",
            Key::ButtonBack => "button_back",
            Key::RatingRequest => "rating_request",
            Key::RatingThanks => "rating_thanks",
            Key::ButtonGone => "button_gone",
            Key::Resolved => "resolved",
            Key::UnknownCommand => "unknown_command",
        }
    }

    /// The placeholders the text may use: `{name}` is the customer's first name.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Key::Greeting => &["name"],
            _ => &[],
        }
    }

    /// The longest the text may be, in characters: a button's label shows whole on a phone up to
    /// 64; a message takes up to Telegram's 4096.
    pub fn max_len(self) -> usize {
        if self.is_button() { 64 } else { 4096 }
    }

    /// A button's label (not a message).
    pub fn is_button(self) -> bool {
        matches!(self, Key::ButtonHelped | Key::ButtonNotHelped | Key::ButtonOperator | Key::ButtonBack)
    }

    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The built-in text. `{name}` is replaced by the customer's first name.
    pub fn default_text(self, lang: Lang) -> &'static str {
        use Lang::*;
        match (self, lang) {
            (Key::Greeting, Ru) => {
                "Здравствуйте, {name}! Я бот поддержки. Выберите тему ниже или напишите вопрос своими словами."
            }
            (Key::Greeting, En) => {
                "Hello, {name}! I'm the support bot. Pick a topic below or type your question in your own words."
            }
            (Key::Help, Ru) => {
                "Напишите вопрос своими словами — я постараюсь ответить сразу.\n/menu — темы\n/operator — позвать оператора"
            }
            (Key::Help, En) => {
                "Type your question in your own words and I'll try to answer right away.\n/menu — topics\n/operator — talk to a person"
            }
            (Key::SuggestIntro, Ru) => "Возможно, вы имели в виду:",
            (Key::SuggestIntro, En) => "Did you mean:",
            (Key::Handoff, Ru) => "Передаю ваш вопрос оператору — он ответит здесь же. Можете дописать подробности.",
            (Key::Handoff, En) => {
                "I'm passing your question to an operator, who will answer right here. Feel free to add details."
            }
            (Key::HandoffOutOfHours, Ru) => {
                "Сейчас нерабочее время. Ваш вопрос сохранён — оператор ответит здесь же в рабочие часы."
            }
            (Key::HandoffOutOfHours, En) => {
                "We're outside working hours now. Your question is saved and an operator will answer here during working hours."
            }
            (Key::AlreadyWaiting, Ru) => "Ваш вопрос уже у оператора, он ответит здесь же.",
            (Key::AlreadyWaiting, En) => "Your question is already with an operator, who will answer here.",
            (Key::MediaToOperator, Ru) => "Получил ваше сообщение и передаю его оператору — он ответит здесь же.",
            (Key::MediaToOperator, En) => "Got your message; I'm passing it to an operator, who will answer here.",
            (Key::Helped, Ru) => "Рад, что помог! Если появятся вопросы — пишите.",
            (Key::Helped, En) => "Glad it helped! Write any time you have a question.",
            (Key::ButtonHelped, Ru) => "👍 Помогло",
            (Key::ButtonHelped, En) => "👍 That helped",
            (Key::ButtonNotHelped, Ru) => "👎 Не помогло",
            (Key::ButtonNotHelped, En) => "👎 Didn't help",
            (Key::ButtonOperator, Ru) => "Позвать оператора",
            (Key::ButtonOperator, En) => "Talk to a person",
            (Key::ButtonBack, Ru) => "« Назад",
            (Key::ButtonBack, En) => "« Back",
            (Key::RatingRequest, Ru) => "Оцените, пожалуйста, как мы вам помогли:",
            (Key::RatingRequest, En) => "Please rate how we helped you:",
            (Key::RatingThanks, Ru) => "Спасибо за оценку!",
            (Key::RatingThanks, En) => "Thank you for your rating!",
            (Key::ButtonGone, Ru) => "Эта кнопка больше не работает. Вот главное меню:",
            (Key::ButtonGone, En) => "That button no longer works. Here is the main menu:",
            (Key::Resolved, Ru) => "Обращение закрыто. Если остались вопросы — просто напишите.",
            (Key::Resolved, En) => "Your request is closed. If you have more questions, just write.",
            (Key::UnknownCommand, Ru) => "Такой команды нет. /help — что я умею.",
            (Key::UnknownCommand, En) => "There is no such command. /help shows what I can do.",
        }
    }
}

/// The texts in force: defaults overlaid with the database's rows.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    overrides: HashMap<(String, String), String>,
}

impl Texts {
    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Texts, DbErr> {
        let rows = texts::Entity::find().all(db).await?;
        Ok(Texts { overrides: rows.into_iter().map(|r| ((r.key, r.language), r.value)).collect() })
    }

    pub fn get(&self, key: Key, lang: Lang) -> String {
        self.overrides
            .get(&(key.name().to_string(), lang.code().to_string()))
            .filter(|v| !v.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| key.default_text(lang).to_string())
    }

    pub fn with_name(&self, key: Key, lang: Lang, name: &str) -> String {
        self.get(key, lang).replace("{name}", name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_a_unique_name() {
        let mut names = std::collections::HashSet::new();
        for k in Key::ALL {
            assert!(names.insert(k.name()));
            assert!(!k.default_text(Lang::Ru).is_empty() && !k.default_text(Lang::En).is_empty());
            assert_ne!(k.default_text(Lang::Ru), k.default_text(Lang::En));
        }
    }

    #[test]
    fn overrides_win_and_blank_overrides_do_not() {
        let mut t = Texts::default();
        t.overrides.insert(("help".into(), "ru".into()), "Своя справка".into());
        t.overrides.insert(("handoff".into(), "ru".into()), "  ".into());
        assert_eq!(t.get(Key::Help, Lang::Ru), "Своя справка");
        assert_eq!(t.get(Key::Help, Lang::En), Key::Help.default_text(Lang::En));
        assert_eq!(t.get(Key::Handoff, Lang::Ru), Key::Handoff.default_text(Lang::Ru));
        assert!(t.with_name(Key::Greeting, Lang::Ru, "Анна").starts_with("Здравствуйте, Анна!"));
    }
}
