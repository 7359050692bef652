//! The Telegram-look preview of a menu: the message bubble with the formatting rendered and the
//! inline keyboard laid out as Telegram's clients lay it out, at phone width in the light theme.
//!
//! Guarantees:
//! - what the bubble shows is what the bot sends (`types::menu`'s rules): the text in the chosen
//!   language, the Russian one when the English is empty, the title when both are; a text Telegram
//!   would refuse shows as typed under a warning;
//! - the keyboard is [`keyboard_layout`] of the labels at [`KEYBOARD_WIDTH`]: the buttons of a row
//!   share its width equally and a label that doesn't fit is cut with "…", as on a phone; under a
//!   menu other than the main one without a "back" or "main menu" button, the row the bot adds is
//!   shown too (marked as added by the bot);
//! - it follows every keystroke and move; nothing in it sends anything.

use leptos::prelude::*;

use crate::faq::preview::{PreviewBody, render};
use crate::i18n::t;
use crate::menus::model::{ButtonDraft, MenuTarget, keyboard_layout};

/// The keyboard's width in the preview, in CSS pixels: a phone's chat column.
pub const KEYBOARD_WIDTH: f32 = 320.0;

/// The bot's own "back" label (`ButtonBack` in `bot/src/engine/texts.rs`), in the customer's
/// language.
const BACK_RU: &str = "« Назад";
const BACK_EN: &str = "« Back";

/// What the preview needs of the menu being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewInput {
    pub is_main: bool,
    pub title_ru: String,
    pub title_en: String,
    pub text_ru: String,
    pub text_en: String,
    pub rows: Vec<Vec<ButtonDraft>>,
}

/// The text the bot sends above the keyboard, in `english` or Russian.
pub fn message_text(p: &PreviewInput, english: bool) -> PreviewBody {
    let text = if english && !p.text_en.trim().is_empty() { &p.text_en } else { &p.text_ru };
    if !text.trim().is_empty() {
        return PreviewBody::of(text);
    }
    let title = if english && !p.title_en.trim().is_empty() { &p.title_en } else { &p.title_ru };
    PreviewBody::of(&html_escape(title.trim()))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A button's label in `english` or Russian (the Russian one when the English is empty).
pub fn label(b: &ButtonDraft, english: bool) -> &str {
    if english && !b.label_en.trim().is_empty() { b.label_en.trim() } else { b.label_ru.trim() }
}

/// Whether the bot adds its own "back" row under this menu.
pub fn adds_back_row(p: &PreviewInput) -> bool {
    !p.is_main && !p.rows.iter().flatten().any(|b| matches!(b.target, MenuTarget::Back | MenuTarget::MainMenu))
}

#[component]
pub fn MenuPreview(#[prop(into)] input: Signal<PreviewInput>, #[prop(into)] english: Signal<bool>) -> impl IntoView {
    let tr = t();
    let body = Memo::new(move |_| input.with(|p| message_text(p, english.get())));
    let broken = move || matches!(body.get(), PreviewBody::Broken(_));
    let bubble = move || match body.get() {
        PreviewBody::Formatted(f) if f.is_empty() => {
            view! { <span class="tg-empty">{tr.menus.preview_empty}</span> }.into_any()
        }
        PreviewBody::Formatted(f) => render(&f.nodes, true).into_any(),
        PreviewBody::Broken(text) => view! { <span class="tg-raw">{text}</span> }.into_any(),
    };
    let rows = move || {
        let en = english.get();
        input.with(|p| {
            let mut labels: Vec<Vec<(String, bool)>> = p
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|b| {
                            let l = label(b, en);
                            let shown = if l.is_empty() { tr.menus.no_label.to_string() } else { l.to_string() };
                            (shown, matches!(b.target, MenuTarget::Url { .. }))
                        })
                        .collect()
                })
                .collect();
            let added = adds_back_row(p);
            if added {
                labels.push(vec![((if en { BACK_EN } else { BACK_RU }).to_string(), false)]);
            }
            let texts: Vec<Vec<&str>> = labels.iter().map(|r| r.iter().map(|(l, _)| l.as_str()).collect()).collect();
            let laid = keyboard_layout(&texts, KEYBOARD_WIDTH);
            let last = laid.len().saturating_sub(1);
            laid.into_iter()
                .zip(labels.iter())
                .enumerate()
                .map(|(r, (row, source))| {
                    let bot_row = added && r == last;
                    view! {
                        <div class="tg-row" class:tg-row-added=bot_row data-testid="preview-row"
                            title=bot_row.then_some(tr.menus.preview_back_added)>
                            {row.into_iter().zip(source.iter()).map(|(b, (full, is_url))| {
                                let is_url = *is_url;
                                view! {
                                    <span class="tg-btn" class:tg-btn-cut=b.cut title=b.cut.then(|| full.clone())
                                        data-testid="preview-button">
                                        <span class="tg-btn-label">{b.text}</span>
                                        {is_url.then(|| view! {
                                            <span class="tg-btn-url" aria-hidden="true">"↗"</span>
                                        })}
                                    </span>
                                }
                            }).collect_view()}
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="tg-chat menu-preview-chat" data-testid="menu-preview">
            {move || broken().then(|| view! {
                <div class="tg-warning" role="status">{tr.menus.preview_broken}</div>
            })}
            <div class="tg-message menu-preview-message">
                <div class="tg-bubble" class:tg-bubble-broken=broken data-testid="preview-bubble">{bubble}</div>
                <div class="tg-keyboard" data-testid="preview-keyboard">{rows}</div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PreviewInput {
        PreviewInput {
            is_main: false,
            title_ru: "Оплата <и> счета".into(),
            title_en: String::new(),
            text_ru: String::new(),
            text_en: String::new(),
            rows: vec![vec![ButtonDraft {
                id: None,
                label_ru: "Карта".into(),
                label_en: "Card".into(),
                target: MenuTarget::Operator,
            }]],
        }
    }

    #[test]
    fn the_text_falls_back_to_russian_then_to_the_escaped_title() {
        let mut p = input();
        assert_eq!(message_text(&p, true), PreviewBody::of("Оплата &lt;и&gt; счета"));
        p.text_ru = "<b>Оплата</b>".into();
        assert_eq!(message_text(&p, true), PreviewBody::of("<b>Оплата</b>"));
        p.text_en = "<b>Payment</b>".into();
        assert_eq!(message_text(&p, true), PreviewBody::of("<b>Payment</b>"));
        assert_eq!(label(&p.rows[0][0], true), "Card");
        assert_eq!(label(&p.rows[0][0], false), "Карта");
    }

    #[test]
    fn the_bot_adds_a_back_row_only_under_submenus_without_one() {
        let mut p = input();
        assert!(adds_back_row(&p));
        p.rows[0][0].target = MenuTarget::MainMenu;
        assert!(!adds_back_row(&p));
        p.rows[0][0].target = MenuTarget::Operator;
        p.is_main = true;
        assert!(!adds_back_row(&p));
    }
}
