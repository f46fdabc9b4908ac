//! Files that hold secrets: readable by the owner only (mode 0600), never
//! overwritten in place.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file (or folder) that could not be created, read or written: which
/// one, and the system's reason. Never the bytes it was to hold.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl FileError {
    /// For `map_err`: the I/O error of an operation on `path`.
    pub fn at(path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
        move |source| FileError {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Creates `file` (and its folder) with `bytes`, readable by the owner only
/// (mode 0600), refusing to overwrite: every secret the proxy generates
/// (token, audit, region and signing keys) is written this way.
pub fn write_private_file(file: &Path, bytes: &[u8]) -> Result<(), FileError> {
    if let Some(dir) = file.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(FileError::at(dir))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(file).map_err(FileError::at(file))?;
    f.write_all(bytes).map_err(FileError::at(file))
}

/// Writes `bytes` to `file` atomically with mode 0600: a temporary file
/// beside it, then a rename, so a reader sees the old or the new content
/// and never a group- or world-readable key.
pub fn replace_private_file(file: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let tmp = file.with_extension("tmp-new");
    let _ = std::fs::remove_file(&tmp);
    write_private_file(&tmp, bytes)?;
    std::fs::rename(&tmp, file).map_err(FileError::at(file))
}
