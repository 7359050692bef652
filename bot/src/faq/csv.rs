//! The shared FAQ CSV format: reading (`parse`) and writing (`write`), pure functions with no I/O.
//!
//! The format is `id,question,variants,answer` with a header row, UTF-8, RFC 4180 quoting (a field
//! holding a comma, a quote or a line end is double-quoted, quotes inside doubled), and the
//! variants of one entry joined by ` | ` ([`VARIANT_SEPARATOR`]) in the one `variants` field.
//! `testdata/faq/ru_faq.csv` is a real file. `server faq import FILE` goes through [`parse`].
//!
//! What [`parse`] guarantees:
//!
//! * **All or nothing.** It returns every entry, or one [`CsvError`] and no entries at all.
//! * **The first error, at its line.** The file is read from top to bottom and the first problem
//!   met is reported. Lines are physical 1-based lines (the header is line 1; a record whose quoted
//!   field holds line ends spans several). Problems with the bytes themselves — invalid UTF-8
//!   ([`CsvErrorKind::NotUtf8`]) and a misplaced quote ([`CsvErrorKind::QuoteInsideField`]) — are
//!   reported at the line where they are. [`CsvErrorKind::UnbalancedQuote`] is reported at the
//!   line where the quoted field opened. Problems with a record as a whole (column count, empty
//!   question or answer, duplicate id) are reported at the record's first line, once the record is
//!   complete, so a byte problem inside a record comes before its record problem.
//! * **Unbalanced quotes point at the opening quote.** A quote opened by mistake swallows the
//!   following line ends until the next `"`. So when a quoted field that ran over a line end is
//!   followed by text after its closing quote, the error is `UnbalancedQuote` at the line where
//!   it opened (that next `"` was meant to open another field); on a single line, text after a
//!   closing quote is `QuoteInsideField` there.
//! * **Strict RFC 4180.** A `"` is only allowed at the very start of a field (then the field is
//!   quoted) or doubled inside a quoted field; spaces before an opening quote or after a closing
//!   one are errors. Every record has exactly four fields.
//! * **Tolerated:** a UTF-8 byte order mark, `\n` or `\r\n` line ends (mixed too), a missing or
//!   present final line end, and blank lines (empty or spaces only) anywhere, which are skipped
//!   but still counted. A lone `\r` is ordinary text, not a line end.
//! * **The header** is the first non-blank record and must be exactly the four columns `id`,
//!   `question`, `variants`, `answer` in this order (each trimmed, case-insensitive) — no extra
//!   columns, not even empty ones. Otherwise [`CsvErrorKind::BadHeader`] quotes what was found.
//! * **Normalised fields.** `id` and `question` are trimmed, and an empty `id` becomes `None` (the
//!   importer creates a new entry; empty ids may repeat). Non-empty ids must be unique (compared
//!   exactly, case-sensitive). `variants` is split on every `|`, each piece trimmed and empty
//!   pieces dropped. The answer keeps its inner spaces and line ends and is trimmed at both ends.
//!   A `\r\n` inside a quoted field is read as `\n`, so CRLF and LF files give the same text.
//!
//! What [`write`] guarantees:
//!
//! * The header, then one record per row in the given order; `\n` line ends, no byte order mark;
//!   a field is quoted only when it holds `,`, `"`, `\n` or `\r`.
//! * **It writes what [`parse`] will read, nothing silently different.** Each field is written
//!   already normalised the way `parse` normalises it (trimmed, `\r\n` → `\n`, variants trimmed and
//!   empty ones dropped), so `parse(write(rows))` gives back exactly those values, with `line`
//!   counting the written lines. In particular, for entries that came from `parse`,
//!   `parse(write(entries)) == entries` apart from `line`.
//! * **A `|` inside one variant cannot be written**: the reader would split it into two variants.
//!   `write` replaces it with `/` (a documented, visible change, never a silent split); editors
//!   should refuse such a variant up front with [`variant_is_writable`].
//! * `write` does not validate: rows with an empty question or answer, or a repeated id, give a
//!   file that `parse` refuses, loudly and with the line, rather than one that reads differently.

use std::collections::HashMap;
use std::fmt;

/// The columns of the header row, in order.
pub const HEADER: [&str; 4] = ["id", "question", "variants", "answer"];

/// What joins the variants of one entry inside the `variants` field. The reader splits on the `|`
/// alone, so spaces around it don't matter when reading.
pub const VARIANT_SEPARATOR: &str = " | ";

/// The longest header excerpt quoted by [`CsvErrorKind::BadHeader`], in characters.
const FOUND_MAX_CHARS: usize = 120;

/// One entry read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvEntry {
    /// The 1-based physical line where the record starts (the header is line 1).
    pub line: usize,
    /// The trimmed id (the FAQ entry's slug); `None` when the field is empty.
    pub id: Option<String>,
    /// The trimmed question, never empty.
    pub question: String,
    /// The variants, each trimmed and non-empty; may be empty.
    pub variants: Vec<String>,
    /// The answer, trimmed at both ends, inner whitespace and line ends kept; never empty.
    pub answer: String,
}

impl CsvEntry {
    /// This entry as a row for [`write`] (an absent id is written as an empty field).
    pub fn as_row(&self) -> CsvRow<'_> {
        CsvRow {
            id: self.id.as_deref().unwrap_or(""),
            question: &self.question,
            variants: &self.variants,
            answer: &self.answer,
        }
    }
}

/// One entry to write. An empty `id` writes an empty field (read back as `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvRow<'a> {
    pub id: &'a str,
    pub question: &'a str,
    pub variants: &'a [String],
    pub answer: &'a str,
}

/// Why a file was refused, and the line to look at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct CsvError {
    /// 1-based physical line (see the module doc for which line each kind points at).
    pub line: usize,
    pub kind: CsvErrorKind,
}

/// The reasons a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvErrorKind {
    /// The file is not valid UTF-8; the line holds the first bad byte.
    NotUtf8,
    /// No header: the file is empty or has only blank lines (line 1).
    Empty,
    /// The header is not `id,question,variants,answer`; `found` is what the first record holds,
    /// its fields joined with commas (cut to 120 characters).
    BadHeader { found: String },
    /// A quoted field opens on this line and is never closed (properly).
    UnbalancedQuote,
    /// A `"` in the middle of an unquoted field, or text right after a closing quote.
    QuoteInsideField,
    /// The record starting on this line does not have exactly four fields.
    WrongColumnCount { found: usize },
    /// The question of the record starting on this line is empty.
    EmptyQuestion,
    /// The answer of the record starting on this line is empty.
    EmptyAnswer,
    /// The id of the record starting on this line was already used by the record on `first_line`.
    DuplicateId { id: String, first_line: usize },
}

impl fmt::Display for CsvErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8 => write!(f, "the file is not UTF-8 text (save it as \"CSV UTF-8\")"),
            Self::Empty => write!(f, "the file is empty: expected the header id,question,variants,answer"),
            Self::BadHeader { found } => {
                write!(f, "the header must be id,question,variants,answer but is \"{found}\"")?;
                if found.contains(';') && !found.contains(',') {
                    write!(f, " (separate the columns with commas, not semicolons)")?;
                }
                Ok(())
            }
            Self::UnbalancedQuote => write!(f, "a quoted field opens here and is never closed"),
            Self::QuoteInsideField => write!(
                f,
                "a quote in the middle of a field or text after a closing quote \
                 (quote the whole field and double the quotes inside it: \"say \"\"hi\"\"\")"
            ),
            Self::WrongColumnCount { found } => {
                write!(f, "expected 4 columns (id, question, variants, answer) but found {found}")
            }
            Self::EmptyQuestion => write!(f, "the question is empty"),
            Self::EmptyAnswer => write!(f, "the answer is empty"),
            Self::DuplicateId { id, first_line } => {
                write!(f, "the id \"{id}\" is already used on line {first_line}")
            }
        }
    }
}

/// Reads a whole FAQ CSV file: every entry in file order, or the first error (see the module doc).
pub fn parse(bytes: &[u8]) -> Result<Vec<CsvEntry>, CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, truncated) = match std::str::from_utf8(bytes) {
        Ok(text) => (text, false),
        // The valid prefix is read as usual; reaching its end reports the bad byte, so any error
        // before it still comes first. (`valid_up_to` guarantees the prefix is valid.)
        Err(e) => (std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(), true),
    };
    let mut reader = Reader { text, pos: 0, line: 1, truncated };

    let header = loop {
        match reader.record()? {
            None => return Err(CsvError { line: 1, kind: CsvErrorKind::Empty }),
            Some(r) if r.blank => {}
            Some(r) => break r,
        }
    };
    let header_ok = header.fields.len() == HEADER.len()
        && header.fields.iter().zip(HEADER).all(|(f, h)| f.trim().eq_ignore_ascii_case(h));
    if !header_ok {
        let found = header.fields.join(",");
        let found = match found.char_indices().nth(FOUND_MAX_CHARS) {
            Some((cut, _)) => format!("{}…", &found[..cut]),
            None => found,
        };
        return Err(CsvError { line: header.line, kind: CsvErrorKind::BadHeader { found } });
    }

    let mut entries = Vec::new();
    let mut first_lines: HashMap<String, usize> = HashMap::new();
    while let Some(record) = reader.record()? {
        if record.blank {
            continue;
        }
        let line = record.line;
        let error = |kind| CsvError { line, kind };
        let [id, question, variants, answer] = <[String; 4]>::try_from(record.fields)
            .map_err(|fields| error(CsvErrorKind::WrongColumnCount { found: fields.len() }))?;
        let question = question.trim();
        if question.is_empty() {
            return Err(error(CsvErrorKind::EmptyQuestion));
        }
        let answer = answer.trim();
        if answer.is_empty() {
            return Err(error(CsvErrorKind::EmptyAnswer));
        }
        let id = id.trim();
        let id = if id.is_empty() {
            None
        } else {
            if let Some(&first_line) = first_lines.get(id) {
                return Err(error(CsvErrorKind::DuplicateId { id: id.to_string(), first_line }));
            }
            first_lines.insert(id.to_string(), line);
            Some(id.to_string())
        };
        entries.push(CsvEntry {
            line,
            id,
            question: question.to_string(),
            variants: split_variants(&variants),
            answer: answer.to_string(),
        });
    }
    Ok(entries)
}

/// Splits a `variants` field as [`parse`] does: on every `|`, each piece trimmed, empty ones dropped.
pub fn split_variants(field: &str) -> Vec<String> {
    field.split('|').map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect()
}

/// Whether a variant survives [`write`] unchanged as one variant: it holds no `|`, which the reader
/// would take as a separator. (Surrounding spaces are trimmed and a blank variant is dropped, as
/// on reading.) Editors should refuse variants for which this is false.
pub fn variant_is_writable(variant: &str) -> bool {
    !variant.contains('|')
}

/// Joins variants into one `variants` field the way [`write`] does: each trimmed, a `|` inside a
/// variant replaced with `/`, blank ones dropped, joined with [`VARIANT_SEPARATOR`]. So
/// `split_variants(&join_variants(v))` has one element per non-blank variant of `v`.
pub fn join_variants<S: AsRef<str>>(variants: &[S]) -> String {
    let mut out = String::new();
    for variant in variants {
        let variant = variant.as_ref().replace('|', "/");
        let variant = variant.trim();
        if variant.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(VARIANT_SEPARATOR);
        }
        out.push_str(variant);
    }
    out
}

/// Writes a whole FAQ CSV file: the header, then one record per row (see the module doc).
pub fn write<'a>(rows: impl IntoIterator<Item = CsvRow<'a>>) -> String {
    let mut out = HEADER.join(",");
    out.push('\n');
    for row in rows {
        push_field(&mut out, row.id.trim());
        out.push(',');
        push_field(&mut out, row.question.trim());
        out.push(',');
        push_field(&mut out, &join_variants(row.variants));
        out.push(',');
        push_field(&mut out, row.answer.trim());
        out.push('\n');
    }
    out
}

/// Appends one field, with `\r\n` turned into `\n` (as the reader would) and quoted only if needed.
fn push_field(out: &mut String, value: &str) {
    let value = if value.contains("\r\n") { value.replace("\r\n", "\n") } else { value.to_string() };
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&value);
    }
}

/// One record as read, before any FAQ rule is applied.
struct Record {
    /// The line where it starts.
    line: usize,
    fields: Vec<String>,
    /// A blank line: one unquoted field of spaces at most. Skipped, never an entry.
    blank: bool,
}

/// An RFC 4180 reader over the valid UTF-8 prefix of the file that counts physical lines.
///
/// All the bytes it acts on (`"`, `,`, `\r`, `\n`) are ASCII, so every position where it cuts the
/// text is a character boundary.
struct Reader<'t> {
    text: &'t str,
    pos: usize,
    /// The physical line of `pos`.
    line: usize,
    /// The file has an invalid byte right after `text`.
    truncated: bool,
}

impl Reader<'_> {
    fn error(&self, line: usize, kind: CsvErrorKind) -> CsvError {
        CsvError { line, kind }
    }

    /// Reaching the end of the text: the bad byte if there is one.
    fn at_end(&self) -> Result<(), CsvError> {
        if self.truncated { Err(self.error(self.line, CsvErrorKind::NotUtf8)) } else { Ok(()) }
    }

    /// The length of the line end at `at` (1 for `\n`, 2 for `\r\n`), if there is one.
    fn line_end(&self, at: usize) -> Option<usize> {
        match self.text.as_bytes().get(at..) {
            Some([b'\n', ..]) => Some(1),
            Some([b'\r', b'\n', ..]) => Some(2),
            _ => None,
        }
    }

    /// The next record, or `None` at the end of the file.
    fn record(&mut self) -> Result<Option<Record>, CsvError> {
        if self.pos == self.text.len() {
            self.at_end()?;
            return Ok(None);
        }
        let line = self.line;
        let mut fields = Vec::new();
        let mut quoted = false;
        loop {
            if self.text.as_bytes()[self.pos..].starts_with(b"\"") {
                quoted = true;
                fields.push(self.quoted_field()?);
            } else {
                fields.push(self.unquoted_field()?);
            }
            // Both field readers stop only at a comma, a line end or the end of the text.
            if self.pos == self.text.len() {
                self.at_end()?;
                break;
            }
            if let Some(len) = self.line_end(self.pos) {
                self.pos += len;
                self.line += 1;
                break;
            }
            self.pos += 1; // the comma
        }
        let blank = !quoted && fields.len() == 1 && fields[0].trim().is_empty();
        Ok(Some(Record { line, fields, blank }))
    }

    /// Reads up to the next comma, line end or end of text.
    fn unquoted_field(&mut self) -> Result<String, CsvError> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b',' => break,
                b'"' => return Err(self.error(self.line, CsvErrorKind::QuoteInsideField)),
                _ if self.line_end(self.pos).is_some() => break,
                _ => self.pos += 1,
            }
        }
        Ok(self.text[start..self.pos].to_string())
    }

    /// Reads a quoted field from its opening quote to just after its closing quote.
    fn quoted_field(&mut self) -> Result<String, CsvError> {
        let opened = self.line;
        let bytes = self.text.as_bytes();
        self.pos += 1;
        let mut value = String::new();
        let mut run = self.pos; // start of the text not yet copied into `value`
        loop {
            match bytes.get(self.pos) {
                None => {
                    self.at_end()?;
                    return Err(self.error(opened, CsvErrorKind::UnbalancedQuote));
                }
                Some(b'"') => {
                    value.push_str(&self.text[run..self.pos]);
                    if bytes.get(self.pos + 1) == Some(&b'"') {
                        value.push('"');
                        self.pos += 2;
                        run = self.pos;
                    } else {
                        self.pos += 1;
                        break;
                    }
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                }
                Some(b'\r') if bytes.get(self.pos + 1) == Some(&b'\n') => {
                    value.push_str(&self.text[run..self.pos]);
                    value.push('\n');
                    self.pos += 2;
                    self.line += 1;
                    run = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
        let ends_here = self.pos == self.text.len() || bytes[self.pos] == b',' || self.line_end(self.pos).is_some();
        if ends_here {
            Ok(value)
        } else if self.line > opened {
            Err(self.error(opened, CsvErrorKind::UnbalancedQuote))
        } else {
            Err(self.error(self.line, CsvErrorKind::QuoteInsideField))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id,question,variants,answer\n";

    fn entry(line: usize, id: Option<&str>, question: &str, variants: &[&str], answer: &str) -> CsvEntry {
        CsvEntry {
            line,
            id: id.map(str::to_string),
            question: question.into(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            answer: answer.into(),
        }
    }

    fn error_of(text: &[u8]) -> CsvError {
        match parse(text) {
            Ok(entries) => panic!("expected an error, parsed {entries:?}"),
            Err(e) => e,
        }
    }

    /// Lines 1–6 are fine: the header, a record whose quoted answer spans lines 2–4, a blank line
    /// 5 and a record on line 6. `bad` starts on line 7; a good record follows it.
    fn file_with(bad: &str) -> String {
        format!(
            "{HEAD}a1,Первый вопрос,\"раз | два, три\",\"Ответ, строка 1\nстрока 2 с \"\"кавычками\"\"\nстрока 3\"\n\n\
             a2,Второй вопрос,,Второй ответ\n{bad}\na9,Последний,,Ответ\n"
        )
    }

    #[test]
    fn the_fixture_prefix_parses_with_lines_counted_across_quoted_newlines() {
        let entries = parse(file_with("a3,Третий,,Третий ответ").as_bytes()).expect("valid");
        assert_eq!(
            entries,
            vec![
                entry(
                    2,
                    Some("a1"),
                    "Первый вопрос",
                    &["раз", "два, три"],
                    "Ответ, строка 1\nстрока 2 с \"кавычками\"\nстрока 3"
                ),
                entry(6, Some("a2"), "Второй вопрос", &[], "Второй ответ"),
                entry(7, Some("a3"), "Третий", &[], "Третий ответ"),
                entry(8, Some("a9"), "Последний", &[], "Ответ"),
            ]
        );
    }

    #[test]
    fn each_error_kind_is_reported_at_its_line_after_a_multi_line_answer() {
        let cases: Vec<(&str, CsvErrorKind)> = vec![
            ("a3,Вопрос,,\"Ответ без конца", CsvErrorKind::UnbalancedQuote),
            ("a3,Нажмите \"Оплата\",,Ответ", CsvErrorKind::QuoteInsideField),
            ("a3,\"Вопрос\" ,,Ответ", CsvErrorKind::QuoteInsideField),
            ("a3,Вопрос,Ответ", CsvErrorKind::WrongColumnCount { found: 3 }),
            ("a3,Вопрос,,Ответ,", CsvErrorKind::WrongColumnCount { found: 5 }),
            ("a3,  ,в1 | в2,Ответ", CsvErrorKind::EmptyQuestion),
            ("a3,Вопрос,,\"  \n \"", CsvErrorKind::EmptyAnswer),
            ("a1,Вопрос,,Ответ", CsvErrorKind::DuplicateId { id: "a1".into(), first_line: 2 }),
        ];
        for (bad, kind) in cases {
            let e = error_of(file_with(bad).as_bytes());
            assert_eq!(e, CsvError { line: 7, kind }, "for {bad:?}");
        }
    }

    #[test]
    fn not_utf8_is_reported_at_the_line_of_the_first_bad_byte() {
        let mut bytes = file_with("a3,Вопрос,,Ответ").into_bytes();
        // Put a lone continuation byte into line 8 ("a9,…"), after the multi-line answer.
        let at = bytes.windows(3).position(|w| w == b"a9,").expect("line 8") + 3;
        bytes.insert(at, 0x80);
        assert_eq!(error_of(&bytes), CsvError { line: 8, kind: CsvErrorKind::NotUtf8 });
        // Inside the quoted answer's third line (line 4), before the closing quote.
        let mut bytes = file_with("a3,Вопрос,,Ответ").into_bytes();
        let line_4 = "строка 3".as_bytes();
        let at = bytes.windows(line_4.len()).position(|w| w == line_4).expect("line 4");
        bytes.insert(at, 0xFF);
        assert_eq!(error_of(&bytes), CsvError { line: 4, kind: CsvErrorKind::NotUtf8 });
        // Windows-1251 text on the header line.
        assert_eq!(
            error_of(b"id,\xe2\xee\xef\xf0\xee\xf1,variants,answer\n"),
            CsvError { line: 1, kind: CsvErrorKind::NotUtf8 }
        );
    }

    #[test]
    fn the_first_error_in_file_order_wins() {
        // An empty answer on line 3 comes before a bad byte and an open quote further down.
        let mut text = format!("{HEAD}x1,Вопрос,,Ответ\nx2,Вопрос,,\nx3,Вопрос,,\"ответ\n").into_bytes();
        text.extend_from_slice(b"x4,\xff,,a\n");
        assert_eq!(error_of(&text), CsvError { line: 3, kind: CsvErrorKind::EmptyAnswer });
        // A duplicate id on line 3 before a wrong column count on line 4.
        let text = format!("{HEAD}x1,Вопрос,,Ответ\nx1,Вопрос,,Ответ\nx2,Вопрос\n");
        assert_eq!(
            error_of(text.as_bytes()),
            CsvError { line: 3, kind: CsvErrorKind::DuplicateId { id: "x1".into(), first_line: 2 } }
        );
        // Within one record, the bad byte (line 3) is met before the column count (record on line 2).
        let mut bytes = format!("{HEAD}x1,\"Вопрос\nна двух строках").into_bytes();
        bytes.push(0xFF);
        bytes.extend_from_slice("\",Ответ\n".as_bytes());
        assert_eq!(error_of(&bytes), CsvError { line: 3, kind: CsvErrorKind::NotUtf8 });
    }

    #[test]
    fn an_unbalanced_quote_mid_file_points_at_where_it_opened() {
        // The stray quote on line 3 runs into line 4, whose quoted answer's opening quote closes
        // it; the text after that is reported as the quote opened on line 3.
        let text = format!("{HEAD}x1,Вопрос,,Ответ\nx2,\"Вопрос без конца,,Ответ\nx3,Вопрос,,\"Ответ, с запятой\"\n");
        assert_eq!(error_of(text.as_bytes()), CsvError { line: 3, kind: CsvErrorKind::UnbalancedQuote });
        // Never closed at all: also the opening line, even several lines above the end.
        let text = format!("{HEAD}x1,Вопрос,,\"Ответ\nx2,Вопрос,,Ответ\nx3,Вопрос,,Ответ\n");
        assert_eq!(error_of(text.as_bytes()), CsvError { line: 2, kind: CsvErrorKind::UnbalancedQuote });
        // An undoubled quote inside a quoted field on one line is the quote's own problem.
        let text = format!("{HEAD}x1,Вопрос,,\"Нажмите \"Оплата\" внизу\"\n");
        assert_eq!(error_of(text.as_bytes()), CsvError { line: 2, kind: CsvErrorKind::QuoteInsideField });
    }

    #[test]
    fn duplicate_id_names_both_lines() {
        let text = format!("{HEAD}pay,Q1,,A1\n\"multi\",\"Q\n2\",,A2\n  pay ,Q3,,A3\n");
        let e = error_of(text.as_bytes());
        assert_eq!(e, CsvError { line: 5, kind: CsvErrorKind::DuplicateId { id: "pay".into(), first_line: 2 } });
        assert_eq!(e.to_string(), "line 5: the id \"pay\" is already used on line 2");
    }

    #[test]
    fn empty_ids_are_none_and_may_repeat() {
        let text = format!("{HEAD},Q1,,A1\n  ,Q2,,A2\n");
        let entries = parse(text.as_bytes()).expect("valid");
        assert_eq!(entries, vec![entry(2, None, "Q1", &[], "A1"), entry(3, None, "Q2", &[], "A2")]);
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = "\u{feff}id,question,variants,answer\r\nx1, Вопрос ,a|b ||  c ,\"Ответ\r\n\r\nещё\"\r\n\r\nx2,Q,,A";
        let entries = parse(text.as_bytes()).expect("valid");
        assert_eq!(
            entries,
            vec![entry(2, Some("x1"), "Вопрос", &["a", "b", "c"], "Ответ\n\nещё"), entry(6, Some("x2"), "Q", &[], "A")]
        );
        // A BOM does not shift line numbers.
        let text = "\u{feff}id,question,variants,answer\r\nx1,Q,,\r\n";
        assert_eq!(error_of(text.as_bytes()), CsvError { line: 2, kind: CsvErrorKind::EmptyAnswer });
    }

    #[test]
    fn blank_lines_and_the_final_line_end_are_optional() {
        let text = "\n  \nID , Question,VARIANTS,answer\n\n\t\nx1,Q,,A\n\n";
        assert_eq!(parse(text.as_bytes()).expect("valid"), vec![entry(6, Some("x1"), "Q", &[], "A")]);
        let text = "id,question,variants,answer";
        assert_eq!(parse(text.as_bytes()).expect("valid"), Vec::<CsvEntry>::new());
        let text = "id,question,variants,answer\nx1,Q,,A";
        assert_eq!(parse(text.as_bytes()).expect("valid"), vec![entry(2, Some("x1"), "Q", &[], "A")]);
        // A quoted empty field alone on a line is a record, not a blank line.
        let text = "id,question,variants,answer\n\"\"\n";
        assert_eq!(error_of(text.as_bytes()), CsvError { line: 2, kind: CsvErrorKind::WrongColumnCount { found: 1 } });
    }

    #[test]
    fn an_empty_file_has_no_header() {
        for text in ["", "\u{feff}", "\n\n  \r\n"] {
            assert_eq!(error_of(text.as_bytes()), CsvError { line: 1, kind: CsvErrorKind::Empty }, "{text:?}");
        }
    }

    #[test]
    fn a_bad_header_names_what_was_found() {
        let cases = [
            ("id;question;variants;answer\n", "id;question;variants;answer"),
            ("id,question,variants,answer,\n", "id,question,variants,answer,"),
            ("id,question,answer,variants\n", "id,question,answer,variants"),
            ("pay_card,Вопрос,,Ответ\n", "pay_card,Вопрос,,Ответ"),
        ];
        for (text, found) in cases {
            let e = error_of(text.as_bytes());
            assert_eq!(e, CsvError { line: 1, kind: CsvErrorKind::BadHeader { found: found.into() } });
        }
        let e = error_of(b"id;question;variants;answer\n");
        assert_eq!(
            e.to_string(),
            "line 1: the header must be id,question,variants,answer but is \"id;question;variants;answer\" \
             (separate the columns with commas, not semicolons)"
        );
        // A long first line is cut.
        let long = format!("{}\n", "я".repeat(500));
        let CsvErrorKind::BadHeader { found } = error_of(long.as_bytes()).kind else { panic!("bad header expected") };
        assert_eq!(found, format!("{}…", "я".repeat(120)));
    }

    #[test]
    fn errors_read_as_plain_english() {
        let e = error_of(file_with("a3,Вопрос,,").as_bytes());
        assert_eq!(e.to_string(), "line 7: the answer is empty");
        let e = error_of(file_with("a3,,,Ответ").as_bytes());
        assert_eq!(e.to_string(), "line 7: the question is empty");
        let e = error_of(file_with("a3,Вопрос").as_bytes());
        assert_eq!(e.to_string(), "line 7: expected 4 columns (id, question, variants, answer) but found 2");
        let e = error_of(file_with("a3,Вопрос,,\"Ответ").as_bytes());
        assert_eq!(e.to_string(), "line 7: a quoted field opens here and is never closed");
        assert_eq!(
            error_of(b"").to_string(),
            "line 1: the file is empty: expected the header id,question,variants,answer"
        );
    }

    #[test]
    fn variants_are_split_trimmed_and_blank_ones_dropped() {
        assert_eq!(split_variants(" один |два|| три  | "), vec!["один", "два", "три"]);
        assert_eq!(split_variants("   "), Vec::<String>::new());
        assert_eq!(join_variants(&[" один ", "", "два|три", "  "]), "один | два/три");
        assert!(variant_is_writable("Как оплатить, если нет карты?"));
        assert!(!variant_is_writable("Visa | Мир"));
    }

    #[test]
    fn the_shared_testdata_file_parses() {
        let entries = parse(include_bytes!("../../../testdata/faq/ru_faq.csv")).expect("testdata/faq/ru_faq.csv");
        assert_eq!(entries.len(), 30);
        assert_eq!(entries.iter().map(|e| e.line).collect::<Vec<_>>(), (2..=31).collect::<Vec<_>>());
        assert!(entries.iter().all(|e| e.id.is_some() && !e.variants.is_empty()));
        let pay_card = &entries[0];
        assert_eq!(pay_card.line, 2);
        assert_eq!(pay_card.id.as_deref(), Some("pay_card"));
        assert_eq!(pay_card.question, "Как оплатить услуги банковской картой?");
        assert_eq!(
            pay_card.variants,
            vec!["Оплата картой онлайн", "Можно ли заплатить картой Visa или Мир?", "Как пополнить счёт с карты"]
        );
        assert!(pay_card.answer.starts_with("Оплатить картой можно в личном кабинете"));
        assert!(pay_card.answer.ends_with("в течение нескольких минут."));
        let not_received = entries.iter().find(|e| e.id.as_deref() == Some("pay_not_received")).expect("entry");
        assert_eq!(not_received.question, "Оплатил, но деньги не поступили на счёт");
        assert_eq!(not_received.variants[2], "Деньги списались с карты, а баланс не изменился");
        assert_eq!(entries[29].id.as_deref(), Some("technician_call"));
    }

    #[test]
    fn write_quotes_only_when_needed() {
        let v = |vs: &[&str]| vs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (plain, tricky, none) = (v(&["раз", "два"]), v(&["a, b", " c|d "]), v(&[]));
        let rows = [
            CsvRow { id: "x1", question: "Вопрос", variants: &plain, answer: "Ответ" },
            CsvRow {
                id: "", question: "Он сказал \"да\"", variants: &tricky, answer: " Строка 1\r\nстрока 2 "
            },
            CsvRow { id: "x3", question: "Q", variants: &none, answer: "A\rB" },
        ];
        assert_eq!(
            write(rows),
            "id,question,variants,answer\n\
             x1,Вопрос,раз | два,Ответ\n\
             ,\"Он сказал \"\"да\"\"\",\"a, b | c/d\",\"Строка 1\nстрока 2\"\n\
             x3,Q,,\"A\rB\"\n"
        );
        assert_eq!(write([]), "id,question,variants,answer\n");
    }

    #[test]
    fn write_then_parse_gives_the_entries_back() {
        let entries = vec![
            entry(
                2,
                Some("pay_card"),
                "Как оплатить, если \"карта\" не проходит?",
                &["Оплата картой", "Visa, Мир"],
                "Так.",
            ),
            entry(3, None, "Вопрос без id", &[], "Ответ\n\n  с отступом,\nзапятыми и \"кавычками\""),
            entry(7, Some("ёжик"), "Многострочный\nвопрос", &["вариант\nс переносом", "ещё один"], "\"Ответ\""),
            entry(10, Some("x,y"), "Q", &[], "A"),
        ];
        let text = write(entries.iter().map(CsvEntry::as_row));
        assert_eq!(parse(text.as_bytes()).expect("written file parses"), entries);
    }

    #[test]
    fn the_testdata_file_survives_a_round_trip() {
        let entries = parse(include_bytes!("../../../testdata/faq/ru_faq.csv")).expect("testdata");
        let text = write(entries.iter().map(CsvEntry::as_row));
        assert_eq!(parse(text.as_bytes()).expect("written file parses"), entries);
        // Same content, LF instead of CRLF.
        let original = std::str::from_utf8(include_bytes!("../../../testdata/faq/ru_faq.csv")).expect("utf-8");
        assert_eq!(text, original.replace("\r\n", "\n"));
    }

    #[test]
    fn written_invalid_rows_are_refused_not_misread() {
        let none: Vec<String> = vec![];
        let rows = [
            CsvRow { id: "a", question: "Q", variants: &none, answer: "A" },
            CsvRow { id: "a", question: "Q", variants: &none, answer: "A" },
        ];
        assert_eq!(
            error_of(write(rows).as_bytes()),
            CsvError { line: 3, kind: CsvErrorKind::DuplicateId { id: "a".into(), first_line: 2 } }
        );
        let rows = [CsvRow { id: "", question: "", variants: &none, answer: "" }];
        assert_eq!(error_of(write(rows).as_bytes()), CsvError { line: 2, kind: CsvErrorKind::EmptyQuestion });
    }
}
