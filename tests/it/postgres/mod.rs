//! The same migrations and queries on a real PostgreSQL server, one database
//! per region per test. The server is started by scripts/ensure-postgres.sh
//! when it is not running.
//!
//! Each file is one concern of running on PostgreSQL.

mod audit;
mod databases;
mod erasure;
mod outages;
mod scale_out;
mod whole_path;
