//! `[web]`: the pages crossdesk serves itself. `widget_origins` lists the
//! shops' sites that may show the chat in a frame (`/widget.js`); the list
//! becomes the chat page's `frame-ancestors`, so each entry must be an
//! origin and nothing else.

use serde::Deserialize;

use super::ConfigError;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebConfig {
    /// Origins (`https://shop.example`, `http://localhost:8000`) whose
    /// pages may embed the chat. Empty: no site may.
    pub widget_origins: Vec<String>,
}

impl WebConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        for origin in &self.widget_origins {
            if !is_origin(origin) {
                return Err(ConfigError::Invalid(format!(
                    "`web.widget_origins`: {origin:?} is not an origin such as \
                     \"https://shop.example\" (http or https, a lower-case host, \
                     an optional port, no path)"
                )));
            }
        }
        Ok(())
    }
}

/// `scheme://host[:port]` as a browser serializes an origin: http or
/// https, a lower-case DNS name, IPv4 or bracketed IPv6 address, no
/// default port spelled out, nothing after it. Only such text may reach a
/// Content-Security-Policy header.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    if scheme != "http" && scheme != "https" {
        return false;
    }
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, after)) if !addr.is_empty() => {
                if !addr
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
                {
                    return false;
                }
                match after {
                    "" => return true,
                    _ => match after.strip_prefix(':') {
                        Some(port) => (addr, Some(port)),
                        None => return false,
                    },
                }
            }
            _ => return false,
        },
        None => match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        },
    };
    let host_ok = rest.starts_with('[')
        || (!host.is_empty()
            && host.len() <= 253
            && host
                .split('.')
                .all(|label| !label.is_empty() && label.len() <= 63 && !label.starts_with('-'))
            && host
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'));
    let default_port = if scheme == "https" { 443 } else { 80 };
    let port_ok = match port {
        None => true,
        Some(p) => {
            !p.is_empty()
                && !p.starts_with('0')
                && p.chars().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n != default_port)
        }
    };
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_origins_are_accepted() {
        for ok in [
            "https://shop.example",
            "http://127.0.0.1:8081",
            "https://www.shop-1.example:8443",
            "http://[::1]:3000",
            "http://localhost",
        ] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in [
            "",
            "shop.example",
            "*",
            "https://*.shop.example",
            "'self'",
            "https://shop.example/",
            "https://shop.example/path",
            "https://Shop.example",
            "https://shop.example:443",
            "https://shop.example:0",
            "https://shop.example:99999",
            "ftp://shop.example",
            "https://shop.example; script-src *",
            "https://shop..example",
            "https://user@shop.example",
            "http://[::1",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn a_bad_entry_names_the_setting() {
        let c = WebConfig {
            widget_origins: vec!["https://shop.example".into(), "https://x/".into()],
        };
        let e = c.validate().unwrap_err().to_string();
        assert!(
            e.contains("web.widget_origins") && e.contains("https://x/"),
            "{e}"
        );
        assert!(WebConfig::default().validate().is_ok());
    }
}
