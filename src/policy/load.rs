//! Reading and validating the policy files: every problem of every file
//! is reported at once, with its line; and the stores and keys they name
//! checked against the deployment.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Policies;
use super::document::{BASES, PROCESSORS, RETAINED, RegionPolicy, SEALABLE};
use super::error::{PolicyError, line_at, line_of};
use super::hash::hash_of;

impl Policies {
    /// Loads and validates every `*.toml` in `dir`; returns every problem found.
    pub fn load_dir(dir: &Path) -> Result<Policies, Vec<PolicyError>> {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect(),
            Err(e) => {
                return Err(vec![PolicyError {
                    file: dir.display().to_string(),
                    line: 0,
                    message: format!("cannot read policy folder: {e}"),
                }]);
            }
        };
        files.sort();
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for file in files {
            match std::fs::read_to_string(&file) {
                Ok(text) => sources.push((file, text)),
                Err(e) => errors.push(PolicyError {
                    file: file.display().to_string(),
                    line: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        match Policies::parse(&sources) {
            Ok(p) if errors.is_empty() => Ok(p),
            Ok(_) => Err(errors),
            Err(mut more) => {
                errors.append(&mut more);
                Err(errors)
            }
        }
    }

    /// Parses and validates policy texts (file name, contents).
    pub fn parse(sources: &[(PathBuf, String)]) -> Result<Policies, Vec<PolicyError>> {
        let mut errors = Vec::new();
        let mut regions: Vec<(RegionPolicy, &str)> = Vec::new();
        for (file, text) in sources {
            let name = file.display().to_string();
            match toml::from_str::<RegionPolicy>(text) {
                Ok(mut p) => {
                    p.file = file.clone();
                    regions.push((p, text));
                }
                Err(e) => errors.push(PolicyError {
                    file: name,
                    line: e.span().map(|s| line_at(text, s.start)).unwrap_or(1),
                    message: e.message().trim().to_string(),
                }),
            }
        }
        if sources.is_empty() {
            errors.push(PolicyError {
                file: "policies".into(),
                line: 0,
                message: "no policy files".into(),
            });
        }
        // A file that did not parse is missing from the checks across files
        // below: they would report its absence (no default region, unknown
        // region ids) as errors of the other files.
        let broken = !errors.is_empty();
        let mut by_country: HashMap<String, usize> = HashMap::new();
        let mut defaults = Vec::new();
        let mut ids: HashMap<String, String> = HashMap::new();
        for (i, (p, text)) in regions.iter().enumerate() {
            let file = p.file.display().to_string();
            let err = |needle: &str, message: String| PolicyError {
                file: file.clone(),
                line: line_of(text, needle),
                message,
            };
            if !valid_id(&p.id) {
                errors.push(err(
                    "id",
                    format!(
                        "region id {:?} must be lower-case letters, digits or '-'",
                        p.id
                    ),
                ));
            }
            if let Some(other) = ids.insert(p.id.clone(), file.clone()) {
                errors.push(err(
                    "id",
                    format!("region id {:?} is also used by {other}", p.id),
                ));
            }
            if !valid_id(&p.store) {
                errors.push(err(
                    "store",
                    format!(
                        "store name {:?} must be lower-case letters, digits or '-'",
                        p.store
                    ),
                ));
            }
            if p.default {
                defaults.push(file.clone());
            }
            if p.countries.is_empty() && !p.default {
                errors.push(err(
                    "countries",
                    "a region must list at least one country".into(),
                ));
            }
            for c in &p.countries {
                if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                    errors.push(err(
                        &format!("\"{c}\""),
                        format!("country {c:?} is not an ISO 3166-1 alpha-2 code in upper case"),
                    ));
                    continue;
                }
                if let Some(&j) = by_country.get(c) {
                    errors.push(err(
                        &format!("\"{c}\""),
                        format!("country {c} is also in region {}", regions[j].0.id),
                    ));
                } else {
                    by_country.insert(c.clone(), i);
                }
            }
        }
        for (p, text) in &regions {
            let file = p.file.display().to_string();
            let err = |needle: &str, message: String| PolicyError {
                file: file.clone(),
                line: line_of(text, needle),
                message,
            };
            for kind in &p.redact {
                if !crate::privacy::KINDS.contains(&kind.as_str()) {
                    errors.push(err(
                        &format!("\"{kind}\""),
                        format!(
                            "unknown PII kind {kind:?} (known: {})",
                            crate::privacy::KINDS.join(", ")
                        ),
                    ));
                }
            }
            for field in &p.sealed {
                if !SEALABLE.contains(&field.as_str()) {
                    errors.push(err(
                        &format!("\"{field}\""),
                        format!(
                            "unknown sealed field {field:?} (known: {})",
                            SEALABLE.join(", ")
                        ),
                    ));
                }
            }
            if !p.sealed.is_empty() && p.key.is_none() {
                errors.push(err("sealed", "sealed fields need a `key`".into()));
            }
            for (class, days) in &p.retention {
                if !RETAINED.contains(&class.as_str()) {
                    errors.push(err(
                        class,
                        format!(
                            "unknown data class {class:?} (known: {})",
                            RETAINED.join(", ")
                        ),
                    ));
                } else if *days == 0 {
                    errors.push(err(
                        class,
                        format!("retention of {class} must be at least 1 day"),
                    ));
                }
            }
            for v in &p.volume_thresholds {
                if v.subjects == 0 || v.requires.trim().is_empty() {
                    errors.push(err(
                        "volume_thresholds",
                        "a volume threshold needs `subjects` above 0 and what it `requires`".into(),
                    ));
                }
            }
            for t in &p.transfers {
                let at = |m: String| err(&format!("processor = \"{}\"", t.processor), m);
                if !PROCESSORS.contains(&t.processor.as_str()) {
                    errors.push(at(format!(
                        "unknown processor kind {:?} (known: {})",
                        t.processor,
                        PROCESSORS.join(", ")
                    )));
                }
                if t.basis.trim().is_empty() {
                    errors.push(at("a destination without legal basis".into()));
                } else if !BASES.contains(&t.basis.as_str()) {
                    errors.push(at(format!(
                        "unknown legal basis {:?} (known: {})",
                        t.basis,
                        BASES.join(", ")
                    )));
                }
                if t.to.is_empty() {
                    errors.push(at("a transfer rule needs at least one destination".into()));
                }
                for d in &t.to {
                    let country = d.len() == 2 && d.bytes().all(|b| b.is_ascii_uppercase());
                    if d != "*" && !country && !ids.contains_key(d) && !broken {
                        errors.push(at(format!(
                            "destination {d:?} is not a country code, a region id or *"
                        )));
                    }
                }
            }
        }
        match defaults.len() {
            1 => {}
            0 if broken => {}
            0 if !regions.is_empty() => errors.push(PolicyError {
                file: "policies".into(),
                line: 0,
                message: "no region declares `default = true`; shoppers from unlisted countries would have no region".into(),
            }),
            0 => {}
            _ => errors.push(PolicyError {
                file: defaults[1].clone(),
                line: 0,
                message: format!("more than one default region ({})", defaults.join(", ")),
            }),
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let regions: Vec<RegionPolicy> = regions
            .into_iter()
            .map(|(mut p, _)| {
                p.hash = hash_of(&p);
                p
            })
            .collect();
        let default = regions.iter().position(|p| p.default).unwrap_or(0);
        Ok(Policies {
            regions,
            by_country,
            default,
        })
    }

    /// Stores and keys the policies name but the deployment does not have.
    /// `None` means any name is fine (embedded mode: a SQLite file or key
    /// file is created for it).
    pub fn check_references(
        &self,
        stores: Option<&[String]>,
        keys: Option<&[String]>,
    ) -> Vec<PolicyError> {
        let mut errors = Vec::new();
        for p in &self.regions {
            let text = std::fs::read_to_string(&p.file).unwrap_or_default();
            let file = p.file.display().to_string();
            if let Some(stores) = stores
                && !stores.contains(&p.store)
            {
                errors.push(PolicyError {
                    file: file.clone(),
                    line: line_of(&text, "store"),
                    message: format!(
                        "unknown store {:?} (configured: {})",
                        p.store,
                        stores.join(", ")
                    ),
                });
            }
            if let (Some(keys), Some(key)) = (keys, &p.key)
                && !keys.contains(key)
            {
                errors.push(PolicyError {
                    file,
                    line: line_of(&text, "key"),
                    message: format!("unknown key {key:?} (configured: {})", keys.join(", ")),
                });
            }
        }
        errors
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{CN, EU, src};
    use super::*;

    #[test]
    fn country_in_two_regions_is_reported_with_its_line() {
        let cn = CN.replace("[\"CN\"]", "[\"CN\",\n  \"DE\"]");
        let errs = Policies::parse(&[src("eu.toml", EU), src("cn.toml", &cn)]).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(
            errs[0].to_string(),
            "cn.toml:6: country DE is also in region eu"
        );
    }

    #[test]
    fn missing_default_and_syntax_errors_are_reported() {
        let errs = Policies::parse(&[src("cn.toml", CN)]).unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter().any(|e| e.contains("default = true")),
            "{text:?}"
        );
        // A file that does not parse is reported alone: the default region
        // it may declare is not reported missing.
        let errs = Policies::parse(&[src("cn.toml", CN), src("bad.toml", "id = \"x\"\nname = \n")])
            .unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(text[0].starts_with("bad.toml:2:"), "{text:?}");
    }

    #[test]
    fn bad_country_code_and_unknown_destination() {
        let eu = EU.replace(
            "\"FR\"]",
            "\"fr\"]\n[[transfers]]\nprocessor = \"agent_pool\"\nto = [\"mars\"]\nbasis = \"scc\"",
        );
        let errs = Policies::parse(&[src("eu.toml", &eu)]).unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter().any(|e| e.contains("\"fr\" is not an ISO")),
            "{text:?}"
        );
        assert!(text.iter().any(|e| e.contains("\"mars\"")), "{text:?}");
    }

    #[test]
    fn semantic_errors_name_their_line() {
        let eu = format!(
            "{EU}redact = [\"email\", \"dna\"]\nsealed = [\"message_text\"]\n[retention]\nmessages = 0\n[[transfers]]\nprocessor = \"translation_engine\"\nto = [\"US\"]\nbasis = \"\"\n[[transfers]]\nprocessor = \"carrier_pigeon\"\nto = [\"US\"]\nbasis = \"scc\"\n"
        );
        let errs = Policies::parse(&[src("eu.toml", &eu)]).unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(text.contains(&"eu.toml:7: unknown PII kind \"dna\" (known: email, phone, payment_card, iban, cn_resident_id, us_ssn, es_dni, national_id, passport, ip)".to_string()), "{text:?}");
        assert!(
            text.contains(&"eu.toml:8: sealed fields need a `key`".to_string()),
            "{text:?}"
        );
        assert!(
            text.contains(&"eu.toml:10: retention of messages must be at least 1 day".to_string()),
            "{text:?}"
        );
        assert!(
            text.contains(&"eu.toml:12: a destination without legal basis".to_string()),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("eu.toml:16: unknown processor kind \"carrier_pigeon\"")),
            "{text:?}"
        );
    }

    #[test]
    fn shipped_policies_are_valid() {
        let p = Policies::load_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("policies")
                .as_path(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(p.regions().len() >= 4);
        assert_eq!(p.region_for("CN").0.id, "cn");
        assert_eq!(p.region_for("DE").0.id, "eu");
        assert_eq!(p.region_for("US").0.id, "us");
        assert_eq!(p.region_for("JP").0.id, "apac");
    }
}
