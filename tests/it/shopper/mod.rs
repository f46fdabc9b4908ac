//! The shopper's path on embedded defaults, through the real HTTP server.
//!
//! Each file is one thing a shopper can count on.

mod answers;
mod bad_requests;
mod language_choice;
mod operations;
mod regions;
mod tokens;
