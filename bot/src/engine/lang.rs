//! The customer's language, from Telegram's `language_code`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Russian for Russian and the languages whose speakers mostly read it (and when Telegram
    /// doesn't say); English for everyone else.
    pub fn from_telegram(code: Option<&str>) -> Lang {
        match code.map(|c| c.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()) {
            None => Lang::Ru,
            Some(c) if c.is_empty() => Lang::Ru,
            Some(c) if ["ru", "uk", "be", "kk", "ky", "uz", "tg", "hy", "az"].contains(&c.as_str()) => Lang::Ru,
            Some(_) => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_russian_by_default() {
        assert_eq!(Lang::from_telegram(None), Lang::Ru);
        assert_eq!(Lang::from_telegram(Some("ru")), Lang::Ru);
        assert_eq!(Lang::from_telegram(Some("uk")), Lang::Ru);
        assert_eq!(Lang::from_telegram(Some("en-GB")), Lang::En);
        assert_eq!(Lang::from_telegram(Some("de")), Lang::En);
        assert_eq!(Lang::from_telegram(Some("")), Lang::Ru);
    }
}
