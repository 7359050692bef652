//! Working hours: when operators are expected to answer. The timetable is the setting
//! `work_hours` (`types::settings::Schedule`: weekdays with breaks, holidays, an offset from
//! UTC); this is its clock.

use chrono::{DateTime, Utc};
use types::settings::Schedule;

/// Whether operators work at `now` (always, when working hours are off). The same arithmetic as
/// the settings page's "now: open / closed" (`Schedule::is_open_at`).
pub fn open_at(schedule: &Schedule, now: DateTime<Utc>) -> bool {
    schedule.is_open_at(now.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn weekdays_nine_to_six_in_moscow() {
        let h = Schedule::parse_line("1-5 09:00-18:00 +03:00").unwrap();
        assert!(open_at(&h, at("2026-11-23T06:00:00Z")), "Monday 09:00 MSK");
        assert!(!open_at(&h, at("2026-11-23T05:59:00Z")), "Monday 08:59 MSK");
        assert!(!open_at(&h, at("2026-11-23T15:00:00Z")), "Monday 18:00 MSK");
        assert!(!open_at(&h, at("2026-11-28T10:00:00Z")), "Saturday");
    }

    #[test]
    fn holidays_are_local_dates_and_off_means_always_open() {
        let mut h = Schedule::parse_line("1-7 00:00-24:00 +03:00").unwrap();
        h.holidays.push("2027-01-01".into());
        assert!(!open_at(&h, at("2026-12-31T21:30:00Z")), "00:30 on 1 January in Moscow");
        assert!(open_at(&h, at("2026-12-31T20:30:00Z")), "23:30 on 31 December in Moscow");
        h.enabled = false;
        assert!(open_at(&h, at("2026-12-31T21:30:00Z")));
    }
}
