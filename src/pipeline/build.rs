//! The pipeline built from the config, once at start: policies, stores
//! (migrated), locales, translation chain, bot, keys and audit log.

use std::sync::Arc;
use std::time::Duration;

use super::{Clock, Pipeline};
use crate::assemble::{StartError, audit_log, build_chain, load_keys, pseudonyms, token_signer};
use crate::config::{self, BotKind, Config};
use crate::{assertion, crypto, gate, i18n, language, limits, policy, store, upstream};

impl Pipeline {
    /// Builds every part from the config: policies, stores (migrated),
    /// locales, translation chain, bot, keys, audit log; time from `clock`.
    /// Blocking: call before serving.
    pub fn build(config: &Config, clock: Clock) -> Result<Pipeline, StartError> {
        config.validate()?;
        let policies = Arc::new(
            policy::Policies::load_dir(&config.policies_dir).map_err(StartError::Policies)?,
        );
        let i18n = i18n::Localizer::load_dir(&config.locales_dir)?;
        if let Some((locale, id)) = i18n.missing_ids().into_iter().next() {
            return Err(StartError::MissingMessage(locale, id));
        }
        let page_words = Arc::new(crate::page_words::PageWords::load_dir(&config.locales_dir)?);
        let chain = build_chain(config)?;
        let bot = core_bot(&config.bot)?;
        let stores = open_stores(config, &policies)?;
        let pools = pools(config, &policies)?;
        // Before the token key is created: an installation that has one but no
        // pseudonym key keyed its pseudonyms with it.
        let pseudonyms = pseudonyms(config)?;
        let tokens = token_signer(config)?;
        let vault = Arc::new(vault(config, &policies)?);
        let audit = started_audit(config, &policies, &stores)?;
        let gate = Arc::new(gate::Gate::new(policies.clone()));
        log_engine_decisions(&gate, &policies, &chain);
        let bot_languages = bot_languages(config, bot.as_ref());
        Ok(Pipeline {
            detector: language::Detector::new(&config.languages),
            chain,
            bot,
            stores,
            i18n,
            page_words,
            widget_origins: config.web.widget_origins.clone(),
            tokens,
            pivot: config.pivot_language.clone(),
            bot_timeout: Duration::from_millis(config.bot.timeout_ms),
            max_text_chars: config.max_text_chars,
            gate,
            bot_languages,
            // Remote bots are processors under the gate, where they run.
            bot_jurisdiction: config
                .bot
                .is_remote()
                .then(|| config.bot.jurisdiction.clone())
                .flatten(),
            policies,
            shops: shops(config)?,
            pools,
            clock,
            vault,
            audit,
            audit_pending_ms: crate::audit::pending_window_ms(config.audit_checkpoint_ms),
            policy_deployment: config.policy_deployment(),
            revoked: crypto::Revocations::new(
                config.revoked_tokens.iter().cloned(),
                Some(config.revoked_tokens_path()),
            ),
            shopper_token_secs: i64::from(config.tokens.shopper_days) * 86_400,
            pseudonyms,
            limits: limits::Limits::new(&config.limits),
            channels: Arc::new(
                config
                    .channels
                    .iter()
                    .cloned()
                    .zip(crate::channels::build(&config.channels)?)
                    .collect(),
            ),
            deliveries: Arc::new(tokio::sync::Notify::new()),
        })
    }
}

/// The core bot `[bot] kind` names, with its secret (validated before).
fn core_bot(c: &config::BotConfig) -> Result<Arc<dyn upstream::Bot>, StartError> {
    let url = c.url.as_deref();
    let secret = upstream::Secret::from_config(c.secret_env.as_deref(), c.secret_file.as_deref())
        .map_err(|e| config::ConfigError::Invalid(format!("`bot.secret_env`: {e}")))?;
    let needed = || {
        secret.clone().ok_or_else(|| {
            config::ConfigError::Invalid(format!(
                "`bot.secret_env` or `bot.secret_file` is required for `kind = \"{}\"`",
                c.kind.as_str()
            ))
        })
    };
    let t = c.timeout_ms;
    let bot: Arc<dyn upstream::Bot> = match c.kind {
        BotKind::Faq => Arc::new(upstream::faq::FaqBot::new()),
        BotKind::Rasa => Arc::new(upstream::rasa::RasaBot::new(url.unwrap_or_default(), t)?),
        BotKind::Botpress => Arc::new(upstream::botpress::BotpressBot::new(
            url.unwrap_or_default(),
            secret.clone(),
            t,
        )?),
        BotKind::Directline => {
            Arc::new(upstream::directline::DirectLineBot::new(url, needed()?, t)?)
        }
        BotKind::Dialogflow => Arc::new(upstream::dialogflow::DialogflowBot::new(
            c.dialogflow.as_ref().ok_or_else(|| {
                config::ConfigError::Invalid("`[bot.dialogflow]` is required".into())
            })?,
            url,
            needed()?,
            t,
        )?),
        BotKind::Openai => Arc::new(upstream::openai::OpenAiBot::new(
            url.unwrap_or_default(),
            secret.clone(),
            c.openai.clone().unwrap_or_default(),
            t,
        )?),
    };
    tracing::info!(bot = %bot.name(), jurisdiction = ?c.jurisdiction, "core bot configured");
    Ok(bot)
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

/// Each region's store, opened and migrated.
fn open_stores(config: &Config, policies: &policy::Policies) -> Result<store::Stores, StartError> {
    let urls: Vec<(String, String)> = policies
        .regions()
        .iter()
        .map(|r| (r.id.clone(), config.store_url(&r.store)))
        .collect();
    Ok(store::Stores::open(&urls)?)
}

/// The agent pools, each in a region that has a policy.
fn pools(
    config: &Config,
    policies: &policy::Policies,
) -> Result<Vec<crate::routing::Pool>, StartError> {
    Ok(config
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
        .collect::<Result<Vec<_>, _>>()?)
}

/// The data keys' vault: the region keys (reread when rotated) and each
/// region's key store. Warns of a secret kept inside `data_dir`.
fn vault(
    config: &Config,
    policies: &Arc<policy::Policies>,
) -> Result<super::vault::Vault, StartError> {
    let key_ids: Vec<String> = policies
        .regions()
        .iter()
        .filter_map(|r| r.key.clone())
        .collect();
    for (what, path) in config.secrets_in_data_dir(&key_ids) {
        tracing::warn!(secret = %what, path = %path.display(),
            "a secret lives inside data_dir: whoever holds a copy of the data directory can open what it protects; move it to keys_dir (docs/residency.md)");
    }
    let keys = load_keys(config, policies)?;
    let keystore_urls: Vec<(String, String)> = policies
        .regions()
        .iter()
        .map(|r| (r.id.clone(), config.key_store_url(&r.store)))
        .collect();
    let keystores = store::Stores::open_kind(&keystore_urls, store::Kind::Keys)?;
    let reload_config = config.clone();
    let reload_policies = policies.clone();
    Ok(
        super::vault::Vault::new(policies, &keys, keystores).with_reload(Box::new(move || {
            load_keys(&reload_config, &reload_policies)
        })),
    )
}

/// The audit log, after signing what a crash left unsigned in each region
/// (and recording the crash).
fn started_audit(
    config: &Config,
    policies: &policy::Policies,
    stores: &store::Stores,
) -> Result<Arc<crate::audit::AuditLog>, StartError> {
    let audit = audit_log(config)?
        .with_interval(std::time::Duration::from_millis(config.audit_checkpoint_ms));
    for region in policies.regions() {
        audit
            .start(stores.get(&region.id)?)
            .map_err(|e| config::ConfigError::Invalid(e.to_string()))?;
    }
    audit
        .mark_running()
        .map_err(|e| config::ConfigError::Invalid(e.to_string()))?;
    Ok(audit)
}

/// Logs each region's transfer decision for each engine, so operators see
/// at start which engines a region's text may reach.
fn log_engine_decisions(
    gate: &gate::Gate,
    policies: &policy::Policies,
    chain: &crate::translate::Chain,
) {
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
}

/// The shops whose signed assertions say who a shopper is.
fn shops(config: &Config) -> Result<assertion::Shops, StartError> {
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
    Ok(assertion::Shops::new(shops))
}
