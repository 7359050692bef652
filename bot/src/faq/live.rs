//! The FAQ as a running process sees it: every entry, and the matcher built from the enabled ones.
//! The update worker, "Try it" and the admin's list all read the same [`Live`].
//!
//! Guarantees:
//! - it follows the FAQ's revision (the newest `faq_versions` id): a check is one indexed query,
//!   and a change re-reads only the entries that changed;
//! - a changed entry's text is used at once (the next [`Live::current`] has it); the matcher is
//!   rebuilt on a blocking thread, off the update worker, which keeps using the previous matcher
//!   (restricted to entries that are still enabled) until the new one is ready — one rebuild at a
//!   time, repeated if the FAQ moved on meanwhile. A rebuild re-encodes only the entries whose
//!   text changed since the previous build ([`MatcherCache`]) and gives the very matcher a full
//!   build of the same entries would;
//! - [`Live::follow`] re-checks on every `faq` event and once a second, so every server process
//!   (PostgreSQL NOTIFY wakes the others' event hubs) has a change within a second, traffic or
//!   not; [`Live::settled`] waits for the matcher of the current revision ("Try it" answers with
//!   what the bot will do).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use entity::faq_entries;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use tokio::sync::{Mutex, watch};
use types::{FaqLanguage, FaqState};

use super::entries::{self, Entry, variants_of};
use crate::matcher::{
    Decision, FaqDoc, HandoffReason, MAX_SUGGESTIONS, Matcher, MatcherCache, MatcherConfig, Scored, Thresholds,
    asks_for_human, decide_ranked,
};

/// The FAQ at one revision.
pub struct FaqView {
    /// The revision the entries are at.
    pub revision: i64,
    /// Every entry, whatever its state.
    pub entries: Arc<HashMap<i64, Arc<Entry>>>,
    /// Built from the enabled entries of `matcher_revision` (≤ `revision`).
    pub matcher: Arc<Matcher>,
    pub matcher_revision: i64,
}

impl FaqView {
    /// An entry the bot uses (enabled).
    pub fn enabled(&self, id: i64) -> Option<&Entry> {
        self.entries.get(&id).map(|e| e.as_ref()).filter(|e| e.state == FaqState::Enabled)
    }

    /// What the bot does with a customer's `text`: the matcher's decision among the enabled
    /// entries (the same steps as [`crate::matcher::decide`]).
    pub fn decide(&self, text: &str, t: &Thresholds) -> Decision {
        if crate::matcher::normalize::normalize(text).is_empty() {
            return Decision::Handoff { reason: HandoffReason::Empty };
        }
        if asks_for_human(text) {
            return Decision::Handoff { reason: HandoffReason::AskedForHuman };
        }
        decide_ranked(self.rank(text, MAX_SUGGESTIONS), t)
    }

    /// The `k` enabled entries that match `text` best (an entry disabled since the matcher was
    /// built is skipped).
    pub fn rank(&self, text: &str, k: usize) -> Vec<Scored> {
        let mut ranked = self.matcher.rank(text, k + 8);
        ranked.retain(|s| self.enabled(s.id).is_some());
        ranked.truncate(k);
        ranked
    }

    /// Whether the matcher is built from these entries.
    pub fn settled(&self) -> bool {
        self.matcher_revision == self.revision
    }
}

/// A process's live FAQ. Cheap to clone (shared).
#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    view: RwLock<Arc<FaqView>>,
    /// One refresh at a time.
    refresh: Mutex<()>,
    /// The revision the newest finished matcher was built for.
    built: watch::Sender<i64>,
    /// A rebuild is running.
    building: std::sync::atomic::AtomicBool,
    /// What the previous build read and encoded, for the next one.
    builder: std::sync::Mutex<Builder>,
    health: super::check::HealthCache,
    stats: super::stats::StatsCache,
}

impl Inner {
    /// The matcher for `map`'s enabled entries, reusing what the previous build prepared. (A build
    /// that panicked leaves a builder that starts afresh, so its lock is taken over.)
    fn build(&self, map: &HashMap<i64, Arc<Entry>>) -> Matcher {
        self.builder.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).build(map)
    }
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

impl Live {
    pub fn new() -> Live {
        let empty = FaqView {
            revision: -1,
            entries: Arc::new(HashMap::new()),
            matcher: Arc::new(Matcher::new(&[])),
            matcher_revision: -1,
        };
        Live {
            inner: Arc::new(Inner {
                view: RwLock::new(Arc::new(empty)),
                refresh: Mutex::new(()),
                built: watch::Sender::new(-1),
                building: std::sync::atomic::AtomicBool::new(false),
                builder: std::sync::Mutex::new(Builder::new(MatcherConfig::default())),
                health: super::check::HealthCache::default(),
                stats: super::stats::StatsCache::default(),
            }),
        }
    }

    /// The FAQ's health (conflicts, unreachable entries) for the settled matcher, computed once
    /// per matcher.
    /// Every entry's counts over the last 30 days ([`super::stats::StatsCache`]).
    pub async fn stats_30_days<C: ConnectionTrait>(
        &self,
        db: &C,
    ) -> Result<Arc<HashMap<i64, super::stats::EntryStats>>, DbErr> {
        self.inner.stats.last_30_days(db).await
    }

    pub async fn health<C: ConnectionTrait>(
        &self,
        db: &C,
        t: Thresholds,
    ) -> Result<(Arc<FaqView>, Arc<crate::matcher::Health>), DbErr> {
        let view = self.settled(db).await?;
        let health = self.inner.health.get(view.clone(), t).await;
        Ok((view, health))
    }

    fn view(&self) -> Arc<FaqView> {
        self.inner.view.read().expect("faq view").clone()
    }

    /// The FAQ as of now: re-reads what changed since the last look. The first call builds the
    /// matcher before returning (there is no earlier one to use).
    pub async fn current<C: ConnectionTrait>(&self, db: &C) -> Result<Arc<FaqView>, DbErr> {
        let revision = entries::revision(db).await?;
        let view = self.view();
        if view.revision == revision {
            return Ok(view);
        }
        let _one = self.inner.refresh.lock().await;
        let view = self.view();
        if view.revision >= revision {
            return Ok(view);
        }
        let first = view.revision < 0;
        let loaded = if first {
            faq_entries::Entity::find().all(db).await?
        } else {
            let changed = entries::changed_since(db, view.revision).await?;
            let mut rows = Vec::new();
            for chunk in changed.chunks(500) {
                rows.extend(
                    faq_entries::Entity::find().filter(faq_entries::Column::Id.is_in(chunk.to_vec())).all(db).await?,
                );
            }
            // Changed but not found: deleted.
            let mut map: HashMap<i64, Arc<Entry>> = (*view.entries).clone();
            for id in &changed {
                map.remove(id);
            }
            map.extend(rows.into_iter().map(|r| (r.id, Arc::new(r))));
            let next = self.publish(revision, map, &view);
            return Ok(next);
        };
        let map: HashMap<i64, Arc<Entry>> = loaded.into_iter().map(|r| (r.id, Arc::new(r))).collect();
        let matcher = Arc::new(self.inner.build(&map));
        let next = Arc::new(FaqView { revision, entries: Arc::new(map), matcher, matcher_revision: revision });
        *self.inner.view.write().expect("faq view") = next.clone();
        self.inner.built.send_replace(revision);
        Ok(next)
    }

    /// Installs new entries at `revision` with the previous matcher, and starts a rebuild when
    /// what the matcher reads changed.
    fn publish(&self, revision: i64, map: HashMap<i64, Arc<Entry>>, prev: &FaqView) -> Arc<FaqView> {
        let same_docs = matcher_input(&map) == matcher_input(&prev.entries);
        let (matcher, matcher_revision) = if same_docs && prev.settled() {
            (prev.matcher.clone(), revision)
        } else {
            (prev.matcher.clone(), prev.matcher_revision)
        };
        let next = Arc::new(FaqView { revision, entries: Arc::new(map), matcher, matcher_revision });
        *self.inner.view.write().expect("faq view") = next.clone();
        if next.settled() {
            self.inner.built.send_replace(revision);
        } else {
            self.rebuild();
        }
        next
    }

    /// Builds the matcher for the newest entries on a blocking thread, then again if they moved
    /// on meanwhile.
    fn rebuild(&self) {
        use std::sync::atomic::Ordering;
        if self.inner.building.swap(true, Ordering::AcqRel) {
            return;
        }
        let live = self.clone();
        tokio::spawn(async move {
            loop {
                let view = live.view();
                let entries = view.entries.clone();
                let inner = live.inner.clone();
                let built = tokio::task::spawn_blocking(move || inner.build(&entries)).await;
                let Ok(matcher) = built else {
                    tracing::error!("rebuilding the FAQ matcher panicked");
                    break;
                };
                let matcher = Arc::new(matcher);
                let done = {
                    let mut slot = live.inner.view.write().expect("faq view");
                    let now = slot.clone();
                    let same = Arc::ptr_eq(&now.entries, &view.entries);
                    let matcher_revision = if same { now.revision } else { view.revision };
                    *slot = Arc::new(FaqView {
                        revision: now.revision,
                        entries: now.entries.clone(),
                        matcher,
                        matcher_revision,
                    });
                    live.inner.built.send_replace(matcher_revision);
                    same
                };
                if done {
                    break;
                }
            }
            live.inner.building.store(false, Ordering::Release);
            // A publish that came while the flag was still set found it taken: look again.
            let view = live.view();
            if !view.settled() {
                live.rebuild();
            }
        });
    }

    /// The FAQ as of now with its matcher built (waits for a rebuild in progress; at most a few
    /// hundred milliseconds for thousands of entries).
    pub async fn settled<C: ConnectionTrait>(&self, db: &C) -> Result<Arc<FaqView>, DbErr> {
        let view = self.current(db).await?;
        if view.settled() {
            return Ok(view);
        }
        let mut built = self.inner.built.subscribe();
        let _ = tokio::time::timeout(Duration::from_secs(30), built.wait_for(|r| *r >= view.revision)).await;
        Ok(self.view())
    }

    /// Keeps this process's FAQ current: on every FAQ event of `hub` and once a second.
    pub fn follow(&self, db: DatabaseConnection, hub: &crate::events::Hub) -> tokio::task::JoinHandle<()> {
        let live = self.clone();
        let mut events = hub.subscribe();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    e = events.recv() => match e {
                        Ok(e) if e.kind != types::EventKind::Faq => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                        _ => {}
                    },
                }
                if let Err(e) = live.current(&db).await {
                    tracing::warn!(error = %e, "reading the FAQ failed");
                }
            }
        })
    }
}

/// What the matcher reads of the enabled entries, in id order (a change elsewhere — category,
/// buttons, a disabled entry's text — needs no rebuild).
fn matcher_input(map: &HashMap<i64, Arc<Entry>>) -> Vec<(i64, &str, &str, &str, Option<&str>)> {
    let mut v: Vec<_> = map
        .values()
        .filter(|e| e.state == FaqState::Enabled)
        .map(|e| (e.id, e.question.as_str(), e.variants.as_str(), e.answer.as_str(), e.answer_en.as_deref()))
        .collect();
    v.sort_unstable_by_key(|t| t.0);
    v
}

/// Builds the matcher for the enabled entries again and again as they change: an entry's matcher
/// input (question, variants, answers as plain text) is prepared once and its texts encoded once
/// ([`MatcherCache`]), so a rebuild after a save does the collection-wide part of the work only.
/// Each build gives exactly the matcher [`build`] gives for the same entries.
struct Builder {
    cache: MatcherCache,
    /// The previous build's input, in its order: the entry each item was prepared from, and what
    /// the matcher read of it.
    sources: Vec<Arc<Entry>>,
    docs: Vec<FaqDoc>,
    answers: Vec<String>,
}

impl Builder {
    fn new(config: MatcherConfig) -> Builder {
        Builder { cache: MatcherCache::new(config), sources: Vec::new(), docs: Vec::new(), answers: Vec::new() }
    }

    /// Everything reused is taken out first: a panic midway leaves it empty, not inconsistent.
    fn build(&mut self, map: &HashMap<i64, Arc<Entry>>) -> Matcher {
        let mut prev: HashMap<i64, (Arc<Entry>, FaqDoc, String)> = std::mem::take(&mut self.sources)
            .into_iter()
            .zip(std::mem::take(&mut self.docs))
            .zip(std::mem::take(&mut self.answers))
            .map(|((e, d), a)| (e.id, (e, d, a)))
            .collect();
        let mut enabled: Vec<&Arc<Entry>> = map.values().filter(|e| e.state == FaqState::Enabled).collect();
        enabled.sort_unstable_by_key(|e| e.id);
        for e in enabled {
            let (doc, answer) = match prev.remove(&e.id) {
                Some((old, doc, answer)) if Arc::ptr_eq(&old, e) || same_input(&old, e) => (doc, answer),
                _ => (FaqDoc { id: e.id, question: e.question.clone(), variants: variants_of(e) }, evidence(e)),
            };
            self.sources.push(e.clone());
            self.docs.push(doc);
            self.answers.push(answer);
        }
        self.cache.build(&self.docs, &self.answers)
    }
}

/// Whether the matcher reads the same of `a` and `b` (see [`build`]).
fn same_input(a: &Entry, b: &Entry) -> bool {
    a.id == b.id
        && a.question == b.question
        && a.variants == b.variants
        && a.answer == b.answer
        && a.answer_en == b.answer_en
        && a.language == b.language
}

/// The matcher for the enabled entries; their answers (both languages) count as evidence.
pub fn build(map: &HashMap<i64, Arc<Entry>>, config: &MatcherConfig) -> Matcher {
    let mut enabled: Vec<&Entry> = map.values().map(|e| e.as_ref()).filter(|e| e.state == FaqState::Enabled).collect();
    enabled.sort_unstable_by_key(|e| e.id);
    let docs: Vec<FaqDoc> =
        enabled.iter().map(|e| FaqDoc { id: e.id, question: e.question.clone(), variants: variants_of(e) }).collect();
    let answers: Vec<String> = enabled.iter().map(|e| evidence(e)).collect();
    Matcher::with_answers(&docs, &answers, config.clone())
}

/// An entry's answers as the customer reads them (plain text), both languages.
fn evidence(e: &Entry) -> String {
    let plain = |html: &str| tgtext::parse(html).map(|f| f.plain()).unwrap_or_else(|_| html.to_string());
    match (&e.answer_en, e.language) {
        (Some(en), FaqLanguage::Both) => format!("{}\n{}", plain(&e.answer), plain(en)),
        _ => plain(&e.answer),
    }
}

/// `view` as if entry `editing` (none: a new entry) had `draft`'s unsaved content, with a matcher
/// built for it ("Try it" beside the editor). Returns the view and the draft's id in it (a new
/// entry gets -1). The draft counts as enabled, so it can be tried before it is switched on.
pub fn with_draft(view: &FaqView, editing: Option<i64>, draft: types::faq::FaqDraft) -> (FaqView, i64) {
    let id = editing.unwrap_or(-1);
    let now = chrono::Utc::now();
    let base = editing.and_then(|id| view.entries.get(&id)).map(|e| e.as_ref().clone());
    let entry = Entry {
        id,
        slug: Some(draft.slug.clone()).filter(|s| !s.is_empty()),
        question: draft.question,
        variants: draft.variants.join("\n"),
        answer: draft.answer,
        answer_en: Some(draft.answer_en).filter(|a| !a.is_empty()),
        language: draft.language,
        category: draft.category,
        state: FaqState::Enabled,
        buttons: serde_json::to_string(&draft.buttons).unwrap_or_else(|_| "[]".into()),
        version: base.as_ref().map_or(0, |b| b.version),
        updated_by: None,
        position: 0,
        created_at: base.as_ref().map_or(now, |b| b.created_at),
        updated_at: now,
    };
    let mut map: HashMap<i64, Arc<Entry>> = (*view.entries).clone();
    map.insert(id, Arc::new(entry));
    let matcher = Arc::new(build(&map, &MatcherConfig::default()));
    (FaqView { revision: view.revision, entries: Arc::new(map), matcher, matcher_revision: view.revision }, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, question: &str, variants: &str, answer: &str) -> Arc<Entry> {
        let now = chrono::Utc::now();
        Arc::new(Entry {
            id,
            slug: None,
            question: question.into(),
            variants: variants.into(),
            answer: answer.into(),
            answer_en: None,
            language: FaqLanguage::Ru,
            category: String::new(),
            state: FaqState::Enabled,
            buttons: "[]".into(),
            version: 1,
            updated_by: None,
            position: 0,
            created_at: now,
            updated_at: now,
        })
    }

    /// The live rebuild (reusing what it prepared and encoded before) gives the full build's matcher.
    #[test]
    fn rebuilds_equal_full_builds() {
        let cfg = MatcherConfig::default();
        let mut map: HashMap<i64, Arc<Entry>> = HashMap::new();
        for (id, q, v, a) in [
            (1, "Как оплатить картой?", "Оплата картой\nМожно ли Visa?", "В <b>личном кабинете</b> или через СБП."),
            (2, "Почему медленный интернет?", "Инет тормозит", "Перезагрузите роутер."),
            (3, "Как поменять пароль от Wi-Fi?", "", "Зайдите на 192.168.0.1"),
            (4, "Как расторгнуть договор?", "Хочу отключиться", ""),
        ] {
            map.insert(id, entry(id, q, v, a));
        }
        let mut builder = Builder::new(cfg.clone());
        let same = |builder: &mut Builder, map: &HashMap<i64, Arc<Entry>>| {
            let (inc, full) = (builder.build(map), build(map, &cfg));
            assert_eq!(inc, full);
            for q in ["оплата картой", "сбп", "инет", "пароль wifi", "отключиться"]
            {
                assert_eq!(inc.rank(q, 5), full.rank(q, 5), "{q}");
            }
            builder.cache.last_encoded()
        };
        assert_eq!(same(&mut builder, &map), 4);
        // An edited answer; a new entry; a disabled one; a change the matcher does not read.
        let mut e = (*map[&2]).clone();
        e.answer = "Проверьте скорость через спидтест.".into();
        map.insert(2, Arc::new(e));
        map.insert(5, entry(5, "Как подключить ТВ?", "Телевидение", "Позвоните нам."));
        let mut e = (*map[&3]).clone();
        e.state = FaqState::Disabled;
        map.insert(3, Arc::new(e));
        let mut e = (*map[&4]).clone();
        e.category = "Договор".into();
        map.insert(4, Arc::new(e));
        assert_eq!(same(&mut builder, &map), 2);
        // English answer added; removed entry.
        let mut e = (*map[&1]).clone();
        e.answer_en = Some("Pay by card in your account.".into());
        e.language = FaqLanguage::Both;
        map.insert(1, Arc::new(e));
        map.remove(&5);
        assert_eq!(same(&mut builder, &map), 1);
        assert_eq!(same(&mut builder, &map), 0);
    }
}
