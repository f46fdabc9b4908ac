//! Rate limits: token buckets per client address (every endpoint), per
//! address for opening conversations, and per conversation for shopper
//! messages. Beyond them the answer is 429 with `Retry-After`; nothing is
//! stored. Plain functions over [`governor`] buckets, no HTTP here.
//!
//! And a cap on long-polls waiting at once ([`Limits::wait_slot`]): a
//! waiting request holds memory for as long as it waits, whoever sends it.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LimitsConfig;

type Keyed<K> = Option<DefaultKeyedRateLimiter<K>>;

pub struct Limits {
    per_ip: Keyed<IpAddr>,
    opens: Keyed<IpAddr>,
    per_conversation: Keyed<String>,
    /// Places for waiting long-polls; `None`: no cap.
    waiting: Option<Arc<Semaphore>>,
    pub trust_forwarded_for: bool,
}

/// A long-poll's place while it waits; given back when dropped.
pub struct WaitSlot {
    _permit: Option<OwnedSemaphorePermit>,
}

impl WaitSlot {
    fn new(permit: Option<OwnedSemaphorePermit>) -> WaitSlot {
        crate::metrics::global().waiting_requests.inc();
        WaitSlot { _permit: permit }
    }
}

impl Drop for WaitSlot {
    fn drop(&mut self) {
        crate::metrics::global().waiting_requests.dec();
    }
}

/// Seconds a long-poll turned away is told to wait: waiting requests
/// leave within their 30 s, most much sooner.
pub const WAITING_FULL_RETRY_SECS: u64 = 5;

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
            waiting: (c.waiting_requests > 0)
                .then(|| Arc::new(Semaphore::new(c.waiting_requests as usize))),
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

    /// A place for a long-poll to wait in; `None` while every place is taken.
    pub fn wait_slot(&self) -> Option<WaitSlot> {
        match &self.waiting {
            None => Some(WaitSlot::new(None)),
            Some(places) => places
                .clone()
                .try_acquire_owned()
                .ok()
                .map(|p| WaitSlot::new(Some(p))),
        }
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
            waiting_requests: 2,
            trust_forwarded_for: false,
        }
    }

    #[test]
    fn long_polls_wait_only_up_to_the_cap_and_give_their_place_back() {
        let l = Limits::new(&config(60, 3));
        let first = l.wait_slot().expect("a first place");
        let second = l.wait_slot().expect("a second place");
        assert!(l.wait_slot().is_none(), "a third would pass the cap of 2");
        drop(first);
        let third = l.wait_slot().expect("the place the first gave back");
        assert!(l.wait_slot().is_none());
        drop((second, third));

        let uncapped = Limits::new(&LimitsConfig {
            waiting_requests: 0,
            ..config(60, 3)
        });
        let many: Vec<_> = (0..100).map(|_| uncapped.wait_slot()).collect();
        assert!(many.iter().all(Option::is_some), "0 turns the cap off");
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
