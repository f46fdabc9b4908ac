//! The shoppers' use cases: opening a conversation in its region
//! (`open`), reading its history and waiting for new messages (`history`),
//! closing and rating it (`satisfaction`), and erasing it (`erasure`). A
//! message's own path is `message.rs` with its steps.

mod erasure;
mod history;
mod identity;
mod open;
mod satisfaction;

pub use erasure::Erased;
pub use identity::{LinkRequest, Linked};
pub(in crate::pipeline) use open::{Opening, ShopperLink, first_accept_language};
pub use satisfaction::{Closed, Rated};
