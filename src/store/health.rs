//! The health checks `/healthz` runs on every store.

use diesel::connection::SimpleConnection;

use super::{Store, StoreError};

impl Store {
    /// Cheap liveness check for `/healthz`.
    pub fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        conn.batch_execute("SELECT 1").map_err(self.query_err())
    }

    /// A real write, committed, for `/healthz`: a store that answers reads
    /// but cannot write (a full disk, a read-only database) fails here.
    pub fn probe_write(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let now = chrono::Utc::now().timestamp_millis();
        conn.batch_execute(&format!(
            "INSERT INTO health_probe (id, at) VALUES (1, {now}) \
             ON CONFLICT (id) DO UPDATE SET at = excluded.at"
        ))
        .map_err(self.query_err())
    }
}
