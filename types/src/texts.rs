//! The texts the bot sends, as the admin edits them: the placeholders a text may use (`{name}`)
//! and the rules a text must keep. Pure, for the browser's live check and the server's save.
//!
//! Guarantees: [`problems`] finds every `{…}` that isn't one of the text's placeholders (named),
//! a `{` never closed, and a text over its limit (in characters, after the placeholders are
//! filled with their longest plausible value is *not* assumed: the limit is on the text as typed,
//! which is what Telegram counts for the fixed part). An empty text is no problem: it means "the
//! default".

use serde::{Deserialize, Serialize};

/// What is wrong with a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum TextProblem {
    TooLong {
        max: usize,
    },
    /// `{name}` where this text has no such placeholder.
    UnknownPlaceholder {
        name: String,
    },
    /// A `{` without its `}`.
    Unclosed,
}

/// The placeholders used in `text`, in order (`{name}` → `name`).
pub fn placeholders_in(text: &str) -> Result<Vec<String>, TextProblem> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else { return Err(TextProblem::Unclosed) };
        out.push(after[..j].to_string());
        rest = &after[j + 1..];
    }
    Ok(out)
}

/// The problems of `text` for a text that allows `allowed` placeholders and `max` characters.
pub fn problems(text: &str, allowed: &[&str], max: usize) -> Vec<TextProblem> {
    let mut out = Vec::new();
    if text.chars().count() > max {
        out.push(TextProblem::TooLong { max });
    }
    match placeholders_in(text) {
        Err(p) => out.push(p),
        Ok(names) => {
            for name in names {
                let p = TextProblem::UnknownPlaceholder { name: name.clone() };
                if !allowed.contains(&name.as_str()) && !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// `text` with each `{placeholder}` replaced by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_checked_by_name() {
        assert!(problems("Здравствуйте, {name}!", &["name"], 100).is_empty());
        assert_eq!(
            problems("Здравствуйте, {имя} и {name}", &[], 100),
            vec![
                TextProblem::UnknownPlaceholder { name: "имя".into() },
                TextProblem::UnknownPlaceholder { name: "name".into() }
            ]
        );
        assert_eq!(problems("Привет {name", &["name"], 100), vec![TextProblem::Unclosed]);
        assert_eq!(problems("длинно", &[], 3), vec![TextProblem::TooLong { max: 3 }]);
        assert!(problems("", &[], 3).is_empty());
        assert_eq!(fill("Hello, {name}!", &[("name", "Anna")]), "Hello, Anna!");
    }
}
