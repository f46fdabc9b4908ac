//! `crossdesk models`: fetch a translation model pair from the hub, list
//! what is installed, verify it. Exit 2 for a request that cannot run (a
//! pair, repository or revision not valid or not pinned), 1 when fetching
//! or verifying failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::ModelsCommand;
use crate::config::Config;
use crate::models::{self, Fetch, Fetched, ModelsError};

pub fn run(config: &Config, command: ModelsCommand) -> ExitCode {
    match command {
        ModelsCommand::Fetch {
            pair,
            revision,
            repo,
            hub,
            dir,
            force,
            token_file,
        } => {
            let dir = dir.unwrap_or_else(|| config.models.dir.clone());
            let hub = hub.unwrap_or_else(|| config.models.hub.clone());
            let request = FetchArgs {
                pair: &pair,
                revision: revision.as_deref(),
                repo: repo.as_deref(),
                hub: &hub,
                dir: &dir,
                force,
                token_file: token_file.as_deref(),
            };
            match fetch(request) {
                Ok(summary) => {
                    println!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        ModelsCommand::List { dir } => list(&dir.unwrap_or_else(|| config.models.dir.clone())),
        ModelsCommand::Verify { pair, dir } => verify(
            &dir.unwrap_or_else(|| config.models.dir.clone()),
            pair.as_deref(),
        ),
    }
}

fn fail(e: &ModelsError) -> ExitCode {
    eprintln!("crossdesk models: {e}");
    match e {
        ModelsError::Usage(_) => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

struct FetchArgs<'a> {
    pair: &'a str,
    revision: Option<&'a str>,
    repo: Option<&'a str>,
    hub: &'a str,
    dir: &'a Path,
    force: bool,
    token_file: Option<&'a Path>,
}

/// The bearer token: `--token-file`, else `HF_TOKEN` (the variable the
/// hub's own tools read). Never printed.
fn token(file: Option<&Path>) -> Result<Option<String>, ModelsError> {
    let token = match file {
        Some(f) => std::fs::read_to_string(f).map_err(|e| {
            ModelsError::Usage(format!("--token-file {}: {}", f.display(), e.kind()))
        })?,
        None => std::env::var("HF_TOKEN").unwrap_or_default(),
    };
    let token = token.trim();
    Ok((!token.is_empty()).then(|| token.to_string()))
}

fn fetch(a: FetchArgs) -> Result<String, ModelsError> {
    let source = models::resolve(a.pair, a.repo, a.revision)?;
    crate::config::check_hub(a.hub).map_err(|m| ModelsError::Usage(format!("--hub: {m}")))?;
    let request = Fetch {
        source,
        hub: a.hub,
        token: token(a.token_file)?,
        dir: a.dir,
        force: a.force,
    };
    let mut progress = |line: &str| eprintln!("{line}");
    let fetched = actix_web::rt::System::new().block_on(models::fetch(request, &mut progress))?;
    Ok(match fetched {
        Fetched::Installed { manifest, path } => format!(
            "{}: installed {} at {} ({} files, {}) in {}",
            manifest.pair,
            manifest.repo,
            manifest.revision,
            manifest.files.len(),
            models::human_size(manifest.total_size()),
            path.display()
        ),
        Fetched::AlreadyInstalled { manifest, path } => format!(
            "{}: {} at {} is already installed in {} (models verify checks it; --force fetches it again)",
            manifest.pair,
            manifest.repo,
            manifest.revision,
            path.display()
        ),
    })
}

/// One line per pair directory: `PAIR<TAB>REPO<TAB>REVISION<TAB>SIZE<TAB>FETCHED<TAB>STATE`.
fn list(dir: &Path) -> ExitCode {
    let found = match models::installed(dir) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    if found.is_empty() {
        eprintln!("crossdesk models: no models in {}", dir.display());
    }
    for i in &found {
        let line = match i.state.manifest() {
            Some(m) => format!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                i.pair,
                m.repo,
                m.revision,
                models::human_size(m.total_size()),
                m.fetched_at,
                i.state.label()
            ),
            None => format!("{}\t-\t-\t-\t-\t{}", i.pair, i.state.label()),
        };
        println!("{line}");
    }
    ExitCode::SUCCESS
}

/// Verifies `pair`, or every pair in `dir`: `PAIR: OK (…)` per good pair,
/// `PAIR: FILE: problem` per problem; exit 1 on any problem, or when
/// there is nothing to verify.
fn verify(dir: &Path, pair: Option<&str>) -> ExitCode {
    let paths: Vec<(String, PathBuf)> = match pair {
        Some(p) => {
            if let Err(e) = models::check_pair(p) {
                return fail(&e);
            }
            let path = dir.join(p);
            if !path.is_dir() {
                return fail(&ModelsError::Refused(format!(
                    "{p} is not installed in {}",
                    dir.display()
                )));
            }
            vec![(p.to_string(), path)]
        }
        None => match models::installed(dir) {
            Ok(found) if found.is_empty() => {
                return fail(&ModelsError::Refused(format!(
                    "no models installed in {}",
                    dir.display()
                )));
            }
            Ok(found) => found.into_iter().map(|i| (i.pair, i.path)).collect(),
            Err(e) => return fail(&e),
        },
    };
    let mut failed = false;
    for (pair, path) in paths {
        let (manifest, problems) = models::verify(&path);
        for p in &problems {
            println!("{pair}: {p}");
        }
        failed |= !problems.is_empty();
        if let (Some(m), true) = (manifest, problems.is_empty()) {
            let loads = match models::check_loads(&path) {
                Ok(true) => "the model's files parse",
                _ => "files only: a build with --features neural also parses the model",
            };
            println!(
                "{pair}: OK ({} files, {}, {} at {}; {loads})",
                m.files.len(),
                models::human_size(m.total_size()),
                m.repo,
                m.revision
            );
        }
    }
    match failed {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    }
}
