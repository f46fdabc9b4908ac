//! The tamper-evident audit log: a hash chain of entries in each region's
//! store (`chain`), signed checkpoints of its length outside the database
//! (`checkpoint`), the server's signing of them (`log`), exports that
//! auditors verify with the public key alone (`export`), a region's whole
//! log checked (`verify`), and what can go wrong keeping them (`error`).
//! docs/compliance.md says what each kind of attacker can and cannot hide.

mod chain;
mod checkpoint;
mod error;
mod export;
mod log;
mod verify;

#[cfg(test)]
mod table_tests;

pub use chain::{Chain, GENESIS, Record, public_digest};
pub use checkpoint::{
    Checkpoint, Ending, HEARTBEAT_SECS, Signer, append_checkpoint, checkpoint_valid,
    read_checkpoints, reason, verify_log,
};
pub use error::AuditError;
pub use export::{ExportLine, Format, export_region, verify_export};
pub use log::AuditLog;
pub use verify::{Verdict, pending_window_ms, verify_region};
