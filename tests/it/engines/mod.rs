//! Remote translation engines against protocol-faithful stubs on 127.0.0.1
//! (tests/it/stubs/): success, batch, retries, breaker, timeout, malformed
//! answers, placeholders, LLM answers; and the whole server with an engine.

mod deepl;
mod failures;
mod libretranslate;
mod openai;
mod server;
mod setup;
mod single_flight;
