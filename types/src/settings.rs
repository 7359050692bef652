//! The bot's settings as one typed registry: each [`SettingKey`] has its key in the `settings`
//! table, its default, its parser and its validation. The engine reads [`BotSettings`] through
//! [`BotSettings::from_stored`]; the admin page edits the same struct and the server checks it with
//! [`BotSettings::problems`] before storing [`BotSettings::to_stored`].
//!
//! Guarantees:
//! - no setting is parsed with a silent default: a stored value that doesn't parse gives the
//!   default *and* a [`SettingError`] naming the key and the value, which the engine logs and the
//!   page shows;
//! - what [`BotSettings::to_stored`] writes, [`BotSettings::from_stored`] reads back equal, for
//!   every valid value;
//! - working hours are pure data ([`Schedule`]): a weekly timetable with breaks, holidays and a
//!   fixed offset from UTC; [`Schedule::is_open`] decides from the local weekday, date and minute,
//!   so it is unit-tested without a clock. The old one-line form (`"1-5 09:00-18:00 +03:00"`) is
//!   still read.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Limits the page shows and the server enforces.
pub mod limits {
    /// Telegram allows about 30 messages a second to different chats; the page warns above it.
    pub const OUTBOX_RATE_TELEGRAM: u32 = 30;
    /// What the setting accepts (paid broadcasts and load tests against a fake API go higher).
    pub const OUTBOX_RATE_MAX: u32 = 100_000;
    pub const HOLIDAYS: usize = 366;
    pub const BREAKS: usize = 6;
    /// Offsets from UTC that exist, in minutes (UTC−12:00 … UTC+14:00).
    pub const OFFSET_MIN: i32 = -12 * 60;
    pub const OFFSET_MAX: i32 = 14 * 60;
}

/// A setting in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    /// The matcher's score at or above which the bot answers with the best entry.
    ThresholdHigh,
    /// The score at or above which the bot offers "did you mean" (below it: hand off).
    ThresholdLow,
    /// Messages a second the outbox sends overall.
    OutboxRate,
    /// When operators work.
    WorkingHours,
}

impl SettingKey {
    pub const ALL: [SettingKey; 4] =
        [SettingKey::ThresholdHigh, SettingKey::ThresholdLow, SettingKey::OutboxRate, SettingKey::WorkingHours];

    /// Its key in the `settings` table.
    pub const fn db_key(self) -> &'static str {
        match self {
            SettingKey::ThresholdHigh => "matcher.threshold_high",
            SettingKey::ThresholdLow => "matcher.threshold_low",
            SettingKey::OutboxRate => "outbox.messages_per_second",
            SettingKey::WorkingHours => "work_hours",
        }
    }

    pub fn from_db_key(key: &str) -> Option<SettingKey> {
        SettingKey::ALL.into_iter().find(|k| k.db_key() == key)
    }
}

/// What is wrong with a setting's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum SettingProblem {
    /// Not a number (or not the kind of value the setting holds).
    Malformed,
    /// Outside `min`..=`max` (shown with the setting's own unit).
    OutOfRange {
        min: String,
        max: String,
    },
    /// The "did you mean" threshold must be below the answer threshold.
    LowNotBelowHigh,
    /// Day `day` (0 = Monday) ends before it starts.
    DayEndsBeforeStart {
        day: u8,
    },
    /// A break of day `day` is not inside its working time, or ends before it starts.
    BreakOutside {
        day: u8,
        break_no: usize,
    },
    /// Two breaks of day `day` overlap.
    BreaksOverlap {
        day: u8,
    },
    TooManyBreaks {
        day: u8,
        max: usize,
    },
    /// Holiday number `n` (1-based) is not a date (YYYY-MM-DD).
    HolidayInvalid {
        n: usize,
    },
    TooManyHolidays {
        max: usize,
    },
    OffsetInvalid,
}

/// A problem with a setting; `value` is the stored text when it came from the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingError {
    pub key: SettingKey,
    #[serde(flatten)]
    pub problem: SettingProblem,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<String>,
}

/// A span of a day in minutes from midnight (`end` up to 1440, exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: u16,
    pub end: u16,
}

impl Span {
    pub fn contains(&self, minute: u16) -> bool {
        self.start <= minute && minute < self.end
    }
}

/// One weekday's working time: from `start` to `end` without the breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub open: bool,
    pub start: u16,
    pub end: u16,
    #[serde(default)]
    pub breaks: Vec<Span>,
}

impl DayHours {
    pub fn closed() -> DayHours {
        DayHours { open: false, start: 9 * 60, end: 18 * 60, breaks: Vec::new() }
    }

    pub fn hours(start: u16, end: u16) -> DayHours {
        DayHours { open: true, start, end, breaks: Vec::new() }
    }
}

/// Working hours: a weekly timetable at a fixed offset from UTC, and holidays (closed all day).
/// `enabled` false: operators are considered always available (no "out of hours" text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub enabled: bool,
    /// Minutes east of UTC (Moscow: 180).
    pub utc_offset_minutes: i32,
    /// Monday first.
    pub days: Vec<DayHours>,
    /// Dates (YYYY-MM-DD, local) when nobody works.
    #[serde(default)]
    pub holidays: Vec<String>,
}

impl Default for Schedule {
    /// Off; when switched on: Monday to Friday 09:00–18:00 at UTC+03:00.
    fn default() -> Schedule {
        let mut days: Vec<DayHours> = (0..5).map(|_| DayHours::hours(9 * 60, 18 * 60)).collect();
        days.push(DayHours::closed());
        days.push(DayHours::closed());
        Schedule { enabled: false, utc_offset_minutes: 180, days, holidays: Vec::new() }
    }
}

/// "09:30" → 570; "24:00" → 1440.
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0)) && s.trim().len() == 5).then_some(h * 60 + m)
}

/// 570 → "09:30".
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "+03:00" → 180, "-05:30" → -330.
pub fn parse_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    let sign = match s.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let m = parse_hhmm(&s[1..])? as i32;
    let minutes = sign * m;
    (limits::OFFSET_MIN..=limits::OFFSET_MAX).contains(&minutes).then_some(minutes)
}

/// 180 → "+03:00".
pub fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{}", hhmm(minutes.unsigned_abs() as u16))
}

/// Whether `s` is a real date written YYYY-MM-DD.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r).filter(|p| p.bytes().all(|c| c.is_ascii_digit())).and_then(|p| p.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2200).contains(&y) && (1..=days).contains(&d)
}

impl Schedule {
    /// Whether operators work at local `minute` (from midnight) of a day that is weekday `weekday`
    /// (0 = Monday) and date `date` (YYYY-MM-DD).
    pub fn is_open(&self, weekday: u8, date: &str, minute: u16) -> bool {
        if !self.enabled {
            return true;
        }
        if self.holidays.iter().any(|h| h == date) {
            return false;
        }
        match self.days.get(weekday as usize) {
            Some(d) if d.open => {
                Span { start: d.start, end: d.end }.contains(minute) && !d.breaks.iter().any(|b| b.contains(minute))
            }
            _ => false,
        }
    }

    /// The old one-line form: `"1-5 09:00-18:00 +03:00"` (days 1 = Monday … 7 = Sunday; the offset
    /// optional, UTC without it). Hours through midnight (`20:00-08:00`) become the whole day with
    /// the hours between as a break.
    pub fn parse_line(s: &str) -> Option<Schedule> {
        let mut parts = s.split_whitespace();
        let (d1, d2) = parts.next()?.split_once('-')?;
        let (t1, t2) = parts.next()?.split_once('-')?;
        let offset = match parts.next() {
            Some(o) => parse_offset(o)?,
            None => 0,
        };
        let (first, last): (u8, u8) = (d1.parse().ok()?, d2.parse().ok()?);
        if !(1..=7).contains(&first) || !(1..=7).contains(&last) {
            return None;
        }
        let (start, end) = (parse_hhmm(t1)?, parse_hhmm(t2)?);
        let hours = if start < end {
            DayHours::hours(start, end)
        } else {
            DayHours { open: true, start: 0, end: 1440, breaks: vec![Span { start: end, end: start }] }
        };
        let on = |day: u8| if first <= last { (first..=last).contains(&day) } else { day >= first || day <= last };
        let days = (1..=7u8).map(|d| if on(d) { hours.clone() } else { DayHours::closed() }).collect();
        Some(Schedule { enabled: true, utc_offset_minutes: offset, days, holidays: Vec::new() })
    }

    pub fn problems(&self) -> Vec<SettingProblem> {
        let mut out = Vec::new();
        if !(limits::OFFSET_MIN..=limits::OFFSET_MAX).contains(&self.utc_offset_minutes) {
            out.push(SettingProblem::OffsetInvalid);
        }
        if self.days.len() != 7 {
            out.push(SettingProblem::Malformed);
            return out;
        }
        for (i, d) in self.days.iter().enumerate() {
            let day = i as u8;
            if !d.open {
                continue;
            }
            if d.end > 1440 || d.start >= d.end {
                out.push(SettingProblem::DayEndsBeforeStart { day });
                continue;
            }
            if d.breaks.len() > limits::BREAKS {
                out.push(SettingProblem::TooManyBreaks { day, max: limits::BREAKS });
            }
            for (n, b) in d.breaks.iter().enumerate() {
                if b.start >= b.end || b.start < d.start || b.end > d.end {
                    out.push(SettingProblem::BreakOutside { day, break_no: n + 1 });
                }
            }
            let mut sorted = d.breaks.clone();
            sorted.sort_by_key(|b| b.start);
            if sorted.windows(2).any(|w| w[1].start < w[0].end) {
                out.push(SettingProblem::BreaksOverlap { day });
            }
        }
        if self.holidays.len() > limits::HOLIDAYS {
            out.push(SettingProblem::TooManyHolidays { max: limits::HOLIDAYS });
        }
        for (n, h) in self.holidays.iter().enumerate() {
            if !is_date(h) {
                out.push(SettingProblem::HolidayInvalid { n: n + 1 });
            }
        }
        out
    }
}

/// Every setting, typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BotSettings {
    pub threshold_high: f32,
    pub threshold_low: f32,
    pub outbox_rate: u32,
    pub hours: Schedule,
}

impl Default for BotSettings {
    fn default() -> BotSettings {
        BotSettings { threshold_high: 0.40, threshold_low: 0.15, outbox_rate: 30, hours: Schedule::default() }
    }
}

fn parse_fraction(s: &str) -> Result<f32, SettingProblem> {
    let v: f32 = s.trim().parse().map_err(|_| SettingProblem::Malformed)?;
    if !v.is_finite() || !(0.0..=1.0).contains(&v) {
        return Err(SettingProblem::OutOfRange { min: "0".into(), max: "1".into() });
    }
    Ok(v)
}

fn parse_rate(s: &str) -> Result<u32, SettingProblem> {
    let v: u32 = s.trim().parse().map_err(|_| SettingProblem::Malformed)?;
    if !(1..=limits::OUTBOX_RATE_MAX).contains(&v) {
        return Err(SettingProblem::OutOfRange { min: "1".into(), max: limits::OUTBOX_RATE_MAX.to_string() });
    }
    Ok(v)
}

fn parse_schedule(s: &str) -> Result<Schedule, SettingProblem> {
    let schedule = if s.trim_start().starts_with('{') {
        serde_json::from_str::<Schedule>(s).map_err(|_| SettingProblem::Malformed)?
    } else {
        Schedule::parse_line(s).ok_or(SettingProblem::Malformed)?
    };
    match schedule.problems().into_iter().next() {
        Some(p) => Err(p),
        None => Ok(schedule),
    }
}

impl BotSettings {
    /// The settings from the stored key/value pairs: a key not stored has its default; a stored
    /// value that doesn't parse (or breaks a rule) has its default and an error.
    pub fn from_stored(stored: &HashMap<String, String>) -> (BotSettings, Vec<SettingError>) {
        let mut s = BotSettings::default();
        let mut errors = Vec::new();
        for key in SettingKey::ALL {
            let Some(raw) = stored.get(key.db_key()) else { continue };
            let result = match key {
                SettingKey::ThresholdHigh => parse_fraction(raw).map(|v| s.threshold_high = v),
                SettingKey::ThresholdLow => parse_fraction(raw).map(|v| s.threshold_low = v),
                SettingKey::OutboxRate => parse_rate(raw).map(|v| s.outbox_rate = v),
                SettingKey::WorkingHours => parse_schedule(raw).map(|v| s.hours = v),
            };
            if let Err(problem) = result {
                errors.push(SettingError { key, problem, stored: Some(raw.clone()) });
            }
        }
        if s.threshold_low >= s.threshold_high {
            errors.push(SettingError {
                key: SettingKey::ThresholdLow,
                problem: SettingProblem::LowNotBelowHigh,
                stored: None,
            });
            let d = BotSettings::default();
            (s.threshold_high, s.threshold_low) = (d.threshold_high, d.threshold_low);
        }
        (s, errors)
    }

    /// What [`BotSettings::to_stored`] would store breaks no rule.
    pub fn problems(&self) -> Vec<SettingError> {
        let mut out = Vec::new();
        let err = |key, problem| SettingError { key, problem, stored: None };
        for (key, v) in
            [(SettingKey::ThresholdHigh, self.threshold_high), (SettingKey::ThresholdLow, self.threshold_low)]
        {
            if !v.is_finite() || !(0.0..=1.0).contains(&v) {
                out.push(err(key, SettingProblem::OutOfRange { min: "0".into(), max: "1".into() }));
            }
        }
        if out.is_empty() && self.threshold_low >= self.threshold_high {
            out.push(err(SettingKey::ThresholdLow, SettingProblem::LowNotBelowHigh));
        }
        if !(1..=limits::OUTBOX_RATE_MAX).contains(&self.outbox_rate) {
            out.push(err(
                SettingKey::OutboxRate,
                SettingProblem::OutOfRange { min: "1".into(), max: limits::OUTBOX_RATE_MAX.to_string() },
            ));
        }
        out.extend(self.hours.problems().into_iter().map(|p| err(SettingKey::WorkingHours, p)));
        out
    }

    /// The key/value pairs to store (every setting, so the database says what is in force).
    pub fn to_stored(&self) -> Vec<(&'static str, String)> {
        let mut hours = self.hours.clone();
        hours.holidays.sort();
        hours.holidays.dedup();
        for d in &mut hours.days {
            d.breaks.sort_by_key(|b| b.start);
        }
        vec![
            (SettingKey::ThresholdHigh.db_key(), format!("{}", self.threshold_high)),
            (SettingKey::ThresholdLow.db_key(), format!("{}", self.threshold_low)),
            (SettingKey::OutboxRate.db_key(), self.outbox_rate.to_string()),
            (SettingKey::WorkingHours.db_key(), serde_json::to_string(&hours).expect("a schedule serialises")),
        ]
    }
}

/// Weekday (0 = Monday), date (YYYY-MM-DD) and minute of the day at `offset_minutes` from UTC, for
/// a moment `unix_secs` seconds after 1970-01-01 UTC (the browser has no time-zone library; this
/// is the civil calendar's arithmetic).
pub fn local_parts(unix_secs: i64, offset_minutes: i32) -> (u8, String, u16) {
    let local = unix_secs + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let minute = (local.rem_euclid(86_400) / 60) as u16;
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    let weekday = (days + 3).rem_euclid(7) as u8;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (weekday, format!("{y:04}-{m:02}-{d:02}"), minute)
}

impl Schedule {
    /// [`Schedule::is_open`] at the moment `unix_secs`.
    pub fn is_open_at(&self, unix_secs: i64) -> bool {
        let (weekday, date, minute) = local_parts(unix_secs, self.utc_offset_minutes);
        self.is_open(weekday, &date, minute)
    }
}

// ---------------------------------------------------------------------------------------------
// What the thresholds do.

/// An answer is sent only if the best entry also beats the runner-up by this much (the reasoning
/// is in `bot::matcher::decide`).
pub const ANSWER_MARGIN: f32 = 0.05;

/// What the bot does with a message whose best FAQ score is `best` and the next best `runner_up`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Answer,
    Suggest,
    Handoff,
}

/// The score rule of the bot's decision (`bot::matcher::decide_ranked` uses it): below `low` a
/// person looks; at or above `high` and clearly ahead of the runner-up, an answer; else "did you
/// mean".
pub fn outcome(best: Option<f32>, runner_up: f32, high: f32, low: f32) -> Outcome {
    match best {
        Some(b) if b >= low => {
            if b >= high && b - runner_up >= ANSWER_MARGIN {
                Outcome::Answer
            } else {
                Outcome::Suggest
            }
        }
        _ => Outcome::Handoff,
    }
}

/// The customer messages of a period as the thresholds see them: each one's best and
/// runner-up scores, and how many were handed off whatever the scores (empty, or asking for a
/// person).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScoreSamples {
    /// (best, runner-up) per message; best 0 when nothing matched at all.
    pub scores: Vec<(f32, f32)>,
    pub always_handed_off: usize,
    /// Messages looked at (the newest ones when there were more than the page looks at).
    pub total: usize,
    /// There were more messages in the period than `total`.
    pub capped: bool,
}

/// How many messages each outcome would get with these thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OutcomeCounts {
    pub answered: usize,
    pub suggested: usize,
    pub handed_off: usize,
}

impl ScoreSamples {
    pub fn counts(&self, high: f32, low: f32) -> OutcomeCounts {
        let mut c = OutcomeCounts { handed_off: self.always_handed_off, ..OutcomeCounts::default() };
        for &(best, runner) in &self.scores {
            match outcome((best > 0.0).then_some(best), runner, high, low) {
                Outcome::Answer => c.answered += 1,
                Outcome::Suggest => c.suggested += 1,
                Outcome::Handoff => c.handed_off += 1,
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn nothing_stored_is_the_defaults_without_errors() {
        let (s, errors) = BotSettings::from_stored(&HashMap::new());
        assert_eq!(s, BotSettings::default());
        assert!(errors.is_empty());
        assert!(s.hours.is_open(6, "2026-12-13", 3 * 60), "off: always open");
    }

    #[test]
    fn a_bad_stored_value_gives_its_default_and_an_error_naming_it() {
        let (s, errors) = BotSettings::from_stored(&stored(&[
            ("matcher.threshold_high", "high"),
            ("outbox.messages_per_second", "fast"),
            ("work_hours", "mon-fri 9-18"),
        ]));
        assert_eq!(s, BotSettings::default());
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].key, SettingKey::ThresholdHigh);
        assert_eq!(errors[0].problem, SettingProblem::Malformed);
        assert_eq!(errors[0].stored.as_deref(), Some("high"));
        assert_eq!(errors[1].problem, SettingProblem::Malformed, "not a number");
        assert_eq!(errors[2].key, SettingKey::WorkingHours);
        // Thresholds the wrong way round: both defaults, and said.
        let (s, errors) = BotSettings::from_stored(&stored(&[("matcher.threshold_low", "0.5")]));
        assert_eq!((s.threshold_high, s.threshold_low), (0.40, 0.15));
        assert_eq!(errors[0].problem, SettingProblem::LowNotBelowHigh);
    }

    #[test]
    fn what_is_stored_reads_back_equal() {
        let mut s = BotSettings { threshold_high: 0.55, threshold_low: 0.2, outbox_rate: 12, ..BotSettings::default() };
        s.hours.enabled = true;
        s.hours.days[0].breaks.push(Span { start: 13 * 60, end: 14 * 60 });
        s.hours.holidays = vec!["2027-01-01".into(), "2026-12-31".into()];
        let pairs = s.to_stored();
        let (back, errors) = BotSettings::from_stored(&pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
        assert!(errors.is_empty(), "{errors:?}");
        let mut expected = s.clone();
        expected.hours.holidays.sort();
        assert_eq!(back, expected);
    }

    #[test]
    fn the_old_one_line_form_is_read() {
        let h = Schedule::parse_line("1-5 09:00-18:00 +03:00").unwrap();
        assert!(h.enabled);
        assert_eq!(h.utc_offset_minutes, 180);
        assert!(h.is_open(0, "2026-11-23", 9 * 60));
        assert!(!h.is_open(0, "2026-11-23", 18 * 60));
        assert!(!h.is_open(5, "2026-11-28", 12 * 60), "Saturday");
        let night = Schedule::parse_line("1-7 20:00-08:00").unwrap();
        assert!(night.is_open(2, "x", 23 * 60) && night.is_open(2, "x", 7 * 60));
        assert!(!night.is_open(2, "x", 12 * 60));
        assert_eq!(Schedule::parse_line("0-5 09:00-18:00"), None);
        // And through the registry.
        let (s, errors) = BotSettings::from_stored(&stored(&[("work_hours", "1-5 09:00-18:00 +03:00")]));
        assert!(errors.is_empty() && s.hours.enabled);
    }

    #[test]
    fn breaks_and_holidays_close() {
        let mut h = Schedule { enabled: true, ..Schedule::default() };
        h.days[1].breaks.push(Span { start: 13 * 60, end: 14 * 60 });
        h.holidays.push("2026-12-31".into());
        assert!(h.is_open(1, "2026-12-01", 12 * 60 + 59));
        assert!(!h.is_open(1, "2026-12-01", 13 * 60 + 30));
        assert!(h.is_open(1, "2026-12-01", 14 * 60));
        assert!(!h.is_open(3, "2026-12-31", 12 * 60), "a holiday");
    }

    #[test]
    fn schedule_rules_name_the_day_and_the_break() {
        let mut h = Schedule { enabled: true, ..Schedule::default() };
        h.days[2] = DayHours { open: true, start: 18 * 60, end: 9 * 60, breaks: vec![] };
        h.days[3].breaks = vec![Span { start: 8 * 60, end: 10 * 60 }];
        h.days[4].breaks = vec![Span { start: 12 * 60, end: 14 * 60 }, Span { start: 13 * 60, end: 15 * 60 }];
        h.holidays = vec!["2026-02-30".into()];
        h.utc_offset_minutes = 15 * 60;
        assert_eq!(
            h.problems(),
            vec![
                SettingProblem::OffsetInvalid,
                SettingProblem::DayEndsBeforeStart { day: 2 },
                SettingProblem::BreakOutside { day: 3, break_no: 1 },
                SettingProblem::BreaksOverlap { day: 4 },
                SettingProblem::HolidayInvalid { n: 1 },
            ]
        );
    }

    #[test]
    fn the_outcome_rule_and_the_counts() {
        assert_eq!(outcome(Some(0.5), 0.1, 0.4, 0.15), Outcome::Answer);
        assert_eq!(outcome(Some(0.5), 0.48, 0.4, 0.15), Outcome::Suggest, "too close to the runner-up");
        assert_eq!(outcome(Some(0.3), 0.0, 0.4, 0.15), Outcome::Suggest);
        assert_eq!(outcome(Some(0.1), 0.0, 0.4, 0.15), Outcome::Handoff);
        assert_eq!(outcome(None, 0.0, 0.4, 0.0), Outcome::Handoff);
        let s = ScoreSamples {
            scores: vec![(0.9, 0.1), (0.3, 0.1), (0.05, 0.0), (0.0, 0.0)],
            always_handed_off: 2,
            total: 6,
            capped: false,
        };
        assert_eq!(s.counts(0.4, 0.15), OutcomeCounts { answered: 1, suggested: 1, handed_off: 4 });
        assert_eq!(s.counts(0.2, 0.01), OutcomeCounts { answered: 2, suggested: 1, handed_off: 3 });
        let (_, errors) = BotSettings::from_stored(&stored(&[("outbox.messages_per_second", "0")]));
        assert_eq!(errors[0].problem, SettingProblem::OutOfRange { min: "1".into(), max: "100000".into() });
    }

    #[test]
    fn local_parts_follow_the_calendar() {
        // 2026-12-07 19:30:00 UTC was a Monday.
        assert_eq!(local_parts(1_796_671_800, 0), (0, "2026-12-07".into(), 19 * 60 + 30));
        // In Moscow it is 22:30 the same day; at UTC+05:00, 00:30 on Tuesday.
        assert_eq!(local_parts(1_796_671_800, 180), (0, "2026-12-07".into(), 22 * 60 + 30));
        assert_eq!(local_parts(1_796_671_800, 300), (1, "2026-12-08".into(), 30));
        assert_eq!(local_parts(951_782_400, 0).1, "2000-02-29");
        assert_eq!(local_parts(-86_400, 0), (2, "1969-12-31".into(), 0));
    }

    #[test]
    fn times_dates_and_offsets() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("9:30"), None);
        assert_eq!(hhmm(570), "09:30");
        assert_eq!(parse_offset("+03:00"), Some(180));
        assert_eq!(parse_offset("-05:30"), Some(-330));
        assert_eq!(parse_offset("03:00"), None);
        assert_eq!(offset_text(-330), "-05:30");
        assert!(is_date("2028-02-29"));
        assert!(!is_date("2027-02-29"));
        assert!(!is_date("2027-13-01"));
        assert!(!is_date("27-01-01"));
    }
}
