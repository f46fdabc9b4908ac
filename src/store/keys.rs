//! The data_keys table of a key store: each conversation's data key,
//! wrapped by the region's key-encryption key, created once, rewrapped on
//! key rotation, destroyed on erasure (crypto-shredding, [`super::erase`]).

use diesel::prelude::*;

use super::calls::unless_stored;
use super::models::DataKey;
use super::schema::data_keys;
use super::{Store, StoreError};

impl Store {
    /// A wrapped data key (key stores only).
    pub fn data_key(&self, owner: &str) -> Result<Option<DataKey>, StoreError> {
        let mut conn = self.conn()?;
        let mut rows: Vec<DataKey> = data_keys::table
            .filter(data_keys::owner.eq(owner))
            .select(DataKey::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows.pop())
    }

    /// Stores a new data key unless one exists for the owner (a concurrent
    /// writer may have been first: the caller reads it back).
    pub fn put_data_key(&self, key: &DataKey) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        unless_stored(
            diesel::insert_into(data_keys::table)
                .values(key)
                .execute(&mut *conn),
        )
        .map_err(self.query_err())
    }

    pub fn all_data_keys(&self) -> Result<Vec<DataKey>, StoreError> {
        let mut conn = self.conn()?;
        data_keys::table
            .select(DataKey::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Replaces a data key's wrapping (key rotation); the data key itself,
    /// and so every ciphertext, stays the same.
    pub fn rewrap(&self, owner: &str, key_version: i32, wrapped: &str) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::update(data_keys::table.filter(data_keys::owner.eq(owner)))
            .set((
                data_keys::key_version.eq(key_version),
                data_keys::wrapped.eq(wrapped),
            ))
            .execute(&mut *conn)
            .map_err(self.query_err())?;
        Ok(())
    }

    /// Destroys data keys: what they sealed can never be opened again.
    pub fn destroy_data_keys(&self, owners: &[String]) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::delete(data_keys::table.filter(data_keys::owner.eq_any(owners)))
            .execute(&mut *conn)
            .map_err(self.query_err())
    }
}
