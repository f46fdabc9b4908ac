//! Revoked token ids.

use std::io::Write;
use std::path::Path;

use super::private_file::{FileError, write_private_file};

/// Why a token id could not be revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    /// What was given is not a token id.
    #[error("a token id is hex (printed when the token was made)")]
    NotAnId,
    #[error(transparent)]
    File(#[from] FileError),
}

/// Revoked token ids: the configuration's `revoked_tokens`, and the file
/// `crossdesk token revoke` appends to, read again when it changes (looked
/// at no more than once a second).
pub struct Revocations {
    fixed: std::collections::HashSet<String>,
    file: Option<std::path::PathBuf>,
    state: std::sync::Mutex<RevokedFile>,
}

#[derive(Default)]
struct RevokedFile {
    checked: Option<std::time::Instant>,
    modified: Option<std::time::SystemTime>,
    ids: std::collections::HashSet<String>,
}

impl Revocations {
    pub fn new(
        fixed: impl IntoIterator<Item = String>,
        file: Option<std::path::PathBuf>,
    ) -> Revocations {
        Revocations {
            fixed: fixed.into_iter().collect(),
            file,
            state: Default::default(),
        }
    }

    pub fn is_revoked(&self, id: &str) -> bool {
        if self.fixed.contains(id) {
            return true;
        }
        let Some(file) = &self.file else {
            return false;
        };
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if s.checked
            .is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(1))
        {
            s.checked = Some(std::time::Instant::now());
            let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
            if modified != s.modified {
                s.modified = modified;
                s.ids = std::fs::read_to_string(file)
                    .unwrap_or_default()
                    .lines()
                    .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect();
            }
        }
        s.ids.contains(id)
    }

    /// Appends `id` to the revocation file (created mode 0600).
    pub fn revoke(file: &Path, id: &str, note: &str) -> Result<(), RevokeError> {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(RevokeError::NotAnId);
        }
        if !file.exists() {
            write_private_file(file, b"# revoked token ids, one per line\n")?;
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(file)
            .map_err(FileError::at(file))?;
        f.write_all(format!("{id} # {note}\n").as_bytes())
            .map_err(FileError::at(file))?;
        Ok(())
    }
}
