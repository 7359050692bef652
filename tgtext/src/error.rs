//! What [`parse`](crate::parse) and [`check`](crate::check) refuse, and where.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::MAX_MESSAGE_LEN;

/// The first problem in a text, in reading order, and its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatError {
    pub kind: FormatErrorKind,
    /// 1-based line (lines end at `\n`).
    pub line: usize,
    /// 1-based column on that line, in characters (Unicode scalar values).
    pub column: usize,
    /// Byte offset of the same place in the input.
    pub offset: usize,
}

impl FormatError {
    /// The error `kind` at byte `offset` of `source` (a character boundary).
    pub(crate) fn at(source: &str, offset: usize, kind: FormatErrorKind) -> Self {
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        FormatError {
            kind,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            offset,
        }
    }
}

/// What is wrong. Tag names are lower-cased as written (`strong`, not `b`); attribute names and
/// values are as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormatErrorKind {
    /// `<name…>` is not a tag Telegram supports (at its `<`).
    UnknownTag(String),
    /// A supported tag with an attribute it does not take (at the attribute).
    UnknownAttribute { tag: String, attribute: String },
    /// The same attribute twice on one tag (at the second).
    DuplicateAttribute { tag: String, attribute: String },
    /// `href`, `class` or `emoji-id` without `=value` (at the attribute).
    MissingAttributeValue { tag: String, attribute: String },
    /// `expandable=…`: the attribute is a bare flag (at the attribute).
    AttributeTakesNoValue { tag: String, attribute: String },
    /// An unquoted value with characters other than letters, digits, `.` and `-` (at the value).
    UnquotedValue { tag: String, attribute: String },
    /// `<a>` without `href` (at the tag).
    MissingHref,
    /// An `href` that is not `http://…`, `https://…`, `tg://…` or `mailto:…`, or has spaces or
    /// control characters (at the attribute); the decoded value.
    BadHref(String),
    /// `<tg-emoji>` without `emoji-id` (at the tag).
    MissingEmojiId,
    /// An `emoji-id` that is not a custom emoji id (ASCII digits, at most `i64::MAX`).
    BadEmojiId(String),
    /// `<span>` without `class="tg-spoiler"`: the class found, if any (at the tag).
    BadSpanClass(Option<String>),
    /// `<code class=…>` whose class is not `language-<name>` (at the attribute).
    BadCodeClass(String),
    /// A tag not ended by `>` (or with something other than spaces before the `>` of a close
    /// tag, or an attribute without a name): what it starts with, without `<` (at its `<`).
    MalformedTag(String),
    /// A tag still open at the end of the text (at where it was opened).
    UnclosedTag(String),
    /// `</name>` with no tag open (at its `<`).
    UnexpectedCloseTag(String),
    /// `</found>` while the innermost open tag is `expected` (at the close tag).
    MismatchedCloseTag { expected: String, found: String },
    /// `<tag>` inside `<parent>`, which may not hold it: anything inside `code` or `pre` (but the
    /// one `code` of a `pre`), a blockquote in a blockquote, a link in a link (at the inner tag).
    NotAllowedInside { tag: String, parent: String },
    /// Text or a tag beside the `<code>` of a `<pre>`: that `code` must hold the whole block (at
    /// the first thing beside it).
    PreCodeNotAlone,
    /// An `&` that does not start `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&#digits;` or
    /// `&#xhex;`: the text from the `&` (just `&` when nothing name-like follows).
    BadEntity(String),
    /// A `<` that does not start a tag (at it).
    BareLessThan,
    /// Only from [`check`](crate::check): the text is `len` UTF-16 code units after formatting,
    /// more than [`MAX_MESSAGE_LEN`] (at the first character past the limit).
    TooLong { len: usize },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.kind)
    }
}

impl std::error::Error for FormatError {}

impl fmt::Display for FormatErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FormatErrorKind::*;
        match self {
            UnknownTag(tag) => {
                write!(f, "<{tag}> is not a tag Telegram supports (write &lt; to show a literal <)")
            }
            UnknownAttribute { tag, attribute } => {
                write!(f, "<{tag}> does not take the attribute \"{attribute}\"")
            }
            DuplicateAttribute { tag, attribute } => {
                write!(f, "the attribute \"{attribute}\" appears twice on <{tag}>")
            }
            MissingAttributeValue { tag, attribute } => {
                write!(f, "the attribute \"{attribute}\" of <{tag}> needs a value: {attribute}=\"…\"")
            }
            AttributeTakesNoValue { tag, attribute } => {
                write!(f, "the attribute \"{attribute}\" of <{tag}> takes no value: write just {attribute}")
            }
            UnquotedValue { tag, attribute } => {
                write!(f, "the value of \"{attribute}\" on <{tag}> must be in quotes")
            }
            MissingHref => write!(f, "a link <a> needs an address: <a href=\"https://…\">"),
            BadHref(href) => write!(
                f,
                "\"{href}\" is not a link address Telegram accepts: it must start with http://, https://, \
                 tg:// or mailto: and have no spaces"
            ),
            MissingEmojiId => write!(f, "<tg-emoji> needs the custom emoji's id: <tg-emoji emoji-id=\"…\">"),
            BadEmojiId(id) => write!(f, "\"{id}\" is not a custom emoji id (digits only)"),
            BadSpanClass(None) => write!(f, "<span> must have class=\"tg-spoiler\""),
            BadSpanClass(Some(class)) => {
                write!(f, "<span> must have class=\"tg-spoiler\", not class=\"{class}\"")
            }
            BadCodeClass(class) => {
                write!(f, "the class of <code> must be \"language-\" followed by the language's name, not \"{class}\"")
            }
            MalformedTag(start) => write!(f, "the tag <{start} is not well formed or not closed with >"),
            UnclosedTag(tag) => write!(f, "<{tag}> is opened here and never closed: add </{tag}>"),
            UnexpectedCloseTag(tag) => write!(f, "</{tag}> closes nothing: no tag is open here"),
            MismatchedCloseTag { expected, found } => {
                write!(f, "</{found}> does not close the open <{expected}>: expected </{expected}>")
            }
            NotAllowedInside { tag, parent } => write!(f, "<{tag}> is not allowed inside <{parent}>"),
            PreCodeNotAlone => {
                write!(f, "the <code> inside <pre> must hold the whole block: nothing may stand before or after it")
            }
            BadEntity(text) if text == "&" => write!(f, "a bare & must be written &amp;"),
            BadEntity(text) => write!(
                f,
                "\"{text}\" is not an entity Telegram knows (only &lt; &gt; &amp; &quot; and numeric ones \
                 like &#128512;); write &amp; to show a literal &"
            ),
            BareLessThan => write!(f, "a bare < must be written &lt;"),
            TooLong { len } => write!(
                f,
                "the message is {len} characters long after formatting; Telegram allows at most {MAX_MESSAGE_LEN}"
            ),
        }
    }
}
