//! The compliance officers' side: read-only views of the policies in force,
//! the audit log and the records of transfers. Compliance tokens expire and
//! can be revoked; every access is itself audited. No message text is ever
//! returned: the audit log holds none. The policy simulator (`simulate`)
//! answers what the proxy would decide for a message, without sending it;
//! `integrity` verifies and exports the audit log as the CLI does.

mod integrity;
mod simulate;

pub use integrity::Export;
pub use simulate::{Hop, SimulateRequest, Simulation};

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, TimeZone, Utc};

use serde::Serialize;

use super::Pipeline;
use crate::crypto::ComplianceClaims;
use crate::pipeline::Error;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PolicyView {
    pub id: String,
    pub name: String,
    pub version: String,
    /// SHA-256 of the normalised policy.
    pub hash: String,
    /// `crossdesk policy check` of the policy folder now, for this policy:
    /// its file's problems, or that the file no longer says what is in force.
    pub check: crate::policy::CheckStatus,
    #[schema(value_type = Object)]
    pub policy: serde_json::Value,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditView {
    pub region: String,
    pub seq: i64,
    pub at: i64,
    pub kind: String,
    pub subject: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    pub policy_hash: String,
}

/// One line of the records of transfers (GDPR Art. 30, PIPL volumes).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TransferRecord {
    pub region: String,
    pub processor: String,
    pub name: String,
    pub jurisdiction: Option<String>,
    pub outcome: String,
    pub basis: Option<String>,
    /// Messages that made (or were denied) this hop.
    pub messages: usize,
    /// Distinct conversations among them.
    pub conversations: usize,
    /// Distinct data subjects among them (shoppers the shop identified,
    /// counted once across their conversations; others per conversation).
    pub data_subjects: usize,
}

/// Yearly cross-border volume of one region, against its policy's lines.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Volume {
    pub region: String,
    pub year: i32,
    /// Start of the count (1 January, UTC), Unix milliseconds.
    pub since: i64,
    /// Distinct data subjects whose text left the region this year.
    pub data_subjects: usize,
    /// Messages that left the region this year (one per hop).
    pub transfers: usize,
    pub thresholds: Vec<ThresholdStatus>,
    /// Lines reached or approached, in words.
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ThresholdStatus {
    pub subjects: u64,
    pub requires: String,
    /// `below`, `approaching` (from 80 %) or `reached`.
    pub status: String,
    /// data_subjects / subjects.
    pub ratio: f64,
}

/// Filters of the audit and transfer views.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub region: Option<String>,
    pub kind: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl Pipeline {
    /// Checks a compliance token: signature, expiry, revocation.
    pub fn compliance_claims(&self, token: Option<&str>) -> Result<ComplianceClaims, Error> {
        let token = token.ok_or(Error::Unauthorized)?;
        let claims = self
            .tokens
            .verify_compliance(token, self.clock.now().timestamp())
            .map_err(|_| Error::Unauthorized)?;
        if self.revoked.is_revoked(&claims.id) {
            return Err(Error::Unauthorized);
        }
        Ok(claims)
    }

    fn regions_for(&self, filter: &Filter) -> Result<Vec<String>, Error> {
        match &filter.region {
            Some(r) if self.policies.region(r).is_some() => Ok(vec![r.clone()]),
            Some(r) => Err(Error::invalid("unknown_region", format!("no region {r:?}"))),
            None => Ok(self
                .policies
                .regions()
                .iter()
                .map(|p| p.id.clone())
                .collect()),
        }
    }

    /// Records the access in every region it read.
    async fn audit_access(
        &self,
        claims: &ComplianceClaims,
        endpoint: &str,
        regions: &[String],
    ) -> Result<(), Error> {
        for region in regions {
            let store = self.stores.get(region)?.clone();
            let hash = self
                .policies
                .region(region)
                .map(|p| p.hash.clone())
                .unwrap_or_default();
            let detail = serde_json::json!({"officer": claims.officer, "token": claims.id, "endpoint": endpoint});
            self.audit(&store, "compliance_access", "-", detail, &hash)
                .await?;
        }
        Ok(())
    }

    pub async fn compliance_policies(
        &self,
        claims: &ComplianceClaims,
    ) -> Result<Vec<PolicyView>, Error> {
        let regions: Vec<String> = self
            .policies
            .regions()
            .iter()
            .map(|p| p.id.clone())
            .collect();
        self.audit_access(claims, "policies", &regions).await?;
        let (policies, deployment) = (self.policies.clone(), self.policy_deployment.clone());
        let mut checks = tokio::task::spawn_blocking(move || policies.check_in_force(&deployment))
            .await
            .map_err(|e| Error::internal("checking the policies", e))?;
        Ok(self
            .policies
            .regions()
            .iter()
            .map(|p| PolicyView {
                id: p.id.clone(),
                name: p.name.clone(),
                version: p.version.clone(),
                hash: p.hash.clone(),
                check: checks
                    .remove(&p.id)
                    .expect("every policy in force is checked"),
                policy: serde_json::to_value(p).unwrap_or_default(),
            })
            .collect())
    }

    async fn entries(&self, filter: &Filter) -> Result<Vec<AuditView>, Error> {
        let mut out = Vec::new();
        for region in self.regions_for(filter)? {
            let store = self.stores.get(&region)?.clone();
            let entries = store.run(|s| s.audit_entries()).await?;
            out.extend(
                entries
                    .into_iter()
                    .filter(|e| filter.kind.as_ref().is_none_or(|k| *k == e.kind))
                    .filter(|e| {
                        filter.from.is_none_or(|f| e.at >= f) && filter.to.is_none_or(|t| e.at <= t)
                    })
                    .map(|e| AuditView {
                        region: region.clone(),
                        seq: e.seq,
                        at: e.at,
                        kind: e.kind,
                        subject: e.subject,
                        detail: serde_json::from_str(&e.detail).unwrap_or_default(),
                        policy_hash: e.policy_hash,
                    }),
            );
        }
        Ok(out)
    }

    pub async fn compliance_audit(
        &self,
        claims: &ComplianceClaims,
        filter: &Filter,
    ) -> Result<Vec<AuditView>, Error> {
        let entries = self.entries(filter).await?;
        self.audit_access(claims, "audit", &self.regions_for(filter)?)
            .await?;
        Ok(entries)
    }

    /// Counts of messages and conversations per destination, processor,
    /// outcome and legal basis, from the audit log.
    pub async fn compliance_transfers(
        &self,
        claims: &ComplianceClaims,
        filter: &Filter,
    ) -> Result<Vec<TransferRecord>, Error> {
        let transfers = Filter {
            kind: Some("transfer".into()),
            ..filter.clone()
        };
        let entries = self.entries(&transfers).await?;
        type Key = (
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
        );
        type Counts = (usize, BTreeSet<String>, BTreeSet<String>);
        let mut groups: BTreeMap<Key, Counts> = BTreeMap::new();
        for e in entries {
            let field = |k: &str| e.detail.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let key = (
                e.region.clone(),
                field("processor").unwrap_or_default(),
                field("name").unwrap_or_default(),
                field("jurisdiction"),
                field("outcome").unwrap_or_default(),
                field("basis"),
            );
            let g = groups.entry(key).or_default();
            g.0 += 1;
            g.1.insert(e.subject.clone());
            g.2.insert(field("data_subject").unwrap_or_else(|| e.subject.clone()));
        }
        self.audit_access(claims, "transfers", &self.regions_for(filter)?)
            .await?;
        Ok(groups
            .into_iter()
            .map(
                |(
                    (region, processor, name, jurisdiction, outcome, basis),
                    (messages, conversations, subjects),
                )| TransferRecord {
                    region,
                    processor,
                    name,
                    jurisdiction,
                    outcome,
                    basis,
                    messages,
                    conversations: conversations.len(),
                    data_subjects: subjects.len(),
                },
            )
            .collect())
    }

    /// Distinct data subjects whose text left each region since 1 January
    /// of `year` (default: this year), against the policy's volume lines.
    pub async fn compliance_volumes(
        &self,
        claims: &ComplianceClaims,
        region: Option<String>,
        year: Option<i32>,
    ) -> Result<Vec<Volume>, Error> {
        let now = self.clock.now();
        let year = year.unwrap_or_else(|| now.year());
        let since = Utc
            .with_ymd_and_hms(year, 1, 1, 0, 0, 0)
            .single()
            .ok_or_else(|| Error::invalid("invalid_year", "`year` is out of range"))?
            .timestamp_millis();
        let until = Utc
            .with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0)
            .single()
            .map(|t| t.timestamp_millis() - 1);
        let filter = Filter {
            region,
            kind: Some("transfer".into()),
            from: Some(since),
            to: until,
        };
        let entries = self.entries(&filter).await?;
        let mut out = Vec::new();
        for region in self.regions_for(&filter)? {
            let mut subjects = BTreeSet::new();
            let mut transfers = 0;
            for e in entries.iter().filter(|e| e.region == region) {
                let field = |k: &str| e.detail.get(k).and_then(|v| v.as_str());
                // Denied hops sent nothing.
                if field("outcome") == Some("deny") {
                    continue;
                }
                transfers += 1;
                subjects.insert(field("data_subject").unwrap_or(&e.subject).to_string());
            }
            let lines = self
                .policies
                .region(&region)
                .map(|p| p.volume_thresholds.clone())
                .unwrap_or_default();
            let mut warnings = Vec::new();
            let thresholds = lines
                .into_iter()
                .map(|t| {
                    let ratio = subjects.len() as f64 / t.subjects as f64;
                    let status = volume_status(subjects.len() as u64, t.subjects);
                    if status != "below" {
                        warnings.push(format!(
                            "{region}: {} data subjects transferred in {year}, {status} the line of {} ({:.0} %): {}",
                            subjects.len(),
                            t.subjects,
                            ratio * 100.0,
                            t.requires
                        ));
                    }
                    ThresholdStatus {
                        subjects: t.subjects,
                        requires: t.requires,
                        status: status.into(),
                        ratio: (ratio * 1000.0).round() / 1000.0,
                    }
                })
                .collect();
            out.push(Volume {
                region,
                year,
                since,
                data_subjects: subjects.len(),
                transfers,
                thresholds,
                warnings,
            });
        }
        self.audit_access(claims, "volumes", &self.regions_for(&filter)?)
            .await?;
        Ok(out)
    }

    /// Erasures carried out (by shoppers, or by operators with
    /// `crossdesk erase`), from the audit log.
    pub async fn compliance_erasures(
        &self,
        claims: &ComplianceClaims,
        filter: &Filter,
    ) -> Result<Vec<AuditView>, Error> {
        let erasures = Filter {
            kind: Some("erasure".into()),
            ..filter.clone()
        };
        let entries = self.entries(&erasures).await?;
        self.audit_access(claims, "erasures", &self.regions_for(filter)?)
            .await?;
        Ok(entries)
    }

    /// The policy simulation, for officers: audited like any other access.
    pub async fn compliance_simulate(
        &self,
        claims: &ComplianceClaims,
        req: SimulateRequest,
    ) -> Result<Simulation, Error> {
        let sim = self.simulate(req).await?;
        self.audit_access(claims, "simulate", std::slice::from_ref(&sim.region))
            .await?;
        Ok(sim)
    }
}

/// Where a yearly count stands against one line.
pub fn volume_status(count: u64, line: u64) -> &'static str {
    if count >= line {
        "reached"
    } else if count as f64 >= line as f64 * crate::policy::VOLUME_WARNING {
        "approaching"
    } else {
        "below"
    }
}

#[cfg(test)]
mod tests {
    use super::volume_status;

    #[test]
    fn volume_lines_warn_from_eighty_percent() {
        assert_eq!(volume_status(0, 100_000), "below");
        assert_eq!(volume_status(79_999, 100_000), "below");
        assert_eq!(volume_status(80_000, 100_000), "approaching");
        assert_eq!(volume_status(99_999, 100_000), "approaching");
        assert_eq!(volume_status(100_000, 100_000), "reached");
    }
}
