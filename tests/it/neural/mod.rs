//! The in-process `marian` engine (feature `neural`) through the real
//! server, on models the tests generate (`translate::neural::fixture`):
//! the loading path, which engine translated and what the audit log
//! records (`path`), protected spans and personal data around a model that
//! loses placeholders and one that copies them (`spans`), a burst beyond
//! the worker queue (`deadline`), and a model directory that does not load
//! (`start`).

mod deadline;
mod path;
mod spans;
mod start;

use std::path::Path;

use crossdesk::translate::neural::fixture::Fixture;
use crossdesk::translate::neural::{MarianModel, Weights};
use serde_json::{Value, json};

use crate::common::TestServer;

/// A model directory written from `fixture`.
pub(crate) fn model_dir(fixture: &Fixture) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fixture.write(dir.path()).unwrap();
    dir
}

/// What the model in `dir` makes of `text`, loaded apart from the server.
pub(crate) fn translate_alone(dir: &Path, text: &str) -> String {
    let model = MarianModel::load(dir, Weights::default()).unwrap();
    model.translate(&[text], Some("en")).unwrap().remove(0)
}

/// A `marian` engine named `local` in the EU (the region of the test's
/// shoppers), serving the pairs of `models` (`("es-en", dir)`).
pub(crate) fn marian(models: &[(&str, &Path)], extra: &str) -> String {
    let models: Vec<String> = models
        .iter()
        .map(|(pair, dir)| format!("{pair:?} = {:?}", dir.display().to_string()))
        .collect();
    format!(
        "[[translation.engines]]\nname = \"local\"\nkind = \"marian\"\njurisdiction = \"DE\"\nmodels = {{ {} }}\n{extra}\n",
        models.join(", ")
    )
}

/// A LibreTranslate engine named `libre` at `url`, processing in `jurisdiction`.
pub(crate) fn libre(url: &str, jurisdiction: &str) -> String {
    format!(
        "[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{url}\"\njurisdiction = \"{jurisdiction}\"\nretries = 0\nbreaker_failures = 1000\n"
    )
}

/// The engines per direction: Spanish to English by `inbound` (and not
/// the memory), everything from English by `outbound`.
pub(crate) fn routes(inbound: &[&str], outbound: &[&str]) -> String {
    format!(
        "[[translation.chains]]\nfrom = \"es\"\nto = \"en\"\nengines = {inbound:?}\n\
         [[translation.chains]]\nfrom = \"en\"\nengines = {outbound:?}\n"
    )
}

/// Posts a shopper message declared Spanish; the reply, status 200.
pub(crate) fn say_es(server: &TestServer, id: &str, token: &str, text: &str) -> Value {
    let r = server.post(
        &format!("/v1/conversations/{id}/messages"),
        Some(token),
        &json!({ "text": text, "locale": "es-ES" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

/// A region's audit entries of one kind, their details parsed.
pub(crate) fn audit(server: &TestServer, region: &str, kind: &str) -> Vec<Value> {
    crate::common::open_store(region, &server.data_dir().join(format!("{region}.db")))
        .audit_entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| serde_json::from_str(&e.detail).unwrap())
        .collect()
}
