//! Region policies (`policies/*.toml`): which countries belong to which
//! region, which store holds its data, which processors may receive its
//! shoppers' text and on which legal basis, what is redacted first, what is
//! sealed at rest and for how long data is kept. These files are what
//! compliance officers read, so every problem is reported as `file:line:`.
//! Every decision carries the SHA-256 of the normalised policy it was made
//! under.
//!
//! Pure: loading reads files, deciding does not touch anything.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Kinds of processor a shopper's text can travel to (`crate::gate::Processor`).
pub const PROCESSORS: &[&str] = &["translation_engine", "core_bot", "agent_pool"];
/// Legal bases a transfer may rest on.
pub const BASES: &[&str] = &[
    "adequacy",
    "scc",
    "bcr",
    "consent",
    "contract-necessity",
    "standard-contract",
    "security-assessment",
    "certification",
];
/// Fields that can be sealed at rest.
pub const SEALABLE: &[&str] = &[
    "message_text",
    "translated_text",
    "shopper_id",
    "learned_source",
];
/// Data classes with a retention period.
pub const RETAINED: &[&str] = &["messages", "conversations", "learned_translations", "audit"];

/// A permitted destination for one kind of processor.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRule {
    /// `translation_engine`, `core_bot` or `agent_pool`.
    pub processor: String,
    /// Where: ISO 3166 countries, region ids, or `*`.
    pub to: Vec<String>,
    /// The legal basis (GDPR Art. 45/46/49, PIPL Art. 38…).
    pub basis: String,
    /// Only after PII redaction.
    #[serde(default)]
    pub redact: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A volume of data subjects whose data left the region within one calendar
/// year, above which the law asks for more (PIPL: the CAC's 2024
/// Provisions on cross-border data flows count distinct individuals since
/// 1 January). Officers are warned from [`VOLUME_WARNING`] of it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VolumeThreshold {
    /// Distinct data subjects since 1 January.
    pub subjects: u64,
    /// What the law asks for from this volume on.
    pub requires: String,
}

/// Share of a volume threshold from which officers are warned.
pub const VOLUME_WARNING: f64 = 0.8;

/// One region's policy as written in its file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionPolicy {
    /// Short id (`eu`, `us`, `cn`, `apac`), also the store's region key.
    pub id: String,
    pub name: String,
    /// Policy version, bumped by the compliance team on every change.
    pub version: String,
    /// Name of the store that holds this region's data (see `[stores]` in
    /// `crossdesk.toml`; default a SQLite file `data/<store>.db`).
    pub store: String,
    /// ISO 3166-1 alpha-2 codes, upper case.
    pub countries: Vec<String>,
    /// Exactly one region takes shoppers whose country no policy lists.
    #[serde(default)]
    pub default: bool,
    /// Id of the region key that seals this region's fields.
    #[serde(default)]
    pub key: Option<String>,
    /// PII kinds redacted before any transfer whose rule asks for it.
    #[serde(default)]
    pub redact: Vec<String>,
    /// Fields sealed at rest with the region key.
    #[serde(default)]
    pub sealed: Vec<String>,
    /// Days each data class is kept.
    #[serde(default)]
    pub retention: BTreeMap<String, u32>,
    /// Where shopper text may go outside the region. Default: nowhere.
    #[serde(default)]
    pub transfers: Vec<TransferRule>,
    /// Yearly transfer volumes that change what the law requires.
    #[serde(default)]
    pub volume_thresholds: Vec<VolumeThreshold>,
    #[serde(skip)]
    pub file: PathBuf,
    /// SHA-256 (hex) of the normalised policy (not part of what it hashes).
    #[serde(skip)]
    pub hash: String,
}

/// What the policy says about one hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allow,
    AllowRedacted,
    Deny,
}

/// One hop's decision, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub region: String,
    pub processor: String,
    pub jurisdiction: Option<String>,
    pub outcome: Outcome,
    /// `in-region`, or the rule's legal basis; absent when denied.
    pub basis: Option<String>,
    pub policy_version: String,
    pub policy_hash: String,
}

impl RegionPolicy {
    /// Regions whose agent pools may see this region's conversations: its
    /// own, and those an `agent_pool` rule names.
    pub fn agent_regions(&self, all: &[RegionPolicy]) -> Vec<String> {
        let mut out = vec![self.id.clone()];
        for r in all {
            if r.id != self.id && self.rule_for("agent_pool", &r.id, r.id.as_str()).is_some() {
                out.push(r.id.clone());
            }
        }
        out
    }

    fn rule_for(
        &self,
        processor: &str,
        jurisdiction: &str,
        region_of_it: &str,
    ) -> Option<&TransferRule> {
        self.transfers.iter().find(|t| {
            t.processor == processor
                && t.to
                    .iter()
                    .any(|d| d == "*" || d.eq_ignore_ascii_case(jurisdiction) || d == region_of_it)
        })
    }
}

/// How a conversation's region was chosen; recorded with the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// The country in the shop's signed shopper assertion is listed in the
    /// region's policy (it wins over the declared one).
    Assertion,
    /// The shopper's declared country is listed in the region's policy.
    Country,
    /// No policy lists the country: the declared default region.
    Default,
}

impl RegionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionSource::Assertion => "assertion",
            RegionSource::Country => "country",
            RegionSource::Default => "default",
        }
    }
}

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

/// All regions in force.
#[derive(Debug, Clone)]
pub struct Policies {
    regions: Vec<RegionPolicy>,
    by_country: HashMap<String, usize>,
    default: usize,
}

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

    /// The region for a shopper's country (ISO 3166-1 alpha-2, any case).
    pub fn region_for(&self, country: &str) -> (&RegionPolicy, RegionSource) {
        match self.by_country.get(&country.to_ascii_uppercase()) {
            Some(&i) => (&self.regions[i], RegionSource::Country),
            None => (&self.regions[self.default], RegionSource::Default),
        }
    }

    /// The region that takes shoppers of no known country.
    pub fn default_region(&self) -> &RegionPolicy {
        &self.regions[self.default]
    }

    pub fn region(&self, id: &str) -> Option<&RegionPolicy> {
        self.regions.iter().find(|p| p.id == id)
    }

    pub fn regions(&self) -> &[RegionPolicy] {
        &self.regions
    }

    /// The region a jurisdiction (a country code or a region id) belongs to.
    pub fn region_of_jurisdiction(&self, j: &str) -> Option<&str> {
        if let Some(r) = self.regions.iter().find(|r| r.id == j) {
            return Some(&r.id);
        }
        self.by_country
            .get(&j.to_ascii_uppercase())
            .map(|&i| self.regions[i].id.as_str())
    }

    /// The transfer gate: may `region`'s shopper text go to a `processor`
    /// in `jurisdiction` (`None`: runs inside the proxy)? In-region and
    /// in-process hops are allowed; others need a rule; default deny.
    pub fn decide(&self, region: &str, processor: &str, jurisdiction: Option<&str>) -> Decision {
        let Some(policy) = self.region(region) else {
            return Decision {
                region: region.into(),
                processor: processor.into(),
                jurisdiction: jurisdiction.map(str::to_string),
                outcome: Outcome::Deny,
                basis: None,
                policy_version: String::new(),
                policy_hash: String::new(),
            };
        };
        let home = self
            .region_of_jurisdiction(jurisdiction.unwrap_or(region))
            .unwrap_or("");
        let (outcome, basis) = if jurisdiction.is_none() || home == policy.id {
            (Outcome::Allow, Some("in-region".to_string()))
        } else {
            match policy.rule_for(processor, jurisdiction.unwrap_or_default(), home) {
                Some(rule) if rule.redact => (Outcome::AllowRedacted, Some(rule.basis.clone())),
                Some(rule) => (Outcome::Allow, Some(rule.basis.clone())),
                None => (Outcome::Deny, None),
            }
        };
        Decision {
            region: region.into(),
            processor: processor.into(),
            jurisdiction: jurisdiction.map(str::to_string),
            outcome,
            basis,
            policy_version: policy.version.clone(),
            policy_hash: policy.hash.clone(),
        }
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

    /// Regions whose pools may see `region`'s conversations.
    pub fn agent_regions(&self, region: &str) -> Vec<String> {
        self.region(region)
            .map(|p| p.agent_regions(&self.regions))
            .unwrap_or_default()
    }
}

/// SHA-256 of the policy as canonical JSON (keys sorted, comments and
/// layout gone): two files that say the same thing hash the same.
fn hash_of(p: &RegionPolicy) -> String {
    let value = serde_json::to_value(p).unwrap_or_default();
    let canonical = canonical_json(&value);
    hex::encode(ring::digest::digest(
        &ring::digest::SHA256,
        canonical.as_bytes(),
    ))
}

fn canonical_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::Value::String((*k).clone()),
                        canonical_json(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Line of the first non-comment line mentioning `needle` (1 when absent).
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| !l.trim_start().starts_with('#') && l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(name: &str, text: &str) -> (PathBuf, String) {
        (PathBuf::from(name), text.to_string())
    }

    const EU: &str = "id = \"eu\"\nname = \"EU\"\nversion = \"1\"\nstore = \"eu\"\ndefault = true\ncountries = [\"DE\", \"FR\"]\n";
    const CN: &str =
        "id = \"cn\"\nname = \"China\"\nversion = \"1\"\nstore = \"cn\"\ncountries = [\"CN\"]\n";

    #[test]
    fn country_maps_to_its_region_and_unknown_to_default() {
        let p = Policies::parse(&[src("eu.toml", EU), src("cn.toml", CN)]).unwrap();
        let (r, s) = p.region_for("cn");
        assert_eq!((r.id.as_str(), s), ("cn", RegionSource::Country));
        let (r, s) = p.region_for("ZZ");
        assert_eq!((r.id.as_str(), s), ("eu", RegionSource::Default));
    }

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
    fn the_gate_allows_in_region_follows_rules_and_denies_by_default() {
        let eu = format!(
            "{EU}[[transfers]]\nprocessor = \"translation_engine\"\nto = [\"US\"]\nbasis = \"scc\"\nredact = true\n[[transfers]]\nprocessor = \"agent_pool\"\nto = [\"cn\"]\nbasis = \"consent\"\n"
        );
        let p = Policies::parse(&[src("eu.toml", &eu), src("cn.toml", CN)]).unwrap();
        let d = p.decide("eu", "translation_engine", Some("DE"));
        assert_eq!(
            (d.outcome, d.basis.as_deref()),
            (Outcome::Allow, Some("in-region"))
        );
        assert_eq!(d.policy_hash.len(), 64);
        let d = p.decide("eu", "translation_engine", Some("US"));
        assert_eq!(
            (d.outcome, d.basis.as_deref()),
            (Outcome::AllowRedacted, Some("scc"))
        );
        assert_eq!(
            p.decide("eu", "core_bot", Some("US")).outcome,
            Outcome::Deny
        );
        assert_eq!(
            p.decide("eu", "agent_pool", Some("cn")).outcome,
            Outcome::Allow
        );
        assert_eq!(
            p.decide("cn", "translation_engine", Some("DE")).outcome,
            Outcome::Deny
        );
        assert_eq!(p.decide("cn", "core_bot", None).outcome, Outcome::Allow);
        assert_eq!(p.agent_regions("eu"), ["eu", "cn"]);
        assert_eq!(p.agent_regions("cn"), ["cn"]);
    }

    #[test]
    fn the_hash_ignores_layout_and_comments_but_not_content() {
        let a = Policies::parse(&[src("eu.toml", EU)]).unwrap();
        let b = Policies::parse(&[src(
            "eu.toml",
            &format!("# comment\n{}", EU.replace(" = ", "=")),
        )])
        .unwrap();
        let c =
            Policies::parse(&[src("eu.toml", &EU.replace("\"FR\"]", "\"FR\", \"IT\"]"))]).unwrap();
        assert_eq!(a.regions()[0].hash, b.regions()[0].hash);
        assert_ne!(a.regions()[0].hash, c.regions()[0].hash);
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
