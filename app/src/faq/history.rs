//! An entry's history: its versions newest first (what made each, which fields it changed, who,
//! when); the selected one's content beside the current one's, with the fields that differ
//! marked; and, for admins, "Restore this version" after a confirmation.
//!
//! Guarantees: restoring goes through `faq_revert`, which saves the old content as a new version
//! (nothing in the history is lost), and the editor reloads the entry afterwards. The dialog and
//! its confirmation are never open together, so Escape closes only the one on top.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::faq::api::{faq_history, faq_revert};
use crate::faq::editor_state::same_field;
use crate::faq::model::{FaqEntryView, FaqField, FaqLanguage, FaqState, FaqVersionView};
use crate::faq::preview::{PreviewBody, TelegramPreview};
use crate::i18n::t;
use crate::ui::{Badge, ConfirmDialog, Dialog, DialogBody, DialogFooter, Loading, LocalTime, Tone};

/// The history dialog of entry `id`. `dirty`: the editor has unsaved changes (a restore drops
/// them, and the confirmation says so).
#[component]
pub fn HistoryDialog(
    id: i64,
    readonly: bool,
    #[prop(into)] dirty: Signal<bool>,
    on_close: Callback<()>,
    on_restored: Callback<(i32, FaqEntryView)>,
) -> impl IntoView {
    let tr = t();
    let versions = Resource::new(|| (), move |_| faq_history(id));
    let selected = RwSignal::new(None::<i32>);
    let confirm = RwSignal::new(None::<i32>);
    move || {
        match confirm.get() {
        Some(version) => view! {
            <RestoreConfirm id version dirty on_cancel=Callback::new(move |_| confirm.set(None)) on_restored />
        }
        .into_any(),
        None => view! {
            <Dialog title=tr.faq_editor.history_title on_close>
                <Suspense fallback=|| view! { <DialogBody><Loading /></DialogBody> }>
                    {move || Suspend::new(async move {
                        match versions.await {
                            Ok(list) => view! { <HistoryBody list selected confirm readonly on_close /> }.into_any(),
                            Err(e) => view! {
                                <DialogBody error=Signal::stored(Some(e))><span></span></DialogBody>
                                <DialogFooter>
                                    <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>{tr.close}</button>
                                </DialogFooter>
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
            </Dialog>
        }
        .into_any(),
    }
    }
}

#[component]
fn HistoryBody(
    list: Vec<FaqVersionView>,
    selected: RwSignal<Option<i32>>,
    confirm: RwSignal<Option<i32>>,
    readonly: bool,
    on_close: Callback<()>,
) -> impl IntoView {
    let tr = t();
    let Some(current) = list.first().cloned() else {
        return view! {
            <DialogBody><p class="muted">{tr.faq_editor.history_empty}</p></DialogBody>
            <DialogFooter>
                <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>{tr.close}</button>
            </DialogFooter>
        }
        .into_any();
    };
    if selected.get_untracked().is_none() {
        selected.set(Some(list.get(1).unwrap_or(&current).version));
    }
    let list = StoredValue::new(list);
    let current = StoredValue::new(current);
    let chosen = Memo::new(move |_| {
        let v = selected.get();
        list.with_value(|l| l.iter().find(|x| Some(x.version) == v).cloned())
    });
    let items = list.with_value(|l| {
        l.iter()
            .enumerate()
            .map(|(i, v)| {
                let version = v.version;
                let fields = v.changed.iter().copied().map(|f| view! { <Badge tone=Tone::Muted>{(tr.faq.field)(f)}</Badge> }).collect_view();
                let first = v.change == types::FaqChange::Created && v.changed.is_empty();
                view! {
                    <li>
                        <button
                            type="button"
                            class="faq-version"
                            aria-pressed=move || (selected.get() == Some(version)).to_string()
                            on:click=move |_| selected.set(Some(version))
                            data-testid="history-version"
                            data-version=version
                        >
                            <span class="faq-version-head">
                                <strong>{(tr.faq_editor.version)(version)}</strong>
                                {(i == 0).then(|| view! { <Badge tone=Tone::Success>{tr.faq_editor.history_current}</Badge> })}
                            </span>
                            <span class="faq-version-change">{(tr.faq_editor.change)(v.change)}</span>
                            {(!v.changed.is_empty()).then(|| view! {
                                <span class="faq-version-fields">
                                    <span class="sr-only">{tr.faq_editor.history_what_changed} ": "</span>
                                    {fields}
                                </span>
                            })}
                            {first.then(|| view! { <span class="faq-version-fields muted small">{tr.faq_editor.history_first}</span> })}
                            <span class="faq-version-by muted small">{(tr.faq_editor.actor)(&v.by)} " · " <LocalTime at=v.at.clone() /></span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    });
    let can_restore =
        move || !readonly && chosen.get().is_some_and(|c| current.with_value(|cur| c.version != cur.version));
    view! {
        <DialogBody>
            <div class="faq-history" data-testid="history">
                <ol class="faq-history-list" aria-label=tr.faq_editor.history_versions>{items}</ol>
                <div class="faq-history-compare">
                    {move || {
                        let cur = current.get_value();
                        match chosen.get() {
                            Some(c) if c.version != cur.version => view! {
                                <VersionColumn title=(tr.faq_editor.compare_selected)(c.version) v=c.clone() other=Some(cur.clone()) testid="history-selected" />
                                <VersionColumn title=(tr.faq_editor.compare_current)(cur.version) v=cur other=Some(c) testid="history-current" />
                            }
                            .into_any(),
                            _ => view! {
                                <VersionColumn title=(tr.faq_editor.compare_current)(cur.version) v=cur other=None testid="history-current" />
                            }
                            .into_any(),
                        }
                    }}
                </div>
            </div>
        </DialogBody>
        <DialogFooter>
            <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>{tr.close}</button>
            {move || can_restore().then(|| view! {
                <button
                    type="button"
                    class="btn btn-primary"
                    data-testid="history-restore"
                    on:click=move |_| confirm.set(selected.get_untracked())
                >
                    {tr.faq_editor.restore_version}
                </button>
            })}
        </DialogFooter>
    }
    .into_any()
}

/// One version's content; with `other`, the fields that differ from it are marked.
#[component]
fn VersionColumn(
    title: String,
    v: FaqVersionView,
    other: Option<FaqVersionView>,
    testid: &'static str,
) -> impl IntoView {
    let tr = t();
    let d = v.draft.clone();
    let differs = move |f: FaqField| other.as_ref().is_some_and(|o| !same_field(&o.draft, &d, f));
    let state = match v.state {
        FaqState::Enabled => (Tone::Success, tr.faq_editor.state_enabled),
        FaqState::Disabled => (Tone::Muted, tr.faq_editor.state_disabled),
        FaqState::Archived => (Tone::Warning, tr.faq_editor.state_archived),
    };
    let variants = if v.draft.variants.is_empty() {
        view! { <p class="muted small">{tr.faq_editor.no_variants}</p> }.into_any()
    } else {
        view! { <ul class="faq-version-variants">{v.draft.variants.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul> }
            .into_any()
    };
    let both = v.draft.language == FaqLanguage::Both;
    let english = v.draft.language == FaqLanguage::En;
    let buttons = v.draft.buttons.clone();
    let answer = PreviewBody::of(&v.draft.answer);
    let answer_en = PreviewBody::of(&v.draft.answer_en);
    let answer_differs = differs(FaqField::Answer) || differs(FaqField::Buttons);
    let answer_label = if both { tr.faq_editor.answer_ru } else { (tr.faq.field)(FaqField::Answer) };
    view! {
        <section class="faq-version-col" data-testid=testid>
            <h3>{title} " " <Badge tone=state.0>{state.1}</Badge></h3>
            <dl class="faq-version-fields-list">
                <dt class:differs=differs(FaqField::Question)>{(tr.faq.field)(FaqField::Question)}</dt>
                <dd class:differs=differs(FaqField::Question) data-testid="history-question">{v.draft.question.clone()}</dd>
                <dt class:differs=differs(FaqField::Variants)>{(tr.faq.field)(FaqField::Variants)}</dt>
                <dd class:differs=differs(FaqField::Variants)>{variants}</dd>
                {(!v.draft.category.is_empty()).then(|| view! {
                    <dt class:differs=differs(FaqField::Category)>{(tr.faq.field)(FaqField::Category)}</dt>
                    <dd class:differs=differs(FaqField::Category)>{v.draft.category.clone()}</dd>
                })}
                <dt class:differs=answer_differs>{answer_label}</dt>
                <dd class:differs=answer_differs data-testid="history-answer">
                    <TelegramPreview body=Signal::stored(answer) buttons=Signal::stored(buttons.clone()) english=Signal::stored(english) compact=true />
                </dd>
                {both.then(|| view! {
                    <dt class:differs=differs(FaqField::AnswerEn)>{(tr.faq.field)(FaqField::AnswerEn)}</dt>
                    <dd class:differs=differs(FaqField::AnswerEn)>
                        <TelegramPreview body=Signal::stored(answer_en) buttons=Signal::stored(buttons) english=Signal::stored(true) compact=true />
                    </dd>
                })}
            </dl>
        </section>
    }
}

/// "Restore version N?" and the restore itself.
#[component]
fn RestoreConfirm(
    id: i64,
    version: i32,
    dirty: Signal<bool>,
    on_cancel: Callback<()>,
    on_restored: Callback<(i32, FaqEntryView)>,
) -> impl IntoView {
    let tr = t();
    let action: Action<(), Result<FaqEntryView, ApiError>> = Action::new(move |_: &()| faq_revert(id, version));
    Effect::new(move |_| {
        if let Some(Ok(view)) = action.value().get() {
            on_restored.run((version, view));
        }
    });
    let mut message = (tr.faq_editor.confirm_restore)(version);
    if dirty.get_untracked() {
        message = format!("{message} {}", tr.faq_editor.confirm_restore_unsaved);
    }
    view! {
        <ConfirmDialog
            title=tr.faq_editor.restore_version
            message
            confirm_label=tr.faq_editor.restore_version
            action
            on_close=on_cancel
            testid="history-restore-confirm"
        />
    }
}
