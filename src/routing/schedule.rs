//! Opening hours of an agent pool, on absolute instants.
//!
//! A pool's week is a list of local wall-clock intervals per weekday. An
//! interval belongs to the day it starts on: `fri = ["22:00-06:00"]` runs
//! from Friday 22:00 to Saturday 06:00; `"09:00-24:00"` ends at midnight;
//! `"00:00-24:00"` every day is open around the clock, with no closing at
//! 23:59. Dated rules sit on top: an **open day** replaces the week's hours
//! for that local date (China's make-up workdays); a **holiday** closes the
//! whole local date, or only the given hours of it, whatever shift would run
//! then (a night shift into a holiday stops at local midnight).
//!
//! Local times become instants with two rules, the same for starts and ends:
//! - a local time that does not exist (clocks spring forward over it) is the
//!   first instant after the gap: a 02:30 start on a 02:00→03:00 night opens
//!   at 03:00;
//! - a local time that happens twice (clocks fall back) is its first
//!   occurrence.
//!
//! So a 22:00–06:00 shift lasts 7 real hours on a spring-forward night and 9
//! on a fall-back night, and opens and closes at its planned wall-clock times.
//! Pure: no I/O, no clock.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use chrono_tz::Tz;

/// Minutes after local midnight of the day the interval belongs to; `end`
/// may pass 1440 (overnight) and is at most 2880.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: u16,
    pub end: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ScheduleError(pub String);

fn minutes(hhmm: &str) -> Result<u16, ScheduleError> {
    let bad = || {
        ScheduleError(format!(
            "{hhmm:?} is not a time HH:MM between 00:00 and 24:00"
        ))
    };
    let (h, m) = hhmm.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl Interval {
    /// `"09:00-18:00"`, `"22:00-06:00"` (overnight), `"09:00-24:00"`.
    pub fn parse(text: &str) -> Result<Interval, ScheduleError> {
        let (a, b) = text
            .split_once('-')
            .ok_or_else(|| ScheduleError(format!("{text:?} is not an interval HH:MM-HH:MM")))?;
        let (start, mut end) = (minutes(a)?, minutes(b)?);
        if start == 1440 {
            return Err(ScheduleError(format!("{text:?} starts at 24:00")));
        }
        if end <= start {
            end += 1440;
        }
        Ok(Interval { start, end })
    }
}

/// A pool's hours in its own time zone.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub tz: Tz,
    /// Monday first.
    pub week: [Vec<Interval>; 7],
    /// Dates whose hours replace the week's.
    pub open_days: BTreeMap<NaiveDate, Vec<Interval>>,
    /// Closed dates: no intervals means the whole day.
    pub holidays: BTreeMap<NaiveDate, Vec<Interval>>,
}

/// Days looked ahead by [`Schedule::next_open`] and [`Schedule::closes_at`].
pub const HORIZON_DAYS: i64 = 31;

/// A local date and minute as an instant, with the module's gap and overlap rules.
pub fn resolve(tz: Tz, date: NaiveDate, minute: u32) -> DateTime<Utc> {
    let date = date + Duration::days(i64::from(minute / 1440));
    let m = minute % 1440;
    let mut local = NaiveDateTime::new(
        date,
        NaiveTime::from_hms_opt(m / 60, m % 60, 0).expect("valid time"),
    );
    // Gaps are at most a few hours; step to the first minute that exists.
    for _ in 0..(24 * 60) {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(1),
        }
    }
    Utc.from_utc_datetime(&local)
}

type Span = (DateTime<Utc>, DateTime<Utc>);

impl Schedule {
    fn intervals(&self, date: NaiveDate) -> &[Interval] {
        self.open_days
            .get(&date)
            .map(Vec::as_slice)
            .unwrap_or(&self.week[date.weekday().num_days_from_monday() as usize])
    }

    fn closures(&self, date: NaiveDate, out: &mut Vec<Span>) {
        if let Some(hours) = self.holidays.get(&date) {
            if hours.is_empty() {
                out.push((resolve(self.tz, date, 0), resolve(self.tz, date, 1440)));
            } else {
                out.extend(hours.iter().map(|i| {
                    (
                        resolve(self.tz, date, i.start.into()),
                        resolve(self.tz, date, i.end.into()),
                    )
                }));
            }
        }
    }

    /// Open spans of the intervals belonging to `first..=last` (and the day
    /// before `first`, whose night shift may run into it), holidays removed,
    /// merged where they touch.
    pub fn spans(&self, first: NaiveDate, last: NaiveDate) -> Vec<Span> {
        let mut open: Vec<Span> = Vec::new();
        let mut closed: Vec<Span> = Vec::new();
        let mut day = first - Duration::days(1);
        while day <= last {
            for i in self.intervals(day) {
                let s = resolve(self.tz, day, i.start.into());
                let e = resolve(self.tz, day, i.end.into());
                if s < e {
                    open.push((s, e));
                }
            }
            self.closures(day, &mut closed);
            day += Duration::days(1);
        }
        self.closures(last + Duration::days(1), &mut closed);
        open.sort();
        let mut merged: Vec<Span> = Vec::with_capacity(open.len());
        for (s, e) in open {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        if closed.is_empty() {
            return merged;
        }
        let mut result = Vec::with_capacity(merged.len());
        for (s, e) in merged {
            let mut pieces = vec![(s, e)];
            for &(cs, ce) in &closed {
                pieces = pieces
                    .into_iter()
                    .flat_map(|(ps, pe)| {
                        if ce <= ps || cs >= pe {
                            vec![(ps, pe)]
                        } else {
                            [(ps, cs), (ce, pe)]
                                .into_iter()
                                .filter(|(a, b)| a < b)
                                .collect()
                        }
                    })
                    .collect();
            }
            result.extend(pieces);
        }
        result
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let d = self.local_date(at);
        self.spans(d, d).iter().any(|&(s, e)| s <= at && at < e)
    }

    /// The first instant at or after `at` when the pool is open, within
    /// [`HORIZON_DAYS`]; `None` when it does not open in that time.
    pub fn next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let d = self.local_date(at);
        self.spans(d, d + Duration::days(HORIZON_DAYS))
            .into_iter()
            .find(|&(_, e)| e > at)
            .map(|(s, _)| s.max(at))
            .filter(|t| *t <= at + Duration::days(HORIZON_DAYS))
    }

    /// When the pool, open at `at`, next closes; `None` when it is closed at
    /// `at`, or stays open past the horizon (open around the clock).
    pub fn closes_at(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let d = self.local_date(at);
        let last = d + Duration::days(HORIZON_DAYS);
        let spans = self.spans(d, last);
        let horizon_end = resolve(self.tz, last, 0);
        spans
            .into_iter()
            .find(|&(s, e)| s <= at && at < e)
            .map(|(_, e)| e)
            .filter(|e| *e < horizon_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn week(days: [&[&str]; 7]) -> [Vec<Interval>; 7] {
        days.map(|d| d.iter().map(|i| Interval::parse(i).unwrap()).collect())
    }

    fn office(tz: Tz) -> Schedule {
        let nine_to_five: &[&str] = &["09:00-17:00"];
        Schedule {
            tz,
            week: week([
                nine_to_five,
                nine_to_five,
                nine_to_five,
                nine_to_five,
                nine_to_five,
                &[],
                &[],
            ]),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        }
    }

    #[test]
    fn intervals_parse_including_24_00_and_overnight() {
        assert_eq!(
            Interval::parse("09:00-18:00").unwrap(),
            Interval {
                start: 540,
                end: 1080
            }
        );
        assert_eq!(
            Interval::parse("09:00-24:00").unwrap(),
            Interval {
                start: 540,
                end: 1440
            }
        );
        assert_eq!(
            Interval::parse("22:00-06:00").unwrap(),
            Interval {
                start: 1320,
                end: 1800
            }
        );
        assert_eq!(
            Interval::parse("00:00-24:00").unwrap(),
            Interval {
                start: 0,
                end: 1440
            }
        );
        for bad in [
            "9-5",
            "25:00-26:00",
            "10:60-11:00",
            "24:00-02:00",
            "24:30-01:00",
            "09:00",
        ] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn two_minutes_before_closing_is_open_and_closing_is_at_17_00_local() {
        let s = office(chrono_tz::Europe::Madrid);
        // Wednesday 2026-11-25, 16:58 in Madrid (UTC+1).
        let at = utc("2026-11-25T15:58:00Z");
        assert!(s.is_open(at));
        assert_eq!(s.closes_at(at), Some(utc("2026-11-25T16:00:00Z")));
        assert!(!s.is_open(utc("2026-11-25T16:00:00Z")));
        // Friday evening → Monday 09:00.
        assert_eq!(
            s.next_open(utc("2026-11-27T17:30:00Z")),
            Some(utc("2026-11-30T08:00:00Z"))
        );
        // Open now: next_open is now.
        assert_eq!(s.next_open(at), Some(at));
    }

    #[test]
    fn around_the_clock_never_closes_at_23_59() {
        let all: &[&str] = &["00:00-24:00"];
        let s = Schedule {
            tz: chrono_tz::Asia::Shanghai,
            week: week([all; 7]),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        };
        for t in [
            "2026-11-25T15:59:00Z",
            "2026-11-25T16:00:00Z",
            "2026-11-25T15:59:59Z",
        ] {
            assert!(s.is_open(utc(t)), "{t}");
        }
        assert_eq!(s.closes_at(utc("2026-11-25T15:59:30Z")), None);
    }

    #[test]
    fn overnight_shift_belongs_to_its_first_day() {
        let fri: &[&str] = &["22:00-06:00"];
        let s = Schedule {
            tz: chrono_tz::Europe::Berlin,
            week: week([&[], &[], &[], &[], fri, &[], &[]]),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        };
        // Saturday 2026-11-28 05:00 Berlin (04:00Z): still Friday's shift.
        assert!(s.is_open(utc("2026-11-28T04:00:00Z")));
        assert_eq!(
            s.closes_at(utc("2026-11-28T04:00:00Z")),
            Some(utc("2026-11-28T05:00:00Z"))
        );
        // Saturday 22:30: no Saturday shift.
        assert!(!s.is_open(utc("2026-11-28T21:30:00Z")));
        assert_eq!(
            s.next_open(utc("2026-11-28T21:30:00Z")),
            Some(utc("2026-12-04T21:00:00Z"))
        );
    }

    #[test]
    fn night_shift_lasts_7_or_9_hours_on_dst_nights() {
        let all: &[&str] = &["22:00-06:00"];
        let s = Schedule {
            tz: chrono_tz::Europe::Berlin,
            week: week([all; 7]),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        };
        // Spring forward: night of Sat 28 → Sun 29 March 2026.
        let spans = s.spans(date("2026-03-28"), date("2026-03-28"));
        let night = spans
            .iter()
            .find(|(st, _)| *st == utc("2026-03-28T21:00:00Z"))
            .unwrap();
        assert_eq!(night.1 - night.0, Duration::hours(7));
        // Fall back: night of Sat 24 → Sun 25 October 2026.
        let spans = s.spans(date("2026-10-24"), date("2026-10-24"));
        let night = spans
            .iter()
            .find(|(st, _)| *st == utc("2026-10-24T20:00:00Z"))
            .unwrap();
        assert_eq!(night.1 - night.0, Duration::hours(9));
    }

    #[test]
    fn nonexistent_and_repeated_local_times_have_one_rule() {
        let tz = chrono_tz::America::New_York;
        // 2026-03-08 02:30 does not exist in New York: the first instant after the gap, 03:00 EDT.
        assert_eq!(
            resolve(tz, date("2026-03-08"), 150),
            utc("2026-03-08T07:00:00Z")
        );
        // 2026-11-01 01:30 happens twice: the first one, EDT.
        assert_eq!(
            resolve(tz, date("2026-11-01"), 90),
            utc("2026-11-01T05:30:00Z")
        );
    }

    #[test]
    fn holidays_close_whole_days_parts_of_days_and_several_days() {
        let mut s = office(chrono_tz::Europe::Madrid);
        s.holidays.insert(date("2026-12-08"), vec![]);
        s.holidays.insert(
            date("2026-12-24"),
            vec![Interval::parse("14:00-24:00").unwrap()],
        );
        for d in ["2026-12-31", "2027-01-01"] {
            s.holidays.insert(date(d), vec![]);
        }
        assert!(!s.is_open(utc("2026-12-08T10:00:00Z")));
        assert_eq!(
            s.next_open(utc("2026-12-08T10:00:00Z")),
            Some(utc("2026-12-09T08:00:00Z"))
        );
        assert!(s.is_open(utc("2026-12-24T12:59:00Z")));
        assert_eq!(
            s.closes_at(utc("2026-12-24T12:00:00Z")),
            Some(utc("2026-12-24T13:00:00Z"))
        );
        assert!(!s.is_open(utc("2026-12-24T13:30:00Z")));
        // 31 Dec (Thu) and 1 Jan (Fri) closed, weekend: Monday 4 January.
        assert_eq!(
            s.next_open(utc("2026-12-30T17:00:00Z")),
            Some(utc("2027-01-04T08:00:00Z"))
        );
    }

    #[test]
    fn overnight_shift_into_a_holiday_stops_at_midnight() {
        let all: &[&str] = &["22:00-06:00"];
        let mut s = Schedule {
            tz: chrono_tz::Europe::Berlin,
            week: week([all; 7]),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        };
        s.holidays.insert(date("2026-12-25"), vec![]);
        // 24 Dec 22:00 → 25 Dec 00:00 only; then 25 Dec's own shift is closed until 26 Dec 00:00 (its overnight tail).
        assert!(s.is_open(utc("2026-12-24T22:30:00Z")));
        assert_eq!(
            s.closes_at(utc("2026-12-24T22:30:00Z")),
            Some(utc("2026-12-24T23:00:00Z"))
        );
        assert!(!s.is_open(utc("2026-12-25T02:00:00Z")));
        assert_eq!(
            s.next_open(utc("2026-12-25T02:00:00Z")),
            Some(utc("2026-12-25T23:00:00Z"))
        );
    }

    #[test]
    fn make_up_workday_opens_a_normally_closed_saturday() {
        let mut s = office(chrono_tz::Asia::Shanghai);
        s.open_days.insert(
            date("2026-12-26"),
            vec![Interval::parse("09:00-17:00").unwrap()],
        );
        assert!(s.is_open(utc("2026-12-26T02:00:00Z")));
        assert!(!s.is_open(utc("2026-12-27T02:00:00Z")));
    }

    #[test]
    fn never_open_pools_have_no_next_opening() {
        let s = Schedule {
            tz: Tz::UTC,
            week: Default::default(),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        };
        assert_eq!(s.next_open(utc("2026-11-25T00:00:00Z")), None);
        assert_eq!(s.closes_at(utc("2026-11-25T00:00:00Z")), None);
    }
}
