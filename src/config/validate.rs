//! The rules a configuration must follow beyond its types, each broken
//! rule a message that names the setting (`load` turns it into a line of
//! the file).

use super::{Config, ConfigError, EngineKind};

/// Most HTTP worker threads: each holds its own runtime and buffers.
pub const MAX_HTTP_WORKERS: usize = 256;

impl Config {
    /// Checks every setting; the first broken rule is the error.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        if self.languages.is_empty() {
            return invalid("`languages` must name at least one language".into());
        }
        if !self.languages.contains(&self.pivot_language) {
            return invalid(format!(
                "`pivot_language` {} must be one of `languages`",
                self.pivot_language
            ));
        }
        for lang in &self.languages {
            if !crate::language::is_supported(lang) {
                return invalid(format!(
                    "language {lang:?} is not a supported ISO 639-1 code"
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.translation.fuzzy_threshold) {
            return invalid("`translation.fuzzy_threshold` must be between 0 and 1".into());
        }
        for p in &self.translation.order_patterns {
            if let Err(e) = regex::Regex::new(p) {
                return invalid(format!("`translation.order_patterns`: {e}"));
            }
        }
        self.validate_engines()?;
        self.web.validate()?;
        self.models.validate()?;
        let mut ids = std::collections::BTreeSet::new();
        for p in &self.pools {
            if !ids.insert(p.id.as_str()) {
                return invalid(format!("pool id {:?} is used twice", p.id));
            }
            p.to_pool()?;
        }
        for p in &self.pools {
            if let Some(x) = p.partners.iter().find(|x| !ids.contains(x.as_str())) {
                return invalid(format!("pool {}: unknown partner {x:?}", p.id));
            }
        }
        let mut channel_ids = std::collections::BTreeSet::new();
        for c in &self.channels {
            c.validate()?;
            if !channel_ids.insert(c.id.as_str()) {
                return invalid(format!("channel id {:?} is used twice", c.id));
            }
        }
        self.bot.validate()?;
        if let Some(l) = self
            .bot
            .languages
            .iter()
            .find(|l| !self.languages.contains(l))
        {
            return invalid(format!("`bot.languages`: {l:?} is not in `languages`"));
        }
        if !(10..=60_000).contains(&self.audit_checkpoint_ms) {
            return invalid("`audit_checkpoint_ms` must be between 10 and 60000".into());
        }
        if self.max_body_bytes < 256 {
            return invalid("`max_body_bytes` must be at least 256".into());
        }
        if self.http_workers > MAX_HTTP_WORKERS {
            return invalid(format!(
                "`http_workers` must be at most {MAX_HTTP_WORKERS} (0: one per CPU core)"
            ));
        }
        Ok(())
    }

    /// A `marian` engine: the build has the model code, every pair is two
    /// served languages, and there is a worker and a queue slot.
    fn validate_marian(&self, e: &super::EngineConfig) -> Result<(), ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(format!("engine {}: {m}", e.name)));
        if !cfg!(feature = "neural") {
            return invalid(
                "kind = \"marian\" needs crossdesk built with `--features neural`".into(),
            );
        }
        if e.models.is_empty() {
            return invalid(
                "`models` needs a model directory per pair, e.g. { \"es-en\" = \"models/es-en\" }"
                    .into(),
            );
        }
        for pair in e.models.keys() {
            let served = pair.split_once('-').is_some_and(|(a, b)| {
                self.languages.contains(&a.to_string()) && self.languages.contains(&b.to_string())
            });
            if !served {
                return invalid(format!(
                    "model pair {pair:?} is not two served languages as `from-to`"
                ));
            }
        }
        if e.workers == 0 || e.queue == 0 {
            return invalid("`workers` and `queue` must be positive".into());
        }
        if let Err(m) = e.weights.parse::<super::Weights>() {
            return invalid(m);
        }
        Ok(())
    }

    fn validate_engines(&self) -> Result<(), ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        let t = &self.translation;
        let mut names = std::collections::BTreeSet::from(["memory".to_string()]);
        for e in &t.engines {
            if !names.insert(e.name.clone()) {
                return invalid(format!(
                    "engine name {:?} is used twice (or is the reserved `memory`)",
                    e.name
                ));
            }
            if e.kind == EngineKind::Marian {
                self.validate_marian(e)?;
            } else if !(e.url.starts_with("http://") || e.url.starts_with("https://")) {
                return invalid(format!(
                    "engine {}: `url` must start with http:// or https://",
                    e.name
                ));
            }
            if e.jurisdiction.trim().is_empty() {
                return invalid(format!("engine {}: `jurisdiction` is required", e.name));
            }
            if e.kind == EngineKind::Openai && e.model.is_none() {
                return invalid(format!(
                    "engine {}: `model` is required for kind = \"openai\"",
                    e.name
                ));
            }
            if e.timeout_ms == 0 || e.max_batch == 0 || e.breaker_failures == 0 {
                return invalid(format!(
                    "engine {}: timeout_ms, max_batch and breaker_failures must be positive",
                    e.name
                ));
            }
            if let Some(l) = e.languages.iter().find(|l| !self.languages.contains(l)) {
                return invalid(format!(
                    "engine {}: language {l:?} is not in `languages`",
                    e.name
                ));
            }
        }
        for c in &t.chains {
            for side in [&c.from, &c.to] {
                if side != "*" && !self.languages.contains(side) {
                    return invalid(format!(
                        "chain {}→{}: {side:?} is not `*` or a served language",
                        c.from, c.to
                    ));
                }
            }
            if let Some(unknown) = c.engines.iter().find(|e| !names.contains(*e)) {
                return invalid(format!(
                    "chain {}→{}: unknown engine {unknown:?}",
                    c.from, c.to
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn http_workers_are_bounded() {
        let workers = |n: usize| {
            Config {
                http_workers: n,
                ..Config::default()
            }
            .validate()
        };
        assert!(workers(0).is_ok(), "0: one per core");
        assert!(workers(MAX_HTTP_WORKERS).is_ok());
        let err = workers(MAX_HTTP_WORKERS + 1).unwrap_err().to_string();
        assert!(err.contains("http_workers"), "{err}");
    }

    #[test]
    fn a_marian_engine_needs_the_feature_served_pairs_workers_and_known_weights() {
        let parse = |extra: &str| {
            toml::from_str::<Config>(&format!(
                "[[translation.engines]]\nname = \"local\"\nkind = \"marian\"\njurisdiction = \"DE\"\n{extra}"
            ))
            .unwrap()
            .validate()
        };
        let good = parse("models = { \"es-en\" = \"models/es-en\" }");
        if cfg!(feature = "neural") {
            good.unwrap();
            for bad in [
                "",
                "models = { \"es-xx\" = \"m\" }",
                "models = { \"es\" = \"m\" }",
                "models = { \"es-en\" = \"m\" }\nworkers = 0",
                "models = { \"es-en\" = \"m\" }\nweights = \"q4\"",
            ] {
                assert!(parse(bad).is_err(), "{bad}");
            }
            for weights in ["q8", "f32"] {
                parse(&format!(
                    "models = {{ \"es-en\" = \"m\" }}\nweights = {weights:?}"
                ))
                .unwrap();
            }
            let err = parse("models = { \"es-en\" = \"m\" }\nweights = \"F16\"")
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("engine local") && err.contains("\"F16\"") && err.contains("\"q8\""),
                "{err}"
            );
        } else {
            assert!(good.unwrap_err().to_string().contains("--features neural"));
        }
    }

    #[test]
    fn pivot_must_be_served() {
        let c = Config {
            pivot_language: "xx".into(),
            ..Config::default()
        };
        assert!(c.validate().is_err());
    }

    #[test]
    fn engines_and_chains_are_checked() {
        let parse = |extra: &str| {
            toml::from_str::<Config>(&format!("[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"http://x\"\njurisdiction = \"DE\"\n{extra}"))
                .unwrap()
                .validate()
        };
        assert!(parse("").is_ok());
        assert!(
            parse("[[translation.chains]]\nfrom = \"es\"\nengines = [\"memory\", \"libre\"]")
                .is_ok()
        );
        assert!(parse("[[translation.chains]]\nengines = [\"deepl\"]").is_err());
        assert!(parse("[[translation.chains]]\nfrom = \"xx\"\nengines = [\"libre\"]").is_err());
        assert!(parse("[[translation.engines]]\nname = \"libre\"\nkind = \"deepl\"\nurl = \"http://y\"\njurisdiction = \"DE\"").is_err());
        let no_model = toml::from_str::<Config>("[[translation.engines]]\nname = \"llm\"\nkind = \"openai\"\nurl = \"http://x\"\njurisdiction = \"US\"").unwrap();
        assert!(no_model.validate().is_err());
    }
}
