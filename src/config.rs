//! Where the backend is. Read at start from two `<meta>` tags of the page,
//! so one build serves any environment: `scripts/configure-dist` re-targets
//! a built `dist/` (every page written again), no rebuild.

use std::sync::OnceLock;

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

/// How a person deletes their account (`--account-deletion`): `object`
/// (`db/object/delete` on the users model) or `endpoint:/path` (an
/// endpoint of the operator's, `DELETE <env URL>/path`); none: not offered.
pub const ACCOUNT_DELETION_META: &str = "altogic-account-deletion";

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
}
