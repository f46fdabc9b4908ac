//! The proxy's own words, in the shopper's language: Fluent bundles loaded
//! once from `locales/<locale>/crossdesk.ftl`, locale negotiation with
//! fluent-langneg, and numbers, times and dates written the locale's way.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{DateTime, Timelike};
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

/// The reference locale: every other locale must define its message ids.
pub const REFERENCE: &str = "en-US";
const FILE: &str = "crossdesk.ftl";

#[derive(Debug, thiserror::Error)]
#[error("locales: {0}")]
pub struct I18nError(String);

impl I18nError {
    pub fn new(why: String) -> I18nError {
        I18nError(why)
    }
}

pub struct Localizer {
    bundles: HashMap<LanguageIdentifier, FluentBundle<FluentResource>>,
    /// Message ids per locale, to check completeness.
    ids: HashMap<LanguageIdentifier, BTreeSet<String>>,
    available: Vec<LanguageIdentifier>,
    reference: LanguageIdentifier,
}

/// How a locale writes numbers: grouping separator, decimal separator, and
/// the smallest number that gets grouped.
fn number_style(lang: &str) -> (&'static str, &'static str, f64) {
    match lang {
        "de" | "nl" | "it" | "id" | "tr" | "da" | "el" | "ro" | "vi" => (".", ",", 1000.0),
        "ru" | "uk" | "pl" | "cs" | "sk" => ("\u{a0}", ",", 10000.0),
        "sv" | "nb" | "fi" | "hu" => ("\u{a0}", ",", 1000.0),
        // Spanish groups only from five digits (CLDR minimumGroupingDigits = 2).
        "es" => (".", ",", 10000.0),
        "pt" => (".", ",", 1000.0),
        "fr" => ("\u{202f}", ",", 1000.0),
        _ => (",", ".", 1000.0),
    }
}

/// Formats a number the locale's way (`1,234.5`, `1.234,5`, `1 234,5`).
pub fn format_number(lang: &str, n: f64) -> String {
    let (group, decimal, min) = number_style(lang);
    let negative = n < 0.0;
    let n = n.abs();
    let text = if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    if n >= min {
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(c);
        }
    } else {
        grouped.push_str(int);
    }
    let mut out = if negative {
        format!("-{grouped}")
    } else {
        grouped
    };
    if !frac.is_empty() {
        out.push_str(decimal);
        out.push_str(frac);
    }
    out
}

macro_rules! number_formatter {
    ($name:ident, $lang:literal) => {
        fn $name<M>(value: &FluentValue, _: &M) -> Option<String> {
            match value {
                FluentValue::Number(n) => Some(format_number($lang, n.value)),
                _ => None,
            }
        }
    };
}
number_formatter!(numbers_en, "en");
number_formatter!(numbers_de, "de");
number_formatter!(numbers_es, "es");
number_formatter!(numbers_fr, "fr");
number_formatter!(numbers_ru, "ru");
number_formatter!(numbers_pt, "pt");

/// A time of day the locale's way ("3:46 PM", "15:46").
pub fn format_time(locale: &LanguageIdentifier, at: &DateTime<Tz>) -> String {
    match locale.language.as_str() {
        "en" => {
            let (pm, h) = at.hour12();
            format!("{h}:{:02} {}", at.minute(), if pm { "PM" } else { "AM" })
        }
        _ => at.format("%H:%M").to_string(),
    }
}

/// A date and time the locale's way, with the zone's abbreviation.
pub fn format_datetime(locale: &LanguageIdentifier, at: &DateTime<Tz>) -> String {
    let date = match locale.language.as_str() {
        "en" => at.format("%b %-d, %Y,").to_string(),
        "de" => at.format("%d.%m.%Y,").to_string(),
        "fr" => at.format("%d/%m/%Y").to_string(),
        "es" => at.format("%-d/%-m/%Y,").to_string(),
        "zh" | "ja" => at.format("%Y年%-m月%-d日").to_string(),
        "ko" => at.format("%Y년 %-m월 %-d일").to_string(),
        "pt" | "it" => at.format("%d/%m/%Y").to_string(),
        "ru" | "uk" => at.format("%d.%m.%Y,").to_string(),
        "th" | "ar" | "el" | "hi" => at.format("%-d/%-m/%Y").to_string(),
        "cs" | "sk" => at.format("%-d. %-m. %Y").to_string(),
        "da" | "nb" | "pl" | "ro" | "tr" | "he" => at.format("%d.%m.%Y").to_string(),
        "fi" => at.format("%-d.%-m.%Y").to_string(),
        "hu" => at.format("%Y. %m. %d.").to_string(),
        "nl" => at.format("%d-%m-%Y").to_string(),
        "id" | "ms" | "vi" => at.format("%d/%m/%Y").to_string(),
        // sv, fa and anything else: ISO 8601.
        _ => at.format("%Y-%m-%d").to_string(),
    };
    format!("{date} {} {}", format_time(locale, at), at.format("%Z"))
}

/// The best of `available` for the `requested` locales, in preference
/// order, else `reference`: old and macrolanguage codes reach the served
/// locale, a region falls back to the language's locale.
pub fn negotiate(
    requested: &[&str],
    available: &[LanguageIdentifier],
    reference: &LanguageIdentifier,
) -> LanguageIdentifier {
    // Old and macrolanguage codes reach the served locale (`no` → nb-NO,
    // `iw` → he-IL, `in` → id-ID).
    let requested: Vec<LanguageIdentifier> = requested
        .iter()
        .filter_map(|r| r.parse::<LanguageIdentifier>().ok())
        .map(|mut l| {
            let canonical = crate::language::primary_subtag(l.language.as_str());
            if canonical != l.language.as_str()
                && let Ok(lang) = canonical.parse()
            {
                l.language = lang;
            }
            l
        })
        .collect();
    negotiate_languages(
        &requested,
        available,
        Some(reference),
        NegotiationStrategy::Lookup,
    )
    .first()
    .map(|l| (*l).clone())
    .unwrap_or_else(|| reference.clone())
}

impl Localizer {
    /// Loads every `<locale>/crossdesk.ftl` under `dir`. Fails on syntax
    /// errors and when the reference locale is missing.
    pub fn load_dir(dir: &Path) -> Result<Localizer, I18nError> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| I18nError(format!("{}: {e}", dir.display())))?;
        let mut bundles = HashMap::new();
        let mut ids = HashMap::new();
        for entry in entries.flatten() {
            let path = entry.path().join(FILE);
            if !path.is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_string();
            let locale: LanguageIdentifier = name
                .parse()
                .map_err(|_| I18nError(format!("{}: not a locale name", entry.path().display())))?;
            let text = std::fs::read_to_string(&path)
                .map_err(|e| I18nError(format!("{}: {e}", path.display())))?;
            let resource = FluentResource::try_new(text).map_err(|(_, errs)| {
                I18nError(format!(
                    "{}: {} syntax error(s), first: {:?}",
                    path.display(),
                    errs.len(),
                    errs[0]
                ))
            })?;
            let message_ids: BTreeSet<String> = resource
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect();
            let mut bundle = FluentBundle::new_concurrent(vec![locale.clone()]);
            // No U+2068/U+2069 marks around placeables: the texts go to chat
            // widgets that show them as boxes.
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(match locale.language.as_str() {
                "es" => numbers_es,
                "pt" => numbers_pt,
                "fr" => numbers_fr,
                "ru" | "uk" | "pl" | "cs" => numbers_ru,
                l if number_style(l).0 == "." => numbers_de,
                _ => numbers_en,
            }));
            bundle
                .add_resource(resource)
                .map_err(|e| I18nError(format!("{}: {e:?}", path.display())))?;
            ids.insert(locale.clone(), message_ids);
            bundles.insert(locale, bundle);
        }
        let reference: LanguageIdentifier = REFERENCE.parse().expect("valid reference locale");
        if !bundles.contains_key(&reference) {
            return Err(I18nError(format!(
                "{}: no {REFERENCE}/{FILE}",
                dir.display()
            )));
        }
        let mut available: Vec<LanguageIdentifier> = bundles.keys().cloned().collect();
        available.sort_by_key(|l| l.to_string());
        Ok(Localizer {
            bundles,
            ids,
            available,
            reference,
        })
    }

    /// `(locale, message id)` for every id the reference has and a locale lacks.
    pub fn missing_ids(&self) -> Vec<(String, String)> {
        let reference = &self.ids[&self.reference];
        let mut missing = Vec::new();
        for locale in &self.available {
            for id in reference.difference(&self.ids[locale]) {
                missing.push((locale.to_string(), id.clone()));
            }
        }
        missing
    }

    pub fn locales(&self) -> &[LanguageIdentifier] {
        &self.available
    }

    /// The best available locale for the requested ones, in preference order
    /// ("es" → es-ES, "zh-TW" → zh-CN when only that exists, else en-US).
    pub fn negotiate(&self, requested: &[&str]) -> LanguageIdentifier {
        negotiate(requested, &self.available, &self.reference)
    }

    /// Formats message `id` in `locale`, falling back to the reference locale
    /// for a missing id. Never fails: an unknown id yields the id itself.
    pub fn format(
        &self,
        locale: &LanguageIdentifier,
        id: &str,
        args: &[(&str, FluentValue<'_>)],
    ) -> String {
        let mut fluent_args = FluentArgs::new();
        for (k, v) in args {
            fluent_args.set(*k, v.clone());
        }
        for bundle in [self.bundles.get(locale), self.bundles.get(&self.reference)]
            .into_iter()
            .flatten()
        {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
                if errors.is_empty() {
                    return text.into_owned();
                }
                tracing::warn!(id, locale = %locale, ?errors, "fluent formatting errors");
                return text.into_owned();
            }
        }
        id.to_string()
    }

    /// The name of a language (ISO 639-1) in `locale`.
    pub fn language_name(&self, locale: &LanguageIdentifier, code: &str) -> String {
        self.format(
            locale,
            "language-name",
            &[("code", FluentValue::from(code))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn localizer() -> Localizer {
        Localizer::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")).unwrap()
    }

    #[test]
    fn every_locale_has_every_reference_message() {
        let l = localizer();
        assert!(l.locales().len() >= 12);
        assert_eq!(l.missing_ids(), Vec::<(String, String)>::new());
    }

    #[test]
    fn a_locale_missing_a_message_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        for (loc, text) in [("en-US", "a = A\nb = B\n"), ("de-DE", "a = A\n")] {
            std::fs::create_dir_all(dir.path().join(loc)).unwrap();
            std::fs::write(dir.path().join(loc).join(FILE), text).unwrap();
        }
        let l = Localizer::load_dir(dir.path()).unwrap();
        assert_eq!(l.missing_ids(), vec![("de-DE".into(), "b".into())]);
    }

    #[test]
    fn negotiation_finds_the_closest_locale() {
        let l = localizer();
        assert_eq!(l.negotiate(&["es"]).to_string(), "es-ES");
        assert_eq!(l.negotiate(&["es-MX"]).to_string(), "es-ES");
        assert_eq!(l.negotiate(&["zh-Hans-CN"]).to_string(), "zh-CN");
        assert_eq!(l.negotiate(&["xx", "de"]).to_string(), "de-DE");
        assert_eq!(l.negotiate(&["ko"]).to_string(), "ko-KR");
        assert_eq!(l.negotiate(&["pt-PT"]).to_string(), "pt-BR");
        assert_eq!(l.negotiate(&["sw"]).to_string(), "en-US");
    }

    #[test]
    fn numbers_and_dates_follow_the_locale() {
        assert_eq!(format_number("en", 1234567.5), "1,234,567.5");
        assert_eq!(format_number("de", 1234.0), "1.234");
        assert_eq!(format_number("es", 1234.0), "1234");
        assert_eq!(format_number("es", 12345.0), "12.345");
        assert_eq!(format_number("fr", 1234.25), "1\u{202f}234,25");
        assert_eq!(format_number("ru", 12345.0), "12\u{a0}345");
        assert_eq!(format_number("pt", 1234.0), "1.234");
        let at = chrono_tz::Europe::Berlin
            .with_ymd_and_hms(2026, 11, 25, 15, 46, 0)
            .unwrap();
        let de: LanguageIdentifier = "de-DE".parse().unwrap();
        let en: LanguageIdentifier = "en-US".parse().unwrap();
        let ja: LanguageIdentifier = "ja-JP".parse().unwrap();
        assert_eq!(format_datetime(&de, &at), "25.11.2026, 15:46 CET");
        assert_eq!(format_datetime(&en, &at), "Nov 25, 2026, 3:46 PM CET");
        assert_eq!(format_datetime(&ja, &at), "2026年11月25日 15:46 CET");
        let ko: LanguageIdentifier = "ko-KR".parse().unwrap();
        assert_eq!(format_datetime(&ko, &at), "2026년 11월 25일 15:46 CET");
    }

    #[test]
    fn messages_are_formatted_with_locale_numbers_and_plural_variants() {
        let l = localizer();
        let en = l.negotiate(&["en"]);
        let first = l.format(
            &en,
            "handoff-requested",
            &[("position", FluentValue::from(1))],
        );
        let many = l.format(
            &en,
            "handoff-requested",
            &[("position", FluentValue::from(1234))],
        );
        assert!(first.contains("next in line"), "{first}");
        assert!(many.contains("1,234"), "{many}");
        let de = l.negotiate(&["de"]);
        assert!(
            l.format(
                &de,
                "handoff-requested",
                &[("position", FluentValue::from(1234))]
            )
            .contains("1.234")
        );
        assert_eq!(l.language_name(&de, "es"), "Spanisch");
        assert_eq!(l.format(&en, "no-such-id", &[]), "no-such-id");
    }

    /// Every message id the code asks for is in the reference locale (and
    /// so, checked at start, in every locale): no shopper ever reads an id.
    #[test]
    fn every_message_the_code_uses_is_defined() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let ftl = std::fs::read_to_string(root.join("locales/en-US/crossdesk.ftl")).unwrap();
        let defined: std::collections::HashSet<&str> = ftl
            .lines()
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
            .collect();
        let call = regex::Regex::new(r#"(?:notice|\.format)\(\s*[&a-z_.]+,\s*"([a-z][a-z0-9-]+)""#)
            .unwrap();
        let mut files = vec![root.join("src")];
        let mut used = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|x| x != "rs") || path.ends_with("i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for c in call.captures_iter(&text) {
                assert!(defined.contains(&c[1]), "{} in {}", &c[1], path.display());
                used += 1;
            }
        }
        assert!(used >= 20, "{used}");
    }
}
