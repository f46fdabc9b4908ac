//! TMX 1.4 reader (quick-xml): translation units with one segment per
//! language. Inline markup (`<ph>`, `<bpt>`, …) is dropped; its text content
//! kept, which is what plain-text memories contain.

use quick_xml::Reader;
use quick_xml::events::Event;

/// One `<tu>`: its id and `(language, segment)` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: Option<String>,
    pub variants: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
#[error("TMX {file}: byte {position}: {reason}")]
pub struct TmxError {
    pub file: String,
    pub position: u64,
    pub reason: String,
}

/// Parses a TMX document. `file` only names it in errors.
pub fn parse(file: &str, xml: &str) -> Result<Vec<Unit>, TmxError> {
    let mut reader = Reader::from_str(xml);
    let err = |reader: &Reader<&[u8]>, reason: String| TmxError {
        file: file.to_string(),
        position: reader.buffer_position(),
        reason,
    };
    let mut units = Vec::new();
    let mut unit: Option<Unit> = None;
    let mut lang: Option<String> = None;
    let mut seg: Option<String> = None;
    let mut saw_tmx = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                b"tmx" => saw_tmx = true,
                b"tu" => {
                    let id = attr(&e, b"tuid");
                    unit = Some(Unit {
                        id,
                        variants: Vec::new(),
                    });
                }
                b"tuv" => {
                    lang = attr(&e, b"xml:lang").or_else(|| attr(&e, b"lang"));
                    if lang.is_none() {
                        return Err(err(&reader, "<tuv> without xml:lang".into()));
                    }
                }
                b"seg" => seg = Some(String::new()),
                _ => {}
            },
            Ok(Event::Text(t)) => {
                if let Some(s) = seg.as_mut() {
                    let text = t.xml_content().map_err(|e| err(&reader, e.to_string()))?;
                    s.push_str(&text);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(s) = seg.as_mut() {
                    let name = String::from_utf8_lossy(r.as_ref()).to_string();
                    let resolved = match name.as_str() {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        _ => match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            _ => return Err(err(&reader, format!("unknown entity &{name};"))),
                        },
                    };
                    s.push_str(&resolved);
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(s) = seg.as_mut() {
                    s.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::End(e)) => match e.name().as_ref() {
                b"seg" => {
                    if let (Some(u), Some(l), Some(s)) = (unit.as_mut(), lang.as_ref(), seg.take())
                    {
                        u.variants.push((l.clone(), s));
                    }
                }
                b"tuv" => lang = None,
                b"tu" => {
                    if let Some(u) = unit.take() {
                        units.push(u);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(err(&reader, e.to_string())),
        }
    }
    if !saw_tmx {
        return Err(TmxError {
            file: file.to_string(),
            position: 0,
            reason: "not a TMX document (no <tmx> element)".into(),
        });
    }
    Ok(units)
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_units_languages_and_escapes() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en"/><body>
<tu tuid="a"><tuv xml:lang="en"><seg>My Account &gt; Orders &amp; more</seg></tuv>
<tuv xml:lang="de"><seg>Mein Konto &gt; Bestellungen</seg></tuv></tu>
<tu><tuv lang="fr"><seg>Où est ma commande ⟦1⟧ ?</seg></tuv></tu>
</body></tmx>"#;
        let units = parse("t.tmx", xml).unwrap();
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].id.as_deref(), Some("a"));
        assert_eq!(
            units[0].variants,
            vec![
                ("en".into(), "My Account > Orders & more".into()),
                ("de".into(), "Mein Konto > Bestellungen".into())
            ]
        );
        assert_eq!(units[1].variants[0].1, "Où est ma commande ⟦1⟧ ?");
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(parse("x", "<tmx><body><tu><tuv xml:lang=\"en\"><seg>a</tuv>").is_err());
        assert!(parse("x", "<html/>").is_err());
        assert!(
            parse(
                "x",
                "<tmx><body><tu><tuv><seg>a</seg></tuv></tu></body></tmx>"
            )
            .is_err()
        );
    }
}
