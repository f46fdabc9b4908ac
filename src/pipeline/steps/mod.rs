//! The steps of a shopper message, one module each, in the order
//! `message.rs` calls them (drawn in docs/pipeline.md):
//!
//! 1 region (fixed when the conversation opened) → 2 [`detect`] →
//! 3 [`plan`] → 4 redact (`plan.rs`: what the gate will replace) →
//! 5–6 translate in ([`translate`]) → 7 [`answer`] → 8 translate out →
//! 9 [`route`] → 10 [`persist`].
//!
//! Each step takes only what it needs and returns a typed result; the
//! shopper's own words are stored before a remote bot is asked (step 10
//! begins early, `persist::store_shopper`).

pub(super) mod answer;
pub(super) mod detect;
pub(super) mod persist;
pub(super) mod plan;
pub(super) mod route;
pub(super) mod translate;
pub(super) mod turn;
