//! crossdesk: a cross-border multilingual customer-service proxy.
//!
//! `api` → `pipeline` → domain modules (`language`, `translate`, `upstream`,
//! `policy`, `crypto`, `i18n`) → `store`. Domain modules do no HTTP and no
//! SQL. See docs/pipeline.md for the order of the steps.

pub mod admin;
pub mod api;
pub mod assertion;
pub mod audit;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod emotion;
pub mod error;
pub mod fuzz_targets;
pub mod gate;
pub mod i18n;
pub mod language;
pub mod limits;
pub mod metrics;
pub mod pipeline;
pub mod policy;
pub mod privacy;
pub mod routing;
pub mod seal;
pub mod store;
pub mod translate;
pub mod upstream;

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::Service;
use actix_web::{App, HttpServer, web};

use config::{BotKind, Config};
use pipeline::Pipeline;
use translate::Translator;

/// Installs rustls' ring provider once; HTTP clients need one.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Why the server could not start. Each message names the file or setting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("invalid policies:\n{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Policies(Vec<policy::PolicyError>),
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Locales(#[from] i18n::I18nError),
    #[error("locale {0} lacks message {1} that {ref} has", ref = i18n::REFERENCE)]
    MissingMessage(String, String),
    #[error(transparent)]
    Translation(#[from] translate::TranslateError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Key(#[from] crypto::KeyError),
    #[error(transparent)]
    Bot(#[from] upstream::UpstreamError),
}

/// Builds every part from the config: policies, stores (migrated), locales,
/// translation chain, bot, token key. Blocking: call before serving.
pub fn build_pipeline(config: &Config) -> Result<Pipeline, StartError> {
    config.validate()?;
    let policies =
        Arc::new(policy::Policies::load_dir(&config.policies_dir).map_err(StartError::Policies)?);
    let i18n = i18n::Localizer::load_dir(&config.locales_dir)?;
    if let Some((locale, id)) = i18n.missing_ids().into_iter().next() {
        return Err(StartError::MissingMessage(locale, id));
    }
    let chain = build_chain(config)?;
    let bot: Arc<dyn upstream::Bot> = match config.bot.kind {
        BotKind::Faq => Arc::new(upstream::faq::FaqBot::new()),
        BotKind::Rasa => Arc::new(upstream::rasa::RasaBot::new(
            config.bot.url.as_deref().unwrap_or_default(),
            config.bot.timeout_ms,
        )?),
    };
    let urls: Vec<(String, String)> = policies
        .regions()
        .iter()
        .map(|r| (r.id.clone(), config.store_url(&r.store)))
        .collect();
    let stores = store::Stores::open(&urls)?;
    let pools = config
        .pools
        .iter()
        .map(|p| {
            if policies.region(&p.region).is_none() {
                return Err(config::ConfigError::Invalid(format!(
                    "pool {}: region {:?} has no policy",
                    p.id, p.region
                )));
            }
            p.to_pool()
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Before the token key is created: an installation that has one but no
    // pseudonym key keyed its pseudonyms with it.
    let pseudonyms = pseudonyms(config)?;
    let tokens = token_signer(config)?;
    let key_ids: Vec<String> = policies
        .regions()
        .iter()
        .filter_map(|r| r.key.clone())
        .collect();
    for (what, path) in config.secrets_in_data_dir(&key_ids) {
        tracing::warn!(secret = %what, path = %path.display(),
            "a secret lives inside data_dir: whoever holds a copy of the data directory can open what it protects; move it to keys_dir (docs/residency.md)");
    }
    let keys = load_keys(config, &policies)?;
    let keystore_urls: Vec<(String, String)> = policies
        .regions()
        .iter()
        .map(|r| (r.id.clone(), config.key_store_url(&r.store)))
        .collect();
    let keystores = store::Stores::open_kind(&keystore_urls, store::Kind::Keys)?;
    let reload_config = config.clone();
    let reload_policies = policies.clone();
    let vault = Arc::new(
        pipeline::vault::Vault::new(&policies, &keys, keystores).with_reload(Box::new(move || {
            load_keys(&reload_config, &reload_policies).map_err(|e| e.to_string())
        })),
    );
    let audit = audit_log(config)?
        .with_interval(std::time::Duration::from_millis(config.audit_checkpoint_ms));
    for region in policies.regions() {
        // Signs what a crash left unsigned, and records the crash.
        audit
            .start(stores.get(&region.id)?)
            .map_err(config::ConfigError::Invalid)?;
    }
    audit.mark_running().map_err(config::ConfigError::Invalid)?;
    let gate = Arc::new(gate::Gate::new(policies.clone()));
    for region in policies.regions() {
        for e in chain.engines() {
            let d = gate.decide(
                &region.id,
                gate::Target {
                    processor: gate::Processor::TranslationEngine,
                    name: e.name(),
                    jurisdiction: e.jurisdiction(),
                    cached: e.is_machine(),
                },
            );
            tracing::info!(region = %region.id, engine = %e.name(), outcome = ?d.outcome, basis = ?d.basis,
                policy_version = %d.policy_version, policy_hash = %d.policy_hash, "transfer decision");
        }
    }
    let shops = config
        .shops
        .iter()
        .map(|s| {
            Ok(assertion::Shop {
                id: s.id.clone(),
                key: s.key()?,
            })
        })
        .collect::<Result<Vec<_>, config::ConfigError>>()?;
    let bot_languages = bot_languages(config, bot.as_ref());
    Ok(Pipeline {
        detector: language::Detector::new(&config.languages),
        chain,
        bot,
        stores,
        i18n,
        tokens,
        pivot: config.pivot_language.clone(),
        bot_timeout: Duration::from_millis(config.bot.timeout_ms),
        max_text_chars: config.max_text_chars,
        gate,
        bot_languages,
        bot_jurisdiction: match config.bot.kind {
            BotKind::Faq => None,
            BotKind::Rasa => config.bot.jurisdiction.clone(),
        },
        policies,
        shops: assertion::Shops::new(shops),
        pools,
        clock: pipeline::Clock::from_env(),
        vault,
        audit,
        revoked: crypto::Revocations::new(
            config.revoked_tokens.iter().cloned(),
            Some(config.revoked_tokens_path()),
        ),
        shopper_token_secs: i64::from(config.tokens.shopper_days) * 86_400,
        agent_token_secs: i64::from(config.tokens.agent_hours) * 3_600,
        pseudonyms,
        limits: limits::Limits::new(&config.limits),
    })
}

/// The translation chain from the config: the shipped memory, then every
/// remote engine in the order declared (or per-pair routes).
pub fn build_chain(config: &Config) -> Result<translate::Chain, StartError> {
    use config::EngineKind;
    let memory = translate::memory::TranslationMemory::load_dir(
        &config.translation.memory_dir,
        config.translation.fuzzy_threshold,
    )?;
    tracing::info!(units = memory.len(), "translation memory loaded");
    let glossary = translate::glossary::Glossary::load(&config.translation.glossary)
        .map_err(translate::TranslateError::Setup)?;
    let protector =
        translate::protect::Protector::new(&config.translation.order_patterns, glossary)
            .map_err(|e| config::ConfigError::Invalid(e.to_string()))?;
    let mut engines: Vec<Arc<dyn Translator>> = vec![Arc::new(memory)];
    for e in &config.translation.engines {
        let key = e.key()?;
        let protocol: Box<dyn translate::remote::Protocol> = match e.kind {
            EngineKind::Libretranslate => {
                Box::new(translate::libretranslate::LibreTranslate::new(&e.url, key))
            }
            EngineKind::Deepl => Box::new(translate::deepl::DeepL::new(
                &e.url,
                key.ok_or_else(|| {
                    config::ConfigError::Invalid(format!(
                        "engine {}: DeepL needs `api_key_env` or `api_key`",
                        e.name
                    ))
                })?,
                e.formality.clone(),
                e.glossary_id.clone(),
                e.regional_targets.clone(),
            )),
            EngineKind::Openai => Box::new(translate::openai::OpenAi::new(
                &e.url,
                key,
                e.model.clone().unwrap_or_default(),
            )),
        };
        engines.push(Arc::new(translate::remote::RemoteEngine::new(e, protocol)?));
        tracing::info!(engine = %e.name, kind = ?e.kind, jurisdiction = %e.jurisdiction, "translation engine configured");
    }
    let routes = config
        .translation
        .chains
        .iter()
        .map(|c| translate::Route {
            from: c.from.clone(),
            to: c.to.clone(),
            engines: c.engines.clone(),
        })
        .collect();
    Ok(translate::Chain::new(
        engines,
        routes,
        protector,
        &config.pivot_language,
        config.translation.cache_entries,
    ))
}

/// The token key (all its versions), from the environment or its file.
pub fn token_signer(config: &Config) -> Result<crypto::TokenSigner, StartError> {
    Ok(crypto::TokenSigner::from_env_or_file(
        &config.token_key_path(),
        i64::from(config.tokens.grace_days) * 86_400,
    )?)
}

/// The pseudonym key. An installation whose token key exists but that has
/// no pseudonym key keyed its pseudonyms with the token key's first
/// version: that becomes its pseudonym key, so erasure keeps finding its
/// shoppers whatever later happens to the token key.
pub fn pseudonyms(config: &Config) -> Result<crypto::Pseudonyms, StartError> {
    let token_path = config.token_key_path();
    let legacy = if config.pseudonym_key_path().exists() {
        None
    } else if std::env::var("CROSSDESK_TOKEN_KEY").is_ok() || token_path.exists() {
        crypto::versions_from_env_or_file("CROSSDESK_TOKEN_KEY", &token_path)?
            .into_iter()
            .min_by_key(|v| v.0)
            .map(|v| v.1)
    } else {
        None
    };
    Ok(crypto::Pseudonyms::from_env_or_file(
        &config.pseudonym_key_path(),
        legacy,
    )?)
}

/// The deployment's audit key: `CROSSDESK_AUDIT_KEY` (hex) or
/// `keys_dir/audit.key`, created on first start.
pub fn audit_key(config: &Config) -> Result<Vec<u8>, StartError> {
    Ok(crypto::secret_from_env_or_file(
        "CROSSDESK_AUDIT_KEY",
        &config.audit_key_path(),
    )?)
}

/// The audit log: chain key, checkpoint signing key
/// (`keys_dir/audit-signing.pk8`, created on first start) and checkpoint folder.
pub fn audit_log(config: &Config) -> Result<audit::AuditLog, StartError> {
    let signer = audit::Signer::from_file(&config.audit_signing_key_path())
        .map_err(config::ConfigError::Invalid)?;
    Ok(audit::AuditLog::new(
        audit::Chain::new(&audit_key(config)?),
        signer,
        config.data_dir.join("audit"),
    )
    .with_witness(config.audit_witness_dir.clone())
    .with_every(i64::from(config.audit_checkpoint_entries)))
}

/// Parses `VERSION HEX` lines (a key file) or `VERSION:HEX,…` (environment).
fn parse_key_versions(id: &str, text: &str) -> Result<seal::RegionKey, String> {
    let mut versions = Vec::new();
    for part in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('#'))
    {
        let (v, hex_key) = part.split_once([' ', ':']).unwrap_or(("1", part));
        let v: u32 = v
            .trim()
            .parse()
            .map_err(|_| format!("key {id}: bad version"))?;
        let bytes =
            hex::decode(hex_key.trim()).map_err(|_| format!("key {id}: version {v} is not hex"))?;
        let secret = seal::Secret::from_bytes(&bytes)
            .ok_or_else(|| format!("key {id}: version {v} is not 32 bytes"))?;
        versions.push((v, secret));
    }
    if versions.is_empty() {
        return Err(format!("key {id}: no versions"));
    }
    Ok(seal::RegionKey {
        id: id.into(),
        versions,
    })
}

/// The region keys the policies name: from the environment, else from their
/// command (`[keys.<id>] command`), else from their file, created (version
/// 1, mode 0600) on first start when not configured. Key material never
/// reaches a log or an error message.
pub fn load_keys(
    config: &Config,
    policies: &policy::Policies,
) -> Result<std::collections::HashMap<String, seal::RegionKey>, StartError> {
    let mut keys = std::collections::HashMap::new();
    for id in policies.regions().iter().filter_map(|r| r.key.clone()) {
        let env_name = config
            .keys
            .get(&id)
            .and_then(|k| k.env.clone())
            .unwrap_or_else(|| {
                format!(
                    "CROSSDESK_KEY_{}",
                    id.to_ascii_uppercase().replace('-', "_")
                )
            });
        let command = config.keys.get(&id).and_then(|k| k.command.clone());
        let key = if let Ok(text) = std::env::var(&env_name) {
            parse_key_versions(&id, &text).map_err(config::ConfigError::Invalid)?
        } else if let Some(command) = command {
            // A key provider (a KMS or secret manager's client): its output
            // is the key; its errors name the key, never the output.
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(&command)
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::inherit())
                .output()
                .map_err(|e| config::ConfigError::Invalid(format!("key {id}: its command: {e}")))?;
            if !out.status.success() {
                return Err(config::ConfigError::Invalid(format!(
                    "key {id}: its command failed ({})",
                    out.status
                ))
                .into());
            }
            let text = String::from_utf8(out.stdout).map_err(|_| {
                config::ConfigError::Invalid(format!("key {id}: its command printed no text"))
            })?;
            parse_key_versions(&id, &text).map_err(config::ConfigError::Invalid)?
        } else {
            let file = config.key_file(&id);
            if !file.exists() {
                if config.keys.contains_key(&id) {
                    return Err(config::ConfigError::Invalid(format!(
                        "key {id}: {} does not exist",
                        file.display()
                    ))
                    .into());
                }
                create_key_file(&file, &id)?;
            }
            let text = std::fs::read_to_string(&file).map_err(|e| {
                config::ConfigError::Invalid(format!("key {id}: {}: {e}", file.display()))
            })?;
            parse_key_versions(&id, &text).map_err(config::ConfigError::Invalid)?
        };
        keys.insert(id, key);
    }
    Ok(keys)
}

/// Writes a new key file with one random version (mode 0600).
fn create_key_file(file: &std::path::Path, id: &str) -> Result<(), StartError> {
    let err =
        |e: String| StartError::Config(config::ConfigError::Invalid(format!("key {id}: {e}")));
    let secret = seal::Secret::random().map_err(|e| err(e.to_string()))?;
    let text = format!(
        "# crossdesk region key {id}: VERSION HEX per line; the highest version wraps new data keys\n1 {}\n",
        secret.to_hex()
    );
    crypto::write_private_file(file, text.as_bytes()).map_err(err)
}

/// Serves the API on `listen` with `workers` HTTP worker threads (0: one
/// per CPU core) until SIGINT/SIGTERM (actix stops accepting, finishes
/// requests in flight for up to 10 s, then returns).
pub async fn serve(
    pipeline: Pipeline,
    listen: &str,
    max_body: usize,
    workers: usize,
) -> std::io::Result<()> {
    let pipeline = web::Data::new(pipeline);
    // Buckets of clients that went quiet are dropped once a minute.
    let housekeeping = pipeline.clone();
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            housekeeping.limits.housekeeping();
        }
    });
    // A rotated region key is picked up within seconds: new data keys are
    // wrapped with its newest version (reading the key files is cheap).
    let keys = pipeline.clone();
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            tick.tick().await;
            let vault = keys.vault.clone();
            let _ = tokio::task::spawn_blocking(move || {
                vault.refresh(std::time::Duration::from_secs(4))
            })
            .await;
        }
    });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(pipeline.clone())
            .wrap(actix_web::middleware::from_fn(api::limit_per_ip))
            .wrap_fn(|req, srv| {
                // Method, route pattern, status and time only: no ids beyond
                // the pattern, no text, no tokens.
                let started = Instant::now();
                let method = req.method().to_string();
                let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
                let fut = srv.call(req);
                async move {
                    let res = fut.await?;
                    let elapsed = started.elapsed().as_secs_f64();
                    let m = metrics::global();
                    m.requests
                        .get_or_create(&metrics::Request {
                            route: route.clone(),
                            method: method.clone(),
                            status: res.status().as_u16().to_string(),
                        })
                        .inc();
                    m.request_seconds
                        .get_or_create(&metrics::Route {
                            route: route.clone(),
                        })
                        .observe(elapsed);
                    tracing::info!(%method, %route, status = res.status().as_u16(),
                        ms = elapsed * 1000.0, "request");
                    Ok(res)
                }
            })
            .configure(|cfg| api::configure(cfg, max_body))
    })
    .shutdown_timeout(10);
    let server = if workers > 0 {
        server.workers(workers)
    } else {
        server
    }
    .bind(listen)?;
    for addr in server.addrs() {
        // Scripts and tests read this event to learn the port.
        tracing::info!(url = %format!("http://{addr}"), "listening");
    }
    server.run().await
}

/// The languages the bot is asked in without translation: `[bot]
/// languages`, else what the bot reads by itself (served ones only), else
/// the pivot.
fn bot_languages(config: &Config, bot: &dyn upstream::Bot) -> Vec<String> {
    if !config.bot.languages.is_empty() {
        return config.bot.languages.clone();
    }
    let mut own: Vec<String> = bot
        .languages()
        .into_iter()
        .filter(|l| config.languages.contains(l))
        .collect();
    if !own.contains(&config.pivot_language) {
        own.push(config.pivot_language.clone());
    }
    own
}
