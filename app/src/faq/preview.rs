//! The Telegram-look preview of an FAQ answer: the bot's message bubble on a chat background,
//! rendered from tgtext's formatting tree, and its inline keyboard — the admin's buttons one per
//! row, then the "that helped / didn't help" row the bot always adds.
//!
//! Guarantees: what the bubble shows is tgtext's tree, the same one the server checks before
//! saving, so a text that previews formatted is one Telegram accepts; a text that doesn't parse is
//! shown as typed, under a warning. Addresses in plain text (`http://…`, `https://…`) show as
//! links, as Telegram's apps show them. Nothing in the preview sends anything; links open in a
//! new tab.

use leptos::prelude::*;
use tgtext::{Formatted, Node, Style};

use crate::faq::model::{ButtonTarget, FaqButton};
use crate::i18n::t;

/// The labels of the row the bot adds under every answer: the defaults of `ButtonHelped` and
/// `ButtonNotHelped` in `bot/src/engine/texts.rs` (customer texts, in the answer's language, not
/// the admin's).
const FEEDBACK_RU: [&str; 2] = ["👍 Помогло", "👎 Не помогло"];
const FEEDBACK_EN: [&str; 2] = ["👍 That helped", "👎 Didn't help"];

/// What the bubble shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewBody {
    /// The formatted text.
    Formatted(Formatted),
    /// Text that doesn't parse, shown as typed.
    Broken(String),
}

impl PreviewBody {
    /// The preview of `html` as it is now.
    pub fn of(html: &str) -> PreviewBody {
        match tgtext::parse(html.trim()) {
            Ok(f) => PreviewBody::Formatted(f),
            Err(_) => PreviewBody::Broken(html.to_string()),
        }
    }
}

/// The chat with the bot's message. `english` picks the labels of the feedback row. `compact`
/// is the smaller version the history shows.
#[component]
pub fn TelegramPreview(
    #[prop(into)] body: Signal<PreviewBody>,
    #[prop(into)] buttons: Signal<Vec<FaqButton>>,
    #[prop(into)] english: Signal<bool>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let tr = t();
    let broken = move || matches!(body.get(), PreviewBody::Broken(_));
    let bubble = move || match body.get() {
        PreviewBody::Formatted(f) if f.is_empty() => {
            view! { <span class="tg-empty">{tr.faq_editor.preview_empty}</span> }.into_any()
        }
        PreviewBody::Formatted(f) => render(&f.nodes, true).into_any(),
        PreviewBody::Broken(text) => view! { <span class="tg-raw">{text}</span> }.into_any(),
    };
    let rows = move || {
        buttons
            .get()
            .into_iter()
            .map(|b| {
                let url = match &b.target {
                    ButtonTarget::Url { url } => Some(url.clone()),
                    _ => None,
                };
                let is_url = url.is_some();
                let empty = b.label.trim().is_empty();
                let label = if empty { tr.faq_editor.no_label.to_string() } else { b.label.clone() };
                view! {
                    <div class="tg-row">
                        <span class="tg-btn" class:tg-btn-empty=empty title=url data-testid="preview-button">
                            <span class="tg-btn-label">{label}</span>
                            {is_url.then(|| view! {
                                <span class="tg-btn-url" aria-hidden="true">"↗"</span>
                                <span class="sr-only">{tr.faq_editor.preview_link_button}</span>
                            })}
                        </span>
                    </div>
                }
            })
            .collect_view()
    };
    let feedback = move || if english.get() { FEEDBACK_EN } else { FEEDBACK_RU };
    view! {
        <div class="tg-chat" class:tg-compact=compact data-testid="preview">
            {move || broken().then(|| view! {
                <div class="tg-warning" role="status" data-testid="preview-broken">{tr.faq_editor.preview_broken}</div>
            })}
            <div class="tg-message">
                <div class="tg-bubble" class:tg-bubble-broken=broken data-testid="preview-bubble">{bubble}</div>
                <div class="tg-keyboard">
                    {rows}
                    <div class="tg-row">
                        <span class="tg-btn" data-testid="preview-feedback">{move || feedback()[0]}</span>
                        <span class="tg-btn">{move || feedback()[1]}</span>
                    </div>
                </div>
            </div>
        </div>
    }
}

/// The formatting tree as HTML elements that look like Telegram's. `linkify`: addresses in text
/// become links (not inside links and code).
/// As in Telegram's apps, a quote or a code block is a block of its own: the line break just
/// before and just after it adds no empty line.
pub(crate) fn render(nodes: &[Node], linkify: bool) -> Vec<AnyView> {
    let block =
        |n: Option<&Node>| matches!(n, Some(Node::Styled { style: Style::Pre { .. } | Style::Blockquote { .. }, .. }));
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| match n {
            Node::Text(text) => {
                let mut text = text.as_str();
                if i > 0 && block(nodes.get(i - 1)) {
                    text = text.strip_prefix('\n').unwrap_or(text);
                }
                if block(nodes.get(i + 1)) {
                    text = text.strip_suffix('\n').unwrap_or(text);
                }
                text_view(text, linkify)
            }
            _ => node(n, linkify),
        })
        .collect()
}

fn node(n: &Node, linkify: bool) -> AnyView {
    let (style, children) = match n {
        Node::Text(text) => return text_view(text, linkify),
        Node::Styled { style, children } => {
            let inner = linkify && !matches!(style, Style::Link { .. } | Style::Code | Style::Pre { .. });
            (style, render(children, inner))
        }
    };
    match style {
        Style::Bold => view! { <strong>{children}</strong> }.into_any(),
        Style::Italic => view! { <em>{children}</em> }.into_any(),
        Style::Underline => view! { <u>{children}</u> }.into_any(),
        Style::Strike => view! { <s>{children}</s> }.into_any(),
        Style::Spoiler => view! { <Spoiler>{children}</Spoiler> }.into_any(),
        Style::Link { href } => {
            view! { <a class="tg-link" href=href.clone() target="_blank" rel="noopener noreferrer">{children}</a> }
                .into_any()
        }
        Style::Code => view! { <code class="tg-code">{children}</code> }.into_any(),
        Style::Pre { language } => view! {
            <pre class="tg-pre">
                {language.clone().map(|l| view! { <span class="tg-pre-lang">{l}</span> })}
                <code>{children}</code>
            </pre>
        }
        .into_any(),
        Style::Blockquote { expandable } => {
            view! { <blockquote class="tg-quote" class:tg-quote-expandable=*expandable>{children}</blockquote> }
                .into_any()
        }
        Style::CustomEmoji { .. } => view! { <span class="tg-emoji">{children}</span> }.into_any(),
    }
}

fn text_view(text: &str, linkify: bool) -> AnyView {
    let parts = if linkify { split_links(text) } else { Vec::new() };
    if parts.iter().all(|(link, _)| !link) {
        return text.to_string().into_any();
    }
    parts
        .into_iter()
        .map(|(link, part)| {
            let part = part.to_string();
            if link {
                let href = part.clone();
                view! { <a class="tg-link" href=href target="_blank" rel="noopener noreferrer">{part}</a> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// `text` cut into plain runs and web addresses (`true`): from `http://` or `https://` at the
/// start of a word to the next space, without the punctuation that ends a sentence.
fn split_links(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let found = ["https://", "http://"]
            .iter()
            .filter_map(|p| {
                let lower = rest.to_ascii_lowercase();
                let mut from = 0;
                while let Some(i) = lower[from..].find(p) {
                    let at = from + i;
                    let starts_word = rest[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    if starts_word {
                        return Some(at);
                    }
                    from = at + p.len();
                }
                None
            })
            .min();
        let Some(start) = found else { break };
        let tail = &rest[start..];
        let mut end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        while let Some(c) = tail[..end].chars().next_back() {
            let unbalanced = c == ')' && tail[..end].matches('(').count() < tail[..end].matches(')').count();
            if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '»' | '"' | '\'' | '…') || unbalanced {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        let scheme = if tail.to_ascii_lowercase().starts_with("https://") { 8 } else { 7 };
        if end <= scheme {
            out.push((false, &rest[..start + scheme]));
            rest = &rest[start + scheme..];
            continue;
        }
        if start > 0 {
            out.push((false, &rest[..start]));
        }
        out.push((true, &tail[..end]));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// Hidden text: blurred until hovered, clicked or toggled with Enter/Space.
#[component]
fn Spoiler(children: Children) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <span
            class="tg-spoiler"
            class:shown=move || shown.get()
            role="button"
            tabindex="0"
            aria-pressed=move || shown.get().to_string()
            title=t().faq_editor.preview_spoiler
            on:click=move |_| shown.update(|s| *s = !*s)
            on:keydown=move |ev| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    shown.update(|s| *s = !*s);
                }
            }
        >
            {children()}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::split_links;

    #[test]
    fn addresses_in_text_are_links_without_the_sentence_end() {
        assert_eq!(
            split_links("на странице https://skoronet.example/pay — или (см. http://a.example/x)."),
            vec![
                (false, "на странице "),
                (true, "https://skoronet.example/pay"),
                (false, " — или (см. "),
                (true, "http://a.example/x"),
                (false, ")."),
            ]
        );
        assert_eq!(split_links("нет ссылок"), vec![(false, "нет ссылок")]);
        assert_eq!(split_links("xhttps://a.b и https://"), vec![(false, "xhttps://a.b и https://")]);
    }
}
