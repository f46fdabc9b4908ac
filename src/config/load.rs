//! Reading `crossdesk.toml`: parse, validate, and point a validation
//! message at the line of the file it is about.

use std::path::Path;

use super::{Config, ConfigError};

/// The line of `text` (1-based) a validation message is about: the entry it
/// names (`engine NAME:`, `pool ID:`, `shop ID:`), then the key it quotes in
/// backticks, or else the value it quotes.
fn locate(text: &str, message: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let assigns = |l: &str, key: &str| {
        let l = l.trim_start();
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let mut from = 0;
    for (prefix, field) in [
        ("engine ", "name"),
        ("pool ", "id"),
        ("shop ", "id"),
        ("key ", ""),
    ] {
        if let Some(name) = message
            .strip_prefix(prefix)
            .and_then(|r| r.split([':', ' ']).next())
            .map(|n| n.trim_matches('"'))
            && let Some(i) = lines.iter().position(|l| {
                (field.is_empty() && l.contains(&format!("[keys.{name}]")))
                    || (assigns(l, field) && l.contains(&format!("\"{name}\"")))
            })
        {
            from = i;
        }
    }
    let quoted = |open: char, close: char| {
        message
            .split(open)
            .nth(1)
            .and_then(|r| r.split(close).next())
            .map(str::to_string)
    };
    if let Some(key) = quoted('`', '`') {
        let leaf = key
            .rsplit('.')
            .next()
            .unwrap_or(&key)
            .split_whitespace()
            .next()
            .unwrap_or("");
        if let Some(i) = lines[from..].iter().position(|l| assigns(l, leaf)) {
            return from + i + 1;
        }
    }
    if let Some(value) = quoted('"', '"')
        && let Some(i) = lines[from..]
            .iter()
            .position(|l| l.contains(&format!("\"{value}\"")))
    {
        return from + i + 1;
    }
    from + 1
}

impl Config {
    /// Reads `path`; a missing file gives the defaults, only when `required` is false.
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default());
            }
            Err(e) => {
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                });
            }
        };
        let config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.display().to_string(),
            line: e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .unwrap_or(1),
            reason: e.message().to_string(),
        })?;
        config.validate().map_err(|e| match e {
            ConfigError::Invalid(reason) => ConfigError::Value {
                path: path.display().to_string(),
                line: locate(&text, &reason),
                reason,
            },
            other => other,
        })?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_errors_name_the_line_of_the_value() {
        let text = "listen = \"127.0.0.1:8080\"\naudit_checkpoint_ms = 5\n";
        assert_eq!(
            locate(text, "`audit_checkpoint_ms` must be between 10 and 60000"),
            2
        );
        let text = "[bot]\nkind = \"faq\"\n\n[[translation.engines]]\nname = \"a\"\nurl = \"http://a\"\n[[translation.engines]]\nname = \"b\"\nurl = \"ftp://b\"\n";
        assert_eq!(
            locate(text, "engine b: `url` must start with http:// or https://"),
            9
        );
        let text = "languages = [\"en\", \"xx\"]\n";
        assert_eq!(
            locate(text, "language \"xx\" is not a supported ISO 639-1 code"),
            1
        );
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.toml");
        std::fs::write(&f, "listen = \"x\"\n\n[bot]\ntimeout_ms = 0\n").unwrap();
        let e = Config::load(&f, true).unwrap_err().to_string();
        assert!(
            e.ends_with("c.toml:4: `bot.timeout_ms` must be positive"),
            "{e}"
        );
    }

    #[test]
    fn parse_error_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "listen = \"x\"\n\nlanguages = 3\n").unwrap();
        let err = Config::load(&path, true).unwrap_err().to_string();
        assert!(err.contains("c.toml:3:"), "{err}");
    }

    #[test]
    fn unknown_key_is_rejected() {
        let err = toml::from_str::<Config>("lisen = \"x\"").unwrap_err();
        assert!(err.to_string().contains("lisen"));
    }

    #[test]
    fn missing_file_gives_defaults_only_when_optional() {
        let p = Path::new("/nonexistent/crossdesk.toml");
        assert!(Config::load(p, false).is_ok());
        assert!(Config::load(p, true).is_err());
    }
}
