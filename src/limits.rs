//! Rate limits: token buckets per client address (every endpoint), per
//! address for opening conversations, and per conversation for shopper
//! messages. Beyond them the answer is 429 with `Retry-After`; nothing is
//! stored. Plain functions over [`governor`] buckets, no HTTP here.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LimitsConfig;

type Keyed<K> = Option<DefaultKeyedRateLimiter<K>>;

pub struct Limits {
    per_ip: Keyed<IpAddr>,
    opens: Keyed<IpAddr>,
    per_conversation: Keyed<String>,
    pub trust_forwarded_for: bool,
}

fn bucket<K: std::hash::Hash + Eq + Clone>(per_minute: u32, burst: u32) -> Keyed<K> {
    let rate = NonZeroU32::new(per_minute)?;
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Some(RateLimiter::keyed(
        Quota::per_minute(rate).allow_burst(burst),
    ))
}

/// `Err(wait)`: over the limit, try again after `wait`.
fn check<K: std::hash::Hash + Eq + Clone>(limiter: &Keyed<K>, key: &K) -> Result<(), Duration> {
    match limiter {
        None => Ok(()),
        Some(l) => l
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now())),
    }
}

impl Limits {
    pub fn new(c: &LimitsConfig) -> Limits {
        Limits {
            per_ip: bucket(c.per_ip_per_minute, c.per_ip_burst),
            opens: bucket(c.opens_per_ip_per_minute, c.opens_per_ip_burst),
            per_conversation: bucket(c.per_conversation_per_minute, c.per_conversation_burst),
            trust_forwarded_for: c.trust_forwarded_for,
        }
    }

    pub fn request(&self, ip: IpAddr) -> Result<(), Duration> {
        check(&self.per_ip, &ip)
    }

    pub fn open(&self, ip: IpAddr) -> Result<(), Duration> {
        check(&self.opens, &ip)
    }

    pub fn message(&self, conversation: &str) -> Result<(), Duration> {
        check(&self.per_conversation, &conversation.to_string())
    }

    /// Forgets buckets that are full again, so memory follows the active
    /// clients, not every client ever seen.
    pub fn housekeeping(&self) {
        if let Some(l) = &self.per_ip {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.opens {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.per_conversation {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

/// Whole seconds to announce in `Retry-After` (rounded up, at least 1).
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs_f64().ceil() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(per_minute: u32, burst: u32) -> LimitsConfig {
        LimitsConfig {
            per_ip_per_minute: per_minute,
            per_ip_burst: burst,
            opens_per_ip_per_minute: 0,
            opens_per_ip_burst: 0,
            per_conversation_per_minute: per_minute,
            per_conversation_burst: burst,
            trust_forwarded_for: false,
        }
    }

    #[test]
    fn a_burst_passes_then_the_bucket_says_how_long_to_wait() {
        let l = Limits::new(&config(60, 3));
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..3 {
            assert!(l.request(ip).is_ok());
        }
        let wait = l.request(ip).unwrap_err();
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::ZERO,
            "{wait:?}"
        );
        // Another client has its own bucket; so has another conversation.
        assert!(l.request("10.0.0.2".parse().unwrap()).is_ok());
        for _ in 0..3 {
            assert!(l.message("eu_a").is_ok());
        }
        assert!(l.message("eu_a").is_err());
        assert!(l.message("eu_b").is_ok());
        // 0 means off.
        for _ in 0..1000 {
            assert!(l.open(ip).is_ok());
        }
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_secs(Duration::from_secs(3)), 3);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
