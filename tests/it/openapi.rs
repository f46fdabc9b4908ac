//! The API document: accepted by an OpenAPI validator (the one client
//! generators use, installed by scripts/ensure-openapi-validator.sh), and
//! in step with the routes the server registers.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

use crate::common::{TestServer, repo};

fn document() -> Value {
    let server = TestServer::builder().start();
    let doc = server.get("/openapi.json", None);
    assert_eq!(doc.status, 200, "{}", doc.body);
    doc.body
}

#[test]
fn the_document_passes_an_openapi_validator() {
    let status = Command::new("bash")
        .arg(repo().join("scripts/ensure-openapi-validator.sh"))
        .status()
        .expect("run scripts/ensure-openapi-validator.sh");
    assert!(status.success(), "the validator could not be installed");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_vec(&document()).unwrap()).unwrap();
    let out = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("run openapi_spec_validator");
    assert!(
        out.status.success(),
        "the validator rejects /openapi.json:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_registered_route_is_described_and_nothing_else() {
    let doc = document();
    let described: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .filter(|k| !matches!(k.as_str(), "parameters" | "summary" | "description"))
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let registered: BTreeSet<(String, String)> = crossdesk::api::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let undescribed: Vec<_> = registered.difference(&described).collect();
    let phantom: Vec<_> = described.difference(&registered).collect();
    assert!(
        undescribed.is_empty(),
        "routes missing from /openapi.json: {undescribed:?}"
    );
    assert!(phantom.is_empty(), "described but not served: {phantom:?}");
}

#[test]
fn every_operation_declares_its_parameters_and_errors() {
    let doc = document();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let in_path: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for (method, op) in ops.as_object().unwrap() {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let declared: BTreeSet<&str> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(declared, in_path, "{method} {path}: path parameters");
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path}: no success response"
            );
            if path.starts_with("/v1/") {
                // Every API route can be refused; a client must know the shape.
                for (status, r) in responses.iter().filter(|(s, _)| !s.starts_with('2')) {
                    assert_eq!(
                        r["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{method} {path} {status}: error body"
                    );
                }
                assert!(
                    responses.keys().any(|s| s.starts_with('4')),
                    "{method} {path}: no client error described"
                );
            }
            if method == "post" && op.get("requestBody").is_none() {
                // A POST without a body must say so by answering without one.
                assert!(
                    path.ends_with("/claim") || path.ends_with("/close"),
                    "{method} {path}: no request body described"
                );
            }
        }
    }
}
