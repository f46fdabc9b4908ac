//! Integration tests: the real server, started on a free port.

mod common;
mod stubs;

mod abuse;
mod agent_workspace;
mod audit_length;
mod bot_http;
mod bots;
mod channels;
mod chat;
mod cli;
mod compliance;
mod compliance_audit;
mod compliance_console;
mod dashboard;
mod engines;
mod erasure;
mod faults;
mod gate;
mod journey;
mod keys;
mod languages;
mod metrics;
mod models;
#[cfg(feature = "neural")]
mod neural;
mod omnichannel;
mod openapi;
mod postgres;
mod residency;
mod routing;
mod shopper;
mod simulation;
mod tamper;
mod widget;
