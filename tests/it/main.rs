//! Integration tests: the real server, started on a free port.

mod common;
mod stubs;

mod abuse;
mod bot_http;
mod cli;
mod compliance;
mod dashboard;
mod engines;
mod faults;
mod gate;
mod metrics;
mod omnichannel;
mod postgres;
mod residency;
mod routing;
mod shopper;
mod simulation;
mod tamper;
