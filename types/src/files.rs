//! An operator's attachments: what may be sent and how (pure; the browser checks a file when it
//! is chosen, the server checks it again while it is uploaded — the client is never trusted).
//!
//! - photos: JPEG, PNG or WebP up to [`PHOTO_MAX_BYTES`] go as photos (`sendPhoto`, albums);
//!   a bigger image goes as a file;
//! - any other file up to [`FILE_MAX_BYTES`] goes as a file (`sendDocument`);
//! - empty files, programs ([`BLOCKED_EXTENSIONS`]) and more than [`MAX_FILES`] files a message
//!   are refused, naming the file.

use serde::{Deserialize, Serialize};

use crate::AttachmentKind;

/// Telegram's limit for `sendPhoto` by upload.
pub const PHOTO_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Telegram's limit for bots' uploads.
pub const FILE_MAX_BYTES: u64 = 50 * 1024 * 1024;
/// Files one message may carry (Telegram's album holds 2–10).
pub const MAX_FILES: usize = 10;
/// A caption longer than this goes as a text message before the files.
pub const CAPTION_MAX_CHARS: usize = 1024;
/// File names longer than this are cut (keeping the extension).
pub const NAME_MAX_CHARS: usize = 200;
/// Programs and scripts: customers are taught never to open them from a chat, and a support team
/// has no reason to send them.
pub const BLOCKED_EXTENSIONS: &[&str] =
    &["exe", "msi", "bat", "cmd", "com", "scr", "pif", "vbs", "vbe", "js", "jse", "wsf", "ps1", "jar", "apk", "lnk"];

/// Why a file can't be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    Empty,
    /// Over [`FILE_MAX_BYTES`].
    TooBig,
    /// A program or script ([`BLOCKED_EXTENSIONS`]).
    Blocked,
    /// More than [`MAX_FILES`] files in one message.
    TooMany,
}

impl FileProblem {
    /// A stable code, for the wire.
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Empty => "empty",
            FileProblem::TooBig => "too_big",
            FileProblem::Blocked => "blocked",
            FileProblem::TooMany => "too_many",
        }
    }

    pub fn parse(code: &str) -> Option<FileProblem> {
        [FileProblem::Empty, FileProblem::TooBig, FileProblem::Blocked, FileProblem::TooMany]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// The extension of a file name, lowercase (`""` when it has none).
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && ext.len() <= 16 => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Whether a file may be sent at all, by its name and size.
pub fn check(name: &str, size: u64) -> Result<(), FileProblem> {
    if size == 0 {
        return Err(FileProblem::Empty);
    }
    if size > FILE_MAX_BYTES {
        return Err(FileProblem::TooBig);
    }
    if BLOCKED_EXTENSIONS.contains(&extension(name).as_str()) {
        return Err(FileProblem::Blocked);
    }
    Ok(())
}

/// An image Telegram takes as a photo, by its MIME type.
pub fn is_photo_mime(mime: &str) -> bool {
    matches!(mime.trim().to_ascii_lowercase().as_str(), "image/jpeg" | "image/jpg" | "image/png" | "image/webp")
}

/// How a file that passed [`check`] goes: as a photo when it is a JPEG, PNG or WebP image within
/// the photo limit, otherwise as a file.
pub fn kind_of(mime: &str, size: u64) -> AttachmentKind {
    if is_photo_mime(mime) && size <= PHOTO_MAX_BYTES { AttachmentKind::Photo } else { AttachmentKind::Document }
}

/// The image type the first bytes of a file show (the server trusts these, not the browser's
/// claim): `image/jpeg`, `image/png`, `image/webp`, or `None`.
pub fn sniff_image(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A file name safe to store and to show: no folders, no control characters, not empty, at most
/// [`NAME_MAX_CHARS`] characters (the extension kept).
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control() && *c != '"').collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        return "file".into();
    }
    if cleaned.chars().count() <= NAME_MAX_CHARS {
        return cleaned;
    }
    let ext = extension(&cleaned);
    let keep = NAME_MAX_CHARS.saturating_sub(ext.chars().count() + 1);
    let stem: String = cleaned.chars().take(keep).collect();
    if ext.is_empty() { stem } else { format!("{stem}.{ext}") }
}

/// A size as people read it: `512 B`, `1.5 KB`, `12.3 MB` (binary units, one decimal under 100).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value < 100.0 {
        let s = format!("{value:.1}");
        format!("{} {}", s.strip_suffix(".0").unwrap_or(&s), UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// How a message's attachments go to Telegram, in order: each item is one Bot API call holding
/// the indexes of its files. Photos go first, then files (Telegram puts photos and videos in one
/// album but files only with files); each group of 2–10 is an album, a group of one a single
/// `sendPhoto`/`sendDocument`.
pub fn groups(kinds: &[AttachmentKind]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for kind in [AttachmentKind::Photo, AttachmentKind::Document] {
        let of_kind: Vec<usize> = kinds.iter().enumerate().filter(|(_, k)| **k == kind).map(|(i, _)| i).collect();
        for chunk in of_kind.chunks(MAX_FILES) {
            out.push(chunk.to_vec());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttachmentKind::{Document as D, Photo as P};

    #[test]
    fn limits_name_the_problem() {
        assert_eq!(check("a.pdf", 1), Ok(()));
        assert_eq!(check("a.pdf", 0), Err(FileProblem::Empty));
        assert_eq!(check("a.pdf", FILE_MAX_BYTES), Ok(()));
        assert_eq!(check("a.pdf", FILE_MAX_BYTES + 1), Err(FileProblem::TooBig));
        assert_eq!(check("setup.EXE", 10), Err(FileProblem::Blocked));
        assert_eq!(check("exe", 10), Ok(()));
        for p in [FileProblem::Empty, FileProblem::TooBig, FileProblem::Blocked, FileProblem::TooMany] {
            assert_eq!(FileProblem::parse(p.code()), Some(p));
        }
    }

    #[test]
    fn photos_are_small_jpeg_png_webp() {
        assert_eq!(kind_of("image/jpeg", 100), P);
        assert_eq!(kind_of("image/png", PHOTO_MAX_BYTES), P);
        assert_eq!(kind_of("image/png", PHOTO_MAX_BYTES + 1), D);
        assert_eq!(kind_of("image/gif", 100), D);
        assert_eq!(kind_of("application/pdf", 100), D);
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"%PDF-1.7"), None);
    }

    #[test]
    fn albums_keep_photos_and_files_apart() {
        assert_eq!(groups(&[P]), vec![vec![0]]);
        assert_eq!(groups(&[D, P, P, D]), vec![vec![1, 2], vec![0, 3]]);
        assert_eq!(groups(&[P, D]), vec![vec![0], vec![1]]);
        let twelve = vec![P; 12];
        assert_eq!(groups(&twelve), vec![(0..10).collect::<Vec<_>>(), vec![10, 11]]);
        assert!(groups(&[]).is_empty());
    }

    #[test]
    fn names_and_sizes_read_well() {
        assert_eq!(clean_name("C:\\Users\\me\\scan.pdf"), "scan.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("..."), "file");
        assert_eq!(clean_name("a\u{0}b\".txt"), "ab.txt");
        let long = format!("{}.pdf", "x".repeat(300));
        assert_eq!(clean_name(&long).chars().count(), NAME_MAX_CHARS);
        assert!(clean_name(&long).ends_with(".pdf"));
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(10 * 1024 * 1024), "10 MB");
        assert_eq!(human_size(300 * 1024), "300 KB");
    }
}
