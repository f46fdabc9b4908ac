//! The `crossdesk` command: `serve`, `detect`, `policy check`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crossdesk::config::Config;
use crossdesk::language::{Detector, Hints};

#[derive(Parser)]
#[command(
    name = "crossdesk",
    version,
    about = "Cross-border multilingual customer-service proxy"
)]
struct Cli {
    /// Configuration file; when absent the embedded defaults are used.
    #[arg(long, global = true, default_value = "crossdesk.toml")]
    config: PathBuf,
    /// Log format on stderr.
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the proxy.
    Serve {
        /// Address to listen on (overrides `listen` in the config).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Detect the language of each stdin line: `TEXT[<TAB>LOCALE]` → `LANG<TAB>CONFIDENCE`.
    Detect {
        /// Locale hint for every line (a line's own locale wins).
        #[arg(long)]
        hint: Option<String>,
        /// Languages to consider (ISO 639-1, comma-separated); default: the config's.
        #[arg(long, value_delimiter = ',')]
        allow: Vec<String>,
    },
    /// Translate TEXT (or each stdin line) with the configured chain; prints
    /// `TRANSLATION<TAB>ENGINE<TAB>SPANS` (protected spans), or
    /// `-<TAB>untranslated<TAB>REASONS` when no engine could.
    Translate {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Text to translate; without it, one text per stdin line.
        text: Vec<String>,
    },
    /// Print an agent token bound to a pool (give it to the agent; it is a
    /// secret). Its id and expiry go to stderr.
    AgentToken {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        agent: String,
        /// The agent's language (default: the pool's first language).
        #[arg(long)]
        lang: Option<String>,
        /// Hours until it expires (default: `[tokens] agent_hours`).
        #[arg(long)]
        hours: Option<u32>,
    },
    /// Tokens: revoke one by its id (conversation, agent, compliance or ops).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Print the routing decision for a shopper as JSON (no store is read:
    /// every pool counts as empty).
    Route {
        /// The instant (RFC 3339).
        #[arg(long)]
        at: String,
        /// Shopper's country (ISO 3166-1 alpha-2).
        #[arg(long)]
        country: String,
        /// Shopper's language (ISO 639-1).
        #[arg(long)]
        lang: String,
        /// Shopper's time zone, for the opening time shown.
        #[arg(long, default_value = "UTC")]
        timezone: String,
    },
    /// Print a signed shopper assertion of a shop whose key is an HMAC secret
    /// (`[[shops]]`): what the shop's backend gives its page so that a
    /// conversation is linked to the shopper (for trying it out and tests;
    /// shops sign their own).
    ShopperAssertion {
        /// The shop's id in `[[shops]]`.
        #[arg(long)]
        shop: String,
        /// The shop's id for the shopper.
        #[arg(long)]
        shopper: String,
        /// The shopper's country (ISO 3166-1 alpha-2), which then decides the region.
        #[arg(long)]
        country: Option<String>,
        /// Seconds until it expires (at most 86400).
        #[arg(long, default_value_t = 600)]
        ttl: i64,
    },
    /// Print a compliance token (read-only access to policies, the audit
    /// log and the records of transfers). Revoke it by adding its id to
    /// `revoked_tokens` in the configuration.
    ComplianceToken {
        /// The officer it is for (letters, digits, '-' or '_').
        #[arg(long)]
        officer: String,
        /// Days until it expires.
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
    /// Print an operations token (the dashboard and `/v1/ops/stats`).
    OpsToken {
        /// Who it is for (letters, digits, '-' or '_').
        #[arg(long)]
        name: String,
        /// Days until it expires.
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
    /// Region keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Erase a shopper: destroy their conversations' data keys
    /// (crypto-shredding) and delete their rows, in every region.
    Erase {
        /// The shop's shopper id, as given when conversations were opened.
        #[arg(long)]
        shopper: String,
    },
    /// Data retention.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Serve the built-in FAQ bot alone at `POST /answer` (the baseline of
    /// `bench/load.sh`; not part of a deployment).
    BareBot {
        #[arg(long, default_value = "127.0.0.1:8081")]
        listen: String,
    },
    /// Region policies.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Add a new version of the region's key and rewrap every data key
    /// with it; message ciphertexts are not touched. A running server picks
    /// the new version up by itself.
    Rotate {
        #[arg(long)]
        region: String,
    },
    /// Rewrap every data key of the region with the newest version of its
    /// key (after a version was added some other way).
    Rewrap {
        #[arg(long)]
        region: String,
    },
    /// Add a new version of the token key: new tokens are signed with it,
    /// tokens of the previous one keep working for `[tokens] grace_days`.
    RotateTokens,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Revoke a token by its id (printed when it was made).
    Revoke { id: String },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain of every region's audit log (exit 1 and the
    /// first bad entry when any entry was altered, removed or reordered).
    Verify {
        #[arg(long)]
        region: Option<String>,
        /// Verify an exported log instead (offline), with `--public-key`.
        #[arg(long, requires = "public_key")]
        file: Option<PathBuf>,
        /// The checkpoint public key (hex, from `audit public-key`).
        #[arg(long)]
        public_key: Option<String>,
        /// A witness folder of checkpoint copies (`audit_witness_dir`, or the
        /// copies compliance officers keep): the log must reach them too.
        #[arg(long)]
        witness: Option<PathBuf>,
    },
    /// Export a region's log as JSON Lines (with checkpoints) or CSV.
    Export {
        #[arg(long)]
        region: String,
        /// RFC 3339 bounds on the entries' time.
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value = "jsonl")]
        format: String,
    },
    /// Print the checkpoint public key (hex) for auditors.
    PublicKey,
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Delete what is older than each policy's retention days.
    Sweep,
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Validate every policy file; prints `file:line: problem`, exits 1 on any.
    Check {
        /// Folder of policy files (default: the config's `policies_dir`).
        dir: Option<PathBuf>,
    },
    /// Print (JSON) every decision the pipeline would take for a message —
    /// region, language, redactions, each hop allowed or denied and why,
    /// routing — without storing or sending anything.
    Simulate {
        /// ISO 3166-1 alpha-2 country of the shopper.
        #[arg(long)]
        country: String,
        /// When the message arrives (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        locale: Option<String>,
        #[arg(long)]
        timezone: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        /// The message (default: read from stdin).
        text: Vec<String>,
    },
}

/// Log lines a full queue may hold before new ones are dropped (~3 MB).
const LOG_QUEUE_LINES: usize = 8192;

/// Logs go to stderr from a thread of their own, through a bounded queue.
/// Written from the request threads, a reader of stderr that stopped
/// reading (a stuck log collector, a full pipe) stopped the proxy: every
/// request blocked in `write` after ~300 messages. Now lines are dropped
/// when the queue is full, and counted (`crossdesk_log_lines_dropped_total`).
/// The guard flushes what is queued when `main` returns (waiting at most a
/// second for a reader that does not read).
///
/// The server logs `info` by default; commands log warnings only (their
/// output is what they print), unless `CROSSDESK_LOG` says otherwise.
/// Colours only on a terminal: a log redirected to a file or a collector
/// gets plain text.
fn init_logs(format: LogFormat, serving: bool) -> tracing_appender::non_blocking::WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .lossy(true)
        .thread_name("logs")
        .finish(std::io::stderr());
    let dropped = writer.error_counter();
    crossdesk::metrics::count_dropped_log_lines(move || dropped.dropped_lines() as u64);
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("CROSSDESK_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(if serving { "info" } else { "warn" })
        });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(writer);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
    guard
}

// malloc and free were ~8 % of the server's time under load with glibc's
// allocator; mimalloc took the load benchmark from ~4,400 to ~6,000 msg/s
// (docs/PERFORMANCE.md). Without transparent huge pages (`no_thp`): with
// them the idle process held 84 MB instead of 58.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, Command::Serve { .. } | Command::BareBot { .. });
    let _logs = init_logs(cli.log_format, serving);
    let explicit = std::env::args().any(|a| a == "--config" || a.starts_with("--config="));
    let config = match Config::load(&cli.config, explicit) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Serve { listen } => serve(config, listen),
        Command::Detect { hint, allow } => detect(&config, hint, allow),
        Command::Translate { from, to, text } => translate(&config, &from, &to, text),
        Command::Keys {
            command: KeysCommand::Rotate { region },
        } => report(crossdesk::admin::rotate(&config, &region)),
        Command::Keys {
            command: KeysCommand::Rewrap { region },
        } => report(crossdesk::admin::rewrap(&config, &region)),
        Command::Keys {
            command: KeysCommand::RotateTokens,
        } => report(crossdesk::admin::rotate_tokens(&config)),
        Command::Token {
            command: TokenCommand::Revoke { id },
        } => report(
            crossdesk::crypto::Revocations::revoke(&config.revoked_tokens_path(), &id, "revoked")
                .map(|()| {
                    format!("token {id} revoked (the server stops accepting it within a second)")
                }),
        ),
        Command::Erase { shopper } => report(crossdesk::admin::erase(&config, &shopper)),
        Command::ShopperAssertion {
            shop,
            shopper,
            country,
            ttl,
        } => shopper_assertion(&config, &shop, &shopper, country.as_deref(), ttl),
        Command::OpsToken { name, days } => role_token(&config, "ops", &name, days, "--name"),
        Command::ComplianceToken { officer, days } => {
            role_token(&config, "compliance", &officer, days, "--officer")
        }
        Command::Audit {
            command:
                AuditCommand::Verify {
                    region,
                    file,
                    public_key,
                    witness,
                },
        } => match file {
            Some(f) => report(crossdesk::admin::verify_export_file(
                &f,
                public_key.as_deref().unwrap_or_default(),
            )),
            None => report(crossdesk::admin::verify_audit(
                &config,
                region.as_deref(),
                witness.as_deref(),
            )),
        },
        Command::Audit {
            command:
                AuditCommand::Export {
                    region,
                    from,
                    to,
                    format,
                },
        } => {
            let instant = |s: Option<String>| -> Result<Option<i64>, String> {
                s.map(|s| {
                    chrono::DateTime::parse_from_rfc3339(&s)
                        .map(|t| t.timestamp_millis())
                        .map_err(|_| format!("{s:?} is not RFC 3339"))
                })
                .transpose()
            };
            match (instant(from), instant(to), format.as_str()) {
                (Ok(f), Ok(t), "jsonl" | "csv") => report(crossdesk::admin::export_audit(
                    &config,
                    &region,
                    f,
                    t,
                    format == "csv",
                )),
                (Err(e), _, _) | (_, Err(e), _) => report(Err(e)),
                _ => report(Err("--format must be jsonl or csv".into())),
            }
        }
        Command::Audit {
            command: AuditCommand::PublicKey,
        } => report(
            crossdesk::audit_log(&config)
                .map(|l| l.signer.public_key())
                .map_err(|e| e.to_string()),
        ),
        Command::Retention {
            command: RetentionCommand::Sweep,
        } => report(crossdesk::admin::sweep(&config)),
        Command::AgentToken {
            pool,
            agent,
            lang,
            hours,
        } => agent_token(&config, &pool, &agent, lang, hours),
        Command::Route {
            at,
            country,
            lang,
            timezone,
        } => route(&config, &at, &country, &lang, &timezone),
        Command::BareBot { listen } => {
            match actix_web::rt::System::new()
                .block_on(crossdesk::api::bare::serve_bare_bot(&listen))
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("crossdesk bare-bot: {listen}: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Policy {
            command: PolicyCommand::Check { dir },
        } => policy_check(&config, dir.unwrap_or(config.policies_dir.clone())),
        Command::Policy {
            command:
                PolicyCommand::Simulate {
                    country,
                    at,
                    locale,
                    timezone,
                    channel,
                    text,
                },
        } => {
            let text = if text.is_empty() {
                let mut buf = String::new();
                let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut buf);
                buf
            } else {
                text.join(" ")
            };
            policy_simulate(
                &config,
                crossdesk::pipeline::SimulateRequest {
                    text,
                    country,
                    at,
                    channel,
                    locale,
                    timezone,
                },
            )
        }
    }
}

fn serve(config: Config, listen: Option<String>) -> ExitCode {
    let pipeline = match crossdesk::build_pipeline(&config) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("crossdesk: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    let listen = listen.unwrap_or(config.listen.clone());
    let result = actix_web::rt::System::new().block_on(crossdesk::serve(
        pipeline,
        &listen,
        config.max_body_bytes,
        config.http_workers,
    ));
    match result {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crossdesk: {listen}: {e}");
            ExitCode::from(1)
        }
    }
}

fn detect(config: &Config, hint: Option<String>, allow: Vec<String>) -> ExitCode {
    let served = if allow.is_empty() {
        config.languages.clone()
    } else {
        allow
    };
    if let Some(bad) = served
        .iter()
        .find(|l| !crossdesk::language::is_supported(l))
    {
        eprintln!("crossdesk detect: unsupported language {bad:?}");
        return ExitCode::from(2);
    }
    let detector = Detector::new(&served);
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.split(b'\n') {
        let Ok(line) = line else { break };
        let line = String::from_utf8_lossy(&line);
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let (text, locale) = match line.split_once('\t') {
            Some((t, l)) if !l.trim().is_empty() => (t, Some(l.trim())),
            Some((t, _)) => (t, None),
            None => (line, None),
        };
        let d = detector.detect(
            text,
            Hints {
                declared: locale.or(hint.as_deref()),
                ..Hints::default()
            },
        );
        if writeln!(out, "{}\t{:.3}", d.lang, d.confidence).is_err() {
            return ExitCode::SUCCESS; // reader went away (e.g. `| head`)
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}

fn translate(config: &Config, from: &str, to: &str, text: Vec<String>) -> ExitCode {
    use crossdesk::translate::Outcome;
    use crossdesk::translate::cache::Scope;
    for lang in [from, to] {
        if !config.languages.iter().any(|l| l == lang) {
            eprintln!(
                "crossdesk translate: {lang:?} is not one of the served languages {:?}",
                config.languages
            );
            return ExitCode::from(2);
        }
    }
    let chain = match crossdesk::build_chain(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("crossdesk translate: {e}");
            return ExitCode::from(2);
        }
    };
    let texts: Vec<String> = if text.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        vec![text.join(" ")]
    };
    let scope = Scope::ephemeral("cli");
    let outcomes =
        actix_web::rt::System::new().block_on(chain.translate_batch(&texts, from, to, &scope));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for (text, outcome) in texts.iter().zip(outcomes) {
        let line = match outcome {
            Outcome::Same => format!("{text}\tnone\t0"),
            Outcome::Translated(d) => format!(
                "{}\t{}\t{}",
                d.text.replace('\n', " "),
                d.engine,
                d.protected
            ),
            Outcome::Failed(reasons) => {
                failed = true;
                let reasons: Vec<String> =
                    reasons.iter().map(|(e, r)| format!("{e}: {r}")).collect();
                format!("-\tuntranslated\t{}", reasons.join("; "))
            }
        };
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    let _ = out.flush();
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn shopper_assertion(
    config: &Config,
    shop: &str,
    shopper: &str,
    country: Option<&str>,
    ttl: i64,
) -> ExitCode {
    let fail = |m: &str| {
        eprintln!("crossdesk shopper-assertion: {m}");
        ExitCode::from(2)
    };
    if !(1..=crossdesk::assertion::MAX_LIFETIME_SECS).contains(&ttl) {
        return fail("--ttl must be 1–86400 seconds");
    }
    let Some(s) = config.shops.iter().find(|s| s.id == shop) else {
        return fail(&format!("no shop {shop:?} in [[shops]]"));
    };
    let secret = match (&s.hmac_key_env, &s.hmac_key_file) {
        (Some(var), _) => std::env::var(var).ok(),
        (None, Some(file)) => std::fs::read_to_string(file).ok(),
        _ => return fail("the shop signs with Ed25519: its own backend holds the private key"),
    };
    let Some(secret) = secret.and_then(|h| hex::decode(h.trim()).ok()) else {
        return fail("the shop's HMAC key cannot be read (hex)");
    };
    let exp = chrono::Utc::now().timestamp() + ttl;
    println!(
        "{}",
        crossdesk::assertion::sign_hmac(shop, &secret, shopper, country, exp)
    );
    ExitCode::SUCCESS
}

fn agent_token(
    config: &Config,
    pool: &str,
    agent: &str,
    lang: Option<String>,
    hours: Option<u32>,
) -> ExitCode {
    let Some(p) = config.pools.iter().find(|p| p.id == pool) else {
        eprintln!("crossdesk agent-token: no pool {pool:?} in the config");
        return ExitCode::from(2);
    };
    let lang = lang.unwrap_or_else(|| p.languages[0].clone());
    let hours = hours.unwrap_or(config.tokens.agent_hours).clamp(1, 24 * 31);
    let signer = match crossdesk::token_signer(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("crossdesk agent-token: {e}");
            return ExitCode::from(2);
        }
    };
    let expires = chrono::Utc::now().timestamp() + i64::from(hours) * 3_600;
    match signer.issue_agent(pool, agent, &lang, expires) {
        Ok((claims, token)) => {
            // The token alone on stdout, so `T=$(crossdesk agent-token …)` works.
            println!("{token}");
            eprintln!(
                "agent token id {} (revoke: crossdesk token revoke {}), expires {}",
                claims.id,
                claims.id,
                rfc3339(claims.expires)
            );
            ExitCode::SUCCESS
        }
        Err(_) => {
            eprintln!(
                "crossdesk agent-token: pool, agent and lang must be 1–64 characters of A-Z, a-z, 0-9, '-' or '_'"
            );
            ExitCode::from(2)
        }
    }
}

fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

fn route(config: &Config, at: &str, country: &str, lang: &str, timezone: &str) -> ExitCode {
    use crossdesk::routing::{self, Decision, Load, Need};
    let fail = |m: String| {
        eprintln!("crossdesk route: {m}");
        ExitCode::from(2)
    };
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(at) else {
        return fail(format!("--at {at:?} is not RFC 3339"));
    };
    let at = at.with_timezone(&chrono::Utc);
    let Ok(tz) = timezone.parse::<chrono_tz::Tz>() else {
        return fail(format!("--timezone {timezone:?} is not an IANA time zone"));
    };
    let policies = match crossdesk::policy::Policies::load_dir(&config.policies_dir) {
        Ok(p) => p,
        Err(errors) => {
            return fail(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
    };
    let pools = match config
        .pools
        .iter()
        .map(|p| p.to_pool())
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(p) => p,
        Err(e) => return fail(e.to_string()),
    };
    let (region, source) = policies.region_for(country);
    let allowed = policies.agent_regions(&region.id);
    let decision = routing::select(
        &pools,
        &vec![Load::default(); pools.len()],
        &Need {
            lang,
            region: &region.id,
            allowed_regions: &allowed,
            at,
        },
    );
    let opens_local = match &decision {
        Decision::Queued { opens: Some(t), .. } => Some(t.with_timezone(&tz).to_rfc3339()),
        _ => None,
    };
    let out = serde_json::json!({
        "region": region.id,
        "region_source": source.as_str(),
        "decision": decision,
        "opens_in_shopper_zone": opens_local,
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    ExitCode::SUCCESS
}

fn report(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crossdesk: {e}");
            ExitCode::from(1)
        }
    }
}

fn policy_check(config: &Config, dir: PathBuf) -> ExitCode {
    let loaded = crossdesk::policy::Policies::load_dir(&dir).and_then(|p| {
        let unknown = p.check_references(
            config.known_stores().as_deref(),
            config.known_keys().as_deref(),
        );
        if unknown.is_empty() {
            Ok(p)
        } else {
            Err(unknown)
        }
    });
    match loaded {
        Ok(p) => {
            println!(
                "{}: {} region policies OK",
                dir.display(),
                p.regions().len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                println!("{e}");
            }
            ExitCode::from(1)
        }
    }
}

fn policy_simulate(config: &Config, req: crossdesk::pipeline::SimulateRequest) -> ExitCode {
    let pipeline = match crossdesk::build_pipeline(config) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("crossdesk policy simulate: {e}");
            return ExitCode::from(2);
        }
    };
    match actix_web::rt::System::new().block_on(pipeline.simulate(req)) {
        Ok(sim) => {
            println!("{}", serde_json::to_string_pretty(&sim).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crossdesk policy simulate: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints a role token (`compliance`, `ops`) and its id for revocation.
fn role_token(config: &Config, role: &str, name: &str, days: i64, flag: &str) -> ExitCode {
    let expires = chrono::Utc::now().timestamp() + days.clamp(1, 366) * 86_400;
    let issued = crossdesk::token_signer(config)
        .map_err(|e| e.to_string())
        .and_then(|s| {
            s.issue_role(role, name, expires).map_err(|_| {
                format!("`{flag}` must be 1–64 characters of A-Z, a-z, 0-9, '-' or '_'")
            })
        });
    match issued {
        Ok((claims, token)) => {
            // The token alone on stdout; what to know about it on stderr.
            println!("{token}");
            eprintln!(
                "{role} token id {} (revoke: crossdesk token revoke {}), expires {}",
                claims.id,
                claims.id,
                rfc3339(claims.expires)
            );
            ExitCode::SUCCESS
        }
        Err(e) => report(Err(e)),
    }
}
