//! crossdesk: a cross-border multilingual customer-service proxy.
//!
//! `api` → `pipeline` → domain modules (`language`, `translate`, `upstream`,
//! `policy`, `crypto`, `i18n`) → `store`. Domain modules do no HTTP and no
//! SQL. See docs/pipeline.md for the order of the steps.

pub mod admin;
pub mod api;
pub mod assemble;
pub mod assertion;
pub mod audit;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod emotion;
pub mod fuzz_targets;
pub mod gate;
pub mod i18n;
pub mod language;
pub mod limits;
pub mod metrics;
pub mod pipeline;
pub mod policy;
pub mod privacy;
pub mod routing;
pub mod seal;
pub mod store;
pub mod tls;
pub mod translate;
pub mod upstream;
