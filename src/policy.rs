//! Region policies (`policies/*.toml`): which countries belong to which
//! region and which store holds that region's data. These files are what
//! compliance officers read, so every problem is reported as `file:line:`.
//!
//! Pure: loading reads files, deciding does not touch anything.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One region's policy as written in its file.
#[derive(Debug, Clone, Deserialize)]
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
    /// Regions whose agent pools may see this region's conversations.
    #[serde(default)]
    pub agent_regions: Vec<String>,
    #[serde(skip)]
    pub file: PathBuf,
}

/// How a conversation's region was chosen; recorded with the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// The shopper's country is listed in the region's policy.
    Country,
    /// No policy lists the country: the declared default region.
    Default,
}

impl RegionSource {
    pub fn as_str(self) -> &'static str {
        match self {
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
            for r in &p.agent_regions {
                if !ids.contains_key(r) {
                    errors.push(PolicyError {
                        file: p.file.display().to_string(),
                        line: line_of(text, "agent_regions"),
                        message: format!("agent region {r:?} is not a known region"),
                    });
                }
            }
        }
        match defaults.len() {
            1 => {}
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
        let regions: Vec<RegionPolicy> = regions.into_iter().map(|(p, _)| p).collect();
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

    pub fn region(&self, id: &str) -> Option<&RegionPolicy> {
        self.regions.iter().find(|p| p.id == id)
    }

    pub fn regions(&self) -> &[RegionPolicy] {
        &self.regions
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
        let errs = Policies::parse(&[src("cn.toml", CN), src("bad.toml", "id = \"x\"\nname = \n")])
            .unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter().any(|e| e.starts_with("bad.toml:2:")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|e| e.contains("default = true")),
            "{text:?}"
        );
    }

    #[test]
    fn bad_country_code_and_unknown_agent_region() {
        let eu = EU.replace("\"FR\"]", "\"fr\"]\nagent_regions = [\"mars\"]");
        let errs = Policies::parse(&[src("eu.toml", &eu)]).unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter().any(|e| e.contains("\"fr\" is not an ISO")),
            "{text:?}"
        );
        assert!(text.iter().any(|e| e.contains("\"mars\"")), "{text:?}");
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
