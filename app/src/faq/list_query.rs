//! The FAQ list's place in the URL (`/bot/faq?q=&lang=&cat=&state=&sort=&page=`), so a reload,
//! a shared link and the back button show the same list; and the search words marked in a
//! question. Pure functions, shared by the server's render and the browser.

use crate::faq::model::{FaqLanguage, FaqListQuery, FaqSort, FaqState};

pub const BASE: &str = "/bot/faq";

pub fn sort_code(s: FaqSort) -> &'static str {
    match s {
        FaqSort::Title => "title",
        FaqSort::Hits => "hits",
        FaqSort::NotHelped => "not_helped",
        FaqSort::Changed => "changed",
    }
}

pub fn parse_sort(s: &str) -> Option<FaqSort> {
    [FaqSort::Title, FaqSort::Hits, FaqSort::NotHelped, FaqSort::Changed].into_iter().find(|v| sort_code(*v) == s)
}

pub const SORTS: [FaqSort; 4] = [FaqSort::Title, FaqSort::Hits, FaqSort::NotHelped, FaqSort::Changed];

/// The list's query from the URL's parameters (`get("q")`…); anything unknown is left out.
pub fn from_params(get: impl Fn(&str) -> Option<String>) -> FaqListQuery {
    FaqListQuery {
        q: get("q").unwrap_or_default(),
        language: get("lang").and_then(|l| FaqLanguage::parse(&l)),
        category: get("cat").filter(|c| !c.is_empty()),
        state: get("state").and_then(|s| FaqState::parse(&s)),
        sort: get("sort").and_then(|s| parse_sort(&s)).unwrap_or_default(),
        page: get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
    }
}

/// The list's URL for `query`, defaults left out (`/bot/faq` for the first page of everything).
pub fn href(query: &FaqListQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    let q = query.q.trim();
    if !q.is_empty() {
        parts.push(format!("q={}", encode_component(q)));
    }
    if let Some(l) = query.language {
        parts.push(format!("lang={}", l.as_str()));
    }
    if let Some(c) = &query.category {
        parts.push(format!("cat={}", encode_component(c)));
    }
    if let Some(s) = query.state {
        parts.push(format!("state={}", s.as_str()));
    }
    if query.sort != FaqSort::default() {
        parts.push(format!("sort={}", sort_code(query.sort)));
    }
    if query.page > 1 {
        parts.push(format!("page={}", query.page));
    }
    if parts.is_empty() { BASE.to_string() } else { format!("{BASE}?{}", parts.join("&")) }
}

/// Whether the list is narrowed by a search or a filter (not by the state tab or the order).
pub fn is_filtered(query: &FaqListQuery) -> bool {
    !query.q.trim().is_empty() || query.language.is_some() || query.category.is_some()
}

/// Percent-encodes a query parameter's value.
pub fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A letter as search compares it: lower case, `ё` as `е`.
fn fold_char(c: char) -> char {
    let c = c.to_lowercase().next().unwrap_or(c);
    if c == 'ё' { 'е' } else { c }
}

/// `text` cut into pieces, each marked when it is part of a search word (any case, `ё` = `е`),
/// as the server's search compares them.
pub fn highlight(text: &str, q: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
    let mut marked = vec![false; chars.len()];
    for word in q.split_whitespace() {
        let w: Vec<char> = word.chars().map(fold_char).collect();
        if w.is_empty() || w.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - w.len() {
            if folded[start..start + w.len()] == w[..] {
                marked[start..start + w.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (c, m) in chars.into_iter().zip(marked) {
        match out.last_mut() {
            Some((s, lm)) if *lm == m => s.push(c),
            _ => out.push((c.to_string(), m)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let owned: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| owned.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn defaults_make_the_bare_path() {
        let q = from_params(params(&[]));
        assert_eq!(q, FaqListQuery { page: 1, ..FaqListQuery::default() });
        assert_eq!(href(&q), "/bot/faq");
    }

    #[test]
    fn a_query_survives_the_url() {
        let q = FaqListQuery {
            q: "оплата картой".into(),
            language: Some(FaqLanguage::Both),
            category: Some("Оплата & счёт".into()),
            state: Some(FaqState::Archived),
            sort: FaqSort::NotHelped,
            page: 3,
        };
        let url = href(&q);
        assert!(url.starts_with("/bot/faq?q=%D0%BE"), "{url}");
        assert!(url.contains("&lang=both&cat=") && url.contains("&state=archived&sort=not_helped&page=3"), "{url}");
        // The router decodes the values; here, the same by hand.
        let decoded: Vec<(String, String)> = url
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), decode(v))
            })
            .collect();
        let back = from_params(move |k| decoded.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()));
        assert_eq!(back, q);
    }

    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn unknown_values_are_ignored() {
        let q = from_params(params(&[("lang", "de"), ("state", "gone"), ("sort", "x"), ("page", "0"), ("cat", "")]));
        assert_eq!(q, FaqListQuery { page: 1, ..FaqListQuery::default() });
        assert!(!is_filtered(&q));
    }

    #[test]
    fn search_words_are_marked_in_any_case() {
        let parts = highlight("Как оплатить Картой? Ёлка", "карт ЕЛК");
        assert_eq!(
            parts,
            vec![
                ("Как оплатить ".to_string(), false),
                ("Карт".to_string(), true),
                ("ой? ".to_string(), false),
                ("Ёлк".to_string(), true),
                ("а".to_string(), false),
            ]
        );
        assert_eq!(highlight("abc", ""), vec![("abc".to_string(), false)]);
    }
}
