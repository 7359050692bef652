//! The simulator's test customers: who they are, by their Telegram id alone.
//!
//! Telegram's user and chat ids have at most 52 significant bits (its Bot API documentation
//! promises they fit a double), so no real chat is at or below −2^53. Each admin's test customer
//! is the chat [`chat_for`] — at or below [`CHAT_BASE`] — which is how everything that must treat
//! test conversations apart (the outbox never sends them, statistics leave them out, the inbox
//! marks them) recognises them, with no flag to forget to set.

/// The highest test chat id: −2^53.
pub const CHAT_BASE: i64 = -(1 << 53);

/// Whether `chat_or_user_id` is a simulator's test customer.
pub const fn is_test(chat_or_user_id: i64) -> bool {
    chat_or_user_id <= CHAT_BASE
}

/// The test customer (user and private chat id) of staff member `staff_id`.
pub const fn chat_for(staff_id: i64) -> i64 {
    CHAT_BASE - staff_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_ids_are_apart_from_every_telegram_id() {
        assert!(is_test(chat_for(1)) && is_test(chat_for(0)));
        assert!(!is_test(-1_001_234_567_890), "a supergroup");
        assert!(!is_test(-(1 << 52)), "the most negative id Telegram can give");
        assert!(!is_test(7_000_001));
        assert_ne!(chat_for(1), chat_for(2));
    }
}
