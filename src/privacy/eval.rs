//! Measuring the redactor on a labelled corpus (`tests/corpus/pii/`): value
//! recall per kind and language, and false positives on decoys (strings
//! that look like personal data and are not). `cargo run --release
//! --example pii_eval` prints the report; a unit test holds the targets.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Kind, find};

/// One labelled message.
#[derive(Debug, Deserialize)]
pub struct Case {
    pub lang: String,
    pub country: String,
    pub text: String,
    pub pii: Vec<Labelled>,
    pub decoys: Vec<Labelled>,
}

#[derive(Debug, Deserialize)]
pub struct Labelled {
    pub kind: String,
    pub value: String,
}

/// Counts of one group (a kind, a language, or all).
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Values labelled.
    pub values: usize,
    /// Values wholly redacted.
    pub found: usize,
    /// Of those, redacted as their labelled kind.
    pub kind_right: usize,
    /// Decoys labelled.
    pub decoys: usize,
    /// Decoys (or unlabelled text) redacted.
    pub false_positives: usize,
}

impl Counts {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.values)
    }

    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.false_positives, self.decoys)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// What the redactor did on a corpus.
#[derive(Debug, Default)]
pub struct Report {
    pub all: Counts,
    pub by_kind: BTreeMap<String, Counts>,
    pub by_lang: BTreeMap<String, Counts>,
    /// Missed values and false positives, for reading: (lang, what, text).
    pub misses: Vec<(String, String, String)>,
}

/// Runs every case through [`find`] with all kinds and the case's country.
pub fn evaluate(cases: &[Case]) -> Report {
    let mut report = Report::default();
    for case in cases {
        let spans = find(&case.text, &Kind::ALL, Some(&case.country));
        let mut used = vec![false; spans.len()];
        let add = |report: &mut Report, kind: &str, f: &dyn Fn(&mut Counts)| {
            f(&mut report.all);
            f(report.by_kind.entry(kind.to_string()).or_default());
            f(report.by_lang.entry(case.lang.clone()).or_default());
        };
        for v in &case.pii {
            let Some(start) = case.text.find(&v.value) else {
                continue;
            };
            let end = start + v.value.len();
            // Found: the redacted spans cover the value entirely.
            let covering: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, s)| s.start < end && start < s.end)
                .map(|(i, _)| i)
                .collect();
            let covered = (start..end)
                .filter(|&b| case.text.is_char_boundary(b))
                .all(|b| {
                    covering
                        .iter()
                        .any(|&i| spans[i].start <= b && b < spans[i].end)
                });
            let kind_right = covered && covering.iter().all(|&i| spans[i].kind.as_str() == v.kind);
            for i in covering {
                used[i] = true;
            }
            add(&mut report, &v.kind, &|c| {
                c.values += 1;
                c.found += usize::from(covered);
                c.kind_right += usize::from(kind_right);
            });
            if !covered {
                report.misses.push((
                    case.lang.clone(),
                    format!("missed {} {:?}", v.kind, v.value),
                    case.text.clone(),
                ));
            }
        }
        for d in &case.decoys {
            let hit = case.text.find(&d.value).is_some_and(|start| {
                let end = start + d.value.len();
                spans.iter().enumerate().any(|(i, s)| {
                    let overlaps = s.start < end && start < s.end;
                    if overlaps {
                        used[i] = true;
                    }
                    overlaps
                        && !case
                            .pii
                            .iter()
                            .any(|v| v.value.contains(&case.text[s.start..s.end]))
                })
            });
            add(&mut report, &d.kind, &|c| {
                c.decoys += 1;
                c.false_positives += usize::from(hit);
            });
            if hit {
                report.misses.push((
                    case.lang.clone(),
                    format!("decoy {} {:?} redacted", d.kind, d.value),
                    case.text.clone(),
                ));
            }
        }
        // Redacted text that is neither a value nor a decoy.
        for (i, s) in spans.iter().enumerate() {
            if !used[i] {
                report.all.false_positives += 1;
                report
                    .by_lang
                    .entry(case.lang.clone())
                    .or_default()
                    .false_positives += 1;
                report.misses.push((
                    case.lang.clone(),
                    format!(
                        "unlabelled {} {:?} redacted",
                        s.kind.as_str(),
                        &case.text[s.start..s.end]
                    ),
                    case.text.clone(),
                ));
            }
        }
    }
    report
}

/// Reads every `*.jsonl` file of a folder.
pub fn load(dir: &std::path::Path) -> Result<Vec<Case>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            cases.push(
                serde_json::from_str(line)
                    .map_err(|e| format!("{}:{}: {e}", f.display(), n + 1))?,
            );
        }
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The targets of the redactor on the shipped corpus (docs/residency.md):
    /// value recall at least 97 %, false positives at most 1 % of decoys.
    #[test]
    fn the_shipped_corpus_meets_the_redaction_targets() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/pii");
        let cases = load(&dir).unwrap();
        assert!(cases.len() >= 400);
        let r = evaluate(&cases);
        let misses: Vec<String> = r
            .misses
            .iter()
            .map(|m| format!("{} {}: {}", m.0, m.1, m.2))
            .collect();
        assert!(
            r.all.recall() >= 0.97,
            "recall {:.3}\n{}",
            r.all.recall(),
            misses.join("\n")
        );
        assert!(
            r.all.false_positive_rate() <= 0.01,
            "false positives {:.3}\n{}",
            r.all.false_positive_rate(),
            misses.join("\n")
        );
    }
}
