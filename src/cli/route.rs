//! `crossdesk route`: the routing decision for a shopper as JSON, computed
//! from the configuration and policies alone (no store is read: every pool
//! counts as empty).

use std::process::ExitCode;

use crate::config::Config;
use crate::routing::{self, Decision, Load, Need};

/// Prints where a shopper of `country` writing `lang` at `at` is routed;
/// exit 2 on a bad flag, policy or pool.
pub fn route(config: &Config, at: &str, country: &str, lang: &str, timezone: &str) -> ExitCode {
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
    let policies = match crate::policy::Policies::load_dir(&config.policies_dir) {
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
