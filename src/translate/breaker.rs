//! Circuit breaker for one remote engine. After `threshold` consecutive
//! failed calls it opens: calls are refused without touching the network
//! for `cooldown`; then one trial call is let through (half-open): success
//! closes it, failure opens it again. Pure: time is passed in.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One trial call is in flight.
    HalfOpen,
}

#[derive(Debug)]
pub struct Breaker {
    state: State,
    threshold: u32,
    cooldown: Duration,
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Breaker {
        Breaker {
            state: State::Closed { failures: 0 },
            threshold: threshold.max(1),
            cooldown,
        }
    }

    pub fn state(&self) -> State {
        self.state
    }

    /// Whether a call may go out now.
    pub fn allow(&mut self, now: Instant) -> bool {
        match self.state {
            State::Closed { .. } => true,
            State::Open { until } if now >= until => {
                self.state = State::HalfOpen;
                true
            }
            State::Open { .. } | State::HalfOpen => false,
        }
    }

    pub fn success(&mut self) {
        self.state = State::Closed { failures: 0 };
    }

    pub fn failure(&mut self, now: Instant) {
        self.state = match self.state {
            State::Closed { failures } if failures + 1 < self.threshold => State::Closed {
                failures: failures + 1,
            },
            _ => State::Open {
                until: now + self.cooldown,
            },
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_then_half_opens_after_cooldown() {
        let t0 = Instant::now();
        let mut b = Breaker::new(3, Duration::from_secs(10));
        for _ in 0..2 {
            assert!(b.allow(t0));
            b.failure(t0);
        }
        assert!(b.allow(t0));
        b.failure(t0);
        assert!(!b.allow(t0 + Duration::from_secs(9)));
        // One trial after the cooldown, and only one.
        assert!(b.allow(t0 + Duration::from_secs(10)));
        assert!(!b.allow(t0 + Duration::from_secs(10)));
        b.failure(t0 + Duration::from_secs(10));
        assert!(!b.allow(t0 + Duration::from_secs(19)));
        assert!(b.allow(t0 + Duration::from_secs(20)));
        b.success();
        assert_eq!(b.state(), State::Closed { failures: 0 });
    }

    #[test]
    fn a_success_resets_the_count() {
        let t0 = Instant::now();
        let mut b = Breaker::new(2, Duration::from_secs(1));
        b.failure(t0);
        b.success();
        b.failure(t0);
        assert!(b.allow(t0));
    }
}
