//! An FAQ entry's content as an admin edits it (the browser sends it, the server validates and
//! stores it, "Try it" matches against it unsaved) and the problems validation can name. One
//! definition for both sides; the server's check ([`FaqDraft::problems`] plus the answer's HTML
//! check in `bot::faq`) is the one that counts.

use serde::{Deserialize, Serialize};

use crate::FaqLanguage;

/// Limits the editor shows and the server enforces.
pub mod limits {
    pub const QUESTION: usize = 300;
    pub const VARIANT: usize = 300;
    pub const VARIANTS: usize = 200;
    pub const CATEGORY: usize = 64;
    pub const SLUG: usize = 64;
    pub const BUTTONS: usize = 8;
    /// Telegram shows about this much of a button's label on a phone.
    pub const BUTTON_LABEL: usize = 40;
    pub const URL: usize = 2048;
}

/// A button under an FAQ answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqButton {
    pub label: String,
    #[serde(flatten)]
    pub target: ButtonTarget,
}

/// What an answer's button does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ButtonTarget {
    /// Opens a link (http, https or tg).
    Url { url: String },
    /// Shows one of the bot's menus.
    Menu { menu_id: i64 },
    /// Hands the conversation to an operator.
    Operator,
}

/// An entry's content.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FaqDraft {
    /// The id in CSV files; empty: the server assigns one.
    pub slug: String,
    pub question: String,
    /// Other phrasings customers use, one each.
    pub variants: Vec<String>,
    /// Telegram HTML, in the entry's language (Russian when `language` is `Both`).
    pub answer: String,
    /// The English answer, for `language == Both`.
    pub answer_en: String,
    pub language: FaqLanguage,
    pub category: String,
    pub buttons: Vec<FaqButton>,
    pub enabled: bool,
}

/// A field of the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaqField {
    Slug,
    Question,
    Variants,
    Answer,
    AnswerEn,
    Category,
    Buttons,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FaqProblem {
    Empty,
    TooLong {
        max: usize,
    },
    /// Letters, digits, `_`, `-` and `.` only.
    SlugInvalid,
    /// Another entry has this CSV id.
    SlugTaken,
    /// Variant `line` (1-based) repeats the question or an earlier variant.
    DuplicateVariant {
        line: usize,
    },
    /// Variant `line` contains `|`, which the CSV format uses between variants.
    VariantHasPipe {
        line: usize,
    },
    TooManyVariants {
        max: usize,
    },
    /// Telegram would refuse the HTML (line and column 1-based, `message` in English for logs).
    Format {
        line: usize,
        column: usize,
        message: String,
    },
    /// Longer than a Telegram message after formatting.
    TooLongFormatted {
        length: usize,
        max: usize,
    },
    TooManyButtons {
        max: usize,
    },
    /// Button `index` (1-based) has no label.
    ButtonLabelEmpty {
        index: usize,
    },
    ButtonLabelTooLong {
        index: usize,
        max: usize,
    },
    /// Button `index` has a link Telegram won't open.
    ButtonUrlInvalid {
        index: usize,
    },
    /// Button `index` opens a menu that doesn't exist.
    ButtonMenuMissing {
        index: usize,
    },
}

/// A problem in a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqFieldError {
    pub field: FaqField,
    #[serde(flatten)]
    pub problem: FaqProblem,
}

impl FaqDraft {
    /// Trims every text and drops empty variants (what is stored).
    pub fn normalized(mut self) -> FaqDraft {
        self.slug = self.slug.trim().to_string();
        self.question = self.question.trim().to_string();
        self.variants = self.variants.iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
        self.answer = self.answer.trim().to_string();
        self.answer_en = self.answer_en.trim().to_string();
        self.category = self.category.trim().to_string();
        for b in &mut self.buttons {
            b.label = b.label.trim().to_string();
            if let ButtonTarget::Url { url } = &mut b.target {
                *url = url.trim().to_string();
            }
        }
        self
    }

    /// The problems that need no database and no HTML parser (lengths, duplicates, buttons), in
    /// field order. The answer's formatting is checked by the caller.
    pub fn problems(&self) -> Vec<FaqFieldError> {
        let mut out = Vec::new();
        let mut push = |field, problem| out.push(FaqFieldError { field, problem });
        let chars = |s: &str| s.chars().count();
        if chars(&self.slug) > limits::SLUG {
            push(FaqField::Slug, FaqProblem::TooLong { max: limits::SLUG });
        } else if !self.slug.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) {
            push(FaqField::Slug, FaqProblem::SlugInvalid);
        }
        if self.question.is_empty() {
            push(FaqField::Question, FaqProblem::Empty);
        } else if chars(&self.question) > limits::QUESTION {
            push(FaqField::Question, FaqProblem::TooLong { max: limits::QUESTION });
        }
        if self.variants.len() > limits::VARIANTS {
            push(FaqField::Variants, FaqProblem::TooManyVariants { max: limits::VARIANTS });
        }
        let mut seen = vec![fold(&self.question)];
        for (i, v) in self.variants.iter().enumerate() {
            let line = i + 1;
            if chars(v) > limits::VARIANT {
                push(FaqField::Variants, FaqProblem::TooLong { max: limits::VARIANT });
            } else if v.contains('|') {
                push(FaqField::Variants, FaqProblem::VariantHasPipe { line });
            } else if seen.contains(&fold(v)) {
                push(FaqField::Variants, FaqProblem::DuplicateVariant { line });
            }
            seen.push(fold(v));
        }
        if self.answer.is_empty() {
            push(FaqField::Answer, FaqProblem::Empty);
        }
        if self.language == FaqLanguage::Both && self.answer_en.is_empty() {
            push(FaqField::AnswerEn, FaqProblem::Empty);
        }
        if chars(&self.category) > limits::CATEGORY {
            push(FaqField::Category, FaqProblem::TooLong { max: limits::CATEGORY });
        }
        if self.buttons.len() > limits::BUTTONS {
            push(FaqField::Buttons, FaqProblem::TooManyButtons { max: limits::BUTTONS });
        }
        for (i, b) in self.buttons.iter().enumerate() {
            let index = i + 1;
            if b.label.is_empty() {
                push(FaqField::Buttons, FaqProblem::ButtonLabelEmpty { index });
            } else if chars(&b.label) > limits::BUTTON_LABEL {
                push(FaqField::Buttons, FaqProblem::ButtonLabelTooLong { index, max: limits::BUTTON_LABEL });
            }
            if let ButtonTarget::Url { url } = &b.target
                && !url_is_valid(url)
            {
                push(FaqField::Buttons, FaqProblem::ButtonUrlInvalid { index });
            }
        }
        out
    }
}

/// How the FAQ list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaqSort {
    /// By question, A to Z.
    #[default]
    Title,
    /// Most answers shown in the last 30 days first.
    Hits,
    /// Most "didn't help" presses in the last 30 days first.
    NotHelped,
    /// Most recently changed first.
    Changed,
}

/// Which entries the FAQ list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FaqListQuery {
    /// Words that must all appear in the question, a variant or the answer (any case).
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub language: Option<crate::FaqLanguage>,
    #[serde(default)]
    pub category: Option<String>,
    /// None: everything but the archive.
    #[serde(default)]
    pub state: Option<crate::FaqState>,
    #[serde(default)]
    pub sort: FaqSort,
    /// From 1.
    #[serde(default)]
    pub page: u64,
}

/// What importing a CSV file does (or did): the entries it adds, changes, and (replacing)
/// archives.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    pub added: Vec<ImportItem>,
    pub changed: Vec<ImportItem>,
    /// Only when replacing: entries the file doesn't have.
    pub archived: Vec<ImportItem>,
    pub unchanged: usize,
}

impl ImportPlan {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.archived.is_empty()
    }
}

/// One entry an import touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    /// The entry's id (none: to be added).
    pub id: Option<i64>,
    pub slug: Option<String>,
    pub question: String,
    /// The file's line (none for an entry archived because the file lacks it).
    pub line: Option<usize>,
    /// For a change: which of `question`, `variants`, `answer` differ, and `restored` for an
    /// archived entry the file brings back.
    pub fields: Vec<String>,
}

/// What is wrong with a CSV file's shape (the line is reported beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CsvProblem {
    /// Not UTF-8 text.
    NotUtf8,
    /// No header row.
    Empty,
    /// The first row isn't `id,question,variants,answer`.
    BadHeader {
        found: String,
    },
    /// A quoted field never ends.
    UnbalancedQuote,
    /// A `"` inside an unquoted field, or text after a closing quote.
    QuoteInsideField,
    WrongColumnCount {
        found: usize,
    },
    EmptyQuestion,
    EmptyAnswer,
    /// The id appeared before, on `first_line`.
    DuplicateId {
        id: String,
        first_line: usize,
    },
}

/// A link Telegram accepts on a button: http(s) with a host, or tg://.
pub fn url_is_valid(url: &str) -> bool {
    if url.len() > limits::URL || url.chars().any(char::is_whitespace) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "tg://"].iter().find_map(|p| lower.strip_prefix(p));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/'))
}

/// Case, spacing and `ё` folded: how two phrasings are compared for duplicates (the editor
/// flags repeats as typed with the same rule).
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('ё', "е")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> FaqDraft {
        FaqDraft {
            question: "Как оплатить?".into(), answer: "Картой".into(), enabled: true, ..FaqDraft::default()
        }
    }

    #[test]
    fn a_plain_draft_has_no_problems() {
        assert_eq!(draft().problems(), vec![]);
    }

    #[test]
    fn empty_question_and_answer_are_named() {
        let d = FaqDraft { question: String::new(), answer: String::new(), ..draft() };
        let fields: Vec<_> = d.problems().into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(fields, vec![(FaqField::Question, FaqProblem::Empty), (FaqField::Answer, FaqProblem::Empty)]);
    }

    #[test]
    fn duplicate_variants_and_pipes_name_their_line() {
        let d = FaqDraft {
            variants: vec!["оплата картой".into(), "КАК  оплатить?".into(), "a | b".into(), "Оплата картой".into()],
            ..draft()
        };
        let problems: Vec<_> = d.problems().into_iter().map(|e| e.problem).collect();
        assert_eq!(
            problems,
            vec![
                FaqProblem::DuplicateVariant { line: 2 },
                FaqProblem::VariantHasPipe { line: 3 },
                FaqProblem::DuplicateVariant { line: 4 },
            ]
        );
    }

    #[test]
    fn both_languages_need_the_english_answer() {
        let d = FaqDraft { language: FaqLanguage::Both, ..draft() };
        assert_eq!(d.problems(), vec![FaqFieldError { field: FaqField::AnswerEn, problem: FaqProblem::Empty }]);
    }

    #[test]
    fn buttons_are_checked() {
        let b = |label: &str, target| FaqButton { label: label.into(), target };
        let d = FaqDraft {
            buttons: vec![
                b("Сайт", ButtonTarget::Url { url: "https://example.com/pay".into() }),
                b("", ButtonTarget::Operator),
                b("Плохая", ButtonTarget::Url { url: "javascript:alert(1)".into() }),
                b(&"д".repeat(41), ButtonTarget::Menu { menu_id: 1 }),
            ],
            ..draft()
        };
        let problems: Vec<_> = d.problems().into_iter().map(|e| e.problem).collect();
        assert_eq!(
            problems,
            vec![
                FaqProblem::ButtonLabelEmpty { index: 2 },
                FaqProblem::ButtonUrlInvalid { index: 3 },
                FaqProblem::ButtonLabelTooLong { index: 4, max: limits::BUTTON_LABEL },
            ]
        );
    }

    #[test]
    fn slugs_are_short_words() {
        assert_eq!(FaqDraft { slug: "pay_card-2.v1".into(), ..draft() }.problems(), vec![]);
        let bad = FaqDraft { slug: "pay card".into(), ..draft() }.problems();
        assert_eq!(bad[0].problem, FaqProblem::SlugInvalid);
    }

    #[test]
    fn urls() {
        assert!(url_is_valid("https://t.me/support"));
        assert!(url_is_valid("tg://resolve?domain=support"));
        assert!(!url_is_valid("https://"));
        assert!(!url_is_valid("ftp://x"));
        assert!(!url_is_valid("https://a b"));
    }

    #[test]
    fn normalized_trims_and_drops_empty_variants() {
        let d = FaqDraft { question: "  q ".into(), variants: vec![" a ".into(), "  ".into()], ..draft() }.normalized();
        assert_eq!((d.question.as_str(), d.variants), ("q", vec!["a".to_string()]));
    }

    #[test]
    fn buttons_serialize_with_their_kind() {
        let b = FaqButton { label: "x".into(), target: ButtonTarget::Menu { menu_id: 3 } };
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, r#"{"label":"x","kind":"menu","menu_id":3}"#);
        assert_eq!(serde_json::from_str::<FaqButton>(&json).unwrap(), b);
    }
}
