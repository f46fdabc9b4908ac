//! The transfer gate's decision for one hop: may a region's shopper text
//! go to a processor in a jurisdiction, and on which basis.

use serde::Serialize;

use super::Policies;

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

impl Policies {
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
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{CN, EU, src};
    use super::*;

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
}
