//! The command-line contracts of DESIGN.md: `detect`, `translate`, `policy check`.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{TestServer, repo};

fn crossdesk(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crossdesk"))
        .args(args)
        .current_dir(repo())
        .env("CROSSDESK_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn detect_prints_one_line_per_message_with_locale_column_and_options() {
    let input = "¿Dónde está mi pedido? Lo compré hace dos semanas\n我的订单在哪里？\n#123456\ntak\tms-MY\ntak\tda-DK\n\nok\n";
    let (code, out, err) = crossdesk(&["detect", "--allow", "en,es,zh,ms,da"], input);
    assert_eq!(code, 0, "{err}");
    let langs: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(langs, ["es", "zh", "und", "ms", "da", "und", "und"]);
    for line in out.lines() {
        let conf: f64 = line.split('\t').nth(1).unwrap().parse().unwrap();
        assert!((0.0..=1.0).contains(&conf), "{line}");
    }
    // --hint applies to every line without its own locale.
    let (_, out, _) = crossdesk(&["detect", "--hint", "fr-FR"], "👍\nmerci\n");
    let lines: Vec<(&str, f64)> = out
        .lines()
        .map(|l| {
            let (lang, conf) = l.split_once('\t').unwrap();
            (lang, conf.parse().unwrap())
        })
        .collect();
    assert_eq!(lines[0], ("fr", 0.5), "{out}");
    assert!(lines[1].0 == "fr" && lines[1].1 >= 0.8, "{out}");
    let (code, _, err) = crossdesk(&["detect", "--allow", "en,xx"], "");
    assert_eq!(code, 2);
    assert!(err.contains("xx"));
}

#[test]
fn translate_prints_translation_engine_and_spans() {
    let (code, out, _) = crossdesk(
        &[
            "translate",
            "--from",
            "es",
            "--to",
            "en",
            "¿Dónde está mi pedido #1234567?",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(out, "Where is my order #1234567?\tmemory\t1\n");
    let (code, out, _) = crossdesk(
        &["translate", "--from", "es", "--to", "en"],
        "Mi gato come pescado\n",
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("-\tuntranslated\tmemory: no translation found"),
        "{out}"
    );
}

#[test]
fn policy_check_names_file_and_line_and_exits_1() {
    let (code, out, _) = crossdesk(&["policy", "check"], "");
    assert_eq!((code, out.trim()), (0, "policies: 4 region policies OK"));
    let dir = tempfile::tempdir().unwrap();
    for f in ["eu.toml", "us.toml", "cn.toml", "apac.toml"] {
        std::fs::copy(repo().join("policies").join(f), dir.path().join(f)).unwrap();
    }
    let cn = std::fs::read_to_string(dir.path().join("cn.toml")).unwrap();
    std::fs::write(
        dir.path().join("cn.toml"),
        cn.replace("countries = [\"CN\"]", "countries = [\"CN\", \"JP\"]"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.toml"), "id = \"x\"\nname = [\n").unwrap();
    let (code, out, _) = crossdesk(&["policy", "check", dir.path().to_str().unwrap()], "");
    assert_eq!(code, 1);
    let cn_path = dir.path().join("cn.toml");
    assert!(
        out.contains(&format!("{}:", cn_path.display()))
            && out.contains("country JP is also in region apac"),
        "{out}"
    );
    assert!(out.contains("broken.toml:"), "{out}");
}

#[test]
fn policy_check_names_unknown_stores_and_keys_of_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        "[stores.eu]\nurl = \"sqlite:///tmp/x-eu.db\"\n[keys.eu-1]\nfile = \"/tmp/none.key\"\n",
    )
    .unwrap();
    let (code, out, _) = crossdesk(
        &["--config", config.to_str().unwrap(), "policy", "check"],
        "",
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("policies/us.toml:5: unknown store \"us\" (configured: eu)"),
        "{out}"
    );
    assert!(
        out.contains("policies/cn.toml:10: unknown key \"cn-1\" (configured: eu-1)"),
        "{out}"
    );
    assert!(!out.contains("eu.toml"), "{out}");
}

#[test]
fn retention_sweep_deletes_what_is_past_the_policy_days_and_its_keys() {
    // A conversation from 2020, older than every policy's retention.
    let server = TestServer::builder().clock("2020-03-01T10:00:00Z").start();
    let (id, token) = server.open(serde_json::json!({"country": "ES"}));
    server.say(&id, &token, "¿Dónde está mi pedido?");
    drop(token);
    let out = server.cli(&["retention", "sweep"]);
    assert!(
        out.contains("region eu: 0 messages, 1 conversations (1 data keys)"),
        "{out}"
    );
    let eu = crate::common::open_store("eu", &server.data_dir().join("eu.db"));
    assert!(eu.conversation(&id).unwrap().is_none());
    assert!(
        eu.audit_entries()
            .unwrap()
            .iter()
            .any(|e| e.kind == "retention" && e.detail.contains("\"conversations\":1"))
    );
}

#[test]
fn an_exported_audit_log_verifies_offline_and_one_altered_byte_fails() {
    let server = TestServer::builder().start();
    for shopper in ["a-1", "a-2", "a-3"] {
        let (id, token) = server.open(serde_json::json!({"country": "FR", "shopper_assertion": crate::common::vouch(shopper, None)}));
        server.say(&id, &token, "Où est ma commande ?");
        server.cli(&["erase", "--shopper", shopper]);
    }
    let public_key = server.cli(&["audit", "public-key"]);
    assert_eq!(public_key.len(), 64);
    let export = server.cli(&["audit", "export", "--region", "eu"]);
    assert_eq!(
        export
            .lines()
            .filter(|l| l.contains("\"type\":\"entry\""))
            .count(),
        6,
        "{export}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eu.jsonl");
    std::fs::write(&file, &export).unwrap();
    let out = server.cli(&[
        "audit",
        "verify",
        "--file",
        file.to_str().unwrap(),
        "--public-key",
        &public_key,
    ]);
    assert!(out.ends_with("6 entries verify"), "{out}");
    // One byte changed in an entry's detail (the first erasure, entry 2:
    // each message's decision comes before it): refused.
    let altered = export.replacen("\\\"conversations\\\":1", "\\\"conversations\\\":0", 1);
    assert_ne!(altered, export);
    std::fs::write(&file, &altered).unwrap();
    let (code, _, err) = crossdesk(
        &[
            "audit",
            "verify",
            "--file",
            file.to_str().unwrap(),
            "--public-key",
            &public_key,
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("entry 2: content altered"), "{err}");
    // CSV, too.
    let csv = server.cli(&["audit", "export", "--region", "eu", "--format", "csv"]);
    assert!(
        csv.starts_with("seq,at,kind,subject,detail") && csv.lines().count() == 7,
        "{csv}"
    );
}
