//! Region policies (`policies/*.toml`): which countries belong to which
//! region, which store holds its data, which processors may receive its
//! shoppers' text and on which legal basis, what is redacted first, what is
//! sealed at rest and for how long data is kept. These files are what
//! compliance officers read, so every problem is reported as `file:line:`.
//! Every decision carries the SHA-256 of the normalised policy it was made
//! under.
//!
//! Pure: loading reads files, deciding does not touch anything.
//!
//! This module holds the policies in force and finds a shopper's region;
//! the rest is split by concern:
//! - `document`: a policy file as written, and the names it may use;
//! - `load`: reading and validating the files, and checking what they
//!   name against the deployment;
//! - `error`: a problem, located in its file;
//! - `hash`: the hash of a normalised policy;
//! - `check`: what `crossdesk policy check` reports, also per policy in force;
//! - `decide`: the transfer gate's decision for one hop.

mod check;
mod decide;
mod document;
mod error;
mod hash;
mod load;

pub use check::{CheckStatus, Deployment};
pub use decide::{Decision, Outcome};
pub use document::{
    BASES, PROCESSORS, RETAINED, RegionPolicy, SEALABLE, TransferRule, VOLUME_WARNING,
    VolumeThreshold,
};
pub use error::PolicyError;

use std::collections::HashMap;

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

/// All regions in force.
#[derive(Debug, Clone)]
pub struct Policies {
    regions: Vec<RegionPolicy>,
    by_country: HashMap<String, usize>,
    default: usize,
}

impl Policies {
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

    /// Regions whose pools may see `region`'s conversations.
    pub fn agent_regions(&self, region: &str) -> Vec<String> {
        self.region(region)
            .map(|p| p.agent_regions(&self.regions))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod fixtures {
    use std::path::PathBuf;

    pub fn src(name: &str, text: &str) -> (PathBuf, String) {
        (PathBuf::from(name), text.to_string())
    }

    pub const EU: &str = "id = \"eu\"\nname = \"EU\"\nversion = \"1\"\nstore = \"eu\"\ndefault = true\ncountries = [\"DE\", \"FR\"]\n";
    pub const CN: &str =
        "id = \"cn\"\nname = \"China\"\nversion = \"1\"\nstore = \"cn\"\ncountries = [\"CN\"]\n";
}

#[cfg(test)]
mod tests {
    use super::fixtures::{CN, EU, src};
    use super::*;

    #[test]
    fn country_maps_to_its_region_and_unknown_to_default() {
        let p = Policies::parse(&[src("eu.toml", EU), src("cn.toml", CN)]).unwrap();
        let (r, s) = p.region_for("cn");
        assert_eq!((r.id.as_str(), s), ("cn", RegionSource::Country));
        let (r, s) = p.region_for("ZZ");
        assert_eq!((r.id.as_str(), s), ("eu", RegionSource::Default));
    }
}
