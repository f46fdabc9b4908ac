//! Channels end to end: a provider's signed webhook posted to the real
//! server, the reply received by a stand-in of the provider's API on
//! 127.0.0.1 in the provider's wire format.

mod email;
mod identity;
mod line;
mod omnichannel;
mod telegram;
mod wechat;
mod whatsapp;
