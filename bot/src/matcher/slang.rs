//! Colloquial clippings and chat abbreviations, expanded to the full words before stemming.
//!
//! Customers write `инет`, `комп`, `лк`, `скока`, `pls`; FAQ authors write `интернет`, `компьютер`,
//! `личный кабинет`, `сколько`. These are not typos (too far for the edit-distance check, and often
//! too short), and the generic clipping rule in `fuzzy` only covers the "first letters + last two"
//! shape. This is a small general list of well-known Russian and English chat forms — not a synonym
//! dictionary of any particular FAQ: every entry is a shortening whose meaning does not depend on the
//! business. Ambiguous shortenings are left out (`тока` is also a form of `ток`, `мб` also means
//! megabytes, `тел` is also the start of many words).
//!
//! Expansion is applied to FAQ phrasings and messages alike, so an FAQ that itself says `ЛК` still
//! matches `личный кабинет`. Keys are compared by their Snowball stem, so inflected clippings
//! (`инета`, `инетом`, `компа`) are found too.

use std::sync::OnceLock;

use super::stem::stem;

/// (clipped form, full words). The clipped forms are written as a customer types them, lower case,
/// `ё` folded to `е` (what `normalize` produces).
#[rustfmt::skip]
const CLIPPINGS: &[(&str, &[&str])] = &[
    // Russian
    ("инет", &["интернет"]), ("инетик", &["интернет"]), ("комп", &["компьютер"]), ("ноут", &["ноутбук"]),
    ("телек", &["телевизор"]), ("телик", &["телевизор"]), ("тв", &["телевидение"]),
    ("вайфай", &["wifi"]), ("вафля", &["wifi"]), ("лк", &["личный", "кабинет"]), ("лс", &["лицевой", "счет"]),
    ("зп", &["зарплата"]), ("инфа", &["информация"]), ("прога", &["программа"]),
    ("приложуха", &["приложение"]), ("прилага", &["приложение"]), ("мобила", &["телефон"]),
    ("симка", &["сим", "карта"]), ("видос", &["видео"]), ("админ", &["администратор"]),
    ("скока", &["сколько"]), ("скоко", &["сколько"]), ("сколька", &["сколько"]), ("щас", &["сейчас"]),
    ("ща", &["сейчас"]), ("че", &["что"]), ("чо", &["что"]), ("шо", &["что"]), ("ваще", &["вообще"]),
    ("норм", &["нормально"]), ("нормас", &["нормально"]), ("оч", &["очень"]), ("плиз", &["пожалуйста"]),
    ("плз", &["пожалуйста"]), ("пж", &["пожалуйста"]), ("пжл", &["пожалуйста"]), ("пжлст", &["пожалуйста"]),
    ("спс", &["спасибо"]), ("пасиб", &["спасибо"]), ("пасибо", &["спасибо"]), ("мес", &["месяц"]),
    ("руб", &["рубль"]), ("тыс", &["тысяча"]), ("тыщ", &["тысяча"]), ("тыща", &["тысяча"]),
    ("кв", &["квартира"]), ("ул", &["улица"]), ("ютуб", &["youtube"]), ("ютьюб", &["youtube"]),
    // English
    ("pls", &["please"]), ("plz", &["please"]), ("thx", &["thanks"]), ("ty", &["thanks"]), ("u", &["you"]),
    ("ur", &["your"]), ("acct", &["account"]), ("acc", &["account"]), ("info", &["information"]),
    ("wanna", &["want"]), ("gonna", &["going"]), ("asap", &["soon"]), ("msg", &["message"]),
    ("txn", &["transaction"]), ("trx", &["transaction"]),
];

/// The clippings by stem, built once (pure: derived from the constant above).
fn by_stem() -> &'static [(String, &'static [&'static str])] {
    static TABLE: OnceLock<Vec<(String, &'static [&'static str])>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v: Vec<(String, &'static [&'static str])> =
            CLIPPINGS.iter().map(|&(k, e)| (stem(k).into_owned(), e)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.dedup_by(|a, b| a.0 == b.0);
        v
    })
}

/// The full words for a clipped word, if it is one. `word` is a normalised word.
pub fn expand(word: &str) -> Option<&'static [&'static str]> {
    if word.len() > 24 {
        return None; // no clipping is that long; skips the stemmer for long words
    }
    let table = by_stem();
    let s = stem(word);
    table.binary_search_by(|(k, _)| k.as_str().cmp(s.as_ref())).ok().map(|i| table[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_clippings_and_their_inflections() {
        assert_eq!(expand("инет"), Some(&["интернет"][..]));
        assert_eq!(expand("инета"), Some(&["интернет"][..]));
        assert_eq!(expand("компа"), Some(&["компьютер"][..]));
        assert_eq!(expand("лк"), Some(&["личный", "кабинет"][..]));
        assert_eq!(expand("pls"), Some(&["please"][..]));
    }

    #[test]
    fn leaves_ordinary_words_alone() {
        for w in ["интернет", "компьютер", "тариф", "оплата", "кабинет", "account", "card", "ток", "тока"]
        {
            assert_eq!(expand(w), None, "{w}");
        }
    }

    #[test]
    fn clippings_sharing_a_stem_agree() {
        // Lookup is by stem, so two clippings with one stem must mean the same (`скока`/`скоко`).
        for (a, ea) in CLIPPINGS {
            for (b, eb) in CLIPPINGS {
                assert!(stem(a) != stem(b) || ea == eb, "{a} / {b}");
            }
            assert_eq!(expand(a), Some(*ea), "{a}");
        }
    }
}
