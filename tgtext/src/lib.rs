//! Telegram text: a message's HTML formatting checked the way Telegram's Bot API parses
//! `parse_mode=HTML`, its length after formatting, and a tree for a Telegram-look preview.
//!
//! Admins write bot texts in Telegram HTML (<https://core.telegram.org/bots/api#html-style>). The
//! server refuses on save what Telegram would refuse at send time ([`check`]), with an error that
//! names the place; the browser shows a live preview from the same tree and counts characters
//! ([`parse`], [`Formatted::len`]). The crate is pure (no I/O) and compiles for wasm.
//!
//! Guarantees:
//! - **Accepted means sendable.** Whatever [`parse`] accepts, Telegram accepts with
//!   `parse_mode=HTML`, and the customer sees [`Formatted::plain`] with the formatting of
//!   [`Formatted::nodes`]. The rules are Telegram's, in places stricter so that the preview never
//!   differs from what Telegram does with the same text:
//!   - tags: `b`/`strong`, `i`/`em`, `u`/`ins`, `s`/`strike`/`del`, `tg-spoiler` and
//!     `span class="tg-spoiler"`, `a href`, `code`, `pre` (with at most one `<code
//!     class="language-…">` holding its whole content), `blockquote` (optionally `expandable`),
//!     `tg-emoji emoji-id`; tag names are case-insensitive, attribute names are not (as in
//!     Telegram);
//!   - attribute values in `"…"` or `'…'`, or unquoted made of letters, digits, `.` and `-`
//!     (Telegram lower-cases those); an attribute a tag does not take is an error (Telegram would
//!     silently ignore it);
//!   - a link needs `href` starting with `http://`, `https://`, `tg://` or `mailto:`, without
//!     spaces (Telegram would turn a missing or bad one into no link at all);
//!   - nothing nests inside `code` or `pre` (except that one `code` in `pre`), a blockquote does
//!     not nest in a blockquote, a link not in a link; each close tag closes the innermost open
//!     tag by its own name (`</>` is refused);
//!   - the entities are `&lt;` `&gt;` `&amp;` `&quot;` and numeric ones (`&#128512;`,
//!     `&#x1F600;`), always with their `;`; any other `&` is an error (Telegram would show it
//!     literally, or decode `&lt` without `;`); a `<` that does not start a tag is an error; `>`
//!     alone is text, newlines are text.
//! - **Errors name the place.** [`FormatError`] is the first problem in reading order, with its
//!   1-based line and column (in characters) and byte offset in the input.
//! - **The length is Telegram's.** [`Formatted::len`] counts the text after formatting in UTF-16
//!   code units, as Telegram does for its limit of [`MAX_MESSAGE_LEN`]; it counts leading and
//!   trailing whitespace that Telegram may trim, so it never undercounts.
//! - **Escaping round-trips.** For any text `t`, `parse(&escape(t))` succeeds and its plain text is
//!   `t`, unformatted.

mod error;
mod parse;
#[cfg(test)]
mod tests;

pub use error::{FormatError, FormatErrorKind};
pub use parse::{check, parse};

use serde::{Deserialize, Serialize};

/// Telegram's limit for a message's text after entities parsing, in UTF-16 code units.
pub const MAX_MESSAGE_LEN: usize = 4096;

/// A message's formatting: the text as the customer sees it, split into styled runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Formatted {
    /// The top-level runs, in order. Adjacent text is one [`Node::Text`].
    pub nodes: Vec<Node>,
}

impl Formatted {
    /// The text as the customer sees it: tags removed, entities decoded.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for node in &self.nodes {
            node.push_plain(&mut out);
        }
        out
    }

    /// The length Telegram counts: UTF-16 code units of [`plain`](Self::plain).
    pub fn len(&self) -> usize {
        self.nodes.iter().map(Node::len).sum()
    }

    /// No text at all (Telegram refuses an empty message).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Longer than Telegram allows in one message ([`MAX_MESSAGE_LEN`]).
    pub fn is_too_long(&self) -> bool {
        self.len() > MAX_MESSAGE_LEN
    }
}

/// A run of a message: text, or a style over its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Node {
    /// Text, entities already decoded.
    Text(String),
    /// A style applied to everything inside it.
    Styled { style: Style, children: Vec<Node> },
}

impl Node {
    fn push_plain(&self, out: &mut String) {
        match self {
            Node::Text(text) => out.push_str(text),
            Node::Styled { children, .. } => children.iter().for_each(|c| c.push_plain(out)),
        }
    }

    fn len(&self) -> usize {
        match self {
            Node::Text(text) => utf16_len(text),
            Node::Styled { children, .. } => children.iter().map(Node::len).sum(),
        }
    }
}

/// One of Telegram's formatting entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Style {
    /// `<b>`, `<strong>`.
    Bold,
    /// `<i>`, `<em>`.
    Italic,
    /// `<u>`, `<ins>`.
    Underline,
    /// `<s>`, `<strike>`, `<del>`.
    Strike,
    /// `<tg-spoiler>`, `<span class="tg-spoiler">`.
    Spoiler,
    /// `<a href="…">`: `href` as decoded (entities resolved), scheme checked.
    Link { href: String },
    /// `<code>` outside `<pre>`: inline code.
    Code,
    /// `<pre>`, or `<pre><code class="language-…">` (then `language` is the part after
    /// `language-`); its children are text only.
    Pre { language: Option<String> },
    /// `<blockquote>`, `<blockquote expandable>`.
    Blockquote { expandable: bool },
    /// `<tg-emoji emoji-id="…">`: a custom emoji (ASCII digits, fits in a signed 64-bit integer);
    /// the children are the emoji shown where custom emoji can't be.
    CustomEmoji { id: String },
}

/// The number of UTF-16 code units of `text`: Telegram's measure of length.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Plain text as Telegram HTML that shows exactly that text: `&`, `<`, `>` and `"` become
/// entities, everything else (newlines included) stays.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
