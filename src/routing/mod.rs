//! Who answers a conversation that needs a person: the regional agent pool
//! that is open now, speaks the shopper's language, has capacity, and may
//! see the conversation under the shopper region's policy. Pure: pools,
//! loads and the current instant come in; a decision comes out.

#[cfg(test)]
mod properties;
pub mod schedule;
pub mod triggers;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub use schedule::{Interval, Schedule, ScheduleError};

/// An agent pool as configured.
#[derive(Debug, Clone)]
pub struct Pool {
    pub id: String,
    /// The region the agents sit in (policy region id).
    pub region: String,
    /// Languages the agents read and write (ISO 639-1), best first.
    pub languages: Vec<String>,
    /// Agents on shift.
    pub agents: u32,
    /// Conversations one agent holds at once.
    pub capacity: u32,
    /// Follow-the-sun partners: pools that take over when this one is closed.
    pub partners: Vec<String>,
    pub schedule: Schedule,
}

impl Pool {
    pub fn seats(&self) -> u32 {
        self.agents * self.capacity
    }
}

/// A pool's live figures (from the stores).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    /// Conversations agents hold now.
    pub active: u32,
    /// Conversations waiting in its queue.
    pub waiting: u32,
}

/// What the shopper's conversation needs.
#[derive(Debug, Clone)]
pub struct Need<'a> {
    pub lang: &'a str,
    /// The conversation's region.
    pub region: &'a str,
    /// Regions whose pools the region's policy lets see the conversation.
    pub allowed_regions: &'a [String],
    pub at: DateTime<Utc>,
}

/// Where the conversation goes, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Decision {
    /// A pool is open with a free seat: an agent there takes it now.
    Routed {
        pool: String,
        /// The agents read the conversation through translation.
        translated: bool,
        why: String,
    },
    /// Nobody can take it now: it waits in this pool's queue.
    Queued {
        pool: String,
        translated: bool,
        /// When the pool opens (or now, if open but full); `None` when it
        /// does not open within the horizon.
        opens: Option<DateTime<Utc>>,
        why: String,
    },
    /// No pool may see this conversation.
    NoPool { why: String },
}

impl Decision {
    pub fn pool(&self) -> Option<&str> {
        match self {
            Decision::Routed { pool, .. } | Decision::Queued { pool, .. } => Some(pool),
            Decision::NoPool { .. } => None,
        }
    }
}

/// Chooses a pool. Open ∧ free seat first, ranked: speaks the language, the
/// shopper's own region, a follow-the-sun partner of an own-region pool,
/// least loaded. Otherwise the queue of the pool that opens first, with the
/// same preferences breaking ties.
pub fn select(pools: &[Pool], loads: &[Load], need: &Need<'_>) -> Decision {
    let allowed: Vec<usize> = (0..pools.len())
        .filter(|&i| {
            pools[i].region == need.region || need.allowed_regions.contains(&pools[i].region)
        })
        .collect();
    if allowed.is_empty() {
        return Decision::NoPool {
            why: format!(
                "no pool in region {} or in a region its policy allows",
                need.region
            ),
        };
    }
    let partner_of_own = |i: usize| {
        pools
            .iter()
            .any(|p| p.region == need.region && p.partners.contains(&pools[i].id))
    };
    // Lower is better.
    let rank = |i: usize| {
        let p = &pools[i];
        let load = loads.get(i).copied().unwrap_or_default();
        (
            !p.languages.iter().any(|l| l == need.lang),
            p.region != need.region,
            !partner_of_own(i),
            ((load.active + load.waiting) * 1000)
                .checked_div(p.seats())
                .unwrap_or(u32::MAX),
        )
    };
    let speaks = |i: usize| pools[i].languages.iter().any(|l| l == need.lang);
    let free = |i: usize| loads.get(i).copied().unwrap_or_default().active < pools[i].seats();

    let mut open: Vec<usize> = allowed
        .iter()
        .copied()
        .filter(|&i| pools[i].schedule.is_open(need.at) && free(i))
        .collect();
    open.sort_by_key(|&i| rank(i));
    if let Some(&i) = open.first() {
        let p = &pools[i];
        let why = format!(
            "{} is open{}{}",
            p.id,
            if speaks(i) {
                format!(" and speaks {}", need.lang)
            } else {
                format!(", reads {} through translation", need.lang)
            },
            if p.region == need.region {
                String::new()
            } else {
                format!(", region {} allowed by {}'s policy", p.region, need.region)
            }
        );
        return Decision::Routed {
            pool: p.id.clone(),
            translated: !speaks(i),
            why,
        };
    }
    let mut waiting: Vec<(Option<DateTime<Utc>>, usize)> = allowed
        .iter()
        .map(|&i| {
            let opens = if pools[i].schedule.is_open(need.at) {
                Some(need.at)
            } else {
                pools[i].schedule.next_open(need.at)
            };
            (opens, i)
        })
        .collect();
    // Prefer a pool speaking the language, then the earliest opening.
    waiting.sort_by_key(|&(opens, i)| (!speaks(i), opens.is_none(), opens, rank(i)));
    let (opens, i) = waiting[0];
    let p = &pools[i];
    let why = match opens {
        Some(t) if t == need.at => format!("{} is open but every seat is taken", p.id),
        Some(t) => format!("{} is closed; opens {}", p.id, t.to_rfc3339()),
        None => format!(
            "{} does not open within {} days",
            p.id,
            schedule::HORIZON_DAYS
        ),
    };
    Decision::Queued {
        pool: p.id.clone(),
        translated: !speaks(i),
        opens,
        why,
    }
}

/// An estimated wait, as shoppers are told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Wait {
    /// No handling times recorded yet for this pool.
    Unknown,
    /// Whole minutes, `min ≥ 1`, `max > min`.
    Range { min: i64, max: i64 },
}

/// Wait for the `position`-th conversation in line: time until the pool
/// opens, plus the line ahead divided over the seats at the pool's average
/// handling time; ±50%, never 0.
pub fn estimate_wait(
    position: u32,
    seats: u32,
    avg_handle: Option<Duration>,
    until_open: Duration,
) -> Wait {
    let Some(handle) = avg_handle else {
        return Wait::Unknown;
    };
    let seats = seats.max(1) as f64;
    let queue_minutes =
        (f64::from(position.saturating_sub(1)) / seats).ceil() * handle.num_seconds() as f64 / 60.0;
    let center = until_open.num_seconds().max(0) as f64 / 60.0 + queue_minutes;
    let min = ((center * 0.5).floor() as i64).max(1);
    let max = ((center * 1.5).ceil() as i64).max(min + 1);
    Wait::Range { min, max }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn pool(id: &str, region: &str, tz: chrono_tz::Tz, hours: &str, langs: &[&str]) -> Pool {
        let day: Vec<Interval> = if hours.is_empty() {
            vec![]
        } else {
            vec![Interval::parse(hours).unwrap()]
        };
        Pool {
            id: id.into(),
            region: region.into(),
            languages: langs.iter().map(|l| l.to_string()).collect(),
            agents: 2,
            capacity: 2,
            partners: vec![],
            schedule: Schedule {
                tz,
                week: std::array::from_fn(|_| day.clone()),
                open_days: BTreeMap::new(),
                holidays: BTreeMap::new(),
            },
        }
    }

    fn need<'a>(lang: &'a str, region: &'a str, allowed: &'a [String], at: &str) -> Need<'a> {
        Need {
            lang,
            region,
            allowed_regions: allowed,
            at: utc(at),
        }
    }

    #[test]
    fn open_pool_speaking_the_language_in_the_own_region_wins() {
        let pools = [
            pool(
                "eu-en",
                "eu",
                chrono_tz::Europe::Dublin,
                "09:00-18:00",
                &["en"],
            ),
            pool(
                "eu-es",
                "eu",
                chrono_tz::Europe::Madrid,
                "09:00-18:00",
                &["es", "en"],
            ),
            pool(
                "us-es",
                "us",
                chrono_tz::America::Mexico_City,
                "09:00-18:00",
                &["es"],
            ),
        ];
        let allowed = vec!["us".to_string()];
        let d = select(
            &pools,
            &[Load::default(); 3],
            &need("es", "eu", &allowed, "2026-11-25T10:00:00Z"),
        );
        assert!(
            matches!(&d, Decision::Routed { pool, translated: false, .. } if pool == "eu-es"),
            "{d:?}"
        );
    }

    #[test]
    fn madrid_at_3am_goes_to_an_allowed_open_partner_or_queues_until_morning() {
        let mut eu = pool(
            "eu-es",
            "eu",
            chrono_tz::Europe::Madrid,
            "09:00-18:00",
            &["es", "en"],
        );
        eu.partners = vec!["apac-sg".into()];
        let apac = pool(
            "apac-sg",
            "apac",
            chrono_tz::Asia::Singapore,
            "09:00-18:00",
            &["en", "es"],
        );
        let pools = [eu, apac];
        // 03:00 in Madrid is 10:00 in Singapore.
        let at = "2026-11-25T02:00:00Z";
        let allowed = vec!["apac".to_string()];
        let d = select(
            &pools,
            &[Load::default(); 2],
            &need("es", "eu", &allowed, at),
        );
        assert!(
            matches!(&d, Decision::Routed { pool, .. } if pool == "apac-sg"),
            "{d:?}"
        );
        let d = select(&pools, &[Load::default(); 2], &need("es", "eu", &[], at));
        match d {
            Decision::Queued { pool, opens, .. } => {
                assert_eq!(pool, "eu-es");
                assert_eq!(opens, Some(utc("2026-11-25T08:00:00Z")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn full_pools_queue_and_translation_ranks_lower() {
        let pools = [
            pool(
                "eu-de",
                "eu",
                chrono_tz::Europe::Berlin,
                "00:00-24:00",
                &["de"],
            ),
            pool(
                "eu-en",
                "eu",
                chrono_tz::Europe::Dublin,
                "00:00-24:00",
                &["en"],
            ),
        ];
        let at = "2026-11-25T10:00:00Z";
        let d = select(&pools, &[Load::default(); 2], &need("fr", "eu", &[], at));
        assert!(
            matches!(
                &d,
                Decision::Routed {
                    translated: true,
                    ..
                }
            ),
            "{d:?}"
        );
        let full = [
            Load {
                active: 4,
                waiting: 2,
            },
            Load {
                active: 4,
                waiting: 0,
            },
        ];
        let d = select(&pools, &full, &need("de", "eu", &[], at));
        assert!(
            matches!(&d, Decision::Queued { pool, opens: Some(_), .. } if pool == "eu-de"),
            "{d:?}"
        );
        let d = select(&pools, &full, &need("de", "cn", &[], at));
        assert!(matches!(d, Decision::NoPool { .. }));
    }

    #[test]
    fn least_loaded_first() {
        let pools = [
            pool("a", "eu", chrono_tz::Europe::Berlin, "00:00-24:00", &["de"]),
            pool("b", "eu", chrono_tz::Europe::Berlin, "00:00-24:00", &["de"]),
        ];
        let d = select(
            &pools,
            &[
                Load {
                    active: 3,
                    waiting: 0,
                },
                Load {
                    active: 1,
                    waiting: 0,
                },
            ],
            &need("de", "eu", &[], "2026-11-25T10:00:00Z"),
        );
        assert_eq!(d.pool(), Some("b"));
    }

    #[test]
    fn waits_are_ranges_never_zero_and_unknown_without_data() {
        assert_eq!(estimate_wait(1, 4, None, Duration::zero()), Wait::Unknown);
        assert_eq!(
            estimate_wait(1, 4, Some(Duration::minutes(10)), Duration::zero()),
            Wait::Range { min: 1, max: 2 }
        );
        assert_eq!(
            estimate_wait(9, 4, Some(Duration::minutes(10)), Duration::zero()),
            Wait::Range { min: 10, max: 30 }
        );
        assert_eq!(
            estimate_wait(1, 4, Some(Duration::minutes(10)), Duration::hours(6)),
            Wait::Range { min: 180, max: 540 }
        );
    }
}
