//! `[[pools]]`: the regional agent pools, their weekly hours, holidays and
//! open days, turned into the pools the routing module schedules.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;

/// One agent pool. Hours are local wall-clock intervals per weekday
/// (`mon`…`sun`), e.g. `["09:00-13:00", "14:00-18:00"]`, `["22:00-06:00"]`
/// (overnight, belongs to the day it starts), `["00:00-24:00"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolConfig {
    pub id: String,
    /// Policy region the agents sit in.
    pub region: String,
    /// IANA time zone of the hours and dates below.
    pub timezone: String,
    /// Languages the agents read and write, best first; the first is the
    /// default language of the pool's agents.
    pub languages: Vec<String>,
    #[serde(default = "default_agents")]
    pub agents: u32,
    /// Conversations one agent holds at once.
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// Follow-the-sun partner pools.
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub hours: BTreeMap<String, Vec<String>>,
    /// Closed local dates: `{ date = "2026-12-25" }`, `{ from = "2026-12-31",
    /// to = "2027-01-01" }`, `{ date = "2026-12-24", hours = ["14:00-24:00"] }`.
    #[serde(default)]
    pub holidays: Vec<DateRule>,
    /// Local dates with their own hours, e.g. make-up workdays on a Saturday.
    #[serde(default)]
    pub open_days: Vec<DateRule>,
}

/// A dated rule of a pool: one local date or a range of them, with its
/// hours.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRule {
    #[serde(default)]
    pub date: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub from: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub to: Option<chrono::NaiveDate>,
    /// Empty: the whole day.
    #[serde(default)]
    pub hours: Vec<String>,
    #[serde(default)]
    pub name: Option<String>,
}

fn default_agents() -> u32 {
    2
}
fn default_capacity() -> u32 {
    3
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl DateRule {
    fn dates(&self, pool: &str) -> Result<Vec<chrono::NaiveDate>, ConfigError> {
        let bad = |m: &str| ConfigError::Invalid(format!("pool {pool}: {m}"));
        match (self.date, self.from, self.to) {
            (Some(d), None, None) => Ok(vec![d]),
            (None, Some(a), Some(b)) if a <= b && (b - a).num_days() <= 366 => {
                Ok(a.iter_days().take_while(|d| *d <= b).collect())
            }
            (None, Some(_), Some(_)) => {
                Err(bad("`from` must not be after `to`, at most a year apart"))
            }
            _ => Err(bad("a dated rule needs `date`, or `from` and `to`")),
        }
    }
}

impl PoolConfig {
    /// The pool as the routing module sees it.
    pub fn to_pool(&self) -> Result<crate::routing::Pool, ConfigError> {
        use crate::routing::{Interval, Schedule};
        let err = |m: String| ConfigError::Invalid(format!("pool {}: {m}", self.id));
        let tz: chrono_tz::Tz = self
            .timezone
            .parse()
            .map_err(|_| err(format!("unknown time zone {:?}", self.timezone)))?;
        let parse = |list: &[String]| -> Result<Vec<Interval>, ConfigError> {
            list.iter()
                .map(|i| Interval::parse(i).map_err(|e| err(e.to_string())))
                .collect()
        };
        let mut week: [Vec<Interval>; 7] = Default::default();
        for (day, list) in &self.hours {
            let i = WEEKDAYS
                .iter()
                .position(|d| d == day)
                .ok_or_else(|| err(format!("unknown weekday {day:?} (mon…sun)")))?;
            week[i] = parse(list)?;
        }
        let mut holidays = std::collections::BTreeMap::new();
        for rule in &self.holidays {
            for d in rule.dates(&self.id)? {
                holidays.insert(d, parse(&rule.hours)?);
            }
        }
        let mut open_days = std::collections::BTreeMap::new();
        for rule in &self.open_days {
            if rule.hours.is_empty() {
                return Err(err("an open day needs `hours`".into()));
            }
            for d in rule.dates(&self.id)? {
                open_days.insert(d, parse(&rule.hours)?);
            }
        }
        if self.languages.is_empty() || self.agents == 0 || self.capacity == 0 {
            return Err(err(
                "`languages`, `agents` and `capacity` must not be empty or zero".into(),
            ));
        }
        Ok(crate::routing::Pool {
            id: self.id.clone(),
            region: self.region.clone(),
            languages: self.languages.clone(),
            agents: self.agents,
            capacity: self.capacity,
            partners: self.partners.clone(),
            schedule: Schedule {
                tz,
                week,
                open_days,
                holidays,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn pools_parse_with_hours_holidays_and_open_days() {
        let c: Config = toml::from_str(
            r#"
[[pools]]
id = "cn-sh"
region = "cn"
timezone = "Asia/Shanghai"
languages = ["zh", "en"]
hours = { mon = ["09:00-12:00", "13:00-18:00"], fri = ["09:00-18:00", "22:00-06:00"], sun = ["00:00-24:00"] }
holidays = [{ date = "2026-10-01" }, { from = "2026-10-02", to = "2026-10-07" }, { date = "2026-12-24", hours = ["14:00-24:00"] }]
open_days = [{ date = "2026-10-10", hours = ["09:00-18:00"], name = "make-up workday" }]
"#,
        )
        .unwrap();
        c.validate().unwrap();
        let p = c.pools[0].to_pool().unwrap();
        assert_eq!(p.schedule.week[0].len(), 2);
        assert_eq!(p.schedule.week[4][1].end, 30 * 60);
        assert_eq!(p.schedule.holidays.len(), 8);
        assert_eq!(p.schedule.open_days.len(), 1);
        for bad in [
            "timezone = \"Mars/Base\"",
            "timezone = \"UTC\"\nhours = { monday = [\"09:00-10:00\"] }",
            "timezone = \"UTC\"\nhours = { mon = [\"9-10\"] }",
            "timezone = \"UTC\"\nholidays = [{ from = \"2026-10-07\", to = \"2026-10-01\" }]",
            "timezone = \"UTC\"\npartners = [\"nope\"]",
        ] {
            let text =
                format!("[[pools]]\nid = \"p\"\nregion = \"eu\"\nlanguages = [\"en\"]\n{bad}\n");
            let c: Config = toml::from_str(&text).unwrap();
            assert!(c.validate().is_err(), "{bad}");
        }
    }
}
