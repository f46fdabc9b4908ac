//! The audit log checked and exported for officers: the same verdict and
//! the same bytes as `crossdesk audit verify` and `crossdesk audit export`
//! (both call [`crate::audit::verify_region`] and
//! [`crate::audit::export_region`]), read off the async workers.

use crate::audit::{AuditError, Format, Verdict};
use crate::crypto::ComplianceClaims;
use crate::pipeline::{Error, Pipeline};

/// An exported region log, ready to download.
#[derive(Debug)]
pub struct Export {
    /// `crossdesk-audit-<region>.<jsonl|csv>`.
    pub filename: String,
    pub content_type: &'static str,
    pub body: String,
}

fn audit_failed(e: AuditError) -> Error {
    match e {
        AuditError::Store(e) => e.into(),
        e => Error::internal("reading the audit log", e),
    }
}

impl Pipeline {
    /// The region, or every region; an unknown one is not found.
    fn audited_regions(&self, region: Option<&str>) -> Result<Vec<String>, Error> {
        match region {
            Some(r) if self.policies.region(r).is_some() => Ok(vec![r.to_string()]),
            Some(r) => Err(Error::NotFound(format!("no region {r:?}"))),
            None => Ok(self
                .policies
                .regions()
                .iter()
                .map(|p| p.id.clone())
                .collect()),
        }
    }

    /// Each region's log verified whole (chain, checkpoints, the configured
    /// witness's copies, proven length).
    pub async fn compliance_verify(
        &self,
        claims: &ComplianceClaims,
        region: Option<&str>,
    ) -> Result<Vec<Verdict>, Error> {
        let regions = self.audited_regions(region)?;
        let mut verdicts = Vec::new();
        for region in &regions {
            let keys = self.vault.keystores.get(region)?.clone();
            let log = self.audit.clone();
            let pending = self.audit_pending_ms;
            let entries_now = self.clock.now_ms();
            let id = region.clone();
            let verdict = self
                .stores
                .get(region)?
                .run(move |data| {
                    Ok(crate::audit::verify_region(
                        &log,
                        &id,
                        data,
                        &keys,
                        log.witness_dir(),
                        pending,
                        entries_now,
                    ))
                })
                .await?
                .map_err(audit_failed)?;
            verdicts.push(verdict);
        }
        self.audit_access(claims, "audit/verify", &regions).await?;
        Ok(verdicts)
    }

    /// `region`'s entries between `from` and `to` (Unix ms, inclusive).
    pub async fn compliance_export(
        &self,
        claims: &ComplianceClaims,
        region: &str,
        from: Option<i64>,
        to: Option<i64>,
        format: Format,
    ) -> Result<Export, Error> {
        let regions = self.audited_regions(Some(region))?;
        let log = self.audit.clone();
        let id = region.to_string();
        let body = self
            .stores
            .get(region)?
            .run(move |data| {
                Ok(crate::audit::export_region(
                    &log, &id, data, from, to, format,
                ))
            })
            .await?
            .map_err(audit_failed)?;
        self.audit_access(claims, "audit/export", &regions).await?;
        Ok(Export {
            filename: format!("crossdesk-audit-{region}.{}", format.extension()),
            content_type: format.content_type(),
            body,
        })
    }
}
