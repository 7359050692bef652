//! Detecting "let me talk to a person" in Russian and English.
//!
//! This runs before FAQ matching and wins over it: a customer who asks for a human must get one even
//! if the message also mentions a FAQ topic ("оператор, у меня не проходит оплата"). So it has to be
//! precise on ordinary questions — a false positive sends a question the bot could answer to the
//! queue — and it is therefore a small rule set rather than a similarity score:
//!
//! * a **strong** word names a support agent unambiguously in a support chat (`оператор`,
//!   `консультант`, `живой …`, `human`, `operator`, `representative`): it is enough on its own;
//! * a **weak** word names a person in general (`человек`, `специалист`, `сотрудник`, `person`,
//!   `someone`, `agent`): it counts only together with a nearby verb of contact (`поговорить`,
//!   `соедините`, `позовите`, `переключите`, `дайте`, `talk`, `speak`, `connect`, …), or when the
//!   message is just that word, perhaps with "хочу"/"need" ("человека!", "a person please"). This
//!   keeps "переоформить договор на другого человека", "вызвать специалиста для настройки" (a
//!   technician visit, which is a FAQ) and "the person I sent money to" out.
//!
//! Ambiguity, decided deliberately: `оператор` also means a telecom provider ("оператор связи",
//! "мобильный оператор", "перейти к другому оператору"). With such a neighbour it is *not* a request
//! for a human; the message then goes through FAQ matching, and if nothing fits it is handed off
//! anyway (as `NoMatch`), so the cost of this choice is only the reason recorded.
//!
//! Known limits: questions *about* talking to someone ("do I have to talk to someone to close my
//! account?") count as requests; negations ("не нужен оператор") are not understood; typos in the
//! key words ("апиратор") are not caught.

use super::normalize::normalize;
use super::stem::is_stop_word;

/// Words that name a support agent on their own. `оператор`/`operator` are handled separately
/// because of the provider sense.
const STRONG_PREFIX: &[&str] = &["консультант", "human", "representative"];
const STRONG_EXACT: &[&str] =
    &["живой", "живого", "живому", "живым", "живая", "живую", "живые", "живых", "живыми", "живом"];
/// `live agent`, `real person`: the adjective makes the person-word strong.
const LIVE_EN: &[&str] = &["live", "real"];
const PERSON_EN: &[&str] = &["agent", "person", "human", "people", "operator", "representative", "chat", "someone"];
/// Person-words (prefixes for Russian, which inflects; exact for English).
/// "Support" is deliberately not one: it is a department, and "how do I contact support?" is a
/// question an FAQ entry can answer.
const WEAK_RU: &[&str] = &["челов", "людьм", "людям", "люди", "специалист", "сотрудник", "менеджер"];
const WEAK_EN: &[&str] = &["person", "someone", "somebody", "people", "agent", "staff", "rep"];
/// Verbs of contact (prefixes for Russian).
const VERBS_RU: &[&str] = &[
    "поговор",
    "пообщ",
    "общат",
    "связаться",
    "свяжите",
    "свяжи",
    "связать",
    "соедин",
    "позов",
    "позва",
    "зовите",
    "переключ",
    "переведите",
    "переведи",
    "дайте",
    "дай",
    "давайте",
    "позвоните",
    "перезвон",
];
/// Not "transfer" or "call": in a support chat they are mostly about money ("the person I transferred
/// money to") or names ("what do you call…").
const VERBS_EN: &[&str] = &["talk", "speak", "chat", "connect", "contact", "reach"];
/// A contact verb counts for a person-word at most this many content words away ("поговорить с живым
/// человеком", "speak to a real person"), so that one clause does not borrow the verb of another.
const NEAR: usize = 3;
/// "Want"/"need" are too common to count as contact verbs ("хочу переоформить договор на другого
/// человека"); they only make a short message a request ("нужен человек", "need a person").
const WANT: &[&str] = &["хочу", "хотим", "хотел", "хотела", "нужен", "нужна", "нужно", "want", "need", "get"];
const SHORT: usize = 3;

/// Neighbours that turn `оператор`/`operator` into "telecom provider".
const PROVIDER_NEXT: &[&str] = &["связ", "сотов", "мобильн", "network"];
const PROVIDER_PREV: &[&str] = &[
    "мобильн",
    "сотов",
    "интернет",
    "друг",
    "нов",
    "сторонн",
    "mobile",
    "network",
    "cell",
    "phone",
    "telecom",
    "another",
    "new",
];

fn starts_with_any(word: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| word.starts_with(p))
}

/// True when the message asks to be put through to a person (see the module docs for the rules).
pub fn asks_for_human(query: &str) -> bool {
    let norm = normalize(query);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    let (mut weak_at, mut verb_at, mut want) = (Vec::new(), Vec::new(), false);
    // Distances are counted in content words: "свяжите меня, пожалуйста, с сотрудником" is adjacent.
    let mut pos = 0usize;
    for (i, &w) in words.iter().enumerate() {
        if !is_stop_word(w) {
            pos += 1;
        }
        let next = words.get(i + 1).copied().unwrap_or("");
        if w.starts_with("оператор") || w.starts_with("operator") {
            let prev = if i > 0 { words[i - 1] } else { "" };
            if starts_with_any(next, PROVIDER_NEXT) || starts_with_any(prev, PROVIDER_PREV) {
                continue; // the provider, not a person
            }
            return true;
        }
        if starts_with_any(w, STRONG_PREFIX) || STRONG_EXACT.contains(&w) {
            return true;
        }
        if LIVE_EN.contains(&w) && PERSON_EN.contains(&next) {
            return true;
        }
        if starts_with_any(w, WEAK_RU) || WEAK_EN.contains(&w) {
            weak_at.push(pos);
        }
        if starts_with_any(w, VERBS_RU) || VERBS_EN.contains(&w) {
            verb_at.push(pos);
        }
        want |= WANT.contains(&w);
    }
    if weak_at.is_empty() {
        return false;
    }
    if weak_at.iter().any(|&n| verb_at.iter().any(|&v| n.abs_diff(v) <= NEAR)) {
        return true;
    }
    // "человека!", "нужен человек", "a person please": the person-word is (nearly) all there is.
    let content = words.iter().filter(|w| !is_stop_word(w)).count();
    content <= 1 || (want && content <= SHORT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_requests() {
        for q in [
            "хочу поговорить с человеком",
            "оператор",
            "ОПЕРАТОР!!!",
            "позовите оператора",
            "позовите живого сотрудника пожалуйста, бот не понимает",
            "соедините с оператором срочно!!!",
            "можно с консультантом пообщаться, а не с роботом?",
            "дайте человека 🙏",
            "переключи на специалиста, вопрос сложный, по договору",
            "человека!",
            "нужен живой человек",
            "свяжите меня, пожалуйста, с сотрудником",
            "оператор, у меня не проходит оплата",
        ] {
            assert!(asks_for_human(q), "{q}");
        }
    }

    #[test]
    fn english_requests() {
        for q in [
            "live agent please",
            "human pls",
            "I want to talk to a real person",
            "can I speak to someone",
            "connect me with an operator",
            "representative",
            "a person please",
            "I need a person",
            "is there a real human here?",
        ] {
            assert!(asks_for_human(q), "{q}");
        }
    }

    #[test]
    fn ordinary_questions_are_not_requests() {
        for q in [
            "Как переоформить договор на другого человека?",
            "Вызвать специалиста для настройки",
            "кошка перегрызла провод, можете прислать человека починить",
            "переоформить интернет на родственника",
            "как подключить интернет",
            "спасибо, всё заработало",
            "",
            "🙏",
            "how do I top up my card",
            "the agent at the branch was rude",
            "мастер сказал, что придёт человек с роутером",
            "хочу переоформить договор на другого человека",
            "I need someone to fix my router cable",
            "how do I get someone to send me money",
            "I live abroad, can I use my card",
            "как сменить тариф",
            "the person I sent the money transfer to can't see it",
            "what do you call someone who was born in segovia",
            "how do I contact customer support about my declined transfer?",
            "хочу поговорить о тарифе, который подключил мой человек в офисе продаж компании",
        ] {
            assert!(!asks_for_human(q), "{q}");
        }
    }

    #[test]
    fn operator_as_telecom_provider_is_not_a_request() {
        for q in [
            "какой оператор связи лучше в нашем доме",
            "у вас есть мобильный оператор?",
            "хочу перейти к другому оператору",
            "my mobile operator charges me twice",
        ] {
            assert!(!asks_for_human(q), "{q}");
        }
    }
}
