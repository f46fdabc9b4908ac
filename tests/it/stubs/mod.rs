//! Stand-ins for the remote services crossdesk calls (three translation
//! engines, the channels' providers, the model hub),
//! each on its own 127.0.0.1 port, speaking the engine's public wire format:
//!
//! - LibreTranslate (`POST /translate`, `GET /languages`): the API usage guide
//!   (docs.libretranslate.com/guides/api_usage) and the checks of the server's
//!   `/translate` route (`{"error": …}`: "Invalid request: missing q parameter",
//!   "xx is not supported", 403 "Invalid API key", 429 "Slowdown: …").
//! - DeepL API v2 (`POST /v2/translate`): developers.deepl.com/docs/api-reference/translate
//!   and …/docs/best-practices/error-handling (`Authorization: DeepL-Auth-Key`,
//!   403 for a missing or wrong key, 429, 456 quota exceeded, 5xx; `{"message": …}`).
//! - OpenAI chat completions (`POST /v1/chat/completions`):
//!   platform.openai.com/docs/api-reference/chat/create and …/docs/guides/error-codes
//!   (`{"error": {"message", "type", "param", "code"}}`).
//!
//! The fake translation of a text is `[{target}] {text}`, target being the
//! lower-case primary subtag ("EN-US" → "en", "ZH-HANS" → "zh"; LibreTranslate's
//! "zt" → "zh"); placeholders (`⟦1⟧`, `<x id="1"/>`) pass through untouched.

mod deepl;
mod hub;
mod libretranslate;
mod line;
mod openai;
mod server;
mod smtp;
mod telegram;
mod wechat;
mod whatsapp;

pub use deepl::start_deepl;
pub use hub::{HubStub, start_hub};
pub use libretranslate::start_libretranslate;
pub use line::start_line;
pub use openai::start_openai;
pub use server::{Mode, Stub};
pub use smtp::{SmtpMode, SmtpStub, start_smtp};
pub use telegram::start_telegram;
pub use wechat::start_wechat;
pub use whatsapp::start_whatsapp;
