//! callback_data of the bot's inline buttons: short ids, never texts (Telegram allows 1–64 bytes).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// Open a menu.
    Menu(i64),
    /// A menu button, resolved from the database when pressed (its target may have changed).
    Button(i64),
    /// Show an FAQ entry's answer (a "maybe you meant" suggestion).
    Faq(i64),
    /// The answer to this FAQ entry helped.
    Helped(i64),
    /// It didn't: hand off to an operator (and count it against the entry).
    NotHelped(i64),
    /// Hand off to an operator.
    Operator,
    /// Rate a resolved conversation 1–5.
    Rate { conversation: i64, stars: u8 },
}

impl Callback {
    pub fn encode(self) -> String {
        let s = match self {
            Callback::Menu(id) => format!("m:{id}"),
            Callback::Button(id) => format!("b:{id}"),
            Callback::Faq(id) => format!("f:{id}"),
            Callback::Helped(id) => format!("ok:{id}"),
            Callback::NotHelped(id) => format!("no:{id}"),
            Callback::Operator => "op".to_string(),
            Callback::Rate { conversation, stars } => format!("r:{conversation}:{stars}"),
        };
        debug_assert!(!s.is_empty() && s.len() <= 64);
        s
    }

    pub fn parse(data: &str) -> Option<Callback> {
        let (tag, rest) = data.split_once(':').unwrap_or((data, ""));
        let id = || rest.parse::<i64>().ok();
        match tag {
            "m" => id().map(Callback::Menu),
            "b" => id().map(Callback::Button),
            "f" => id().map(Callback::Faq),
            "ok" => id().map(Callback::Helped),
            "no" => id().map(Callback::NotHelped),
            "op" if rest.is_empty() => Some(Callback::Operator),
            "r" => {
                let (conv, stars) = rest.split_once(':')?;
                let stars: u8 = stars.parse().ok().filter(|s| (1..=5).contains(s))?;
                Some(Callback::Rate { conversation: conv.parse().ok()?, stars })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_fits_in_64_bytes() {
        for cb in [
            Callback::Menu(i64::MAX),
            Callback::Button(1),
            Callback::Faq(42),
            Callback::Helped(7),
            Callback::NotHelped(i64::MAX),
            Callback::Operator,
            Callback::Rate { conversation: i64::MAX, stars: 5 },
        ] {
            let s = cb.encode();
            assert!(s.len() <= 64, "{s}");
            assert_eq!(Callback::parse(&s), Some(cb));
        }
    }

    #[test]
    fn rejects_garbage_and_out_of_range() {
        for bad in ["", "x", "m:", "m:abc", "r:1:0", "r:1:6", "r:1", "op:1", "b:1:2"] {
            assert_eq!(Callback::parse(bad), None, "{bad}");
        }
    }
}
