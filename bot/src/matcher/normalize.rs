//! Text normalisation: the single place that decides what a "word" is, so FAQ entries and customer
//! messages are cut into words the same way.
//!
//! Customers type fast on phones: mixed case, `ё` written as `е` (or not), emoji, repeated
//! punctuation, Latin letters inside Russian words. None of that carries meaning for matching, so it
//! is folded away here and everything downstream can compare plain lowercase words.

use std::ops::Range;

/// Only this many characters of a message are looked at. Matching cost grows with the message, and a
/// support question is stated in its first sentences; pasted logs or forwarded letters beyond this
/// add noise, not intent. It also bounds the per-query latency whatever a user sends.
pub const MAX_INPUT_CHARS: usize = 1000;

/// Lower-cases, folds `ё` to `е`, turns punctuation, emoji and other symbols into word breaks,
/// separates digits from letters (`500р` → `500 р`), repairs words typed with look-alike letters of
/// the other alphabet, and collapses whitespace. The result is words separated by single spaces,
/// with no leading or trailing space; empty when the text has no letters or digits.
pub fn normalize(text: &str) -> String {
    normalize_with(text, false, None)
}

/// What the previous kept character was; decides where word breaks go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    Digit,
    Break,
}

/// The normalisation itself. With `keep_hyphens`, a hyphen that joins two letters is kept (`wi-fi`,
/// `тв-приставка`) so the tokenizer can index the compound both as its parts and glued together:
/// customers write `wifi`, `wi fi` and `wi-fi` interchangeably. With `spans`, also records for each
/// output word the byte range of `text` it was made from (for explanations, which show the words as
/// the customer typed them).
fn normalize_with(text: &str, keep_hyphens: bool, spans: Option<&mut Vec<Range<usize>>>) -> String {
    let mut w = Words {
        out: String::with_capacity(text.len().min(MAX_INPUT_CHARS * 2)),
        word: Vec::with_capacity(32),
        cyrillic: false,
        latin: false,
        span: 0..0,
        spans,
    };
    let mut prev = Kind::Break;
    // A hyphen or apostrophe is only meaningful between two letters; remember it until we know what follows.
    let mut pending_joiner: Option<char> = None;

    for (at, c) in text.char_indices().take(MAX_INPUT_CHARS) {
        // ASCII and the basic Russian alphabet first: most text is nothing else, and the Unicode
        // tables are slower.
        let kind = if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                Kind::Letter
            } else if c.is_ascii_digit() {
                Kind::Digit
            } else {
                Kind::Break
            }
        } else if is_basic_cyrillic(c) {
            Kind::Letter
        } else {
            if c == '\u{0306}' && w.word.last() == Some(&'и') {
                // `й` typed as `и` + combining breve (some keyboards and copy-pastes produce it).
                *w.word.last_mut().unwrap() = 'й';
                w.span.end = at + c.len_utf8();
                continue;
            }
            if is_combining_mark(c) {
                // Other decomposed accents (stress marks, `e` + U+0301) would otherwise split a word in two;
                // dropping the mark keeps the base letter, which is what the customer meant.
                if !w.word.is_empty() {
                    w.span.end = at + c.len_utf8();
                }
                continue;
            }
            if c.is_alphabetic() {
                Kind::Letter
            } else if c.is_numeric() {
                Kind::Digit
            } else {
                Kind::Break
            }
        };
        match kind {
            Kind::Break => {
                if prev == Kind::Letter && pending_joiner.is_none() && is_joiner(c) {
                    pending_joiner = Some(if is_apostrophe(c) { '\'' } else { '-' });
                    continue;
                }
                w.flush();
                pending_joiner = None;
                prev = Kind::Break;
            }
            Kind::Letter | Kind::Digit => {
                if let Some(j) = pending_joiner.take() {
                    if kind == Kind::Letter && j == '\'' {
                        // `don't` → `dont`: users type both, the stemmer sees one form.
                    } else if kind == Kind::Letter && keep_hyphens {
                        w.word.push('-');
                    } else {
                        w.flush();
                    }
                } else if prev != Kind::Break && prev != kind {
                    // Letter↔digit boundary: `100мбит`, `360p`, `3дня`.
                    w.flush();
                }
                if w.word.is_empty() {
                    w.span.start = at;
                }
                w.push_lower(c);
                w.span.end = at + c.len_utf8();
                prev = kind;
            }
        }
    }
    w.flush();
    w.out
}

/// The output being built: the words so far, and the word being read.
struct Words<'a> {
    out: String,
    word: Vec<char>,
    /// The word has a Cyrillic letter / a Latin letter (only a word with both can be mixed-script).
    cyrillic: bool,
    latin: bool,
    /// Where the word being read starts and ends in the text (bytes).
    span: Range<usize>,
    /// Where each word of `out` came from, if asked for.
    spans: Option<&'a mut Vec<Range<usize>>>,
}

impl Words<'_> {
    #[inline]
    fn push_lower(&mut self, c: char) {
        if c.is_ascii() {
            self.latin |= c.is_ascii_alphabetic();
            self.word.push(c.to_ascii_lowercase());
        } else if is_basic_cyrillic(c) {
            self.cyrillic = true;
            // `ё` and `е` are the same letter in everyday writing; most people never type `ё`.
            self.word.push(match c {
                'Ё' | 'ё' => 'е',
                'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
                _ => c,
            });
        } else {
            for l in c.to_lowercase() {
                if is_combining_mark(l) {
                    continue;
                }
                self.cyrillic |= is_cyrillic(l);
                self.latin |= l.is_ascii_alphabetic();
                self.word.push(if l == 'ё' { 'е' } else { l });
            }
        }
    }

    fn flush(&mut self) {
        let word = &mut self.word;
        while word.last() == Some(&'-') {
            word.pop();
        }
        if !word.is_empty() {
            if self.cyrillic && self.latin {
                fix_mixed_script(word);
            }
            if !self.out.is_empty() {
                self.out.push(' ');
            }
            self.out.extend(word.iter());
            word.clear();
            if let Some(spans) = &mut self.spans {
                spans.push(self.span.clone());
            }
        }
        self.cyrillic = false;
        self.latin = false;
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '`')
}

fn is_joiner(c: char) -> bool {
    is_apostrophe(c) || matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Combining diacritics (U+0300–U+036F) and the soft hyphen, which are invisible in the word.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{00AD}' | '\u{200B}' | '\u{2060}')
}

/// `А`–`я`, `Ё`, `ё`: letters, whose lower case is known without the Unicode tables.
#[inline]
fn is_basic_cyrillic(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

/// Pairs of letters that look the same in Latin and Cyrillic (lowercase forms, including those whose
/// uppercase forms look alike, since the text is lower-cased first).
const LOOKALIKES: &[(char, char)] = &[
    ('a', 'а'),
    ('b', 'в'),
    ('c', 'с'),
    ('e', 'е'),
    ('h', 'н'),
    ('k', 'к'),
    ('m', 'м'),
    ('o', 'о'),
    ('p', 'р'),
    ('t', 'т'),
    ('x', 'х'),
    ('y', 'у'),
];

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// A word mixing Latin and Cyrillic letters is almost always a keyboard-layout accident or spam
/// obfuscation (`oплата` with a Latin `o`). When every minority-script letter has a look-alike in
/// the majority script, rewrite it so the word can be found in the vocabulary; otherwise leave the
/// word alone (it may be a genuine mixed token such as a product code).
fn fix_mixed_script(word: &mut [char]) {
    let cyr = word.iter().filter(|&&c| is_cyrillic(c)).count();
    let lat = word.iter().filter(|&&c| c.is_ascii_alphabetic()).count();
    if cyr == 0 || lat == 0 {
        return;
    }
    let to_cyrillic = cyr >= lat;
    let map = |c: char| -> Option<char> {
        LOOKALIKES.iter().find_map(|&(l, r)| if to_cyrillic { (l == c).then_some(r) } else { (r == c).then_some(l) })
    };
    let minority = |c: char| if to_cyrillic { c.is_ascii_alphabetic() } else { is_cyrillic(c) };
    if word.iter().all(|&c| !minority(c) || map(c).is_some()) {
        for c in word.iter_mut() {
            if minority(*c) {
                *c = map(*c).unwrap_or(*c);
            }
        }
    }
}

/// Splits text into the words the index works with: the normalised words, plus, for a hyphenated
/// compound, its glued form (`wi-fi` → `wi`, `fi`, `wifi`). Calls `f` once per word, in order, with
/// the index of the normalised word it comes from (`wi-fi` is one; counted from 0); with `spans`,
/// that word's byte range in `text` is `spans[i]`.
pub(crate) fn for_each_word_at(text: &str, spans: Option<&mut Vec<Range<usize>>>, mut f: impl FnMut(&str, usize)) {
    let norm = normalize_with(text, true, spans);
    let mut glued = String::new();
    for (i, w) in norm.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if w.contains('-') {
            for part in w.split('-').filter(|p| !p.is_empty()) {
                f(part, i);
            }
            glued.clear();
            glued.extend(w.chars().filter(|&c| c != '-'));
            f(&glued, i);
        } else {
            f(w, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_word_at(text, None, |w, _| v.push(w.to_string()));
        v
    }

    #[test]
    fn lowercases_and_folds_yo() {
        assert_eq!(normalize("Ещё ПЛАТЁЖ Ёлка"), "еще платеж елка");
    }

    #[test]
    fn russian_fast_path_agrees_with_unicode() {
        for c in ('\u{0400}'..='\u{04FF}').filter(|&c| is_basic_cyrillic(c)) {
            assert!(c.is_alphabetic(), "{c}");
            let expected: String = c.to_lowercase().map(|l| if l == 'ё' { 'е' } else { l }).collect();
            assert_eq!(normalize(&c.to_string()), expected, "{c}");
        }
    }

    /// The normaliser as it was before its fast paths, kept to check that they change nothing.
    mod before {
        use super::super::*;

        pub(super) fn reference(text: &str, keep_hyphens: bool, mut spans: Option<&mut Vec<Range<usize>>>) -> String {
            let mut out = String::with_capacity(text.len().min(MAX_INPUT_CHARS * 2));
            let mut word: Vec<char> = Vec::with_capacity(32);
            let mut prev = Kind::Break;
            // A hyphen or apostrophe is only meaningful between two letters; remember it until we know what follows.
            let mut pending_joiner: Option<char> = None;
            // Where the word being built starts and ends in `text` (bytes).
            let mut span = 0..0;

            for (at, c) in text.char_indices().take(MAX_INPUT_CHARS) {
                if c == '\u{0306}' && word.last() == Some(&'и') {
                    // `й` typed as `и` + combining breve (some keyboards and copy-pastes produce it).
                    *word.last_mut().unwrap() = 'й';
                    span.end = at + c.len_utf8();
                    continue;
                }
                if is_combining_mark(c) {
                    // Other decomposed accents (stress marks, `e` + U+0301) would otherwise split a word in two; dropping the
                    // mark keeps the base letter, which is what the customer meant.
                    if !word.is_empty() {
                        span.end = at + c.len_utf8();
                    }
                    continue;
                }
                let kind = if c.is_alphabetic() {
                    Kind::Letter
                } else if c.is_numeric() {
                    Kind::Digit
                } else {
                    Kind::Break
                };
                match kind {
                    Kind::Break => {
                        if prev == Kind::Letter && pending_joiner.is_none() && is_joiner(c) {
                            pending_joiner = Some(if is_apostrophe(c) { '\'' } else { '-' });
                            continue;
                        }
                        flush_word(&mut word, &mut out, &mut spans, &span);
                        pending_joiner = None;
                        prev = Kind::Break;
                    }
                    Kind::Letter | Kind::Digit => {
                        if let Some(j) = pending_joiner.take() {
                            if kind == Kind::Letter && j == '\'' {
                                // `don't` → `dont`: users type both, the stemmer sees one form.
                            } else if kind == Kind::Letter && keep_hyphens {
                                word.push('-');
                            } else {
                                flush_word(&mut word, &mut out, &mut spans, &span);
                            }
                        } else if prev != Kind::Break && prev != kind {
                            // Letter↔digit boundary: `100мбит`, `360p`, `3дня`.
                            flush_word(&mut word, &mut out, &mut spans, &span);
                        }
                        if word.is_empty() {
                            span.start = at;
                        }
                        push_lower(c, &mut word);
                        span.end = at + c.len_utf8();
                        prev = kind;
                    }
                }
            }
            flush_word(&mut word, &mut out, &mut spans, &span);
            out
        }

        fn push_lower(c: char, word: &mut Vec<char>) {
            for l in c.to_lowercase() {
                if is_combining_mark(l) {
                    continue;
                }
                // `ё` and `е` are the same letter in everyday writing; most people never type `ё`.
                word.push(if l == 'ё' { 'е' } else { l });
            }
        }

        fn flush_word(
            word: &mut Vec<char>,
            out: &mut String,
            spans: &mut Option<&mut Vec<Range<usize>>>,
            span: &Range<usize>,
        ) {
            while word.last() == Some(&'-') {
                word.pop();
            }
            if word.is_empty() {
                return;
            }
            fix_mixed_script(word);
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.iter());
            word.clear();
            if let Some(spans) = spans {
                spans.push(span.clone());
            }
        }
    }

    #[test]
    fn fast_paths_change_nothing() {
        // Random strings over an alphabet of the cases that matter: both scripts in both cases,
        // look-alikes, `ё`, digits, joiners, combining marks, the breve, other scripts, symbols.
        let alphabet: Vec<char> = "aAzZkKoOpPxXеЕёЁйЙиИяЯаАоОрРсСхХ0179 -‐‑'’ʼ`.,!?\u{0301}\u{0306}\u{00AD}\u{200B}\u{2060}\u{0482}\u{0483}ѢѣҐґİıßΣσ\u{212A}Ω😀👍🏽\u{FE0F}\u{200D}\t\n½²٣"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let len = next(24);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            for keep in [false, true] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let got = normalize_with(&text, keep, Some(&mut a));
                assert_eq!(got, before::reference(&text, keep, Some(&mut b)), "{text:?}");
                assert_eq!(a, b, "{text:?}");
            }
        }
        let long = "Оплата ПОКУПОК ёлка-палка don't 100мбит ".repeat(100);
        assert_eq!(normalize(&long), before::reference(&long, false, None));
    }

    #[test]
    fn removes_punctuation_and_collapses_whitespace() {
        assert_eq!(normalize("  Как   оплатить?!!  \t\n картой...  "), "как оплатить картой");
        assert_eq!(normalize("«Оплата» → «Автоплатёж»"), "оплата автоплатеж");
        assert_eq!(normalize("a,b;c"), "a b c");
    }

    #[test]
    fn removes_emoji_and_symbols() {
        assert_eq!(normalize("с карты списали 😡😡 деньги 👍🏽"), "с карты списали деньги");
        assert_eq!(normalize("дайте человека 🙏"), "дайте человека");
        // ZWJ sequences and variation selectors are part of emoji, not of words.
        assert_eq!(normalize("семья👨\u{200D}👩\u{200D}👧 ❤\u{FE0F}ok"), "семья ok");
        assert_eq!(normalize("99 ₽ / $5 ±3% №7"), "99 5 3 7");
    }

    #[test]
    fn empty_and_symbol_only_input() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("   \n\t"), "");
        assert_eq!(normalize("?!… 🙀🙏 --- '''"), "");
    }

    #[test]
    fn splits_digits_from_letters() {
        assert_eq!(normalize("100мбит 360p 3дня"), "100 мбит 360 p 3 дня");
        assert_eq!(normalize("500р"), "500 р");
    }

    #[test]
    fn mixed_scripts() {
        // Latin `o` and `a` inside a Russian word.
        assert_eq!(normalize("oплaтa"), "оплата");
        // Cyrillic `о` inside an English word.
        assert_eq!(normalize("rоuter"), "router");
        // Words of different scripts side by side are left alone.
        assert_eq!(normalize("Роутер TP-Link не видит Wi-Fi"), "роутер tp link не видит wi fi");
        // No look-alike for `д` in Latin: leave the token as typed.
        assert_eq!(normalize("дz"), "дz");
    }

    #[test]
    fn apostrophes_join_and_hyphens_split() {
        assert_eq!(normalize("I don't know, it hasn’t arrived"), "i dont know it hasnt arrived");
        assert_eq!(normalize("что-нибудь"), "что нибудь");
        assert_eq!(normalize("конец- начало -x"), "конец начало x");
    }

    #[test]
    fn decomposed_accents_do_not_split_words() {
        // `й` typed as `и` + combining breve, and a stress mark.
        assert_eq!(normalize("мои\u{0306} таpи\u{0301}ф"), "мой тариф");
        assert_eq!(normalize("ca\u{0301}fe\u{0301}"), "cafe");
    }

    #[test]
    fn very_long_input_is_bounded() {
        let long = "оплата картой ".repeat(100_000);
        let n = normalize(&long);
        assert!(n.chars().count() <= MAX_INPUT_CHARS);
        assert!(n.starts_with("оплата картой оплата"));
        let one_word = "а".repeat(50_000);
        assert_eq!(normalize(&one_word).chars().count(), MAX_INPUT_CHARS);
    }

    #[test]
    fn spans_point_at_the_words_as_typed() {
        fn typed(text: &str) -> Vec<(String, &str)> {
            let mut spans = Vec::new();
            let norm = normalize_with(text, true, Some(&mut spans));
            assert_eq!(norm, normalize_with(text, true, None));
            norm.split(' ').filter(|w| !w.is_empty()).zip(spans).map(|(w, s)| (w.to_string(), &text[s])).collect()
        }
        assert_eq!(
            typed("Хочу ОПЛОТИТЬ картой!!! 500р"),
            [
                ("хочу".into(), "Хочу"),
                ("оплотить".into(), "ОПЛОТИТЬ"),
                ("картой".into(), "картой"),
                ("500".into(), "500"),
                ("р".into(), "р")
            ]
        );
        assert_eq!(
            typed("Пароль от Wi-Fi, don't"),
            [("пароль".into(), "Пароль"), ("от".into(), "от"), ("wi-fi".into(), "Wi-Fi"), ("dont".into(), "don't")]
        );
        // Decomposed letters and look-alikes keep the whole typed word.
        assert_eq!(typed("мои\u{0306} oплaтa"), [("мой".into(), "мои\u{0306}"), ("оплата".into(), "oплaтa")]);
        assert!(typed("🙂 ?!").is_empty());
        let mut idx = Vec::new();
        for_each_word_at("пароль wi-fi", None, |w, i| idx.push((w.to_string(), i)));
        assert_eq!(idx, [("пароль".into(), 0), ("wi".into(), 1), ("fi".into(), 1), ("wifi".into(), 1)]);
    }

    #[test]
    fn compounds_are_indexed_split_and_glued() {
        assert_eq!(words("Пароль от Wi-Fi"), ["пароль", "от", "wi", "fi", "wifi"]);
        assert_eq!(words("тв-приставка"), ["тв", "приставка", "твприставка"]);
        assert_eq!(words("wifi"), ["wifi"]);
        assert_eq!(words("3-й"), ["3", "й"]);
    }
}
