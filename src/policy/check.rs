//! Checking the policy files: what `crossdesk policy check` reports (every
//! file valid, the stores and keys they name configured), and the same
//! check held against the policies a server has in force, per policy, for
//! the compliance console. A server loads its policies once, at start; the
//! files may have changed since.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Policies, PolicyError};

/// Where the policy files are, and what they may name in this deployment.
#[derive(Debug, Clone, Default)]
pub struct Deployment {
    /// The policy folder (`policies_dir`).
    pub dir: PathBuf,
    /// The configured stores; `None`: any name (embedded SQLite files).
    pub stores: Option<Vec<String>>,
    /// The configured keys; `None`: any name (key files created on demand).
    pub keys: Option<Vec<String>>,
}

/// A policy's check: `ok`, or the problems found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct CheckStatus {
    /// `ok` or `problems`.
    pub status: String,
    /// `file:line: problem`, or what differs from the file.
    pub problems: Vec<String>,
}

impl CheckStatus {
    fn of(problems: Vec<String>) -> CheckStatus {
        CheckStatus {
            status: if problems.is_empty() {
                "ok"
            } else {
                "problems"
            }
            .into(),
            problems,
        }
    }
}

impl Deployment {
    /// Loads and validates every policy file, then checks the stores and
    /// keys they name: every problem found, or the policies.
    pub fn check(&self) -> Result<Policies, Vec<PolicyError>> {
        let policies = Policies::load_dir(&self.dir)?;
        let unknown = policies.check_references(self.stores.as_deref(), self.keys.as_deref());
        if unknown.is_empty() {
            Ok(policies)
        } else {
            Err(unknown)
        }
    }
}

impl Policies {
    /// Each policy in force (by region id) checked against the folder as it
    /// reads now: the problems in its file, problems of no one file (they
    /// concern every policy), and a file that no longer says what is in
    /// force. Reads the files: blocking.
    pub fn check_in_force(&self, deployment: &Deployment) -> BTreeMap<String, CheckStatus> {
        let checked = deployment.check();
        self.regions
            .iter()
            .map(|p| {
                let problems = match &checked {
                    Ok(now) => match now.region(&p.id) {
                        None => vec![format!(
                            "{}: no policy for region {} in the folder any more; this one stays in force until the server restarts",
                            deployment.dir.display(),
                            p.id
                        )],
                        Some(file) if file.hash != p.hash => vec![format!(
                            "{}: the file has changed (hash {}); the change takes effect when the server restarts",
                            file.file.display(),
                            file.hash
                        )],
                        Some(_) => Vec::new(),
                    },
                    Err(errors) => {
                        let own = p.file.display().to_string();
                        let of_a_policy =
                            |f: &str| self.regions.iter().any(|r| r.file.display().to_string() == f);
                        errors
                            .iter()
                            .filter(|e| e.file == own || !of_a_policy(&e.file))
                            .map(|e| e.to_string())
                            .collect()
                    }
                };
                (p.id.clone(), CheckStatus::of(problems))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EU: &str = "id = \"eu\"\nname = \"EU\"\nversion = \"1\"\nstore = \"eu\"\ndefault = true\ncountries = [\"DE\", \"FR\"]\n";
    const CN: &str =
        "id = \"cn\"\nname = \"China\"\nversion = \"1\"\nstore = \"cn\"\ncountries = [\"CN\"]\n";

    fn folder() -> (tempfile::TempDir, Deployment) {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("eu.toml"), EU).unwrap();
        std::fs::write(d.path().join("cn.toml"), CN).unwrap();
        let deployment = Deployment {
            dir: d.path().to_path_buf(),
            stores: None,
            keys: None,
        };
        (d, deployment)
    }

    #[test]
    fn policies_in_force_are_ok_while_their_files_check_and_say_the_same() {
        let (d, deployment) = folder();
        let in_force = deployment.check().unwrap();
        let checked = in_force.check_in_force(&deployment);
        assert!(checked.values().all(|c| c.status == "ok"), "{checked:?}");

        // A store the deployment does not have: the policy naming it.
        let strict = Deployment {
            stores: Some(vec!["eu".into()]),
            ..deployment.clone()
        };
        let checked = in_force.check_in_force(&strict);
        assert_eq!(checked["eu"].status, "ok");
        assert_eq!(checked["cn"].status, "problems");
        assert!(
            checked["cn"].problems[0].contains("cn.toml:4: unknown store \"cn\""),
            "{checked:?}"
        );

        // The file changed after the server loaded it.
        std::fs::write(d.path().join("cn.toml"), CN.replace("\"1\"", "\"2\"")).unwrap();
        let checked = in_force.check_in_force(&deployment);
        assert_eq!(checked["eu"].status, "ok");
        assert!(checked["cn"].problems[0].contains("the file has changed"));

        // A file that no longer parses.
        std::fs::write(d.path().join("cn.toml"), "id = ").unwrap();
        let checked = in_force.check_in_force(&deployment);
        assert_eq!(checked["eu"].status, "ok", "{checked:?}");
        assert!(
            checked["cn"].problems[0].contains("cn.toml:1:"),
            "{checked:?}"
        );
    }
}
