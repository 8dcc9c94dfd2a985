//! How a session is shown: the device and software it was opened from, and
//! when, in the browser's own language.

use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::altogic::{Session, UserAgent};
use crate::i18n::{fill, t, Text};

/// Newest first. Altogic's ISO 8601 dates sort as text.
pub fn newest_first(mut sessions: Vec<Session>) -> Vec<Session> {
    sessions.sort_by(|a, b| b.creation_dtm.cmp(&a.creation_dtm));
    sessions
}

fn named(family: Option<&str>, major: Option<&str>) -> Option<String> {
    let family = family.filter(|f| !f.is_empty() && *f != "Other")?;
    Some(match major.filter(|m| !m.is_empty() && *m != "0") {
        Some(major) => format!("{family} {major}"),
        None => family.to_owned(),
    })
}

/// Systems that run on computers: ua-parser (whose names Altogic's
/// sessions use) calls a computer's device `Other`.
const COMPUTER_SYSTEMS: [&str; 9] = [
    "Windows",
    "Mac OS X",
    "macOS",
    "Linux",
    "Ubuntu",
    "Fedora",
    "Debian",
    "Chrome OS",
    "FreeBSD",
];

/// `(device, "browser on OS")`, e.g. `("Computer", "Chrome 120 on Linux")`.
pub fn describe(ua: &UserAgent) -> (String, String) {
    let os_family = ua.os.as_ref().and_then(|o| o.family.as_deref());
    let device = ua
        .device
        .as_ref()
        .and_then(|d| named(d.family.as_deref(), None))
        .unwrap_or_else(|| {
            let computer = os_family.is_some_and(|os| COMPUTER_SYSTEMS.contains(&os));
            t(if computer {
                Text::Computer
            } else {
                Text::UnknownDevice
            })
            .to_owned()
        });
    let browser = named(ua.family.as_deref(), ua.major.as_deref());
    let os = ua
        .os
        .as_ref()
        .and_then(|o| named(o.family.as_deref(), o.major.as_deref()));
    let software = match (browser, os) {
        (Some(b), Some(o)) => fill(Text::BrowserOnOs, &[("browser", &b), ("os", &o)]),
        (Some(b), None) => b,
        (None, Some(o)) => o,
        (None, None) => t(Text::UnknownBrowser).to_owned(),
    };
    (device, software)
}

/// A date in the page's language (`i18n::lang`), in its usual format.
pub fn local_date(iso: &str) -> String {
    let date = Date::new(&JsValue::from_str(iso));
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let format: Function =
        js_sys::Intl::DateTimeFormat::new(&Array::of1(&crate::i18n::lang().into()), &options)
            .format();
    // An invalid date makes `format` throw: show what the server sent.
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|s| s.dyn_into::<js_sys::JsString>().ok())
        .map(String::from)
        .unwrap_or_else(|| iso.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session(token: &str, at: &str, ua: serde_json::Value) -> Session {
        let text = json!({"token": token, "creationDtm": at, "userAgent": ua}).to_string();
        Session::from_json(&text).unwrap()
    }

    #[test]
    fn orders_newest_first() {
        let list = vec![
            session("a", "2026-11-20T10:00:00.000Z", json!({})),
            session("b", "2026-11-25T09:00:00.000Z", json!({})),
            session("c", "2026-11-22T23:59:59.999Z", json!({})),
        ];
        let tokens: Vec<_> = newest_first(list).into_iter().map(|s| s.token).collect();
        assert_eq!(tokens, ["b", "c", "a"]);
    }

    #[test]
    fn describes_devices() {
        let s = session(
            "a",
            "x",
            json!({"family": "Chrome", "major": "120", "minor": "0", "patch": "1",
            "os": {"family": "Linux", "major": "0"}, "device": {"family": "Desktop"}}),
        );
        assert_eq!(
            describe(&s.user_agent),
            ("Desktop".into(), "Chrome 120 on Linux".into())
        );
        let s = session(
            "a",
            "x",
            json!({"family": "Mobile Safari", "major": "17",
            "os": {"family": "iOS", "major": "17"}, "device": {"family": "iPhone"}}),
        );
        assert_eq!(
            describe(&s.user_agent),
            ("iPhone".into(), "Mobile Safari 17 on iOS 17".into())
        );
        // ua-parser's names, as Altogic sends them: a desktop is `Other`.
        let s = session(
            "a",
            "x",
            json!({"family": "Safari", "major": "17", "os": {"family": "Mac OS X", "major": "10"},
            "device": {"family": "Other", "major": null}}),
        );
        assert_eq!(
            describe(&s.user_agent),
            ("Computer".into(), "Safari 17 on Mac OS X 10".into())
        );
        let s = session(
            "a",
            "x",
            json!({"family": "Chrome Mobile", "os": {"family": "Android", "major": "14"},
            "device": {"family": "Other"}}),
        );
        assert_eq!(describe(&s.user_agent).0, "Unknown device");
        // Unknown or odd values read as unknown, never as a broken list.
        for ua in [
            json!({}),
            json!({"family": "Other", "device": {"family": "Other"}}),
            json!("garbage"),
            json!({"family": 5}),
        ] {
            let s = session("a", "x", ua);
            assert_eq!(
                describe(&s.user_agent),
                ("Unknown device".into(), "Unknown browser".into())
            );
        }
    }
}
