//! crossdesk: a cross-border multilingual customer-service proxy.
//!
//! Edges (`cli`, `api`) → use cases (`pipeline`) → the message path
//! (`pipeline::steps`) → domain modules (`language`, `translate`,
//! `upstream`, `routing`, `gate`/`policy`/`privacy`, `seal`, `crypto`,
//! `emotion`, `i18n`) → `store` and `audit`. Domain modules do no HTTP and
//! no SQL. docs/ARCHITECTURE.md draws the layers; docs/pipeline.md the
//! order of a message's steps.

pub mod admin;
pub mod api;
pub mod assemble;
pub mod assertion;
pub mod audit;
pub mod channels;
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
pub mod models;
pub mod page_words;
pub mod pipeline;
pub mod policy;
pub mod privacy;
pub mod routing;
pub mod seal;
pub mod store;
pub mod tls;
pub mod translate;
pub mod upstream;
pub mod web;
