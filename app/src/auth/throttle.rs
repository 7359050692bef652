//! The login throttle's rule, apart from its storage so it can be tested alone.
//!
//! Failed attempts are counted per username and per client address over a sliding window. Once
//! either count reaches its limit, further attempts are refused until enough failures age out.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub window: Duration,
    pub per_username: usize,
    pub per_address: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { window: Duration::minutes(15), per_username: 5, per_address: 20 }
    }
}

impl Policy {
    /// `Err(seconds to wait)` when blocked. Each list holds failure times, newest first, and needs
    /// at most `limit` entries.
    pub fn check(
        &self,
        now: DateTime<Utc>,
        by_username: &[DateTime<Utc>],
        by_address: &[DateTime<Utc>],
    ) -> Result<(), u64> {
        let wait_user = self.wait(now, by_username, self.per_username);
        let wait_addr = self.wait(now, by_address, self.per_address);
        match wait_user.max(wait_addr) {
            0 => Ok(()),
            secs => Err(secs),
        }
    }

    fn wait(&self, now: DateTime<Utc>, newest_first: &[DateTime<Utc>], limit: usize) -> u64 {
        let in_window: Vec<_> = newest_first.iter().filter(|t| now - **t < self.window).collect();
        if limit == 0 || in_window.len() < limit {
            return 0;
        }
        // Unblocked once the limit-th newest failure leaves the window.
        let release = *in_window[limit - 1] + self.window;
        (release - now).num_seconds().max(1) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ago(now: DateTime<Utc>, mins: i64) -> DateTime<Utc> {
        now - Duration::minutes(mins)
    }

    #[test]
    fn under_the_limit_passes() {
        let now = Utc::now();
        let p = Policy::default();
        let four: Vec<_> = (0..4).map(|i| ago(now, i)).collect();
        assert_eq!(p.check(now, &four, &four), Ok(()));
    }

    #[test]
    fn username_limit_blocks_until_oldest_counted_failure_expires() {
        let now = Utc::now();
        let p = Policy::default();
        let five: Vec<_> = (0..5).map(|i| ago(now, i)).collect(); // 0..4 minutes ago
        // The 5th newest is 4 minutes old: released in 11 minutes.
        assert_eq!(p.check(now, &five, &[]), Err(11 * 60));
    }

    #[test]
    fn old_failures_do_not_count() {
        let now = Utc::now();
        let p = Policy::default();
        let old: Vec<_> = (0..10).map(|i| ago(now, 15 + i)).collect();
        assert_eq!(p.check(now, &old, &old), Ok(()));
    }

    #[test]
    fn address_limit_is_separate_and_higher() {
        let now = Utc::now();
        let p = Policy::default();
        let nineteen: Vec<_> = (0..19).map(|_| ago(now, 1)).collect();
        assert_eq!(p.check(now, &[], &nineteen), Ok(()));
        let twenty: Vec<_> = (0..20).map(|_| ago(now, 1)).collect();
        assert_eq!(p.check(now, &[], &twenty), Err(14 * 60));
    }
}
