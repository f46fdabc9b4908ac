//! Fake core bots on 127.0.0.1, each speaking its provider's protocol as
//! the provider documents it (the addresses are in each module's comment):
//! the paths, the authentication, the bodies it requires, and its
//! documented error answers. Each has the modes of [`Mode`].

mod botpress;
mod dialogflow;
mod directline;
mod openai;
mod server;

pub use botpress::{ENCRYPTION_KEY, WEBHOOK, start_botpress};
pub use dialogflow::{AGENT, LOCATION, PROJECT, TOKEN, start_dialogflow};
pub use directline::{SECRET, start_directline};
pub use openai::{KEY, start_model};
pub use server::{AnyFake, HANDOFF_ANSWER, Mode, PAYMENT_ANSWER};
