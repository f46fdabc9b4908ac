//! IPv4 and IPv6 addresses, but not version numbers or times of day.

use std::sync::OnceLock;

use regex::Regex;

use super::context::labelled;
use super::{Finds, re};
use crate::privacy::Kind;

pub(super) fn ips(text: &str, out: &mut Finds) {
    static V4: OnceLock<Regex> = OnceLock::new();
    static V6: OnceLock<Regex> = OnceLock::new();
    static VERSION: OnceLock<Regex> = OnceLock::new();
    let v4 = V4.get_or_init(|| {
        re(r"(?-u:\b)(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?-u:\b)")
    });
    let v6 = V6.get_or_init(|| {
        re(r"(?-u:\b)(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?-u:\b)|(?:(?-u:\b)[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?(?-u:\b)")
    });
    let version = VERSION.get_or_init(|| re(r"(?i)(?:v|ver\.?|version|versión|versão|versione|versie|wersja|версия|版本|バージョン|버전|sürüm|sürümü)\s*$"));
    for m in v4.find_iter(text) {
        let before = text[..m.start()].chars().last();
        let after = text[m.end()..].chars().next();
        // Not part of a longer dotted number (a version 1.2.3.4.5).
        if matches!(before, Some('.'))
            || matches!(after, Some('.'))
                && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        if !labelled(text, m.start(), version) {
            out.push((m.start(), m.end(), Kind::Ip));
        }
    }
    for m in v6.find_iter(text) {
        let v = m.as_str();
        // `::` alone, or a time such as 12:30:45, is not an address.
        if v.matches(':').count() >= 2 && v.chars().filter(char::is_ascii_hexdigit).count() >= 4 {
            out.push((m.start(), m.end(), Kind::Ip));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::values;
    use crate::privacy::Kind;

    #[test]
    fn ip_addresses_but_not_versions() {
        assert_eq!(
            values("my IP is 203.0.113.7", "US"),
            [(Kind::Ip, "203.0.113.7")]
        );
        assert_eq!(
            values("from 2001:db8::8a2e:370:7334 today", "DE"),
            [(Kind::Ip, "2001:db8::8a2e:370:7334")]
        );
        assert!(values("app version 5.12.0.1 crashes at 12:30:45", "DE").is_empty());
    }
}
