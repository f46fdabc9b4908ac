//! Schedule maths and routing decisions.
//! `cargo bench --bench routing`; figures in docs/routing.md.

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossdesk::routing::{Interval, Load, Need, Pool, Schedule, select};

fn schedule(tz: chrono_tz::Tz) -> Schedule {
    let day = vec![
        Interval::parse("09:00-13:00").unwrap(),
        Interval::parse("14:00-18:00").unwrap(),
    ];
    let mut week: [Vec<Interval>; 7] = std::array::from_fn(|_| day.clone());
    week[4].push(Interval::parse("22:00-06:00").unwrap());
    week[5].clear();
    week[6].clear();
    let mut holidays = BTreeMap::new();
    holidays.insert("2026-12-25".parse().unwrap(), vec![]);
    holidays.insert(
        "2026-12-24".parse().unwrap(),
        vec![Interval::parse("14:00-24:00").unwrap()],
    );
    Schedule {
        tz,
        week,
        open_days: BTreeMap::new(),
        holidays,
    }
}

fn bench(c: &mut Criterion) {
    let s = schedule(chrono_tz::Europe::Berlin);
    let at: DateTime<Utc> = "2026-11-25T10:30:00Z".parse().unwrap();
    let night: DateTime<Utc> = "2026-11-28T23:00:00Z".parse().unwrap();
    c.bench_function("is_open", |b| b.iter(|| s.is_open(black_box(at))));
    c.bench_function("next_open (closed Saturday night)", |b| {
        b.iter(|| s.next_open(black_box(night)))
    });
    c.bench_function("closes_at", |b| b.iter(|| s.closes_at(black_box(at))));

    let zones = [
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
        chrono_tz::Asia::Shanghai,
        chrono_tz::Australia::Sydney,
        chrono_tz::Asia::Kolkata,
    ];
    let regions = ["eu", "us", "cn", "apac", "apac"];
    let langs = [
        ["de", "en"],
        ["en", "es"],
        ["zh", "en"],
        ["en", "ja"],
        ["hi", "en"],
    ];
    let pools: Vec<Pool> = (0..50)
        .map(|i| Pool {
            id: format!("pool-{i}"),
            region: regions[i % 5].into(),
            languages: langs[i % 5].iter().map(|l| l.to_string()).collect(),
            agents: 3,
            capacity: 3,
            partners: vec![],
            schedule: schedule(zones[i % 5]),
        })
        .collect();
    let loads: Vec<Load> = (0..50)
        .map(|i| Load {
            active: (i % 9) as u32,
            waiting: (i % 3) as u32,
        })
        .collect();
    let allowed = vec!["us".to_string(), "apac".to_string()];
    let need = Need {
        lang: "es",
        region: "eu",
        allowed_regions: &allowed,
        at: at + Duration::hours(9),
    };
    c.bench_function("routing decision over 50 pools", |b| {
        b.iter(|| select(black_box(&pools), &loads, &need))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
