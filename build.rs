//! Lists the language-identification training texts
//! (`src/language/train/<code>.txt`) so that adding a language is adding a
//! file; the texts are compiled into the binary.

use std::fmt::Write;

fn main() {
    let dir = std::path::Path::new("src/language/train");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut codes: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase()))
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    let mut out = String::from("&[\n");
    for code in &codes {
        println!("cargo:rerun-if-changed={}/{code}.txt", dir.display());
        let _ = writeln!(
            out,
            "    (\"{code}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/language/train/{code}.txt\"))),"
        );
    }
    out.push(']');
    let target = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("training.rs");
    std::fs::write(target, out).expect("write training list");
}
