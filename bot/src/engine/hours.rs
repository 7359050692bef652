//! Working hours: when operators are expected to answer.

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, Utc};

/// e.g. Monday–Friday 09:00–18:00 at UTC+03:00. Stored as the setting `work_hours`
/// ("1-5 09:00-18:00 +03:00"); without it operators are considered always available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    pub first_day: u32,
    pub last_day: u32,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub offset: FixedOffset,
}

impl WorkingHours {
    pub fn parse(s: &str) -> Option<WorkingHours> {
        let mut parts = s.split_whitespace();
        let (d1, d2) = parts.next()?.split_once('-')?;
        let (t1, t2) = parts.next()?.split_once('-')?;
        let offset: FixedOffset = parts.next().unwrap_or("+00:00").parse().ok()?;
        let (first_day, last_day) = (d1.parse().ok()?, d2.parse().ok()?);
        if !(1..=7).contains(&first_day) || !(1..=7).contains(&last_day) {
            return None;
        }
        Some(WorkingHours {
            first_day,
            last_day,
            start: NaiveTime::parse_from_str(t1, "%H:%M").ok()?,
            end: NaiveTime::parse_from_str(t2, "%H:%M").ok()?,
            offset,
        })
    }

    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.offset);
        let day = local.weekday().number_from_monday();
        let day_ok = if self.first_day <= self.last_day {
            (self.first_day..=self.last_day).contains(&day)
        } else {
            day >= self.first_day || day <= self.last_day
        };
        let t = local.time();
        let time_ok =
            if self.start <= self.end { t >= self.start && t < self.end } else { t >= self.start || t < self.end };
        day_ok && time_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn weekdays_nine_to_six_in_moscow() {
        let h = WorkingHours::parse("1-5 09:00-18:00 +03:00").unwrap();
        assert!(h.contains(at("2026-11-23T06:00:00Z")), "Monday 09:00 MSK");
        assert!(!h.contains(at("2026-11-23T05:59:00Z")), "Monday 08:59 MSK");
        assert!(!h.contains(at("2026-11-23T15:00:00Z")), "Monday 18:00 MSK");
        assert!(!h.contains(at("2026-11-28T10:00:00Z")), "Saturday");
    }

    #[test]
    fn overnight_and_bad_values() {
        let h = WorkingHours::parse("1-7 20:00-08:00").unwrap();
        assert!(h.contains(at("2026-11-23T23:00:00Z")));
        assert!(!h.contains(at("2026-11-23T12:00:00Z")));
        assert_eq!(WorkingHours::parse("mon-fri 9-18"), None);
        assert_eq!(WorkingHours::parse("0-5 09:00-18:00"), None);
    }
}
