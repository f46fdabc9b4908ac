//! The operators' use cases: statistics by pool, region and language
//! (`stats`), and whether every store answers and writes (`health`).

mod health;
mod stats;

pub use health::StoreHealth;
pub use stats::Stats;
