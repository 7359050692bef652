//! The CSV import dialog (admins): pick a file (read in the browser), optionally "replace"
//! (archive the entries the file lacks), and see what importing would do — the entries to add,
//! change (which fields) and archive — or why the file is refused (its line and the problem)
//! before anything changes. "Import" applies that, with a summary as a toast.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::faq::api::faq_import;
use crate::faq::model::{ImportItem, ImportOutcome, ImportPlan};
use crate::i18n::t;
use crate::ui::{Dialog, DialogBody, DialogFooter, ErrorAlert, use_toasts};

#[component]
pub fn ImportDialog(on_close: Callback<()>, on_imported: Callback<()>) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    let toasts = use_toasts();
    let file_name = RwSignal::new(None::<String>);
    let csv = RwSignal::new(None::<String>);
    let replace = RwSignal::new(false);
    let reading = RwSignal::new(false);
    // The browser could not read the file, or it isn't UTF-8.
    let local_error = RwSignal::new(None::<String>);
    let check = Action::new(move |(csv, replace): &(String, bool)| faq_import(csv.clone(), *replace, false));
    let apply = Action::new(move |(csv, replace): &(String, bool)| faq_import(csv.clone(), *replace, true));
    let checking = check.pending();
    let applying = apply.pending();

    let run_check = move || {
        if let Some(text) = csv.get_untracked() {
            apply.value().set(None);
            check.dispatch((text, replace.get_untracked()));
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        local_error.set(None);
        check.value().set(None);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;

            use crate::faq::model::CsvProblem;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                file_name.set(None);
                csv.set(None);
                return;
            };
            file_name.set(Some(file.name()));
            csv.set(None);
            reading.set(true);
            read_text(&file, move |text| {
                reading.set(false);
                match text {
                    None => local_error.set(Some(l.import_reading_failed.to_string())),
                    // The browser puts U+FFFD where the bytes are not UTF-8 (a file saved as
                    // Windows-1251, say): the server would import mojibake.
                    Some(text) if text.contains('\u{fffd}') => {
                        local_error.set(Some((tr.faq.csv)(&CsvProblem::NotUtf8)))
                    }
                    Some(text) => {
                        csv.set(Some(text));
                        run_check();
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    Effect::new(move |_| {
        if let Some(Ok(ImportOutcome::Plan(plan))) = apply.value().get() {
            toasts.success(if plan.is_empty() {
                tr.faq.import_nothing.to_string()
            } else {
                (tr.faq.import_summary)(&plan)
            });
            on_imported.run(());
            on_close.run(());
        }
    });

    // What the preview shows: the apply's refusal or error if it failed, else the check's.
    let shown = Memo::new(move |_| match apply.value().get() {
        Some(Ok(ImportOutcome::Refused(r))) => Some(Ok(ImportOutcome::Refused(r))),
        Some(Err(e)) => Some(Err(e)),
        _ => check.value().get(),
    });
    let can_apply = move || {
        !checking.get()
            && !applying.get()
            && matches!(check.value().get(), Some(Ok(ImportOutcome::Plan(p))) if !p.is_empty())
            && !matches!(apply.value().get(), Some(Ok(ImportOutcome::Refused(_))))
    };
    let do_apply = move |_| {
        if let Some(text) = csv.get_untracked() {
            apply.dispatch((text, replace.get_untracked()));
        }
    };

    view! {
        <Dialog title=l.import_title on_close>
            <DialogBody>
                <div class="import-dialog" data-testid="import-dialog">
                    <div class="form-group">
                        <span class="form-label" id="import-file-label">{l.import_file}</span>
                        <div class="file-pick">
                            <input
                                id="import-file"
                                type="file"
                                class="file-input"
                                accept=".csv,text/csv"
                                autofocus
                                data-testid="import-file"
                                aria-labelledby="import-file-label import-file-button"
                                aria-describedby="import-file-hint"
                                on:change=on_file
                            />
                            <label for="import-file" id="import-file-button" class="btn btn-outline">{l.import_choose}</label>
                            <span class="file-name" class:muted=move || file_name.get().is_none() data-testid="import-file-name">
                                {move || file_name.get().unwrap_or_else(|| l.import_no_file.to_string())}
                            </span>
                        </div>
                        <div class="form-hint" id="import-file-hint">{l.import_file_hint}</div>
                    </div>
                    <div class="form-group">
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                data-testid="import-replace"
                                aria-describedby="import-replace-hint"
                                prop:checked=move || replace.get()
                                on:change=move |ev| {
                                    replace.set(event_target_checked(&ev));
                                    run_check();
                                }
                            />
                            {l.import_replace}
                        </label>
                        <div class="form-hint" id="import-replace-hint">{l.import_replace_hint}</div>
                    </div>
                    <div class="import-preview" aria-live="polite" data-testid="import-preview">
                        {move || {
                            if let Some(e) = local_error.get() {
                                return view! { <div class="alert alert-error" role="alert">{e}</div> }.into_any();
                            }
                            if reading.get() || checking.get() {
                                return view! {
                                    <div class="import-checking muted">
                                        <span class="spinner" aria-hidden="true"></span>
                                        {l.import_checking}
                                    </div>
                                }
                                .into_any();
                            }
                            match shown.get() {
                                None => ().into_any(),
                                Some(outcome) => view! { <Preview outcome /> }.into_any(),
                            }
                        }}
                    </div>
                </div>
            </DialogBody>
            <DialogFooter on_cancel=on_close>
                <button
                    type="button"
                    class="btn btn-primary"
                    data-testid="import-apply"
                    disabled=move || !can_apply()
                    aria-busy=move || applying.get().to_string()
                    on:click=do_apply
                >
                    <span class="btn-label" class:invisible=move || applying.get()>{l.import_apply}</span>
                    {move || {
                        applying.get().then(|| view! {
                            <span class="btn-busy">
                                <span class="spinner" aria-hidden="true"></span>
                                <span class="sr-only">{l.import_applying}</span>
                            </span>
                        })
                    }}
                </button>
            </DialogFooter>
        </Dialog>
    }
}

/// Reads a file as UTF-8 text; `done` gets None when the browser couldn't.
#[cfg(feature = "hydrate")]
fn read_text(file: &web_sys::File, done: impl FnOnce(Option<String>) + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(reader) = web_sys::FileReader::new() else {
        done(None);
        return;
    };
    // Called once, by whichever of load and error comes.
    let done = Rc::new(RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |text: Option<String>| {
            if let Some(f) = done.borrow_mut().take() {
                f(text);
            }
        }
    };
    let on_load = {
        let reader = reader.clone();
        let finish = finish.clone();
        Closure::once_into_js(move || finish(reader.result().ok().and_then(|v| v.as_string())))
    };
    let on_error = Closure::once_into_js(move || finish(None));
    reader.set_onload(Some(on_load.unchecked_ref()));
    reader.set_onerror(Some(on_error.unchecked_ref()));
    if reader.read_as_text(file).is_err()
        && let Some(f) = done.borrow_mut().take()
    {
        f(None);
    }
}

#[component]
fn Preview(outcome: Result<ImportOutcome, ApiError>) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    match outcome {
        Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
        Ok(ImportOutcome::Refused(r)) => view! {
            <div class="alert alert-error" role="alert" data-testid="import-refused">
                <strong>{l.import_refused}</strong>
                <div>{tr.faq.refusal(&r)}</div>
            </div>
        }
        .into_any(),
        Ok(ImportOutcome::Plan(plan)) => view! { <PlanView plan /> }.into_any(),
    }
}

#[component]
fn PlanView(plan: ImportPlan) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    let ImportPlan { added, changed, archived, unchanged } = plan;
    let nothing = added.is_empty() && changed.is_empty() && archived.is_empty();
    let counts = view! {
        <div class="import-counts" data-testid="import-counts">
            <span class="import-count add" class:zero=added.is_empty()>{(l.import_to_add)(added.len())}</span>
            <span class="import-count change" class:zero=changed.is_empty()>{(l.import_to_change)(changed.len())}</span>
            {(!archived.is_empty()).then(|| view! { <span class="import-count archive">{(l.import_to_archive)(archived.len())}</span> })}
            {(unchanged > 0).then(|| view! { <span class="import-count same">{(l.import_unchanged)(unchanged)}</span> })}
        </div>
    };
    let section = |heading: &'static str, kind: &'static str, items: Vec<ImportItem>| {
        (!items.is_empty()).then(|| {
            let rows = items.into_iter().map(|i| view! { <ItemRow item=i kind /> }).collect_view();
            view! {
                <section class=format!("import-section import-{kind}")>
                    <h3>{heading}</h3>
                    <ul class="import-list" data-testid=format!("import-{kind}")>{rows}</ul>
                </section>
            }
        })
    };
    view! {
        {counts}
        {nothing.then(|| view! { <div class="alert alert-info">{tr.faq.import_nothing}</div> })}
        {section(l.import_added_heading, "added", added)}
        {section(l.import_changed_heading, "changed", changed)}
        {section(l.import_archived_heading, "archived", archived)}
    }
}

#[component]
fn ItemRow(item: ImportItem, kind: &'static str) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    let sign = match kind {
        "added" => "+",
        "changed" => "~",
        _ => "−",
    };
    view! {
        <li class="import-item">
            <span class="import-sign" aria-hidden="true">{sign}</span>
            <span class="import-q">
                {item.question}
                <span class="import-meta">
                    {item.slug.map(|s| view! { <span class="mono">{s}</span> })}
                    {item.line.map(|n| view! { <span>{(tr.faq.line)(n)}</span> })}
                </span>
            </span>
            {(!item.fields.is_empty()).then(|| view! {
                <span class="import-fields">
                    {item.fields.iter().map(|f| view! { <span class="chip">{(l.import_field)(f)}</span> }).collect_view()}
                </span>
            })}
        </li>
    }
}
