//! Stemming and stop words, Russian and English.
//!
//! Russian inflects heavily (`оплатить`, `оплатил`, `оплату`, `оплаты`), so comparing surface forms
//! would miss most matches; the Snowball stemmers cut words to a shared stem. The language is picked
//! per word from its script, because messages mix both (`где в приложении настроить autopay`).

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Cyrillic,
    Latin,
    /// Digits and letters of other scripts: compared as typed.
    Other,
}

/// The script of a normalised word (see `normalize`): any Cyrillic letter makes it Russian.
pub fn script_of(word: &str) -> Script {
    let mut latin = false;
    for c in word.chars() {
        if matches!(c, '\u{0400}'..='\u{04FF}') {
            return Script::Cyrillic;
        }
        latin |= c.is_ascii_alphabetic();
    }
    if latin { Script::Latin } else { Script::Other }
}

/// The stem of a normalised (lower-case) word. Creating a Snowball stemmer is free (it is a function
/// pointer), so no stemmer state needs to live in the matcher.
pub fn stem(word: &str) -> Cow<'_, str> {
    match script_of(word) {
        Script::Cyrillic => Stemmer::create(Algorithm::Russian).stem(word),
        Script::Latin => Stemmer::create(Algorithm::English).stem(word),
        Script::Other => Cow::Borrowed(word),
    }
}

/// Words that carry no topic: they appear in almost every message, so letting them count would make
/// "как у вас с этим?" look similar to every FAQ that starts with "как". Tested on the normalised
/// surface form, before stemming (stems of different words can collide).
pub fn is_stop_word(word: &str) -> bool {
    RU_STOP.binary_search(&word).is_ok() || EN_STOP.binary_search(&word).is_ok() || FILLER.contains(&word)
}

/// The Snowball project's Russian stop-word list (with `ё` folded to `е`), sorted for binary search.
#[rustfmt::skip]
const RU_STOP: &[&str] = &[
    "а", "без", "более", "больше", "будет", "будто", "бы", "был", "была", "были", "было", "быть", "в", "вам", "вас",
    "вдруг", "ведь", "во", "вот", "впрочем", "все", "всегда", "всего", "всех", "всю", "вы", "где", "да", "даже",
    "два", "для", "до", "другой", "его", "ее", "ей", "ему", "если", "есть", "еще", "ж", "же", "за", "зачем",
    "здесь", "и", "из", "или", "им", "иногда", "их", "к", "как", "какая", "какой", "когда", "конечно", "кто",
    "куда", "ли", "лучше", "между", "меня", "мне", "много", "может", "можно", "мой", "моя", "мы", "на", "над",
    "надо", "наконец", "нас", "не", "него", "нее", "ней", "нельзя", "нет", "ни", "нибудь", "никогда", "ним", "них",
    "ничего", "но", "ну", "о", "об", "один", "он", "она", "они", "опять", "от", "перед", "по", "под", "после",
    "потом", "потому", "почти", "при", "про", "раз", "разве", "с", "сам", "свою", "себе", "себя", "сейчас", "со",
    "совсем", "так", "такой", "там", "тебя", "тем", "теперь", "то", "тогда", "того", "тоже", "только", "том", "тот",
    "три", "тут", "ты", "у", "уж", "уже", "хорошо", "хоть", "чего", "чем", "через", "что", "чтоб", "чтобы", "чуть",
    "эти", "этого", "этой", "этом", "этот", "эту", "я",
];

/// The Snowball project's English stop-word list (apostrophes dropped, as `normalize` does), sorted.
#[rustfmt::skip]
const EN_STOP: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "arent", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "cannot", "cant", "could",
    "couldnt", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "down", "during", "each", "few", "for",
    "from", "further", "had", "hadnt", "has", "hasnt", "have", "havent", "having", "he", "hed", "hell", "her",
    "here", "heres", "hers", "herself", "hes", "him", "himself", "his", "how", "hows", "i", "id", "if", "ill", "im",
    "in", "into", "is", "isnt", "it", "its", "itself", "ive", "lets", "me", "more", "most", "mustnt", "my",
    "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours",
    "ourselves", "out", "over", "own", "same", "shant", "she", "shed", "shell", "shes", "should", "shouldnt", "so",
    "some", "such", "than", "that", "thats", "the", "their", "theirs", "them", "themselves", "then", "there",
    "theres", "these", "they", "theyd", "theyll", "theyre", "theyve", "this", "those", "through", "to", "too",
    "under", "until", "up", "very", "was", "wasnt", "we", "wed", "well", "were", "werent", "weve", "what", "whats",
    "when", "whens", "where", "wheres", "which", "while", "who", "whom", "whos", "why", "whys", "with", "wont",
    "would", "wouldnt", "you", "youd", "youll", "your", "youre", "yours", "yourself", "yourselves", "youve",
];

/// Greetings and courtesy that open support chats in both languages ("Здравствуйте! Подскажите,
/// пожалуйста, …"). FAQ entries never contain them, so they would only dilute a long polite message.
#[rustfmt::skip]
const FILLER: &[&str] = &[
    "здравствуйте", "здравствуй", "здрасте", "привет", "добрый", "доброе", "доброго", "день", "вечер", "утро",
    "пожалуйста", "спасибо", "подскажите", "скажите", "hello", "hi", "hey", "please", "pls", "thanks", "thank",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_lists_are_sorted_for_binary_search() {
        assert!(RU_STOP.windows(2).all(|w| w[0] < w[1]), "RU_STOP not sorted");
        assert!(EN_STOP.windows(2).all(|w| w[0] < w[1]), "EN_STOP not sorted");
    }

    #[test]
    fn picks_the_stemmer_by_script() {
        assert_eq!(script_of("оплата"), Script::Cyrillic);
        assert_eq!(script_of("payment"), Script::Latin);
        assert_eq!(script_of("500"), Script::Other);
        assert_eq!(stem("payments"), "payment");
        assert_eq!(stem("500"), "500");
    }

    #[test]
    fn russian_inflections_share_a_stem() {
        assert_eq!(stem("оплатить"), stem("оплатил"));
        assert_eq!(stem("оплату"), stem("оплаты"));
        assert_eq!(stem("роутер"), stem("роутером"));
        assert_eq!(stem("интернета"), stem("интернет"));
    }

    #[test]
    fn english_inflections_share_a_stem() {
        assert_eq!(stem("arrived"), stem("arriving"));
        assert_eq!(stem("cards"), stem("card"));
    }

    #[test]
    fn stop_words() {
        for w in ["как", "и", "не", "the", "is", "dont", "пожалуйста", "hello"] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["оплата", "тариф", "card", "refund", "оператор"] {
            assert!(!is_stop_word(w), "{w}");
        }
    }
}
