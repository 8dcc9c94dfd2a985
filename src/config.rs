//! Where the backend is. Read at start from two `<meta>` tags in
//! `index.html`, so one build serves any environment: `scripts/configure-dist`
//! re-targets a built `dist/` (every page), no rebuild.

use std::sync::OnceLock;

pub const ENV_URL_META: &str = "altogic-env-url";
pub const CLIENT_KEY_META: &str = "altogic-client-key";

/// The local Altogic-compatible backend that `scripts/dev` starts.
pub const DEFAULT_ENV_URL: &str = "http://127.0.0.1:8787";
pub const DEFAULT_CLIENT_KEY: &str = "local-client-key";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Altogic's environment URL, without a trailing `/`.
    pub env_url: String,
    pub client_key: String,
}

impl Config {
    /// Builds the config from the raw `<meta>` values; a missing or blank
    /// value falls back to the local backend.
    pub fn from_values(env_url: Option<&str>, client_key: Option<&str>) -> Self {
        fn given(value: Option<&str>) -> Option<&str> {
            value.map(str::trim).filter(|v| !v.is_empty())
        }
        Self {
            env_url: given(env_url)
                .map(|u| u.trim_end_matches('/'))
                .filter(|u| !u.is_empty())
                .unwrap_or(DEFAULT_ENV_URL)
                .to_owned(),
            client_key: given(client_key).unwrap_or(DEFAULT_CLIENT_KEY).to_owned(),
        }
    }

    /// The URL of a REST call, e.g. `rest_url("auth/signin-email")`.
    pub fn rest_url(&self, path: &str) -> String {
        format!("{}/_api/rest/v1/{}", self.env_url, path)
    }
}

fn meta(name: &str) -> Option<String> {
    let selector = format!("meta[name=\"{name}\"]");
    web_sys::window()?
        .document()?
        .query_selector(&selector)
        .ok()??
        .get_attribute("content")
}

/// The config of this page, read once.
pub fn get() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::from_values(
            meta(ENV_URL_META).as_deref(),
            meta(CLIENT_KEY_META).as_deref(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_the_local_backend() {
        for (url, key) in [(None, None), (Some(""), Some("  ")), (Some("/"), None)] {
            let config = Config::from_values(url, key);
            assert_eq!(config.env_url, DEFAULT_ENV_URL);
            assert_eq!(config.client_key, DEFAULT_CLIENT_KEY);
        }
    }

    #[test]
    fn takes_given_values_trimmed() {
        let config = Config::from_values(
            Some(" https://c1-na.altogic.com/e:6371abc/ "),
            Some(" 0123abcd "),
        );
        assert_eq!(config.env_url, "https://c1-na.altogic.com/e:6371abc");
        assert_eq!(config.client_key, "0123abcd");
    }

    #[test]
    fn builds_rest_urls() {
        let config = Config::from_values(Some("http://127.0.0.1:8787//"), None);
        assert_eq!(
            config.rest_url("auth/signin-email"),
            "http://127.0.0.1:8787/_api/rest/v1/auth/signin-email"
        );
    }
}
