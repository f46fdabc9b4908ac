//! What time it is for the proxy: the system clock, or a simulated one.

use chrono::{DateTime, Utc};

/// The proxy's clock: the system clock, or — for simulations and tests
/// only — a fixed start instant from `CROSSDESK_CLOCK` (RFC 3339) that then
/// runs at normal speed.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    offset: chrono::Duration,
}

impl Clock {
    pub fn system() -> Clock {
        Clock {
            offset: chrono::Duration::zero(),
        }
    }

    /// A clock whose time starts at `start` and then runs at normal speed.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock {
            offset: start - Utc::now(),
        }
    }

    /// `CROSSDESK_CLOCK` when set and valid, else the system clock. Read
    /// once by the command that starts the server, which passes it in.
    pub fn from_env() -> Clock {
        match std::env::var("CROSSDESK_CLOCK")
            .ok()
            .and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
        {
            Some(start) => {
                tracing::warn!(start = %start, "CROSSDESK_CLOCK set: simulated time");
                Clock::starting_at(start.with_timezone(&Utc))
            }
            None => Clock::system(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }

    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }
}
