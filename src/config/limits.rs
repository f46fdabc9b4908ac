//! `[limits]`: the rate limits and the bound on waiting long-polls.

use serde::Deserialize;

/// Token buckets: a steady rate per minute and a burst. 0 turns a limit off.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Requests per minute from one client address, every endpoint.
    pub per_ip_per_minute: u32,
    pub per_ip_burst: u32,
    /// Conversations opened per minute from one client address.
    pub opens_per_ip_per_minute: u32,
    pub opens_per_ip_burst: u32,
    /// Shopper messages per minute in one conversation.
    pub per_conversation_per_minute: u32,
    pub per_conversation_burst: u32,
    /// Long-polls (`GET …/messages?wait=`) waiting at once on this
    /// instance. Each holds ~28 KB while it waits (docs/PERFORMANCE.md),
    /// so this bounds their memory: 4,096 is ~115 MB. Beyond it a request
    /// that would wait gets 503 with `Retry-After` at once; one that finds
    /// new messages is answered as always.
    pub waiting_requests: u32,
    /// Take the client address from `X-Forwarded-For` / `Forwarded` (only
    /// behind a proxy that sets them; anyone can send them otherwise).
    pub trust_forwarded_for: bool,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            per_ip_per_minute: 1200,
            per_ip_burst: 200,
            opens_per_ip_per_minute: 60,
            opens_per_ip_burst: 20,
            per_conversation_per_minute: 30,
            per_conversation_burst: 10,
            waiting_requests: 4096,
            trust_forwarded_for: false,
        }
    }
}
