//! Where the backend is. Read at start from two `<meta>` tags of the page,
//! so one build serves any environment: `scripts/configure-dist` re-targets
//! a built `dist/` (every page written again), no rebuild.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::validate::{self, FieldRule, Kind};

pub const ENV_URL_META: &str = "altogic-env-url";
pub const CLIENT_KEY_META: &str = "altogic-client-key";
/// Which providers' sign-in buttons show, e.g. `google,github`.
pub const OAUTH_PROVIDERS_META: &str = "altogic-oauth-providers";
/// The model that holds the app's users (Altogic's app settings choose it).
pub const USERS_MODEL_META: &str = "altogic-users-model";
pub const DEFAULT_USERS_MODEL: &str = "users";
/// The site's name: the header, the home page's title
/// (`scripts/configure-dist --name`).
pub const SITE_NAME_META: &str = "altogic-site-name";
pub const DEFAULT_SITE_NAME: &str = "Altogic Auth";
/// The site's logo beside its name, a path in `dist/`, or empty for none
/// (`--logo`).
pub const SITE_LOGO_META: &str = "altogic-site-logo";

/// The site's terms and privacy policy (`--terms-url`, `--privacy-url`):
/// set, sign-up asks for consent to both.
pub const TERMS_URL_META: &str = "altogic-terms-url";
pub const PRIVACY_URL_META: &str = "altogic-privacy-url";
/// The operator's own pages a sign-in may go back to (`--return-to`):
/// path prefixes on this origin, separated by spaces.
pub const RETURN_TO_META: &str = "altogic-return-to";

/// The operator's own sign-up fields (`--signup-fields`): their JSON
/// list, every language's labels (`SignupField`).
pub const SIGNUP_FIELDS_META: &str = "altogic-signup-fields";

/// How a person deletes their account (`--account-deletion`): `object`
/// (`db/object/delete` on the users model) or `endpoint:/path` (an
/// endpoint of the operator's, `DELETE <env URL>/path`); none: not offered.
pub const ACCOUNT_DELETION_META: &str = "altogic-account-deletion";

/// The country a phone number is dialled in unless the visitor chooses
/// another (`--default-country TR`, `country`); none: the browser's region.
pub const DEFAULT_COUNTRY_META: &str = "altogic-default-country";

/// The least score a new password must reach (`--min-password-strength`,
/// 1 to `strength::MAX_SCORE`); none: the meter advises and refuses
/// nothing.
pub const MIN_PASSWORD_STRENGTH_META: &str = "altogic-min-password-strength";

/// A range API of leaked passwords (`--breach-check`), the address its
/// five hex characters are added to; none: no check.
pub const BREACH_CHECK_META: &str = "altogic-breach-check";

/// Altogic's sign-in providers: the name in its URLs, and the one people know.
pub const PROVIDERS: [(&str, &str); 6] = [
    ("google", "Google"),
    ("facebook", "Facebook"),
    ("twitter", "Twitter"),
    ("apple", "Apple"),
    ("discord", "Discord"),
    ("github", "GitHub"),
];

/// The name people know a provider by.
pub fn provider_name(id: &str) -> Option<&'static str> {
    PROVIDERS
        .iter()
        .find(|(p, _)| *p == id)
        .map(|(_, name)| *name)
}

/// The providers a comma-separated list turns on; `unknown` hears of each
/// name in it that is none of Altogic's (ignored).
pub fn parse_providers(raw: &str, mut unknown: impl FnMut(&str)) -> Vec<&'static str> {
    let mut on = Vec::new();
    for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match PROVIDERS.iter().find(|(p, _)| p.eq_ignore_ascii_case(name)) {
            Some((p, _)) if !on.contains(p) => on.push(*p),
            Some(_) => {}
            None => unknown(name),
        }
    }
    on
}

/// The local Altogic-compatible backend that `scripts/dev` starts, which a
/// development build (`trunk serve`, the browser tests) falls back to. A
/// release build does not: a page that does not say where its backend is
/// shows that the site is not configured (`lib.rs`).
pub const DEFAULT_ENV_URL: &str = "http://127.0.0.1:8787";
pub const DEFAULT_CLIENT_KEY: &str = "local-client-key";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Altogic's environment URL, without a trailing `/`.
    pub env_url: String,
    pub client_key: String,
}

impl Config {
    /// Builds the config from the raw `<meta>` values, both trimmed. A
    /// missing or blank value is the local backend's if `fall_back`, else
    /// `None`: the site is not configured.
    pub fn from_values(
        env_url: Option<&str>,
        client_key: Option<&str>,
        fall_back: bool,
    ) -> Option<Self> {
        fn given(value: Option<&str>) -> Option<&str> {
            value.map(str::trim).filter(|v| !v.is_empty())
        }
        let env_url = given(env_url)
            .map(|u| u.trim_end_matches('/'))
            .filter(|u| !u.is_empty());
        let client_key = given(client_key);
        let (env_url, client_key) = match (env_url, client_key) {
            (Some(url), Some(key)) => (url, key),
            _ if fall_back => (
                env_url.unwrap_or(DEFAULT_ENV_URL),
                client_key.unwrap_or(DEFAULT_CLIENT_KEY),
            ),
            _ => return None,
        };
        Some(Self {
            env_url: env_url.to_owned(),
            client_key: client_key.to_owned(),
        })
    }

    /// The URL of a REST call, e.g. `rest_url("auth/signin-email")`.
    pub fn rest_url(&self, path: &str) -> String {
        format!("{}/_api/rest/v1/{}", self.env_url, path)
    }
}

#[cfg(target_arch = "wasm32")]
fn meta(name: &str) -> Option<String> {
    let selector = format!("meta[name=\"{name}\"]");
    web_sys::window()?
        .document()?
        .query_selector(&selector)
        .ok()??
        .get_attribute("content")
}

/// On the host, the `<meta>`s of the page being prerendered: the site
/// writer sets them once, before the first render (`prerender::Site`), so
/// the pages show what the browser's app will (the providers, the brand).
#[cfg(not(target_arch = "wasm32"))]
static PAGE_METAS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();

/// The values every page prerendered on this host names; `false` if
/// they were set already (each is read once).
#[cfg(not(target_arch = "wasm32"))]
pub fn prerender_with(metas: Vec<(&'static str, String)>) -> bool {
    PAGE_METAS.set(metas).is_ok()
}

#[cfg(not(target_arch = "wasm32"))]
fn meta(name: &str) -> Option<String> {
    PAGE_METAS
        .get()?
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.clone())
}

/// The config of this page, read once; `None` when a release build's page
/// does not say where its backend is.
pub fn get() -> Option<&'static Config> {
    static CONFIG: OnceLock<Option<Config>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            Config::from_values(
                meta(ENV_URL_META).as_deref(),
                meta(CLIENT_KEY_META).as_deref(),
                cfg!(debug_assertions),
            )
        })
        .as_ref()
}

/// The users model this page names, read once; `users` when it names none.
pub fn users_model() -> &'static str {
    static MODEL: OnceLock<String> = OnceLock::new();
    MODEL.get_or_init(|| {
        meta(USERS_MODEL_META)
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| DEFAULT_USERS_MODEL.to_owned())
    })
}

/// Who the site is: its name and its logo, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub name: String,
    pub logo: Option<String>,
}

impl Site {
    /// From the raw `<meta>` values: a blank name is the default's, a blank
    /// logo none.
    pub fn from_values(name: Option<&str>, logo: Option<&str>) -> Self {
        let given = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Self {
            name: given(name).unwrap_or_else(|| DEFAULT_SITE_NAME.to_owned()),
            logo: given(logo),
        }
    }
}

/// The site this page names, read once.
pub fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        Site::from_values(
            meta(SITE_NAME_META).as_deref(),
            meta(SITE_LOGO_META).as_deref(),
        )
    })
}

/// Where the terms and the privacy policy are, when the site has them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Legal {
    pub terms: String,
    pub privacy: String,
}

impl Legal {
    /// Both or nothing: consent to half the rules is not asked for.
    pub fn from_values(terms: Option<&str>, privacy: Option<&str>) -> Option<Self> {
        let given = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Some(Self {
            terms: given(terms)?,
            privacy: given(privacy)?,
        })
    }
}

/// The terms this page asks sign-up to accept, read once.
pub fn legal() -> Option<&'static Legal> {
    static LEGAL: OnceLock<Option<Legal>> = OnceLock::new();
    LEGAL
        .get_or_init(|| {
            Legal::from_values(
                meta(TERMS_URL_META).as_deref(),
                meta(PRIVACY_URL_META).as_deref(),
            )
        })
        .as_ref()
}

/// The site's default country for phone numbers, if it names one.
pub fn default_country() -> Option<String> {
    meta(DEFAULT_COUNTRY_META).filter(|c| !c.is_empty())
}

/// The score a new password must reach on this site; 0: any.
pub fn min_password_strength() -> u8 {
    meta(MIN_PASSWORD_STRENGTH_META)
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

/// Where leaked passwords are looked up, when the site asks for it.
pub fn breach_check() -> Option<String> {
    meta(BREACH_CHECK_META).filter(|url| !url.is_empty())
}

/// How an account is deleted, when the site offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Deletion {
    /// `db/object/delete` on the user's own record.
    Object,
    /// `DELETE <env URL><path>`, an endpoint of the operator's.
    Endpoint(String),
}

impl Deletion {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "object" => Some(Self::Object),
            other => other
                .strip_prefix("endpoint:")
                .filter(|path| path.starts_with('/') && !path.starts_with("//"))
                .map(|path| Self::Endpoint(path.to_owned())),
        }
    }
}

/// How this site deletes an account, read once; `None`: it does not.
pub fn account_deletion() -> Option<&'static Deletion> {
    static DELETION: OnceLock<Option<Deletion>> = OnceLock::new();
    DELETION
        .get_or_init(|| Deletion::parse(&meta(ACCOUNT_DELETION_META).unwrap_or_default()))
        .as_ref()
}

/// The operator's path prefixes a sign-in may go back to, read once.
pub fn return_prefixes() -> &'static [String] {
    static PREFIXES: OnceLock<Vec<String>> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        meta(RETURN_TO_META)
            .unwrap_or_default()
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

/// A field of the operator's that sign-up asks for, e.g.
/// `{"key":"company","type":"text","required":true,"label":{"en":"Company"}}`:
/// the user document keeps it under `key`, the profile shows and edits it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct SignupField {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(default)]
    pub required: bool,
    /// By language.
    pub label: BTreeMap<String, String>,
    /// A choice's options, in their order.
    #[serde(default)]
    pub options: Vec<Choice>,
}

/// One option of a choice: what is stored, and what is shown.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Choice {
    pub value: String,
    pub label: BTreeMap<String, String>,
}

/// The text of `labels` in the page's language (the site writer has made
/// sure there is one; English, then any, for a page that lacks it).
fn in_page_language(labels: &BTreeMap<String, String>) -> &str {
    labels
        .get(crate::i18n::lang())
        .or_else(|| labels.get("en"))
        .or_else(|| labels.values().next())
        .map_or("", String::as_str)
}

impl SignupField {
    pub fn label(&self) -> &str {
        in_page_language(&self.label)
    }

    /// Its check and value in a form (`validate::custom`).
    pub fn rule(&'static self) -> FieldRule {
        validate::custom(&self.key, self.kind, self.required)
    }

    /// How a stored `value` reads: a choice's label, a date's day.
    pub fn shown<'a>(&'a self, value: &'a str) -> &'a str {
        match self.kind {
            Kind::Choice => self
                .options
                .iter()
                .find(|o| o.value == value)
                .map_or(value, |o| o.label()),
            _ => self.shown_date(value),
        }
    }

    /// A date's day (Altogic may keep a date as a time: `…T00:00:00.000Z`);
    /// any other value as it is.
    pub fn shown_date<'a>(&self, value: &'a str) -> &'a str {
        match self.kind {
            Kind::Date => value.get(..10).unwrap_or(value),
            _ => value,
        }
    }
}

impl Choice {
    pub fn label(&self) -> &str {
        in_page_language(&self.label)
    }
}

/// The keys a sign-up field may not take: what Altogic's users model
/// writes itself or treats specially (it honours `emailVerified` in
/// sign-up data), the app's own fields, and the page's element ids.
pub const RESERVED_KEYS: [&str; 27] = [
    "_id",
    "email",
    "phone",
    "password",
    "emailVerified",
    "phoneVerified",
    "provider",
    "providerUserId",
    "signUpAt",
    "lastLoginAt",
    "createdAt",
    "updatedAt",
    "name",
    "profilePicture",
    "termsAcceptedAt",
    "keepSignedIn",
    "code",
    "newPhone",
    "newPassword",
    "confirmPassword",
    "oldPassword",
    "currentPassword",
    "confirmEmail",
    "newEmail",
    "app",
    "main",
    "marks",
];

/// The operator's sign-up fields as `--signup-fields` gives them, checked
/// for a site offering `langs`: what is wrong names the field and the
/// value. The site writer refuses a site with any.
#[cfg(not(target_arch = "wasm32"))]
pub fn check_signup_fields(raw: &str, langs: &[&str]) -> Result<Vec<SignupField>, String> {
    let fields: Vec<SignupField> = serde_json::from_str(raw).map_err(|e| {
        format!("--signup-fields: a JSON list of fields ({{\"key\", \"type\", \"label\", …}}): {e}")
    })?;
    let plain = |text: &str| !text.trim().is_empty() && !text.chars().any(char::is_control);
    let labelled = |labels: &BTreeMap<String, String>, what: &str| {
        for lang in langs {
            match labels.get(*lang) {
                Some(text) if plain(text) => {}
                Some(text) => {
                    return Err(format!(
                    "--signup-fields: {what}: the {lang} label {text:?} is not one line of text"
                ))
                }
                None => return Err(format!("--signup-fields: {what}: no label in {lang}")),
            }
        }
        Ok(())
    };
    for (at, field) in fields.iter().enumerate() {
        let key = &field.key;
        let shape = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !shape {
            return Err(format!("--signup-fields: the key {key:?} is not a field name (a letter, then letters, digits, _)"));
        }
        if RESERVED_KEYS.contains(&key.as_str()) {
            return Err(format!(
                "--signup-fields: the key {key:?} is one the service or the app sets itself"
            ));
        }
        if fields[..at].iter().any(|f| f.key == *key) {
            return Err(format!("--signup-fields: the key {key:?} is given twice"));
        }
        labelled(&field.label, key)?;
        match (field.kind, field.options.is_empty()) {
            (Kind::Choice, true) => {
                return Err(format!(
                    "--signup-fields: {key}: a choice lists its options"
                ))
            }
            (Kind::Choice, false) => {
                for (n, option) in field.options.iter().enumerate() {
                    if option.value.is_empty()
                        || field.options[..n].iter().any(|o| o.value == option.value)
                    {
                        return Err(format!(
                            "--signup-fields: {key}: the option {:?} is empty or given twice",
                            option.value
                        ));
                    }
                    labelled(&option.label, &format!("{key}, option {:?}", option.value))?;
                }
            }
            (_, false) => return Err(format!("--signup-fields: {key}: only a choice has options")),
            (_, true) => {}
        }
    }
    Ok(fields)
}

/// The operator's sign-up fields this page names, read once; none when
/// it names none (or what it names cannot be read).
pub fn signup_fields() -> &'static [SignupField] {
    static FIELDS: OnceLock<Vec<SignupField>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        meta(SIGNUP_FIELDS_META)
            .and_then(|raw| crate::altogic::json::from_str(&raw))
            .unwrap_or_default()
    })
}

/// The providers this page offers, read once; an unknown name is ignored
/// with a warning in the console.
pub fn oauth_providers() -> &'static [&'static str] {
    static PROVIDERS_ON: OnceLock<Vec<&'static str>> = OnceLock::new();
    PROVIDERS_ON.get_or_init(|| {
        parse_providers(&meta(OAUTH_PROVIDERS_META).unwrap_or_default(), |name| {
            let warning = format!(
                "{OAUTH_PROVIDERS_META}: '{name}' is not a provider Altogic knows; ignored"
            );
            web_sys::console::warn_1(&warning.into());
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_without_a_name_or_logo_has_the_default_name_and_none() {
        let default = Site::from_values(None, Some("  "));
        assert_eq!(default.name, DEFAULT_SITE_NAME);
        assert_eq!(default.logo, None);
        let acme = Site::from_values(Some(" Acme "), Some("/brand-1.svg"));
        assert_eq!(acme.name, "Acme");
        assert_eq!(acme.logo.as_deref(), Some("/brand-1.svg"));
    }

    #[test]
    fn legal_needs_both_pages() {
        assert_eq!(Legal::from_values(Some("/terms"), None), None);
        assert_eq!(Legal::from_values(Some(" "), Some("/privacy")), None);
        let legal = Legal::from_values(Some(" /terms "), Some("https://x.example/p")).unwrap();
        assert_eq!(
            (legal.terms.as_str(), legal.privacy.as_str()),
            ("/terms", "https://x.example/p")
        );
    }

    #[test]
    fn reads_how_an_account_is_deleted() {
        assert_eq!(Deletion::parse("object"), Some(Deletion::Object));
        assert_eq!(
            Deletion::parse(" endpoint:/user "),
            Some(Deletion::Endpoint("/user".into()))
        );
        for off in [
            "",
            "off",
            "endpoint:",
            "endpoint:user",
            "endpoint://evil.example/x",
            "Object",
        ] {
            assert_eq!(Deletion::parse(off), None, "{off}");
        }
    }

    #[test]
    fn reads_the_providers_list() {
        let mut unknown = Vec::new();
        let on = parse_providers(" GitHub, google,,github , myspace ", |n| {
            unknown.push(n.to_owned())
        });
        assert_eq!(on, ["github", "google"]);
        assert_eq!(unknown, ["myspace"]);
        assert!(parse_providers("", |_| panic!("nothing is unknown")).is_empty());
        assert_eq!(provider_name("github"), Some("GitHub"));
        assert_eq!(provider_name("x"), None);
    }

    const UNSET: [(Option<&str>, Option<&str>); 4] = [
        (None, None),
        (Some(""), Some("  ")),
        (Some("/"), Some("k")),
        (Some("http://h"), None),
    ];

    #[test]
    fn a_development_build_falls_back_to_the_local_backend() {
        for (url, key) in UNSET {
            let config = Config::from_values(url, key, true).unwrap();
            assert!(
                config.env_url == DEFAULT_ENV_URL || config.client_key == DEFAULT_CLIENT_KEY,
                "{url:?} {key:?}"
            );
        }
        let config = Config::from_values(None, None, true).unwrap();
        assert_eq!(config.env_url, DEFAULT_ENV_URL);
        assert_eq!(config.client_key, DEFAULT_CLIENT_KEY);
    }

    #[test]
    fn a_release_build_is_not_configured_without_both_values() {
        for (url, key) in UNSET {
            assert_eq!(
                Config::from_values(url, key, false),
                None,
                "{url:?} {key:?}"
            );
        }
    }

    #[test]
    fn takes_given_values_trimmed() {
        let config = Config::from_values(
            Some(" https://c1-na.altogic.com/e:6371abc/ "),
            Some(" 0123abcd "),
            false,
        )
        .unwrap();
        assert_eq!(config.env_url, "https://c1-na.altogic.com/e:6371abc");
        assert_eq!(config.client_key, "0123abcd");
    }

    #[test]
    fn builds_rest_urls() {
        let config =
            Config::from_values(Some("http://127.0.0.1:8787//"), Some("k"), false).unwrap();
        assert_eq!(
            config.rest_url("auth/signin-email"),
            "http://127.0.0.1:8787/_api/rest/v1/auth/signin-email"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    const FIELDS: &str = r#"[{"key":"company","type":"text","required":true,"label":{"en":"Company","tr":"Şirket"}},
        {"key":"role","type":"choice","label":{"en":"Role","tr":"Rol"},
         "options":[{"value":"dev","label":{"en":"Developer","tr":"Geliştirici"}}]}]"#;

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn reads_an_operators_sign_up_fields() {
        let fields = check_signup_fields(FIELDS, &["en", "tr"]).unwrap();
        assert_eq!(fields[0].key, "company");
        assert_eq!(fields[0].kind, Kind::Text);
        assert!(fields[0].required && !fields[1].required);
        assert_eq!(fields[0].label(), "Company");
        assert_eq!(fields[1].shown("dev"), "Developer");
        assert_eq!(fields[1].shown("other"), "other");
        // The app reads the same text the same way.
        let read: Vec<SignupField> = crate::altogic::json::from_str(FIELDS).unwrap();
        assert_eq!(read, fields);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn refuses_sign_up_fields_it_cannot_show_or_store() {
        let refused = |raw: &str, langs: &[&str], says: &str| {
            let e = check_signup_fields(raw, langs).unwrap_err();
            assert!(e.contains(says), "{raw}: {e}");
        };
        refused(FIELDS, &["en", "tr", "de"], "company: no label in de");
        refused("{}", &["en"], "a JSON list");
        refused(
            r#"[{"key":"a","type":"colour","label":{"en":"A"}}]"#,
            &["en"],
            "colour",
        );
        refused(
            r#"[{"key":"a","type":"text","label":{"en":"A"},"max":3}]"#,
            &["en"],
            "max",
        );
        refused(
            r#"[{"key":"emailVerified","type":"checkbox","label":{"en":"A"}}]"#,
            &["en"],
            "\"emailVerified\" is one the service",
        );
        refused(
            r#"[{"key":"1a","type":"text","label":{"en":"A"}}]"#,
            &["en"],
            "\"1a\" is not a field name",
        );
        refused(
            r#"[{"key":"a","type":"text","label":{"en":"A"}},{"key":"a","type":"url","label":{"en":"B"}}]"#,
            &["en"],
            "given twice",
        );
        refused(
            r#"[{"key":"a","type":"choice","label":{"en":"A"}}]"#,
            &["en"],
            "lists its options",
        );
        refused(
            r#"[{"key":"a","type":"text","label":{"en":"A"},"options":[{"value":"x","label":{"en":"X"}}]}]"#,
            &["en"],
            "only a choice",
        );
        refused(
            r#"[{"key":"a","type":"choice","label":{"en":"A"},"options":[{"value":"x","label":{"de":"X"}}]}]"#,
            &["en"],
            "a, option \"x\": no label in en",
        );
        refused(
            r#"[{"key":"a","type":"text","label":{"en":"A\nB"}}]"#,
            &["en"],
            "not one line",
        );
    }
}
