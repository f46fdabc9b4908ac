//! The PostgreSQL server of the tests and the databases of one test: a data
//! and a key database per region, dropped at the end even when it fails.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

pub(super) fn admin_url() -> String {
    std::env::var("CROSSDESK_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432".into())
}

pub(super) fn admin() -> PgConnection {
    let url = format!("{}/postgres", admin_url());
    if let Ok(c) = PgConnection::establish(&url) {
        return c;
    }
    let status = std::process::Command::new("bash")
        .arg(crate::common::repo().join("scripts/ensure-postgres.sh"))
        .status()
        .expect("run scripts/ensure-postgres.sh");
    assert!(status.success(), "PostgreSQL could not be started");
    PgConnection::establish(&url).expect("PostgreSQL answers after ensure-postgres.sh")
}

/// Databases dropped at the end of the test, even when it fails.
pub(super) struct Databases(Vec<String>);

impl Drop for Databases {
    fn drop(&mut self) {
        let mut conn = admin();
        for db in &self.0 {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
    }
}

/// Fresh databases for every region's data and key store; returns their
/// tag, the guard that drops them and the `[stores]`/`[key_stores]` TOML.
pub(super) fn region_databases() -> (String, Databases, String) {
    let mut conn = admin();
    let tag = format!(
        "{:x}{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut dbs = Databases(Vec::new());
    let mut stores = String::new();
    for region in ["eu", "us", "cn", "apac"] {
        let db = format!("crossdesk_test_{tag}_{region}");
        conn.batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap();
        dbs.0.push(db.clone());
        // The key store is a database of its own, apart from the data.
        let keys = format!("{db}_keys");
        conn.batch_execute(&format!("CREATE DATABASE {keys}"))
            .unwrap();
        dbs.0.push(keys.clone());
        stores.push_str(&format!(
            "[stores.{region}]\nurl = \"{}/{db}\"\n[key_stores.{region}]\nurl = \"{}/{keys}\"\n",
            admin_url(),
            admin_url()
        ));
    }
    (tag, dbs, stores)
}

#[derive(diesel::QueryableByName)]
pub(super) struct Dump {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub(super) text: String,
}
