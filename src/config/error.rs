//! Why a configuration cannot be used: the file cannot be read, is not
//! valid TOML, or holds a value that is not allowed, each naming the file
//! and line when there is one.

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}:{line}: {reason}")]
    Parse {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("config: {0}")]
    Invalid(String),
    /// A value the file gives is invalid, and where.
    #[error("{path}:{line}: {reason}")]
    Value {
        path: String,
        line: usize,
        reason: String,
    },
}
