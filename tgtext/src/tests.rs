use crate::FormatErrorKind as K;
use crate::*;

fn ok(html: &str) -> Formatted {
    parse(html).unwrap_or_else(|e| panic!("{html:?} should parse: {e}"))
}

fn err(html: &str) -> FormatError {
    match parse(html) {
        Ok(f) => panic!("{html:?} should be refused, parsed as {f:?}"),
        Err(e) => e,
    }
}

/// The error's kind and place as (kind, line, column).
fn err_at(html: &str) -> (K, usize, usize) {
    let e = err(html);
    assert_eq!(FormatError::at(html, e.offset, e.kind.clone()), e, "offset, line and column agree");
    (e.kind, e.line, e.column)
}

fn text(s: &str) -> Node {
    Node::Text(s.to_string())
}

fn styled(style: Style, children: Vec<Node>) -> Node {
    Node::Styled { style, children }
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn every_supported_tag_parses_to_its_style() {
    let link = Style::Link { href: s("https://example.org/a?b=1") };
    let cases = [
        ("<b>hi</b>", Style::Bold),
        ("<strong>hi</strong>", Style::Bold),
        ("<i>hi</i>", Style::Italic),
        ("<em>hi</em>", Style::Italic),
        ("<u>hi</u>", Style::Underline),
        ("<ins>hi</ins>", Style::Underline),
        ("<s>hi</s>", Style::Strike),
        ("<strike>hi</strike>", Style::Strike),
        ("<del>hi</del>", Style::Strike),
        ("<tg-spoiler>hi</tg-spoiler>", Style::Spoiler),
        ("<span class=\"tg-spoiler\">hi</span>", Style::Spoiler),
        ("<a href=\"https://example.org/a?b=1\">hi</a>", link),
        ("<code>hi</code>", Style::Code),
        ("<pre>hi</pre>", Style::Pre { language: None }),
        ("<pre><code>hi</code></pre>", Style::Pre { language: None }),
        ("<pre><code class=\"language-python\">hi</code></pre>", Style::Pre { language: Some(s("python")) }),
        ("<blockquote>hi</blockquote>", Style::Blockquote { expandable: false }),
        ("<blockquote expandable>hi</blockquote>", Style::Blockquote { expandable: true }),
        (
            "<tg-emoji emoji-id=\"5368324170671202286\">hi</tg-emoji>",
            Style::CustomEmoji { id: s("5368324170671202286") },
        ),
    ];
    for (html, style) in cases {
        let f = ok(html);
        assert_eq!(f.nodes, vec![styled(style, vec![text("hi")])], "{html}");
        assert_eq!((f.plain(), f.len()), (s("hi"), 2), "{html}");
    }
}

#[test]
fn styles_nest_into_a_tree() {
    let f = ok("Hi <b>bold <i>both <u>all</u></i></b>, <a href=\"tg://user?id=1\"><s>gone</s> <b>x</b></a>");
    let link = Style::Link { href: s("tg://user?id=1") };
    assert_eq!(
        f.nodes,
        vec![
            text("Hi "),
            styled(
                Style::Bold,
                vec![
                    text("bold "),
                    styled(Style::Italic, vec![text("both "), styled(Style::Underline, vec![text("all")])])
                ]
            ),
            text(", "),
            styled(
                link,
                vec![styled(Style::Strike, vec![text("gone")]), text(" "), styled(Style::Bold, vec![text("x")])]
            ),
        ]
    );
    assert_eq!(f.plain(), "Hi bold both all, gone x");

    // Blockquotes hold any other style; code, pre and spoilers sit inside styles and quotes.
    let f = ok("<blockquote expandable><tg-spoiler>a</tg-spoiler><b><code>c</code></b><pre>p</pre></blockquote>");
    assert_eq!(
        f.nodes,
        vec![styled(
            Style::Blockquote { expandable: true },
            vec![
                styled(Style::Spoiler, vec![text("a")]),
                styled(Style::Bold, vec![styled(Style::Code, vec![text("c")])]),
                styled(Style::Pre { language: None }, vec![text("p")]),
            ]
        )]
    );
    // Two quotes side by side are fine, and the same style may nest in itself.
    assert!(parse("<blockquote>a</blockquote><blockquote>b</blockquote><b><b>c</b></b>").is_ok());
    assert_eq!(ok("<b></b>").nodes, vec![styled(Style::Bold, vec![])]);
    assert_eq!(ok("").nodes, vec![]);
    assert!(ok("").is_empty());
}

#[test]
fn pre_takes_the_language_of_its_code() {
    let f = ok("<pre><code class=\"language-rust\">fn main() {\n    println!(\"&lt;hi&gt;\");\n}</code></pre>");
    assert_eq!(
        f.nodes,
        vec![styled(Style::Pre { language: Some(s("rust")) }, vec![text("fn main() {\n    println!(\"<hi>\");\n}")])]
    );
    // Unquoted values are lower-cased, as Telegram does; quoted ones are kept.
    assert_eq!(
        ok("<pre><code class=language-Rust>x</code></pre>").nodes[0],
        ok("<pre><code class='language-rust'>x</code></pre>").nodes[0]
    );
    assert_eq!(
        ok("<pre><code class=\"language-C++\">x</code></pre>").nodes,
        vec![styled(Style::Pre { language: Some(s("C++")) }, vec![text("x")])]
    );
    // A language on inline code means nothing to Telegram: it stays inline code.
    assert_eq!(ok("<code class=\"language-sh\">ls</code>").nodes, vec![styled(Style::Code, vec![text("ls")])]);
}

#[test]
fn tag_names_are_case_insensitive_attribute_names_are_not() {
    assert_eq!(ok("<B>x</b>").nodes, vec![styled(Style::Bold, vec![text("x")])]);
    assert_eq!(ok("<STRONG>x</Strong>").nodes, vec![styled(Style::Bold, vec![text("x")])]);
    assert_eq!(ok("<Tg-Spoiler>x</TG-SPOILER>").nodes, vec![styled(Style::Spoiler, vec![text("x")])]);
    assert_eq!(
        ok("<A href=\"https://t.me\">x</A>").nodes,
        vec![styled(Style::Link { href: s("https://t.me") }, vec![text("x")])]
    );
    assert_eq!(ok("<PRE><CODE class=\"language-go\">x</CODE></PRE>").plain(), "x");
    assert_eq!(err_at("<a HREF=\"https://t.me\">x</a>").0, K::UnknownAttribute { tag: s("a"), attribute: s("HREF") });
    // A close tag names the tag as opened: <b> is not closed by </strong>.
    assert_eq!(err_at("<b>x</strong>").0, K::MismatchedCloseTag { expected: s("b"), found: s("strong") });
}

#[test]
fn attributes_take_either_quote_or_none_and_spaces() {
    for html in [
        "<a href=\"https://x.org\">l</a>",
        "<a href='https://x.org'>l</a>",
        "<a  href = \"https://x.org\" >l</a>",
        "<a\nhref=\"https://x.org\"\n>l</a>",
    ] {
        assert_eq!(ok(html).nodes, vec![styled(Style::Link { href: s("https://x.org") }, vec![text("l")])], "{html}");
    }
    assert_eq!(
        ok("<tg-emoji emoji-id=5368324170671202286>👍</tg-emoji>").nodes,
        vec![styled(Style::CustomEmoji { id: s("5368324170671202286") }, vec![text("👍")])]
    );
    assert_eq!(ok("<span class=tg-spoiler>x</span>").plain(), "x");
    // Entities are decoded in values; quotes of the other kind are plain characters.
    assert_eq!(
        ok("<a href=\"https://x.org/?a=1&amp;b='2'\">l</a>").nodes[0],
        styled(Style::Link { href: s("https://x.org/?a=1&b='2'") }, vec![text("l")])
    );
    assert_eq!(
        ok("<a href='https://x.org/\"q\"'>l</a>").nodes[0],
        styled(Style::Link { href: s("https://x.org/\"q\"") }, vec![text("l")])
    );
}

#[test]
fn links_accept_only_web_telegram_and_mail_addresses() {
    for href in
        ["http://x.org", "https://x.org/path?q=1#f", "HTTPS://X.ORG", "tg://resolve?domain=bot", "mailto:help@x.org"]
    {
        assert!(parse(&format!("<a href=\"{href}\">l</a>")).is_ok(), "{href}");
    }
    for href in [
        "javascript:alert(1)",
        "",
        "ftp://x.org",
        "x.org",
        "https://",
        "https:///x",
        "https://x.org/a b",
        "data:text/html,x",
    ] {
        let html = format!("<a href=\"{href}\">l</a>");
        assert_eq!(err_at(&html), (K::BadHref(s(href)), 1, 4), "{href}");
    }
    assert_eq!(err_at("<a href=\"java&#115;cript:alert(1)\">l</a>").0, K::BadHref(s("javascript:alert(1)")));
}

#[test]
fn entities_decode_and_count_as_what_they_show() {
    let f = ok("&lt;b&gt;");
    assert_eq!(f.nodes, vec![text("<b>")]);
    assert_eq!((f.plain(), f.len()), (s("<b>"), 3));
    let f = ok("a&amp;b &quot;q&quot; &#65;&#x41;&#x1F600;&#1046;");
    assert_eq!(f.nodes, vec![text("a&b \"q\" AA😀Ж")], "adjacent text is one node");
    assert_eq!(f.len(), 13, "the emoji is two UTF-16 units");
    assert_eq!(ok("<b>&lt;</b>").nodes, vec![styled(Style::Bold, vec![text("<")])]);
    assert_eq!(ok("a > b >> c").plain(), "a > b >> c", "> alone is text");
}

#[test]
fn unknown_or_unfinished_entities_are_refused() {
    for (html, entity) in [
        ("a & b", "&"),
        ("a &nbsp; b", "&nbsp;"),
        ("&lt without semicolon", "&lt"),
        ("&LT;", "&LT;"),
        ("&apos;", "&apos;"),
        ("&#0;", "&#0;"),
        ("&#xD800;", "&#xD800;"),
        ("&#x110000;", "&#x110000;"),
        ("&#X41;", "&#X41;"),
        ("&#;", "&#;"),
        ("&#65", "&#65"),
        ("&", "&"),
        ("AT&T", "&T"),
    ] {
        assert_eq!(err_at(html).0, K::BadEntity(s(entity)), "{html}");
    }
    assert_eq!(err_at("<a href=\"https://x.org/?a=1&b=2\">l</a>"), (K::BadEntity(s("&b")), 1, 28));
}

#[test]
fn newlines_stay_text() {
    let f = ok("<b>a\nb</b>\n\nc\r\n");
    assert_eq!(f.plain(), "a\nb\n\nc\r\n");
    assert_eq!(f.len(), 8);
}

#[test]
fn errors_name_line_and_column_in_characters() {
    let cases = [
        ("Привет!\nВторая <br> строка", K::UnknownTag(s("br")), 2, 8),
        ("a\n<b/>", K::UnknownTag(s("b/")), 2, 1),
        ("<b>x</b>\n  <i class=\"y\">z</i>", K::UnknownAttribute { tag: s("i"), attribute: s("class") }, 2, 6),
        (
            "x\n<a href=\"https://a.org\" href=\"https://b.org\">l</a>",
            K::DuplicateAttribute { tag: s("a"), attribute: s("href") },
            2,
            25,
        ),
        ("x\n<a href>l</a>", K::MissingAttributeValue { tag: s("a"), attribute: s("href") }, 2, 4),
        (
            "x\n<blockquote expandable=\"yes\">q</blockquote>",
            K::AttributeTakesNoValue { tag: s("blockquote"), attribute: s("expandable") },
            2,
            13,
        ),
        ("é\n<a href=https://x.org>l</a>", K::UnquotedValue { tag: s("a"), attribute: s("href") }, 2, 9),
        ("x\n\n<a>l</a>", K::MissingHref, 3, 1),
        ("x\n<a href=\"javascript:alert(1)\">l</a>", K::BadHref(s("javascript:alert(1)")), 2, 4),
        ("x\n<tg-emoji>🙂</tg-emoji>", K::MissingEmojiId, 2, 1),
        ("x\n<tg-emoji emoji-id=\"12a\">🙂</tg-emoji>", K::BadEmojiId(s("12a")), 2, 11),
        (
            "x\n<tg-emoji emoji-id=\"99999999999999999999\">🙂</tg-emoji>",
            K::BadEmojiId(s("99999999999999999999")),
            2,
            11,
        ),
        ("x\n<tg-emoji emoji-id=\"-5\">🙂</tg-emoji>", K::BadEmojiId(s("-5")), 2, 11),
        ("x\n <span>s</span>", K::BadSpanClass(None), 2, 2),
        ("x\n<span class=\"spoiler\">s</span>", K::BadSpanClass(Some(s("spoiler"))), 2, 1),
        ("x\n<pre><code class=\"lang-rust\">c</code></pre>", K::BadCodeClass(s("lang-rust")), 2, 12),
        ("x\n<pre><code class=\"language-\">c</code></pre>", K::BadCodeClass(s("language-")), 2, 12),
        ("ok\ntext <b", K::MalformedTag(s("b")), 2, 6),
        ("ok\n<a href=\"https://x.org>l</a>", K::MalformedTag(s("a")), 2, 1),
        ("ok\n<b>x</b y>", K::MalformedTag(s("/b")), 2, 5),
        ("ok\n<a =\"x\">l</a>", K::MalformedTag(s("a")), 2, 1),
        ("Line one\n<b>bold\n<i>both</i>", K::UnclosedTag(s("b")), 2, 1),
        ("<b>x</b><i>\n<u>y</u>", K::UnclosedTag(s("i")), 1, 9),
        ("hi\n</b>", K::UnexpectedCloseTag(s("b")), 2, 1),
        ("<b>x</b></b>", K::UnexpectedCloseTag(s("b")), 1, 9),
        ("<b>\n<i>x</b></i>", K::MismatchedCloseTag { expected: s("i"), found: s("b") }, 2, 5),
        ("<b>x</>", K::MismatchedCloseTag { expected: s("b"), found: s("") }, 1, 5),
        ("<b>x</unknown>", K::MismatchedCloseTag { expected: s("b"), found: s("unknown") }, 1, 5),
        ("x\n<code>a<b>b</b></code>", K::NotAllowedInside { tag: s("b"), parent: s("code") }, 2, 8),
        ("x\n<code><code>a</code></code>", K::NotAllowedInside { tag: s("code"), parent: s("code") }, 2, 7),
        ("x\n<pre><i>a</i></pre>", K::NotAllowedInside { tag: s("i"), parent: s("pre") }, 2, 6),
        ("x\n<pre><pre>a</pre></pre>", K::NotAllowedInside { tag: s("pre"), parent: s("pre") }, 2, 6),
        (
            "x\n<pre><code class=\"language-py\"><b>a</b></code></pre>",
            K::NotAllowedInside { tag: s("b"), parent: s("code") },
            2,
            32,
        ),
        ("<code><pre>a</pre></code>", K::NotAllowedInside { tag: s("pre"), parent: s("code") }, 1, 7),
        (
            "<blockquote>a\n<b><blockquote>b</blockquote></b></blockquote>",
            K::NotAllowedInside { tag: s("blockquote"), parent: s("blockquote") },
            2,
            4,
        ),
        (
            "<a href=\"https://a.org\"><b>\n<a href=\"https://b.org\">l</a></b></a>",
            K::NotAllowedInside { tag: s("a"), parent: s("a") },
            2,
            1,
        ),
        ("x\n<pre>a<code>b</code></pre>", K::PreCodeNotAlone, 2, 7),
        ("x\n<pre><code>b</code>\n</pre>", K::PreCodeNotAlone, 2, 20),
        ("x\n<pre><code>b</code><code>c</code></pre>", K::PreCodeNotAlone, 2, 20),
        ("x\n<pre><code>b</code>&amp;</pre>", K::PreCodeNotAlone, 2, 20),
        ("Цена\n5 < 7", K::BareLessThan, 2, 3),
        ("1 <2", K::BareLessThan, 1, 3),
        ("<", K::BareLessThan, 1, 1),
        ("< b>x</b>", K::BareLessThan, 1, 1),
        ("ok\n🙂 &copy; x", K::BadEntity(s("&copy;")), 2, 3),
    ];
    for (html, kind, line, column) in cases {
        assert_eq!(err_at(html), (kind, line, column), "{html:?}");
    }
}

#[test]
fn errors_read_in_plain_english() {
    let e = err("Привет\nВторая <br> строка");
    assert_eq!(e.offset, "Привет\nВторая ".len());
    assert_eq!(e.to_string(), "line 2, column 8: <br> is not a tag Telegram supports (write &lt; to show a literal <)");
    assert_eq!(err("<b>x").to_string(), "line 1, column 1: <b> is opened here and never closed: add </b>");
    assert_eq!(err("a & b").to_string(), "line 1, column 3: a bare & must be written &amp;");
    assert_eq!(err("<b>\n<i>x</b>").to_string(), "line 2, column 5: </b> does not close the open <i>: expected </i>");
    assert!(err("<a href=\"javascript:alert(1)\">x</a>").to_string().contains("\"javascript:alert(1)\""));
    let kinds = [K::MissingHref, K::PreCodeNotAlone, K::BareLessThan, K::TooLong { len: 5000 }, K::BadSpanClass(None)];
    for kind in kinds {
        assert!(!kind.to_string().is_empty());
    }
}

#[test]
fn length_counts_utf16_units_of_the_text_only() {
    assert_eq!(ok("😀").len(), 2);
    assert_eq!(ok("Ж").len(), 1);
    assert_eq!(ok("<b>a</b><a href=\"https://x.org/very/long\">b</a>").len(), 2);
    assert_eq!(utf16_len("a😀Ж"), 4);

    let limit = "a".repeat(MAX_MESSAGE_LEN);
    let f = check(&limit).expect("exactly 4096 fits");
    assert_eq!(f.len(), 4096);
    assert!(!f.is_too_long());
    assert!(check(&format!("<b>{limit}</b>")).is_ok(), "tags don't count");
    assert!(check(&format!("<b>{}&amp;</b>", &limit[1..])).is_ok(), "an entity counts as its character");

    let over = format!("{limit}b");
    assert!(parse(&over).expect("the preview still parses").is_too_long());
    let e = check(&over).expect_err("4097 is too long");
    assert_eq!((e.kind, e.line, e.column, e.offset), (K::TooLong { len: 4097 }, 1, 4097, 4096));

    // The place is the first character past the limit, however it is written.
    let e = check(&format!("<b>x</b>\n{}&amp;tail", &limit[2..])).expect_err("too long");
    assert_eq!((e.kind, e.line, e.column), (K::TooLong { len: 4101 }, 2, 4095));
    let e = check(&format!("{}😀", &limit[1..])).expect_err("the emoji's second unit is over");
    assert_eq!((e.kind, e.offset), (K::TooLong { len: 4097 }, 4095));
    assert_eq!(check(&format!("{}😀", &limit[2..])).map(|f| f.len()), Ok(4096));
    // A formatting error comes before the length.
    assert_eq!(check(&format!("{over}<x>")).map_err(|e| e.kind), Err(K::UnknownTag(s("x"))));
}

#[test]
fn escaped_text_parses_back_to_itself() {
    let texts = [
        "",
        "plain",
        "Привет, мир! Ёжик & ко",
        "a & b < c > d \"quoted\" 'single'",
        "<b>not bold</b> &amp; stays &amp;",
        "&lt; &#65; &",
        "line 1\nline 2\r\n\ttab",
        "😀 👍🏽 🇷🇺",
        "<<<>>>&&&\"\"\"",
    ];
    for t in texts {
        let html = escape(t);
        let f = parse(&html).unwrap_or_else(|e| panic!("{t:?} → {html:?}: {e}"));
        assert_eq!(f.plain(), t);
        assert_eq!(f.len(), utf16_len(t));
        let expected = if t.is_empty() { vec![] } else { vec![text(t)] };
        assert_eq!(f.nodes, expected, "escaped text is unformatted");
    }
    assert_eq!(escape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}
