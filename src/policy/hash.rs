//! The hash every decision carries: SHA-256 of the normalised policy.

use super::RegionPolicy;

/// SHA-256 of the policy as canonical JSON (keys sorted, comments and
/// layout gone): two files that say the same thing hash the same.
pub(super) fn hash_of(p: &RegionPolicy) -> String {
    let value = serde_json::to_value(p).unwrap_or_default();
    let canonical = canonical_json(&value);
    hex::encode(ring::digest::digest(
        &ring::digest::SHA256,
        canonical.as_bytes(),
    ))
}

fn canonical_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::Value::String((*k).clone()),
                        canonical_json(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Policies;
    use super::super::fixtures::{EU, src};

    #[test]
    fn the_hash_ignores_layout_and_comments_but_not_content() {
        let a = Policies::parse(&[src("eu.toml", EU)]).unwrap();
        let b = Policies::parse(&[src(
            "eu.toml",
            &format!("# comment\n{}", EU.replace(" = ", "=")),
        )])
        .unwrap();
        let c =
            Policies::parse(&[src("eu.toml", &EU.replace("\"FR\"]", "\"FR\", \"IT\"]"))]).unwrap();
        assert_eq!(a.regions()[0].hash, b.regions()[0].hash);
        assert_ne!(a.regions()[0].hash, c.regions()[0].hash);
    }
}
