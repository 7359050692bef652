//! Rules for staff account input. Pure functions: the server enforces them, the browser may use
//! them for early feedback.

use crate::error::Problem;
use crate::i18n::Lang;

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Trimmed and lower-cased; 3–32 of `[a-z0-9._-]`, starting with a letter or digit.
pub fn username(raw: &str) -> Result<String, Problem> {
    let name = raw.trim().to_lowercase();
    let len = name.chars().count();
    let first_ok = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    let all_ok = name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if (3..=32).contains(&len) && first_ok && all_ok { Ok(name) } else { Err(Problem::UsernameInvalid) }
}

/// Trimmed; 1–64 characters, no control characters.
pub fn display_name(raw: &str) -> Result<String, Problem> {
    let name = raw.trim();
    let len = name.chars().count();
    if (1..=64).contains(&len) && !name.chars().any(char::is_control) {
        Ok(name.to_string())
    } else {
        Err(Problem::DisplayNameInvalid)
    }
}

/// Length in characters (not bytes), so Cyrillic passwords are measured as typed.
pub fn new_password(raw: &str) -> Result<(), Problem> {
    let len = raw.chars().count();
    if len < PASSWORD_MIN_CHARS {
        Err(Problem::PasswordTooShort)
    } else if len > PASSWORD_MAX_CHARS {
        Err(Problem::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// `""` means "follow the browser".
pub fn language(raw: &str) -> Result<Option<Lang>, Problem> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Lang::parse(raw).map(Some).ok_or(Problem::LanguageInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(username("  Anna.K "), Ok("anna.k".into()));
        assert_eq!(username("op_1"), Ok("op_1".into()));
        assert_eq!(username("ab"), Err(Problem::UsernameInvalid));
        assert_eq!(username("_anna"), Err(Problem::UsernameInvalid));
        assert_eq!(username("анна"), Err(Problem::UsernameInvalid));
        assert_eq!(username("a b c"), Err(Problem::UsernameInvalid));
        assert_eq!(username(&"a".repeat(33)), Err(Problem::UsernameInvalid));
        assert_eq!(username(&"a".repeat(32)), Ok("a".repeat(32)));
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name("  Анна Петрова "), Ok("Анна Петрова".into()));
        assert_eq!(display_name("   "), Err(Problem::DisplayNameInvalid));
        assert_eq!(display_name("a\nb"), Err(Problem::DisplayNameInvalid));
        assert_eq!(display_name(&"я".repeat(64)), Ok("я".repeat(64)));
        assert_eq!(display_name(&"я".repeat(65)), Err(Problem::DisplayNameInvalid));
    }

    #[test]
    fn passwords_count_characters() {
        assert_eq!(new_password("short"), Err(Problem::PasswordTooShort));
        assert_eq!(new_password("пароль1234"), Ok(()));
        assert_eq!(new_password(&"x".repeat(129)), Err(Problem::PasswordTooLong));
    }

    #[test]
    fn languages() {
        assert_eq!(language(""), Ok(None));
        assert_eq!(language("EN"), Ok(Some(Lang::En)));
        assert_eq!(language("de"), Err(Problem::LanguageInvalid));
    }
}
