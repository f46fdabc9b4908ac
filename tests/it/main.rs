//! Integration tests: the real server, started on a free port.

mod common;

mod bot_http;
mod postgres;
mod shopper;
