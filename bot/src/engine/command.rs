//! Recognising slash commands in message text.

/// `/start payload` → ("start", Some("payload")); `/help@support_bot` → ("help", None).
/// Commands addressed to another bot (`/help@other_bot`) are not ours.
pub fn parse_command<'a>(text: &'a str, bot_username: Option<&str>) -> Option<(String, Option<&'a str>)> {
    let text = text.trim_start();
    let rest = text.strip_prefix('/')?;
    let (word, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], Some(rest[i..].trim()).filter(|a| !a.is_empty())),
        None => (rest, None),
    };
    let (name, addressee) = match word.split_once('@') {
        Some((n, a)) => (n, Some(a)),
        None => (word, None),
    };
    if let (Some(to), Some(me)) = (addressee, bot_username)
        && !to.eq_ignore_ascii_case(me)
    {
        return None;
    }
    let valid = !name.is_empty() && name.len() <= 32 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| (name.to_ascii_lowercase(), args))
}

/// A deep-link payload as Telegram allows it: 1–64 of `A-Za-z0-9_-`.
pub fn deep_link_payload(args: Option<&str>) -> Option<String> {
    let p = args?.trim();
    let ok = (1..=64).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then(|| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(parse_command("/start", None), Some(("start".into(), None)));
        assert_eq!(parse_command("/start promo_2026", None), Some(("start".into(), Some("promo_2026"))));
        assert_eq!(parse_command("/Help@Support_Bot", Some("support_bot")), Some(("help".into(), None)));
        assert_eq!(parse_command("/help@other_bot", Some("support_bot")), None);
        assert_eq!(parse_command("hello /start", None), None);
        assert_eq!(parse_command("/", None), None);
        assert_eq!(parse_command("/привет", None), None);
    }

    #[test]
    fn deep_link_payloads() {
        assert_eq!(deep_link_payload(Some("ads-vk_1")), Some("ads-vk_1".into()));
        assert_eq!(deep_link_payload(Some("bad payload!")), None);
        assert_eq!(deep_link_payload(Some(&"x".repeat(65))), None);
        assert_eq!(deep_link_payload(None), None);
    }
}
