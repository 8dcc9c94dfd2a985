//! `Session.userAgent` in Altogic's shape (that of ua-parser:
//! family/major/minor/patch for the browser, its `os` and `device`), filled
//! from the woothee parser, which carries its own data set.

use serde_json::{json, Value};

fn part(family: &str, version: &str) -> Value {
    let mut numbers = version
        .split(['.', '_'])
        .map(|n| n.trim())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let mut next = || numbers.next().unwrap_or("0").to_owned();
    json!({ "family": family, "major": next(), "minor": next(), "patch": next() })
}

fn known(value: &str) -> Option<&str> {
    (!value.is_empty() && value != woothee::woothee::VALUE_UNKNOWN).then_some(value)
}

pub fn parse(user_agent: &str) -> Value {
    let parsed = woothee::parser::Parser::new().parse(user_agent);
    let (browser, version, os, os_version, category) = match &parsed {
        Some(r) => (
            known(r.name).unwrap_or("Other"),
            r.version,
            known(r.os).unwrap_or("Other"),
            r.os_version.as_ref(),
            r.category,
        ),
        None => ("Other", "", "Other", "", ""),
    };
    let device = match (category, os) {
        (_, "iPhone" | "iPad" | "iPod") => os,
        ("pc", _) => "Desktop",
        ("smartphone", _) => "Smartphone",
        ("mobilephone", _) => "Mobile phone",
        ("crawler", _) => "Spider",
        ("appliance", _) => "Appliance",
        _ => "Other",
    };
    let mut ua = part(browser, version);
    ua["os"] = part(os, os_version);
    ua["device"] = part(device, "");
    ua
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desktop_chrome_on_linux() {
        let ua = parse("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36");
        assert_eq!(ua["family"], "Chrome");
        assert_eq!(ua["major"], "120");
        assert_eq!(ua["minor"], "0");
        assert_eq!(ua["patch"], "6099");
        assert_eq!(ua["os"]["family"], "Linux");
        assert_eq!(ua["device"]["family"], "Desktop");
    }

    #[test]
    fn safari_on_iphone() {
        let ua = parse("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
        assert_eq!(ua["family"], "Safari");
        assert_eq!(ua["major"], "17");
        assert_eq!(ua["os"]["family"], "iPhone");
        assert_eq!(ua["os"]["major"], "17");
        assert_eq!(ua["device"]["family"], "iPhone");
    }

    #[test]
    fn unknown_or_empty() {
        for raw in ["", "curl/8.5.0", "\u{0}garbage"] {
            let ua = parse(raw);
            for key in ["family", "major", "minor", "patch"] {
                assert!(ua[key].is_string(), "{raw:?} {key}");
                assert!(ua["os"][key].is_string());
                assert!(ua["device"][key].is_string());
            }
        }
    }
}
