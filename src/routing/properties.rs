//! Property tests of the schedule maths over the DST transitions of 2026–2027
//! in zones with unusual rules: Berlin and New York (one-hour shifts on
//! different dates), Sydney (southern hemisphere), Kolkata (+05:30, no DST),
//! Kathmandu (+05:45, no DST) and Lord Howe (a 30-minute DST shift).

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use std::collections::BTreeMap;

use super::schedule::{Interval, Schedule, resolve};

const ZONES: [Tz; 6] = [
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Sydney,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::Australia::Lord_Howe,
];

fn offset_seconds(tz: Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// Every instant in 2026–2027 where the zone's offset changes, to the minute.
fn transitions(tz: Tz) -> Vec<DateTime<Utc>> {
    let mut found = Vec::new();
    let mut t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).unwrap();
    while t < end {
        let next = t + Duration::hours(1);
        if offset_seconds(tz, t) != offset_seconds(tz, next) {
            let mut m = t;
            while offset_seconds(tz, m) == offset_seconds(tz, t) {
                m += Duration::minutes(1);
            }
            found.push(m);
        }
        t = next;
    }
    found
}

fn all_transitions() -> Vec<(usize, DateTime<Utc>)> {
    ZONES
        .iter()
        .enumerate()
        .flat_map(|(i, tz)| transitions(*tz).into_iter().map(move |t| (i, t)))
        .collect()
}

#[test]
fn the_zones_have_the_expected_transitions() {
    let counts: Vec<usize> = ZONES.iter().map(|tz| transitions(*tz).len()).collect();
    // Two a year where there is DST, none in Kolkata and Kathmandu.
    assert_eq!(counts, [4, 4, 4, 0, 0, 4]);
    // Lord Howe moves by 30 minutes.
    let t = transitions(chrono_tz::Australia::Lord_Howe)[0];
    let lh = chrono_tz::Australia::Lord_Howe;
    assert_eq!(
        (offset_seconds(lh, t) - offset_seconds(lh, t - Duration::minutes(1))).abs(),
        1800
    );
}

/// A week of 0–2 intervals a day, on 15-minute steps, some overnight.
fn week() -> impl Strategy<Value = [Vec<Interval>; 7]> {
    let interval = (0u16..96, 1u16..64).prop_map(|(s, len)| {
        let start = s * 15;
        Interval {
            start,
            end: start + len * 15,
        }
    });
    proptest::collection::vec(proptest::collection::vec(interval, 0..=2), 7).prop_map(|days| {
        let mut week: [Vec<Interval>; 7] = Default::default();
        for (i, d) in days.into_iter().enumerate() {
            week[i] = d;
        }
        week
    })
}

/// Instants near a transition of the zone (±2 days), or anywhere in 2026–2027.
fn instant(zone: usize, near: Vec<DateTime<Utc>>) -> impl Strategy<Value = DateTime<Utc>> {
    let _ = zone;
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let n = near.len();
    prop_oneof![
        (0i64..(2 * 365 * 24 * 60)).prop_map(move |m| start + Duration::minutes(m)),
        (0..n.max(1), -2880i64..2880)
            .prop_map(move |(i, m)| near.get(i).copied().unwrap_or(start) + Duration::minutes(m)),
    ]
}

fn case() -> impl Strategy<Value = (Schedule, DateTime<Utc>, Option<NaiveDate>)> {
    (0..ZONES.len(), week(), any::<bool>(), 0i64..730).prop_flat_map(
        |(zone, week, holiday, day)| {
            let tz = ZONES[zone];
            let near = transitions(tz);
            let holiday_date =
                holiday.then(|| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day));
            let mut holidays = BTreeMap::new();
            if let Some(d) = holiday_date {
                holidays.insert(d, vec![]);
            }
            let schedule = Schedule {
                tz,
                week,
                open_days: BTreeMap::new(),
                holidays,
            };
            (Just(schedule), instant(zone, near), Just(holiday_date))
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn next_open_is_not_before_and_is_open_and_nothing_open_is_skipped((schedule, t, _) in case()) {
        match schedule.next_open(t) {
            Some(n) => {
                prop_assert!(n >= t);
                prop_assert!(schedule.is_open(n), "next_open {n} is not open");
                if schedule.is_open(t) {
                    prop_assert_eq!(n, t);
                }
                // Every 7 minutes between t and n is closed.
                let mut probe = t;
                while probe < n {
                    prop_assert!(!schedule.is_open(probe), "{probe} is open before next_open {n}");
                    probe += Duration::minutes(7);
                }
                // And it is a real opening: a minute earlier was closed, or it is t itself.
                prop_assert!(n == t || !schedule.is_open(n - Duration::seconds(1)));
            }
            None => {
                prop_assert!(!schedule.is_open(t));
            }
        }
    }

    #[test]
    fn closes_at_is_after_and_is_closed((schedule, t, _) in case()) {
        if let Some(c) = schedule.closes_at(t) {
            prop_assert!(schedule.is_open(t));
            prop_assert!(c > t);
            prop_assert!(!schedule.is_open(c), "closes_at {c} is still open");
            prop_assert!(schedule.is_open(c - Duration::seconds(1)));
        }
    }

    #[test]
    fn shifts_open_and_close_at_their_wall_clock_times((schedule, t, holiday) in case()) {
        let tz = schedule.tz;
        let day = t.with_timezone(&tz).date_naive();
        for d in [day - Duration::days(1), day, day + Duration::days(1)] {
            if holiday == Some(d) || holiday == Some(d + Duration::days(1)) {
                continue;
            }
            for i in &schedule.week[chrono::Datelike::weekday(&d).num_days_from_monday() as usize] {
                let s = resolve(tz, d, i.start.into());
                let e = resolve(tz, d, i.end.into());
                let planned = |m: u16| ((m % 1440) / 60, m % 60);
                let local = |x: DateTime<Utc>| { let l = x.with_timezone(&tz); (l.hour() as u16, l.minute() as u16) };
                let exists = |m: u16| {
                    let date = d + Duration::days(i64::from(m / 1440));
                    let time = chrono::NaiveTime::from_hms_opt(u32::from((m % 1440) / 60), u32::from(m % 60), 0).unwrap();
                    !matches!(tz.from_local_datetime(&date.and_time(time)), chrono::LocalResult::None)
                };
                if exists(i.start) {
                    prop_assert_eq!(local(s), planned(i.start));
                }
                if exists(i.end) {
                    prop_assert_eq!(local(e), planned(i.end));
                }
                if exists(i.start) && exists(i.end) {
                    // Real length = wall-clock length minus the offset change in between.
                    let wall = i64::from(i.end - i.start) * 60;
                    let shift = i64::from(offset_seconds(tz, e) - offset_seconds(tz, s));
                    prop_assert_eq!((e - s).num_seconds(), wall - shift);
                }
            }
        }
    }
}

#[test]
fn every_transition_instant_is_handled() {
    // Around-the-clock pools stay open across every transition; office
    // pools open at 09:00 local the morning after.
    for (zone, t) in all_transitions() {
        let tz = ZONES[zone];
        let all = vec![Interval::parse("00:00-24:00").unwrap()];
        let always = Schedule {
            tz,
            week: std::array::from_fn(|_| all.clone()),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        };
        for m in [-90, -30, -1, 0, 1, 30, 90] {
            assert!(always.is_open(t + Duration::minutes(m)), "{tz} {t} {m}");
        }
        assert_eq!(always.closes_at(t), None);
        let nine = vec![Interval::parse("09:00-17:00").unwrap()];
        let office = Schedule {
            tz,
            week: std::array::from_fn(|_| nine.clone()),
            open_days: BTreeMap::new(),
            holidays: BTreeMap::new(),
        };
        let opens = office.next_open(t).unwrap();
        let local = opens.with_timezone(&tz);
        assert_eq!((local.hour(), local.minute()), (9, 0), "{tz} {t}");
    }
}
