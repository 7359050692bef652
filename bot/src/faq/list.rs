//! The admin's FAQ list: search, filters, order and pages over the live FAQ in memory (the
//! process already holds every entry, so typing in the search box costs no query), with each
//! entry's 30-day counts.
//!
//! Search: every word typed must appear in the question, a variant or the answer (letters
//! compared without case, `ё` as `е`; HTML tags of the answer don't count).
//!
//! The folded texts are computed once per set of entries (the live FAQ's revision) and kept
//! while that set is in use, so a keystroke costs a scan of prepared strings, not 5,000 answers
//! parsed again (bench/README.md, "FAQ workbench").

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use types::FaqState;
use types::faq::{FaqListQuery, FaqSort};

use super::entries::Entry;
use super::live::FaqView;
use super::stats::EntryStats;

/// One row: the entry and its counts.
#[derive(Debug, Clone)]
pub struct Listed {
    pub entry: Arc<Entry>,
    pub stats: EntryStats,
}

/// One page of the list.
#[derive(Debug, Clone)]
pub struct ListPage {
    pub rows: Vec<Listed>,
    /// Entries matching the query (all pages).
    pub total: usize,
    pub page: u64,
    pub pages: u64,
    /// Every category in use, sorted (for the filter).
    pub categories: Vec<String>,
}

/// Folds case and `ё` for search.
pub fn fold(s: &str) -> String {
    s.to_lowercase().replace('ё', "е")
}

/// The text search looks in: question, variants and the answers' text without tags.
fn haystack(e: &Entry) -> String {
    let plain = |html: &str| tgtext::parse(html).map(|f| f.plain()).unwrap_or_else(|_| html.to_string());
    let mut s = String::with_capacity(e.question.len() + e.variants.len() + e.answer.len() + 2);
    s.push_str(&e.question);
    s.push('\n');
    s.push_str(&e.variants);
    s.push('\n');
    s.push_str(&plain(&e.answer));
    if let Some(en) = &e.answer_en {
        s.push('\n');
        s.push_str(&plain(en));
    }
    fold(&s)
}

/// An entry's texts as search and the order by title compare them.
struct Searchable {
    title: String,
    hay: String,
}

type Prepared = HashMap<i64, Searchable>;
/// A set of entries (weakly) with its prepared texts.
type PreparedFor = (Weak<HashMap<i64, Arc<Entry>>>, Arc<Prepared>);

/// The prepared texts of the last set of entries listed (held weakly: a set no view uses any
/// more is never matched again, so its address can't be mistaken for a new one's).
static PREPARED: Mutex<Option<PreparedFor>> = Mutex::new(None);

fn prepared(view: &FaqView) -> Arc<Prepared> {
    let mut slot = PREPARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((entries, texts)) = slot.as_ref()
        && entries.upgrade().is_some_and(|e| Arc::ptr_eq(&e, &view.entries))
    {
        return texts.clone();
    }
    let texts: Arc<Prepared> = Arc::new(
        view.entries.values().map(|e| (e.id, Searchable { title: fold(&e.question), hay: haystack(e) })).collect(),
    );
    *slot = Some((Arc::downgrade(&view.entries), texts.clone()));
    texts
}

/// The page of `view`'s entries that `query` asks for, `page_size` per page.
pub fn page(view: &FaqView, stats: &HashMap<i64, EntryStats>, query: &FaqListQuery, page_size: u64) -> ListPage {
    let texts = prepared(view);
    let text = |id: i64| texts.get(&id).expect("every entry is prepared");
    let words: Vec<String> = fold(&query.q).split_whitespace().map(str::to_string).collect();
    let mut categories: Vec<String> =
        view.entries.values().map(|e| e.category.clone()).filter(|c| !c.is_empty()).collect();
    categories.sort();
    categories.dedup();
    let mut rows: Vec<Listed> = view
        .entries
        .values()
        .filter(|e| match query.state {
            None => e.state != FaqState::Archived,
            Some(s) => e.state == s,
        })
        .filter(|e| query.language.is_none_or(|l| e.language == l))
        .filter(|e| query.category.as_ref().is_none_or(|c| &e.category == c))
        .filter(|e| {
            if words.is_empty() {
                return true;
            }
            let hay = &text(e.id).hay;
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|e| Listed { entry: e.clone(), stats: stats.get(&e.id).copied().unwrap_or_default() })
        .collect();
    let by_title =
        |a: &Listed, b: &Listed| text(a.entry.id).title.cmp(&text(b.entry.id).title).then(a.entry.id.cmp(&b.entry.id));
    match query.sort {
        FaqSort::Title => rows.sort_by(by_title),
        FaqSort::Hits => rows.sort_by(|a, b| b.stats.hits.cmp(&a.stats.hits).then_with(|| by_title(a, b))),
        FaqSort::NotHelped => {
            rows.sort_by(|a, b| b.stats.not_helped.cmp(&a.stats.not_helped).then_with(|| by_title(a, b)))
        }
        FaqSort::Changed => {
            rows.sort_by(|a, b| b.entry.updated_at.cmp(&a.entry.updated_at).then(b.entry.id.cmp(&a.entry.id)))
        }
    }
    let total = rows.len();
    let page_size = page_size.max(1);
    let pages = (total as u64).div_ceil(page_size).max(1);
    let page = query.page.clamp(1, pages);
    let start = ((page - 1) * page_size) as usize;
    let rows = rows.into_iter().skip(start).take(page_size as usize).collect();
    ListPage { rows, total, page, pages, categories }
}
