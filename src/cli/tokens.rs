//! The commands that make credentials: agent, compliance and operations
//! tokens, signed shopper assertions (for trying a shop out), and the
//! revocation of a token by its id. A token goes alone to stdout (so
//! `T=$(crossdesk agent-token …)` works); what to know about it to stderr.

use std::process::ExitCode;

use super::report;
use crate::config::Config;

/// Prints a shopper assertion signed with the HMAC key of `shop`, valid
/// for `ttl` seconds; exit 2 on a shop that cannot be used so.
pub fn shopper_assertion(
    config: &Config,
    shop: &str,
    shopper: &str,
    country: Option<&str>,
    links: &[String],
    ttl: i64,
) -> ExitCode {
    let fail = |m: &str| {
        eprintln!("crossdesk shopper-assertion: {m}");
        ExitCode::from(2)
    };
    if !(1..=crate::assertion::MAX_LIFETIME_SECS).contains(&ttl) {
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
        crate::assertion::sign_hmac_linked(shop, &secret, shopper, country, links, exp)
    );
    ExitCode::SUCCESS
}

/// Prints an agent token bound to `pool`, in the agent's `lang` (default:
/// the pool's first), valid for `hours` (default: `[tokens] agent_hours`).
pub fn agent_token(
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
    let signer = match crate::assemble::token_signer(config) {
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

/// An instant in seconds, as RFC 3339 (empty when out of range).
fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

/// Prints a role token (`compliance`, `ops`) and its id for revocation.
pub fn role_token(config: &Config, role: &str, name: &str, days: i64, flag: &str) -> ExitCode {
    let expires = chrono::Utc::now().timestamp() + days.clamp(1, 366) * 86_400;
    let issued = crate::assemble::token_signer(config)
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

/// Adds a token's id to the revoked tokens' file.
pub fn revoke(config: &Config, id: &str) -> ExitCode {
    report(
        crate::crypto::Revocations::revoke(&config.revoked_tokens_path(), id, "revoked").map(
            |()| format!("token {id} revoked (the server stops accepting it within a second)"),
        ),
    )
}
