//! An answer's field: a textarea of Telegram HTML with a formatting toolbar (and Ctrl/Cmd+B, I,
//! K), a live check with tgtext that names the line and column Telegram would refuse, and the
//! length after formatting against Telegram's 4096.
//!
//! Guarantees:
//! - The check is tgtext's parse of the text as typed, the same parser the server saves with.
//!   [`AnswerCheck::now`] follows every keystroke (Save and the counter go by it); an error is
//!   *shown* once the text has stayed broken for a moment, so typing a tag doesn't flicker red,
//!   and meanwhile the preview keeps the last text that parsed.
//! - Toolbar edits go through the browser's editing (`insertText`), so Ctrl+Z undoes them; the
//!   shortcuts go by the physical key, so they work with a Russian layout too.
//! - The status line under the field always holds its place: checks and the counter change its
//!   text, never the layout around it.

use leptos::prelude::*;
use tgtext::{FormatError, Formatted, MAX_MESSAGE_LEN};

use crate::faq::editor_state::{Edit, insert_link, link_is_valid, toggle_wrap};
use crate::faq::model::FaqProblem;
use crate::faq::preview::PreviewBody;
use crate::i18n::t;
use crate::ui::{Dialog, DialogBody, DialogFooter};

/// How long a text must stay broken before its error shows.
const SETTLE_MS: u64 = 450;

/// The live check of one answer.
#[derive(Clone, Copy)]
pub struct AnswerCheck {
    value: RwSignal<String>,
    /// The text as typed, parsed now.
    pub now: Memo<Result<Formatted, FormatError>>,
    /// What is shown: a success at once, an error once it has lasted [`SETTLE_MS`].
    pub shown: RwSignal<Result<Formatted, FormatError>>,
}

impl AnswerCheck {
    pub fn new(value: RwSignal<String>) -> AnswerCheck {
        let now = Memo::new(move |_| value.with(|v| tgtext::parse(v)));
        let shown = RwSignal::new(now.get_untracked());
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            let result = now.get();
            let g = generation.get_value() + 1;
            generation.set_value(g);
            if result.is_ok() {
                shown.set(result);
            } else {
                set_timeout(
                    move || {
                        if generation.try_get_value() == Some(g)
                            && let Some(r) = now.try_get_untracked()
                        {
                            shown.try_set(r);
                        }
                    },
                    std::time::Duration::from_millis(SETTLE_MS),
                );
            }
        });
        AnswerCheck { value, now, shown }
    }

    /// The preview: the formatted text, the last text that parsed while an error settles, the text
    /// as typed once it has.
    pub fn preview(&self) -> PreviewBody {
        match self.shown.get() {
            Ok(f) => PreviewBody::Formatted(f),
            Err(_) => PreviewBody::Broken(self.value.get()),
        }
    }

    /// The length after formatting, if known (the last text that parsed while an error settles).
    fn length(&self) -> Option<usize> {
        match (self.now.get(), self.shown.get()) {
            (Ok(f), _) | (Err(_), Ok(f)) => Some(f.len()),
            _ => None,
        }
    }
}

/// A formatting tag of the toolbar.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Bold,
    Italic,
    Underline,
    Strike,
    Spoiler,
    Link,
    Code,
    Pre,
    Quote,
}

impl Tool {
    const ALL: [Tool; 9] = [
        Tool::Bold,
        Tool::Italic,
        Tool::Underline,
        Tool::Strike,
        Tool::Spoiler,
        Tool::Link,
        Tool::Code,
        Tool::Pre,
        Tool::Quote,
    ];

    fn tags(self) -> (&'static str, &'static str) {
        match self {
            Tool::Bold => ("<b>", "</b>"),
            Tool::Italic => ("<i>", "</i>"),
            Tool::Underline => ("<u>", "</u>"),
            Tool::Strike => ("<s>", "</s>"),
            Tool::Spoiler => ("<tg-spoiler>", "</tg-spoiler>"),
            Tool::Link => ("", ""),
            Tool::Code => ("<code>", "</code>"),
            Tool::Pre => ("<pre>", "</pre>"),
            Tool::Quote => ("<blockquote>", "</blockquote>"),
        }
    }

    fn label(self) -> &'static str {
        let tr = &t().faq_editor;
        match self {
            Tool::Bold => tr.fmt_bold,
            Tool::Italic => tr.fmt_italic,
            Tool::Underline => tr.fmt_underline,
            Tool::Strike => tr.fmt_strike,
            Tool::Spoiler => tr.fmt_spoiler,
            Tool::Link => tr.fmt_link,
            Tool::Code => tr.fmt_code,
            Tool::Pre => tr.fmt_pre,
            Tool::Quote => tr.fmt_quote,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Tool::Bold => "bold",
            Tool::Italic => "italic",
            Tool::Underline => "underline",
            Tool::Strike => "strike",
            Tool::Spoiler => "spoiler",
            Tool::Link => "link",
            Tool::Code => "code",
            Tool::Pre => "pre",
            Tool::Quote => "quote",
        }
    }

    fn icon(self) -> AnyView {
        match self {
            Tool::Bold => view! { <b class="tool-glyph">"B"</b> }.into_any(),
            Tool::Italic => view! { <i class="tool-glyph tool-serif">"I"</i> }.into_any(),
            Tool::Underline => view! { <u class="tool-glyph">"U"</u> }.into_any(),
            Tool::Strike => view! { <s class="tool-glyph">"S"</s> }.into_any(),
            Tool::Code => view! { <span class="tool-glyph tool-mono">"</>"</span> }.into_any(),
            Tool::Spoiler => svg(
                r#"<path d="M3 12s3.5-6 9-6 9 6 9 6-3.5 6-9 6-9-6-9-6z"/><circle cx="12" cy="12" r="2.5"/><path d="M4 4l16 16"/>"#,
            ),
            Tool::Link => svg(
                r#"<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>"#,
            ),
            Tool::Pre => {
                svg(r#"<rect x="3" y="4" width="18" height="16" rx="2"/><path d="m9 10-2 2 2 2M15 10l2 2-2 2"/>"#)
            }
            Tool::Quote => svg(r#"<path d="M5 4v16"/><path d="M9 8h10M9 12h10M9 16h6"/>"#),
        }
    }
}

fn svg(body: &'static str) -> AnyView {
    view! {
        <svg class="icon" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor"
            stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" inner_html=body></svg>
    }
    .into_any()
}

/// The link dialog's request: where the selection was.
#[derive(Clone, Copy)]
struct LinkAt {
    start: usize,
    end: usize,
}

/// One answer's textarea, toolbar, check and counter. `problems` are Save's for this field.
#[component]
pub fn AnswerField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    check: AnswerCheck,
    #[prop(into)] problems: Signal<Vec<FaqProblem>>,
    readonly: bool,
) -> impl IntoView {
    let tr = t();
    let area = NodeRef::<leptos::html::Textarea>::new();
    let link = RwSignal::new(None::<LinkAt>);
    let initial = value.get_untracked();

    let selection = move || -> (usize, usize) {
        #[cfg(feature = "hydrate")]
        if let Some(el) = area.get_untracked() {
            let s = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            let e = el.selection_end().ok().flatten().unwrap_or(s as u32) as usize;
            return (s, e);
        }
        (0, 0)
    };
    let apply = move |edit: Edit| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = area.get_untracked() {
            browser::apply(&el, value, &edit);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = edit;
    };
    let run = move |tool: Tool| {
        if readonly {
            return;
        }
        let (start, end) = selection();
        if tool == Tool::Link {
            link.set(Some(LinkAt { start, end }));
            return;
        }
        let (open, close) = tool.tags();
        let edit = value.with_untracked(|v| toggle_wrap(v, start, end, open, close));
        apply(edit);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || ev.shift_key() {
            return;
        }
        let tool = match ev.code().as_str() {
            "KeyB" => Tool::Bold,
            "KeyI" => Tool::Italic,
            "KeyK" => Tool::Link,
            _ => return,
        };
        ev.prevent_default();
        run(tool);
    };
    let show_place = move |offset: usize| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = area.get_untracked() {
            let at = value.with_untracked(|v| crate::faq::editor_state::utf16_at(v, offset)) as u32;
            let _ = el.focus();
            let _ = el.set_selection_range(at, at + 1);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = offset;
    };

    let shown_error = move || check.shown.get().err();
    let length = Memo::new(move |_| check.length());
    let over = move || length.get().is_some_and(|n| n > MAX_MESSAGE_LEN);
    // Save's problems, but not the formatting error the live check already shows.
    let listed = move || {
        problems
            .get()
            .into_iter()
            .filter(|p| !(matches!(p, FaqProblem::Format { .. }) && shown_error().is_some()))
            .filter(|p| !(matches!(p, FaqProblem::TooLongFormatted { .. }) && over()))
            .collect::<Vec<_>>()
    };
    let invalid = move || shown_error().is_some() || over() || !listed().is_empty();
    let status_id = format!("{id}-status");
    let hint_id = format!("{id}-hint");
    let described = format!("{hint_id} {status_id}");

    view! {
        <div class="form-group faq-answer" data-testid=id>
            <label class="form-label" for=id>{move || label.get()}</label>
            {(!readonly).then(|| view! {
                <div class="fmt-toolbar" role="toolbar" aria-label=tr.faq_editor.toolbar aria-controls=id>
                    {Tool::ALL
                        .into_iter()
                        .map(|tool| view! {
                            <button
                                type="button"
                                class="fmt-btn"
                                title=tool.label()
                                aria-label=tool.label()
                                data-tool=tool.name()
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| run(tool)
                            >
                                {tool.icon()}
                            </button>
                        })
                        .collect_view()}
                </div>
            })}
            <textarea
                id=id
                class="form-control faq-answer-input"
                class:has-toolbar=!readonly
                rows="9"
                spellcheck="true"
                readonly=readonly
                aria-invalid=move || invalid().to_string()
                aria-describedby=described
                node_ref=area
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:keydown=on_keydown
            >
                {initial}
            </textarea>
            <div class="answer-status" id=status_id aria-live="polite">
                <div class="answer-check">
                    {move || match shown_error() {
                        None => view! {
                            <span class="check-ok" data-testid="format-ok">"✓ " {tr.faq_editor.format_ok}</span>
                        }
                        .into_any(),
                        Some(e) => {
                            let offset = e.offset;
                            let problem = FaqProblem::Format {
                                line: e.line,
                                column: e.column,
                                message: (tr.faq_editor.format_kind)(&e.kind),
                            };
                            view! {
                                <span class="form-error check-error" data-testid="format-error">{(tr.faq.problem)(&problem)}</span>
                                <button type="button" class="btn btn-link btn-sm check-place" on:click=move |_| show_place(offset)>
                                    {tr.faq_editor.show_place}
                                </button>
                            }
                            .into_any()
                        }
                    }}
                </div>
                <span class="answer-counter" class:over=over title=tr.faq_editor.counter_label data-testid="answer-counter">
                    <span class="sr-only">{tr.faq_editor.counter_label} ": "</span>
                    {move || length.get().map_or_else(|| "—".to_string(), |n| n.to_string())}
                    " / "
                    {MAX_MESSAGE_LEN}
                </span>
            </div>
            <div class="form-hint" id=hint_id>{tr.faq_editor.answer_hint}</div>
            {move || over().then(|| {
                let length = length.get().unwrap_or_default();
                view! {
                    <div class="form-error">
                        {(tr.faq.problem)(&FaqProblem::TooLongFormatted { length, max: MAX_MESSAGE_LEN })}
                    </div>
                }
            })}
            {move || listed()
                .into_iter()
                .map(|p| view! { <div class="form-error" data-testid="field-error">{(tr.faq.problem)(&p)}</div> })
                .collect_view()}
        </div>
        {move || link.get().map(|at| view! { <LinkDialog at value apply close=Callback::new(move |_| link.set(None)) /> })}
    }
}

/// Asks for a link's address (and its text when nothing is selected), then wraps the selection.
#[component]
fn LinkDialog(
    at: LinkAt,
    value: RwSignal<String>,
    apply: impl Fn(Edit) + Copy + Send + Sync + 'static,
    close: Callback<()>,
) -> impl IntoView {
    let tr = t();
    let url = RwSignal::new("https://".to_string());
    let text = RwSignal::new(String::new());
    let bad = RwSignal::new(false);
    let empty_selection = at.start == at.end;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let u = url.get_untracked().trim().to_string();
        if !link_is_valid(&u) {
            bad.set(true);
            return;
        }
        let shown = text.get_untracked();
        let shown = if shown.trim().is_empty() { tr.faq_editor.link_text_default.to_string() } else { shown };
        let edit = value.with_untracked(|v| insert_link(v, at.start, at.end, &u, &shown));
        apply(edit);
        close.run(());
    };
    view! {
        <Dialog title=tr.faq_editor.link_title on_close=close>
            <form novalidate on:submit=submit data-testid="link-dialog">
                <DialogBody>
                    <div class="form-group">
                        <label class="form-label" for="faq-link-url">{tr.faq_editor.link_url}</label>
                        <input
                            id="faq-link-url"
                            class="form-control"
                            type="url"
                            inputmode="url"
                            autocomplete="off"
                            spellcheck="false"
                            autofocus
                            aria-invalid=move || bad.get().to_string()
                            aria-describedby="faq-link-url-hint"
                            prop:value=move || url.get()
                            on:input=move |ev| {
                                url.set(event_target_value(&ev));
                                bad.set(false);
                            }
                        />
                        <div class="form-hint" id="faq-link-url-hint">{tr.faq_editor.link_url_hint}</div>
                        {move || bad.get().then(|| view! { <div class="form-error" role="alert">{tr.faq_editor.link_bad}</div> })}
                    </div>
                    {empty_selection.then(|| view! {
                        <div class="form-group">
                            <label class="form-label" for="faq-link-text">{tr.faq_editor.link_text}</label>
                            <input
                                id="faq-link-text"
                                class="form-control"
                                autocomplete="off"
                                placeholder=tr.faq_editor.link_text_default
                                prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))
                            />
                        </div>
                    })}
                </DialogBody>
                <DialogFooter on_cancel=close>
                    <button type="submit" class="btn btn-primary" data-testid="link-insert">{tr.faq_editor.link_insert}</button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlDocument, HtmlTextAreaElement};

    use crate::faq::editor_state::Edit;

    /// Makes `edit` through the browser's editing, so that it can be undone; falls back to
    /// setting the value when the browser won't.
    pub fn apply(el: &HtmlTextAreaElement, value: RwSignal<String>, edit: &Edit) {
        let expected = edit.apply(&el.value());
        let _ = el.focus();
        let _ = el.set_selection_range(edit.from as u32, edit.to as u32);
        let doc = web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<HtmlDocument>().ok());
        let done = match doc {
            Some(doc) if edit.insert.is_empty() => doc.exec_command("delete").unwrap_or(false),
            Some(doc) => doc.exec_command_with_show_ui_and_value("insertText", false, &edit.insert).unwrap_or(false),
            None => false,
        };
        if !done || el.value() != expected {
            el.set_value(&expected);
        }
        value.set(expected);
        let _ = el.set_selection_range(edit.select.0 as u32, edit.select.1 as u32);
    }
}
