//! The learned_translations table: the region's memory of machine
//! translations, stored sealed under the hash of their source text and
//! erased with the conversation they were learned from.

use diesel::prelude::*;

use super::calls::unless_stored;
use super::models::LearnedTranslation;
use super::schema::learned_translations;
use super::{Store, StoreError};

/// The key of a learned translation.
pub fn source_hash(source: &str) -> String {
    hex::encode(ring::digest::digest(
        &ring::digest::SHA256,
        source.as_bytes(),
    ))
}

impl Store {
    /// Learned translations stored under `hash` (the caller opens and compares).
    pub fn learned_rows(
        &self,
        from: &str,
        to: &str,
        hash: &str,
    ) -> Result<Vec<LearnedTranslation>, StoreError> {
        let mut conn = self.conn()?;
        learned_translations::table
            .filter(learned_translations::from_lang.eq(from))
            .filter(learned_translations::to_lang.eq(to))
            .filter(learned_translations::source_hash.eq(hash))
            .select(LearnedTranslation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Every learned translation of the store, sealed as stored (audits and tests).
    pub fn all_learned_rows(&self) -> Result<Vec<LearnedTranslation>, StoreError> {
        let mut conn = self.conn()?;
        learned_translations::table
            .select(LearnedTranslation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Remembers a translation; a concurrent writer's identical entry wins quietly.
    pub fn learn(&self, row: &LearnedTranslation) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        unless_stored(
            diesel::insert_into(learned_translations::table)
                .values(row)
                .execute(&mut *conn),
        )
        .map_err(self.query_err())
    }
}
