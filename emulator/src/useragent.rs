//! `Session.userAgent` in Altogic's shape (that of ua-parser:
//! family/major/minor/patch for the browser, its `os` and `device`, with
//! ua-parser's names), filled from the woothee parser, which carries its
//! own data set.

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
    // woothee's names, said as ua-parser (which Altogic's sessions use)
    // says them: a desktop's device is `Other`, an iPhone's system `iOS`.
    let apple_mobile = matches!(os, "iPhone" | "iPad" | "iPod");
    let device = match category {
        _ if apple_mobile => os,
        "smartphone" | "mobilephone" => "Generic Smartphone",
        "crawler" => "Spider",
        _ => "Other",
    };
    let (os, os_version) = match os {
        _ if apple_mobile => ("iOS", os_version),
        "Mac OSX" => ("Mac OS X", os_version),
        "ChromeOS" => ("Chrome OS", os_version),
        windows if windows.starts_with("Windows ") => ("Windows", &windows[8..]),
        other => (other, os_version),
    };
    let browser = match (browser, os) {
        ("Safari", "iOS") => "Mobile Safari",
        ("Chrome", "Android") => "Chrome Mobile",
        ("Firefox", "Android") => "Firefox Mobile",
        ("Internet Explorer", _) => "IE",
        (other, _) => other,
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
        assert_eq!(ua["device"]["family"], "Other");
    }

    #[test]
    fn names_as_ua_parser_does() {
        let ua = parse("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15");
        assert_eq!(ua["family"], "Safari");
        assert_eq!(ua["os"]["family"], "Mac OS X");
        assert_eq!(ua["os"]["major"], "10");
        assert_eq!(ua["os"]["minor"], "15");
        assert_eq!(ua["device"]["family"], "Other");
        let ua = parse(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
        );
        assert_eq!(ua["family"], "Firefox");
        assert_eq!(ua["os"]["family"], "Windows");
        assert_eq!(ua["os"]["major"], "10");
        let ua = parse("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36");
        assert_eq!(ua["family"], "Chrome Mobile");
        assert_eq!(ua["os"]["family"], "Android");
        assert_eq!(ua["device"]["family"], "Generic Smartphone");
    }

    #[test]
    fn safari_on_iphone() {
        let ua = parse("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
        assert_eq!(ua["family"], "Mobile Safari");
        assert_eq!(ua["major"], "17");
        assert_eq!(ua["os"]["family"], "iOS");
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
