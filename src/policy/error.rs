//! A problem in a policy file, located by file and line: compliance
//! officers read the files, so every problem points into one.

/// One problem in one policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Line of the byte `offset` of `text`.
pub(super) fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Line of the first non-comment line mentioning `needle` (1 when absent).
pub(super) fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| !l.trim_start().starts_with('#') && l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or(1)
}
