//! The entry editor's state and its pure rules: the form's signals and the draft they make, which
//! field a problem belongs to and where it is on the page, the variants' per-line flags, and the
//! formatting toolbar's edit of the answer's text.
//!
//! Guarantees:
//! - [`Form::draft`] is what Save sends and "Try it" matches: the English answer only when the
//!   entry has both languages, buttons in their order with the target of their kind.
//! - Problems are shown only while their field still holds the text they were found in
//!   ([`same_field`]): typing in a field clears its problems, undoing brings them back.
//! - Variant line numbers are the textarea's (blank lines counted), both for the browser's own
//!   flags and for the server's ([`textarea_line`] maps them).
//! - Toolbar edits count in UTF-16 units, as the textarea's selection does.

use leptos::prelude::*;

use crate::faq::model::{ButtonTarget, FaqButton, FaqDraft, FaqField, FaqFieldError, FaqLanguage, FaqProblem, limits};
use types::faq::fold;

/// What a button under the answer does, as the form's select names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonKind {
    Url,
    Menu,
    Operator,
}

impl ButtonKind {
    pub const ALL: [ButtonKind; 3] = [ButtonKind::Url, ButtonKind::Menu, ButtonKind::Operator];

    pub fn code(self) -> &'static str {
        match self {
            ButtonKind::Url => "url",
            ButtonKind::Menu => "menu",
            ButtonKind::Operator => "operator",
        }
    }

    pub fn parse(code: &str) -> ButtonKind {
        match code {
            "menu" => ButtonKind::Menu,
            "operator" => ButtonKind::Operator,
            _ => ButtonKind::Url,
        }
    }
}

/// One button of the form. The link and the menu are both kept, so switching the kind back and
/// forth loses nothing.
#[derive(Debug, Clone, Copy)]
pub struct ButtonRow {
    /// Stable while the row lives (moving it keeps its inputs).
    pub key: u64,
    pub label: RwSignal<String>,
    pub kind: RwSignal<ButtonKind>,
    pub url: RwSignal<String>,
    pub menu: RwSignal<Option<i64>>,
}

impl ButtonRow {
    /// The button as saved (a menu button with no menu chosen points at menu 0, which the server
    /// refuses as missing).
    pub fn button(&self) -> FaqButton {
        let target = match self.kind.get() {
            ButtonKind::Url => ButtonTarget::Url { url: self.url.get() },
            ButtonKind::Menu => ButtonTarget::Menu { menu_id: self.menu.get().unwrap_or(0) },
            ButtonKind::Operator => ButtonTarget::Operator,
        };
        FaqButton { label: self.label.get(), target }
    }
}

/// The editor's fields.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub slug: RwSignal<String>,
    pub question: RwSignal<String>,
    /// The textarea: one variant per line.
    pub variants: RwSignal<String>,
    pub answer: RwSignal<String>,
    /// Kept while the language is not "both" (switching back restores it), sent only with "both".
    pub answer_en: RwSignal<String>,
    pub language: RwSignal<FaqLanguage>,
    pub category: RwSignal<String>,
    pub buttons: RwSignal<Vec<ButtonRow>>,
    pub enabled: RwSignal<bool>,
    next_key: StoredValue<u64>,
}

impl Form {
    pub fn new(d: &FaqDraft) -> Form {
        let form = Form {
            slug: RwSignal::new(d.slug.clone()),
            question: RwSignal::new(d.question.clone()),
            variants: RwSignal::new(d.variants.join("\n")),
            answer: RwSignal::new(d.answer.clone()),
            answer_en: RwSignal::new(d.answer_en.clone()),
            language: RwSignal::new(d.language),
            category: RwSignal::new(d.category.clone()),
            buttons: RwSignal::new(Vec::new()),
            enabled: RwSignal::new(d.enabled),
            next_key: StoredValue::new(0),
        };
        let rows = d.buttons.iter().map(|b| form.row(b)).collect();
        form.buttons.set(rows);
        form
    }

    /// A new row for `b` (not yet in the list).
    pub fn row(&self, b: &FaqButton) -> ButtonRow {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let (kind, url, menu) = match &b.target {
            ButtonTarget::Url { url } => (ButtonKind::Url, url.clone(), None),
            ButtonTarget::Menu { menu_id } => (ButtonKind::Menu, String::new(), Some(*menu_id)),
            ButtonTarget::Operator => (ButtonKind::Operator, String::new(), None),
        };
        ButtonRow {
            key,
            label: RwSignal::new(b.label.clone()),
            kind: RwSignal::new(kind),
            url: RwSignal::new(url),
            menu: RwSignal::new(menu),
        }
    }

    /// The content as it would be saved (tracked: a memo of it follows every keystroke).
    pub fn draft(&self) -> FaqDraft {
        let language = self.language.get();
        FaqDraft {
            slug: self.slug.get(),
            question: self.question.get(),
            variants: self.variants.with(|v| v.lines().map(str::to_string).collect()),
            answer: self.answer.get(),
            answer_en: if language == FaqLanguage::Both { self.answer_en.get() } else { String::new() },
            language,
            category: self.category.get(),
            buttons: self.buttons.get().iter().map(ButtonRow::button).collect(),
            enabled: self.enabled.get(),
        }
        .normalized()
    }

    /// [`Form::draft`] without tracking.
    pub fn draft_untracked(&self) -> FaqDraft {
        untrack(|| self.draft())
    }
}

/// Everything the server would refuse that the browser can tell: [`FaqDraft::problems`], menu
/// buttons with no menu chosen and the answers' formatting (as `bot::faq::entries::problems`
/// checks them), in the page's order. Not checked here: a CSV id taken by another entry and
/// menus that no longer exist.
pub fn local_problems(d: &FaqDraft) -> Vec<FaqFieldError> {
    let mut out = d.problems();
    // A menu button without a menu chosen (no menu has id 0).
    for (i, b) in d.buttons.iter().enumerate() {
        if b.target == (ButtonTarget::Menu { menu_id: 0 }) {
            out.push(FaqFieldError {
                field: FaqField::Buttons,
                problem: FaqProblem::ButtonMenuMissing { index: i + 1 },
            });
        }
    }
    let mut html = |field, text: &str| {
        if text.is_empty() {
            return;
        }
        let problem = match tgtext::parse(text) {
            Err(e) => FaqProblem::Format { line: e.line, column: e.column, message: e.kind.to_string() },
            Ok(f) if f.len() > tgtext::MAX_MESSAGE_LEN => {
                FaqProblem::TooLongFormatted { length: f.len(), max: tgtext::MAX_MESSAGE_LEN }
            }
            Ok(_) => return,
        };
        out.push(FaqFieldError { field, problem });
    };
    html(FaqField::Answer, &d.answer);
    if d.language == FaqLanguage::Both {
        html(FaqField::AnswerEn, &d.answer_en);
    }
    out.sort_by_key(|e| PAGE_ORDER.iter().position(|f| *f == e.field));
    out
}

/// Whether field `f` has the same content in `a` and `b` (both normalised).
pub fn same_field(a: &FaqDraft, b: &FaqDraft, f: FaqField) -> bool {
    match f {
        FaqField::Slug => a.slug == b.slug,
        FaqField::Question => a.question == b.question,
        // A duplicate is a duplicate of the question too.
        FaqField::Variants => a.variants == b.variants && a.question == b.question,
        FaqField::Answer => a.answer == b.answer,
        FaqField::AnswerEn => a.answer_en == b.answer_en && a.language == b.language,
        FaqField::Category => a.category == b.category,
        FaqField::Buttons => a.buttons == b.buttons,
    }
}

/// The fields in the order the page shows them (the first with a problem gets the focus).
pub const PAGE_ORDER: [FaqField; 7] = [
    FaqField::Question,
    FaqField::Variants,
    FaqField::Answer,
    FaqField::AnswerEn,
    FaqField::Buttons,
    FaqField::Category,
    FaqField::Slug,
];

/// The element id of a field's control.
pub fn field_dom_id(f: FaqField) -> &'static str {
    match f {
        FaqField::Slug => "faq-slug",
        FaqField::Question => "faq-question",
        FaqField::Variants => "faq-variants",
        FaqField::Answer => "faq-answer",
        FaqField::AnswerEn => "faq-answer-en",
        FaqField::Category => "faq-category",
        FaqField::Buttons => "faq-buttons-add",
    }
}

/// The first field of the page that has a problem.
pub fn first_field(errors: &[FaqFieldError]) -> Option<FaqField> {
    PAGE_ORDER.into_iter().find(|f| errors.iter().any(|e| e.field == *f))
}

/// The button (1-based) a problem is about, if any.
pub fn button_index(p: &FaqProblem) -> Option<usize> {
    match p {
        FaqProblem::ButtonLabelEmpty { index }
        | FaqProblem::ButtonLabelTooLong { index, .. }
        | FaqProblem::ButtonUrlInvalid { index }
        | FaqProblem::ButtonMenuMissing { index } => Some(*index),
        _ => None,
    }
}

/// The textarea line (1-based, blank lines counted) of the `n`-th variant (1-based, as the
/// server counts them: blank lines dropped). `n` past the end: the line after the last.
pub fn textarea_line(text: &str, n: usize) -> usize {
    let mut seen = 0;
    for (i, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            seen += 1;
            if seen == n {
                return i + 1;
            }
        }
    }
    text.lines().count() + 1
}

/// Variants that are filled in.
pub fn variant_count(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

/// What is wrong with one line of the variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFlag {
    /// Repeats the question or an earlier line (case and spacing aside).
    Duplicate,
    /// Has `|`, the CSV format's separator.
    Pipe,
    TooLong,
}

impl LineFlag {
    /// The problem as the server names it (`line` in the textarea's numbering).
    pub fn problem(self, line: usize) -> FaqProblem {
        match self {
            LineFlag::Duplicate => FaqProblem::DuplicateVariant { line },
            LineFlag::Pipe => FaqProblem::VariantHasPipe { line },
            LineFlag::TooLong => FaqProblem::TooLong { max: limits::VARIANT },
        }
    }
}

/// The problems of the variants' lines as typed: `(line, flag)`, line 1-based in the textarea,
/// at most one flag per line (the server's order: length, `|`, duplicate).
pub fn line_flags(question: &str, text: &str) -> Vec<(usize, LineFlag)> {
    let mut seen = vec![fold(question)];
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v = line.trim();
        if v.is_empty() {
            continue;
        }
        let folded = fold(v);
        if v.chars().count() > limits::VARIANT {
            out.push((i + 1, LineFlag::TooLong));
        } else if v.contains('|') {
            out.push((i + 1, LineFlag::Pipe));
        } else if seen.contains(&folded) {
            out.push((i + 1, LineFlag::Duplicate));
        }
        seen.push(folded);
    }
    out
}

/// The server's variant problems in the textarea's numbering: `(line, flag)`.
pub fn server_line_flags(text: &str, problems: &[FaqProblem]) -> Vec<(usize, LineFlag)> {
    problems
        .iter()
        .filter_map(|p| match p {
            FaqProblem::DuplicateVariant { line } => Some((textarea_line(text, *line), LineFlag::Duplicate)),
            FaqProblem::VariantHasPipe { line } => Some((textarea_line(text, *line), LineFlag::Pipe)),
            _ => None,
        })
        .collect()
}

/// The byte offset of UTF-16 offset `u` in `s` (clamped to the end, never inside a character).
pub fn byte_at(s: &str, u: usize) -> usize {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        if units >= u {
            return i;
        }
        units += c.len_utf16();
    }
    s.len()
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
/// The UTF-16 offset of byte offset `b` in `s`.
pub fn utf16_at(s: &str, b: usize) -> usize {
    s[..b.min(s.len())].encode_utf16().count()
}

/// A toolbar's change to the answer: replace `from..to` (UTF-16) with `insert`, then select
/// `select` (UTF-16, in the new text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub from: usize,
    pub to: usize,
    pub insert: String,
    pub select: (usize, usize),
}

impl Edit {
    /// The text after the edit.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn apply(&self, text: &str) -> String {
        let (a, b) = (byte_at(text, self.from), byte_at(text, self.to));
        format!("{}{}{}", &text[..a], self.insert, &text[b..])
    }
}

/// Wraps the selection `start..end` (UTF-16) of `text` in `open`…`close`, keeping the wrapped text
/// selected; with nothing selected, puts the caret between the two. When the selection is already
/// wrapped in exactly these tags (inside or just outside it), unwraps it instead.
pub fn toggle_wrap(text: &str, start: usize, end: usize, open: &str, close: &str) -> Edit {
    let (start, end) = (start.min(end), start.max(end));
    let (a, b) = (byte_at(text, start), byte_at(text, end));
    let selected = &text[a..b];
    let len = |s: &str| s.encode_utf16().count();
    // The tags inside the selection: <b>text</b> selected.
    if selected.len() >= open.len() + close.len() && selected.starts_with(open) && selected.ends_with(close) {
        let inner = &selected[open.len()..selected.len() - close.len()];
        return Edit { from: start, to: end, insert: inner.to_string(), select: (start, start + len(inner)) };
    }
    // The tags around it: <b>[text]</b>.
    if text[..a].ends_with(open) && text[b..].starts_with(close) {
        let from = start - len(open);
        return Edit { from, to: end + len(close), insert: selected.to_string(), select: (from, from + len(selected)) };
    }
    let inner_start = start + len(open);
    Edit {
        from: start,
        to: end,
        insert: format!("{open}{selected}{close}"),
        select: (inner_start, inner_start + len(selected)),
    }
}

/// A link around the selection (or, with nothing selected, around `fallback_text`, selected
/// afterwards so it can be typed over).
pub fn insert_link(text: &str, start: usize, end: usize, url: &str, fallback_text: &str) -> Edit {
    let (start, end) = (start.min(end), start.max(end));
    let selected = &text[byte_at(text, start)..byte_at(text, end)];
    let shown = if selected.is_empty() { tgtext::escape(fallback_text) } else { selected.to_string() };
    let open = format!("<a href=\"{}\">", tgtext::escape(url));
    let inner_start = start + open.encode_utf16().count();
    Edit {
        from: start,
        to: end,
        insert: format!("{open}{shown}</a>"),
        select: (inner_start, inner_start + shown.encode_utf16().count()),
    }
}

/// A link address Telegram accepts inside `<a href>` (tgtext's rule: http, https, tg or mailto,
/// no spaces).
pub fn link_is_valid(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "tg://", "mailto:"].iter().find_map(|p| lower.strip_prefix(p));
    matches!(rest, Some(r) if !r.is_empty()) && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The answer a new entry starts with from the `a` query parameter: kept when it is valid
/// Telegram HTML, escaped when it is plain text that would not parse (a `&` or `<` in it).
pub fn prefill_answer(a: &str) -> String {
    if tgtext::parse(a).is_ok() { a.to_string() } else { tgtext::escape(a) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_lines_map_to_textarea_lines() {
        let text = "a\n\n  \nb\nc";
        assert_eq!(textarea_line(text, 1), 1);
        assert_eq!(textarea_line(text, 2), 4);
        assert_eq!(textarea_line(text, 3), 5);
        assert_eq!(textarea_line(text, 4), 6);
        assert_eq!(variant_count(text), 3);
    }

    #[test]
    fn lines_repeating_the_question_or_each_other_are_flagged() {
        let flags = line_flags("Как оплатить?", "оплата\n\nкак  ОПЛАТИТЬ?\nа|б\nОплата\nещё\nеще");
        assert_eq!(
            flags,
            vec![(3, LineFlag::Duplicate), (4, LineFlag::Pipe), (5, LineFlag::Duplicate), (7, LineFlag::Duplicate)]
        );
        let long = "я".repeat(limits::VARIANT + 1);
        assert_eq!(line_flags("q", &long), vec![(1, LineFlag::TooLong)]);
    }

    #[test]
    fn server_flags_use_textarea_lines() {
        let flags = server_line_flags("x\n\ny", &[FaqProblem::DuplicateVariant { line: 2 }, FaqProblem::Empty]);
        assert_eq!(flags, vec![(3, LineFlag::Duplicate)]);
    }

    #[test]
    fn wrapping_keeps_the_text_selected() {
        let e = toggle_wrap("Оплата картой", 7, 13, "<b>", "</b>");
        assert_eq!(e.apply("Оплата картой"), "Оплата <b>картой</b>");
        assert_eq!(e.select, (10, 16));
    }

    #[test]
    fn wrapping_nothing_puts_the_caret_inside() {
        let e = toggle_wrap("ab", 1, 1, "<i>", "</i>");
        assert_eq!(e.apply("ab"), "a<i></i>b");
        assert_eq!(e.select, (4, 4));
    }

    #[test]
    fn wrapping_twice_unwraps() {
        let text = "x <b>y</b> z";
        let inside = toggle_wrap(text, 5, 6, "<b>", "</b>");
        assert_eq!(inside.apply(text), "x y z");
        assert_eq!(inside.select, (2, 3));
        let whole = toggle_wrap(text, 2, 10, "<b>", "</b>");
        assert_eq!(whole.apply(text), "x y z");
    }

    #[test]
    fn offsets_count_utf16_units() {
        let text = "😀 ok";
        assert_eq!(byte_at(text, 2), 4);
        assert_eq!(utf16_at(text, 4), 2);
        let e = toggle_wrap(text, 3, 5, "<u>", "</u>");
        assert_eq!(e.apply(text), "😀 <u>ok</u>");
    }

    #[test]
    fn links_escape_the_address_and_fill_empty_text() {
        let e = insert_link("see ", 4, 4, "https://a.example/?x=1&y=\"2\"", "ссылка");
        assert_eq!(e.apply("see "), "see <a href=\"https://a.example/?x=1&amp;y=&quot;2&quot;\">ссылка</a>");
        assert!(tgtext::parse(&e.apply("see ")).is_ok());
        assert!(link_is_valid("https://t.me/x") && link_is_valid("mailto:a@b.c"));
        assert!(!link_is_valid("javascript:alert(1)") && !link_is_valid("https://a b") && !link_is_valid("https://"));
    }

    #[test]
    fn prefilled_plain_text_is_escaped_only_when_needed() {
        assert_eq!(prefill_answer("Да, <b>можно</b>"), "Да, <b>можно</b>");
        assert_eq!(prefill_answer("A & B < C"), "A &amp; B &lt; C");
    }

    #[test]
    fn the_browser_refuses_what_the_server_would() {
        let d = FaqDraft {
            question: "Как оплатить?".into(),
            answer: "Картой <b>онлайн".into(),
            variants: vec!["как оплатить?".into()],
            ..FaqDraft::default()
        };
        let fields: Vec<_> = local_problems(&d).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![FaqField::Variants, FaqField::Answer]);
        let ok = FaqDraft { answer: "Картой <b>онлайн</b>".into(), variants: vec![], ..d };
        assert_eq!(local_problems(&ok), vec![]);
        let menu = |menu_id| FaqButton { label: "Меню".into(), target: ButtonTarget::Menu { menu_id } };
        let unchosen = FaqDraft { buttons: vec![menu(3), menu(0)], ..ok };
        assert_eq!(
            local_problems(&unchosen),
            vec![FaqFieldError { field: FaqField::Buttons, problem: FaqProblem::ButtonMenuMissing { index: 2 } }]
        );
    }

    #[test]
    fn the_first_problem_is_the_first_on_the_page() {
        let e = |field| FaqFieldError { field, problem: FaqProblem::Empty };
        assert_eq!(first_field(&[e(FaqField::Slug), e(FaqField::Answer)]), Some(FaqField::Answer));
        assert_eq!(first_field(&[]), None);
    }

    #[test]
    fn problems_stay_with_the_text_they_were_found_in() {
        let a = FaqDraft { question: "q".into(), variants: vec!["v".into()], ..FaqDraft::default() };
        let b = FaqDraft { question: "q2".into(), ..a.clone() };
        assert!(same_field(&a, &b, FaqField::Answer));
        assert!(!same_field(&a, &b, FaqField::Question));
        assert!(!same_field(&a, &b, FaqField::Variants), "a variant repeating the question depends on it");
    }
}
