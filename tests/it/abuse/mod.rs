//! Abuse: a corpus of more than 300 bad inputs — malformed and deeply
//! nested JSON, wrong types, huge strings, invalid UTF-8 and escapes,
//! control and bidi characters, 10k emoji, SQL and HTML in text, path
//! tricks in ids, bad tokens, bad queries and methods — against every
//! endpoint family. None may get a 500 or crash the server; every error is
//! JSON with a code; text that is a valid message is stored as written.
//! Rate limits answer 429 with `Retry-After`.

mod bad_inputs;
mod bodies;
mod corpus;
mod long_polls;
mod rate_limits;
mod requests;
