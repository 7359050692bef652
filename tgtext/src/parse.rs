//! The parser: one pass over the input with a stack of open tags.
//!
//! Every piece of syntax is ASCII, so the input is scanned by bytes and sliced only at ASCII
//! bytes, which are always character boundaries.

use crate::error::{FormatError, FormatErrorKind as Kind};
use crate::{Formatted, MAX_MESSAGE_LEN, Node, Style};

/// Parses Telegram HTML into its formatting tree, or the first error, whatever the length (the
/// preview shows a too-long text too; see [`Formatted::is_too_long`]).
pub fn parse(html: &str) -> Result<Formatted, FormatError> {
    Parser::new(html).run().map(|(formatted, _)| formatted)
}

/// [`parse`], and refuses a text longer than [`MAX_MESSAGE_LEN`] after formatting with
/// [`TooLong`](Kind::TooLong) at the first character past the limit: everything Telegram would
/// refuse at send time. What the server checks before saving.
pub fn check(html: &str) -> Result<Formatted, FormatError> {
    let (formatted, overflow) = Parser::new(html).run()?;
    match overflow {
        Some(offset) => Err(FormatError::at(html, offset, Kind::TooLong { len: formatted.len() })),
        None => Ok(formatted),
    }
}

/// The supported tags, by what they mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Bold,
    Italic,
    Underline,
    Strike,
    Spoiler,
    Span,
    Link,
    Code,
    Pre,
    Blockquote,
    Emoji,
}

impl Tag {
    fn named(name: &str) -> Option<Tag> {
        Some(match name {
            "b" | "strong" => Tag::Bold,
            "i" | "em" => Tag::Italic,
            "u" | "ins" => Tag::Underline,
            "s" | "strike" | "del" => Tag::Strike,
            "tg-spoiler" => Tag::Spoiler,
            "span" => Tag::Span,
            "a" => Tag::Link,
            "code" => Tag::Code,
            "pre" => Tag::Pre,
            "blockquote" => Tag::Blockquote,
            "tg-emoji" => Tag::Emoji,
            _ => return None,
        })
    }

    /// The one attribute the tag takes, if any (case-sensitive, as in Telegram).
    fn attribute(self) -> Option<&'static str> {
        match self {
            Tag::Link => Some("href"),
            Tag::Span | Tag::Code => Some("class"),
            Tag::Blockquote => Some("expandable"),
            Tag::Emoji => Some("emoji-id"),
            _ => None,
        }
    }
}

/// An attribute as written: its name's offset, and its decoded value unless it is a bare flag.
struct Attribute {
    at: usize,
    value: Option<String>,
}

/// An open tag.
struct Frame {
    /// Lower-cased as written.
    name: String,
    /// For the `<code>` directly inside a `<pre>`: `Pre` with its language, which the `pre`
    /// takes over when the `code` closes.
    style: Style,
    /// Offset of its `<`.
    at: usize,
    children: Vec<Node>,
    /// A `pre` whose `code` has closed: nothing more may come before `</pre>`.
    sealed: bool,
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    stack: Vec<Frame>,
    root: Vec<Node>,
    /// UTF-16 units of text so far.
    units: usize,
    /// Offset of the first character past [`MAX_MESSAGE_LEN`].
    overflow: Option<usize>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser { src, bytes: src.as_bytes(), pos: 0, stack: Vec::new(), root: Vec::new(), units: 0, overflow: None }
    }

    fn error(&self, at: usize, kind: Kind) -> FormatError {
        FormatError::at(self.src, at, kind)
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn run(mut self) -> Result<(Formatted, Option<usize>), FormatError> {
        while self.pos < self.bytes.len() {
            let at = self.pos;
            match self.bytes[at] {
                b'<' => match self.byte(at + 1) {
                    Some(b'/') => self.close_tag(at)?,
                    Some(b) if b.is_ascii_alphabetic() => self.open_tag(at)?,
                    _ => return Err(self.error(at, Kind::BareLessThan)),
                },
                b'&' => {
                    let (c, len) = self.entity(at)?;
                    self.text(at, c.encode_utf8(&mut [0; 4]), true)?;
                    self.pos = at + len;
                }
                _ => {
                    let src = self.src;
                    let end =
                        self.bytes[at..].iter().position(|&b| b == b'<' || b == b'&').map_or(src.len(), |n| at + n);
                    self.text(at, &src[at..end], false)?;
                    self.pos = end;
                }
            }
        }
        if let Some(frame) = self.stack.last() {
            return Err(self.error(frame.at, Kind::UnclosedTag(frame.name.clone())));
        }
        Ok((Formatted { nodes: self.root }, self.overflow))
    }

    /// Adds `text`, written at offset `at` (as itself, or as one `entity`), to the innermost open
    /// tag.
    fn text(&mut self, at: usize, text: &str, entity: bool) -> Result<(), FormatError> {
        if self.stack.last().is_some_and(|f| f.sealed) {
            return Err(self.error(at, Kind::PreCodeNotAlone));
        }
        for (i, c) in text.char_indices() {
            self.units += c.len_utf16();
            if self.units > MAX_MESSAGE_LEN && self.overflow.is_none() {
                self.overflow = Some(if entity { at } else { at + i });
            }
        }
        let children = match self.stack.last_mut() {
            Some(frame) => &mut frame.children,
            None => &mut self.root,
        };
        match children.last_mut() {
            Some(Node::Text(last)) => last.push_str(text),
            _ => children.push(Node::Text(text.to_string())),
        }
        Ok(())
    }

    /// Decodes the entity at `at` (an `&`): the character and the entity's length in bytes.
    fn entity(&self, at: usize) -> Result<(char, usize), FormatError> {
        let rest = &self.src[at + 1..];
        let run = |s: &str, f: fn(&u8) -> bool| s.bytes().take_while(f).count();
        let decoded = if let Some(num) = rest.strip_prefix('#') {
            let (digits, radix, prefix) = match num.strip_prefix('x') {
                Some(hex) => (&hex[..run(hex, u8::is_ascii_hexdigit)], 16, 2),
                None => (&num[..run(num, u8::is_ascii_digit)], 10, 1),
            };
            let len = 1 + prefix + digits.len();
            u32::from_str_radix(digits, radix)
                .ok()
                // Telegram keeps 0 and U+10FFFF up as text; surrogates are not characters.
                .filter(|&v| v != 0 && v < 0x10ffff)
                .and_then(char::from_u32)
                .filter(|_| self.byte(at + len) == Some(b';'))
                .map(|c| (c, len + 1))
        } else {
            let name = &rest[..run(rest, u8::is_ascii_alphabetic)];
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                _ => None,
            };
            c.filter(|_| self.byte(at + 1 + name.len()) == Some(b';')).map(|c| (c, name.len() + 2))
        };
        decoded.ok_or_else(|| {
            let mut end =
                at + 1 + rest.bytes().take(12).take_while(|&b| b.is_ascii_alphanumeric() || b == b'#').count();
            if self.byte(end) == Some(b';') {
                end += 1;
            }
            self.error(at, Kind::BadEntity(self.src[at..end].to_string()))
        })
    }

    /// Skips spaces from `i`; the offset of the next other byte (or the end).
    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.byte(i).is_some_and(is_space) {
            i += 1;
        }
        i
    }

    /// Reads a tag's name from `from` up to a space or `>`, lower-cased, and the offset after it.
    fn name(&self, from: usize) -> (String, usize) {
        let end =
            self.bytes[from..].iter().position(|&b| is_space(b) || b == b'>').map_or(self.src.len(), |n| from + n);
        (self.src[from..end].to_ascii_lowercase(), end)
    }

    fn open_tag(&mut self, at: usize) -> Result<(), FormatError> {
        let src = self.src;
        let (name, mut i) = self.name(at + 1);
        if i == self.src.len() {
            return Err(self.error(at, Kind::MalformedTag(name)));
        }
        let tag = Tag::named(&name).ok_or_else(|| self.error(at, Kind::UnknownTag(name.clone())))?;
        let mut attribute: Option<Attribute> = None;
        loop {
            i = self.skip_spaces(i);
            match self.byte(i) {
                None => return Err(self.error(at, Kind::MalformedTag(name))),
                Some(b'>') => break,
                Some(_) => {}
            }
            let name_at = i;
            while self.byte(i).is_some_and(|b| !is_space(b) && b != b'=' && b != b'>') {
                i += 1;
            }
            let attr = &src[name_at..i];
            if attr.is_empty() {
                return Err(self.error(at, Kind::MalformedTag(name)));
            }
            if tag.attribute() != Some(attr) {
                let (tag, attribute) = (name, attr.to_string());
                return Err(self.error(name_at, Kind::UnknownAttribute { tag, attribute }));
            }
            if attribute.is_some() {
                let (tag, attribute) = (name, attr.to_string());
                return Err(self.error(name_at, Kind::DuplicateAttribute { tag, attribute }));
            }
            i = self.skip_spaces(i);
            let value = if self.byte(i) == Some(b'=') {
                let (value, end) = self.value(at, &name, attr, self.skip_spaces(i + 1))?;
                i = end;
                Some(value)
            } else {
                None
            };
            attribute = Some(Attribute { at: name_at, value });
        }
        self.pos = i + 1;
        let style = self.style(at, &name, tag, attribute)?;
        self.check_nesting(at, &name, &style)?;
        self.stack.push(Frame { name, style, at, children: Vec::new(), sealed: false });
        Ok(())
    }

    /// Reads an attribute's value starting at `i`: the decoded value and the offset after it.
    fn value(&self, at: usize, tag: &str, attribute: &str, i: usize) -> Result<(String, usize), FormatError> {
        let named = || (tag.to_string(), attribute.to_string());
        match self.byte(i) {
            None => Err(self.error(at, Kind::MalformedTag(tag.to_string()))),
            Some(quote @ (b'"' | b'\'')) => {
                let start = i + 1;
                let Some(len) = self.bytes[start..].iter().position(|&b| b == quote) else {
                    return Err(self.error(at, Kind::MalformedTag(tag.to_string())));
                };
                let mut value = String::new();
                let mut j = start;
                while j < start + len {
                    if self.bytes[j] == b'&' {
                        let (c, n) = self.entity(j)?;
                        value.push(c);
                        j += n;
                    } else {
                        let next =
                            self.bytes[j..start + len].iter().position(|&b| b == b'&').map_or(start + len, |n| j + n);
                        value.push_str(&self.src[j..next]);
                        j = next;
                    }
                }
                Ok((value, start + len + 1))
            }
            Some(_) => {
                let mut end = i;
                while self.byte(end).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') {
                    end += 1;
                }
                match self.byte(end) {
                    None => Err(self.error(at, Kind::MalformedTag(tag.to_string()))),
                    Some(b) if is_space(b) || b == b'>' => Ok((self.src[i..end].to_ascii_lowercase(), end)),
                    Some(_) => {
                        let (tag, attribute) = named();
                        Err(self.error(i, Kind::UnquotedValue { tag, attribute }))
                    }
                }
            }
        }
    }

    /// The style of a complete start tag, its attribute checked.
    fn style(&self, at: usize, name: &str, tag: Tag, attribute: Option<Attribute>) -> Result<Style, FormatError> {
        let present = attribute.is_some();
        let (attr_at, value) = attribute.map_or((at, None), |a| (a.at, a.value));
        let named = || (name.to_string(), tag.attribute().unwrap_or_default().to_string());
        match (tag, present, &value) {
            (Tag::Blockquote, _, Some(_)) => {
                let (tag, attribute) = named();
                return Err(self.error(attr_at, Kind::AttributeTakesNoValue { tag, attribute }));
            }
            (Tag::Blockquote, _, None) | (_, false, _) | (_, true, Some(_)) => {}
            (_, true, None) => {
                let (tag, attribute) = named();
                return Err(self.error(attr_at, Kind::MissingAttributeValue { tag, attribute }));
            }
        }
        Ok(match tag {
            Tag::Bold => Style::Bold,
            Tag::Italic => Style::Italic,
            Tag::Underline => Style::Underline,
            Tag::Strike => Style::Strike,
            Tag::Spoiler => Style::Spoiler,
            Tag::Span => match value {
                Some(class) if class == "tg-spoiler" => Style::Spoiler,
                class => return Err(self.error(at, Kind::BadSpanClass(class))),
            },
            Tag::Link => {
                let href = value.ok_or_else(|| self.error(at, Kind::MissingHref))?;
                if !href_ok(&href) {
                    return Err(self.error(attr_at, Kind::BadHref(href)));
                }
                Style::Link { href }
            }
            Tag::Code => {
                let language = match value {
                    None => None,
                    Some(class) => match class.strip_prefix("language-") {
                        Some(language) if !language.is_empty() => Some(language.to_string()),
                        _ => return Err(self.error(attr_at, Kind::BadCodeClass(class))),
                    },
                };
                // Directly inside a `pre`: the `pre`'s language (checked in `check_nesting`).
                if self.stack.last().is_some_and(|f| f.name == "pre") { Style::Pre { language } } else { Style::Code }
            }
            Tag::Pre => Style::Pre { language: None },
            Tag::Blockquote => Style::Blockquote { expandable: present },
            Tag::Emoji => {
                let id = value.ok_or_else(|| self.error(at, Kind::MissingEmojiId))?;
                if !id.bytes().all(|b| b.is_ascii_digit()) || id.parse::<i64>().is_err() {
                    return Err(self.error(attr_at, Kind::BadEmojiId(id)));
                }
                Style::CustomEmoji { id }
            }
        })
    }

    /// Whether a tag `name` of `style` may open here.
    fn check_nesting(&self, at: usize, name: &str, style: &Style) -> Result<(), FormatError> {
        let inside = |parent: &str| Kind::NotAllowedInside { tag: name.to_string(), parent: parent.to_string() };
        if let Some(top) = self.stack.last() {
            if top.sealed {
                return Err(self.error(at, Kind::PreCodeNotAlone));
            }
            if top.name == "code" {
                return Err(self.error(at, inside("code")));
            }
            if top.name == "pre" {
                return match style {
                    Style::Pre { .. } if name == "code" && top.children.is_empty() => Ok(()),
                    Style::Pre { .. } if name == "code" => Err(self.error(at, Kind::PreCodeNotAlone)),
                    _ => Err(self.error(at, inside("pre"))),
                };
            }
        }
        let clash = |f: &&Frame| match style {
            Style::Blockquote { .. } => matches!(f.style, Style::Blockquote { .. }),
            Style::Link { .. } => matches!(f.style, Style::Link { .. }),
            _ => false,
        };
        match self.stack.iter().rev().find(clash) {
            Some(parent) => Err(self.error(at, inside(&parent.name))),
            None => Ok(()),
        }
    }

    fn close_tag(&mut self, at: usize) -> Result<(), FormatError> {
        let (name, end) = self.name(at + 2);
        let end = self.skip_spaces(end);
        if self.byte(end) != Some(b'>') {
            return Err(self.error(at, Kind::MalformedTag(format!("/{name}"))));
        }
        let frame = match self.stack.pop() {
            None => return Err(self.error(at, Kind::UnexpectedCloseTag(name))),
            Some(frame) if frame.name != name => {
                return Err(self.error(at, Kind::MismatchedCloseTag { expected: frame.name, found: name }));
            }
            Some(frame) => frame,
        };
        self.pos = end + 1;
        match (frame.style, self.stack.last_mut()) {
            // The `code` of a `pre`: its text and language become the `pre`'s.
            (Style::Pre { language }, Some(pre)) if frame.name == "code" => {
                pre.style = Style::Pre { language };
                pre.children = frame.children;
                pre.sealed = true;
            }
            (style, parent) => {
                let children = parent.map_or(&mut self.root, |p| &mut p.children);
                children.push(Node::Styled { style, children: frame.children });
            }
        }
        Ok(())
    }
}

/// Whether Telegram takes `href` as a link's address.
fn href_ok(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    let rest = match ["http://", "https://", "tg://", "mailto:"].iter().find_map(|p| lower.strip_prefix(p)) {
        Some(rest) => rest,
        None => return false,
    };
    !rest.is_empty() && !rest.starts_with('/') && !href.chars().any(|c| c.is_whitespace() || c.is_control())
}
