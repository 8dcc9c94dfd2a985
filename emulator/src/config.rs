//! Settings, from flags or environment variables, with defaults that match
//! the app's own defaults (`index.html`, `Trunk.toml`).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{ArgAction, Parser, ValueEnum};

/// What the client key lets a signed-in caller do with the database and
/// storage. Altogic guards `db/object/*` and `storage/*` by the client
/// key's access rights, not per user (docs `platform-capabilities/app-security`).
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRights {
    /// Each user reads and changes only their own user object and files:
    /// what an operator gets after locking the key and the users model down.
    Own,
    /// As the master key Altogic creates with an app: any signed-in caller
    /// reads and changes any user's object and deletes any file.
    Master,
}

#[derive(Parser, Debug, Clone)]
#[command(
    name = "altogic-emulator",
    about = "A local Altogic-compatible backend with a mail outbox"
)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "EMULATOR_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,

    /// Port to listen on.
    #[arg(long, env = "EMULATOR_PORT", default_value_t = 8787)]
    pub port: u16,

    /// Folder of the SQLite database (created if missing).
    #[arg(long, env = "EMULATOR_DATA_DIR", default_value = "emulator/data")]
    pub data_dir: PathBuf,

    /// Keep everything in memory instead (lost at exit).
    #[arg(long, env = "EMULATOR_IN_MEMORY")]
    pub in_memory: bool,

    /// Accepted client keys, comma-separated.
    #[arg(
        long = "client-keys",
        env = "EMULATOR_CLIENT_KEYS",
        value_delimiter = ',',
        default_value = "local-client-key"
    )]
    pub client_keys: Vec<String>,

    /// Whether sign-up needs the email verified first (true or false).
    #[arg(long, env = "EMULATOR_EMAIL_VERIFICATION", action = ArgAction::Set, default_value_t = true)]
    pub email_verification: bool,

    /// Whether sign-up by phone needs the number confirmed by a code first.
    #[arg(long, env = "EMULATOR_PHONE_CONFIRMATION", action = ArgAction::Set, default_value_t = true)]
    pub phone_confirmation: bool,

    /// Whether people may sign in with a code sent by SMS.
    #[arg(long, env = "EMULATOR_CODE_SIGNIN", action = ArgAction::Set, default_value_t = true)]
    pub code_signin: bool,

    /// How long a code sent by SMS works, in seconds.
    #[arg(long, env = "EMULATOR_CODE_LIFETIME", default_value_t = 5 * 60)]
    pub code_lifetime: i64,

    /// The app's redirect URL: where mail links and OAuth land.
    #[arg(
        long,
        env = "EMULATOR_REDIRECT_URL",
        default_value = "http://127.0.0.1:8080/auth-redirect"
    )]
    pub redirect_url: String,

    /// Where failed links and provider sign-ins land (Altogic's app
    /// settings have a separate failure URL); default: the redirect URL.
    #[arg(long, env = "EMULATOR_FAILURE_REDIRECT_URL")]
    pub failure_redirect_url: Option<String>,

    /// Where uploaded files are served from. Altogic serves them from its
    /// cluster's host, not the app's (docs: `publicPath`
    /// `https://c1-na.altogic.com/_storage/…` beside env URLs
    /// `https://<app>.c1-na.altogic.com`), so by default another origin than
    /// the API's: the same server under the other loopback name
    /// (`localhost` for `127.0.0.1` and back; elsewhere the public URL).
    #[arg(long, env = "EMULATOR_FILES_URL")]
    pub files_url: Option<String>,

    /// The model of the app's users (chosen in Altogic's settings).
    #[arg(long, env = "EMULATOR_USERS_MODEL", default_value = "users")]
    pub users_model: String,

    /// The fields the operator added to the users model in Altogic's
    /// designer, beyond its own (name, profilePicture, …), comma-separated
    /// (e.g. `termsAcceptedAt,company`). A sign-up's or an update's value
    /// for a field the model lacks is not stored, as Altogic stores only
    /// what a model defines (README "Fidelity").
    #[arg(
        long = "user-fields",
        env = "EMULATOR_USER_FIELDS",
        value_delimiter = ','
    )]
    pub user_fields: Vec<String>,

    /// An endpoint of the operator's own, as Altogic's designer makes them:
    /// `DELETE <env URL><path>` deletes the signed-in user (Altogic's
    /// idealy: `endpoint.delete('/user')`).
    #[arg(long, env = "EMULATOR_DELETE_USER_ENDPOINT", default_value = "/user")]
    pub delete_user_endpoint: String,

    /// Answer only with error codes that Altogic's clients and docs name
    /// (`invalid_session_token`, `missing_session_token`); every other code
    /// becomes `undocumented`, status and message kept. The e2e journeys
    /// run this way: the app must not need codes only this backend sends.
    #[arg(long, env = "EMULATOR_DOCUMENTED_CODES_ONLY")]
    pub documented_codes_only: bool,

    /// Sign-in providers turned on (of google, facebook, twitter, apple,
    /// discord, github), comma-separated; empty for none. This server plays
    /// the provider with a local consent page.
    #[arg(
        long = "oauth-providers",
        env = "EMULATOR_OAUTH_PROVIDERS",
        value_delimiter = ',',
        default_value = "google,github"
    )]
    pub oauth_providers: Vec<String>,

    /// Session lifetime in seconds (default 30 days).
    #[arg(long, env = "EMULATOR_SESSION_LIFETIME", default_value_t = 30 * 24 * 3600)]
    pub session_lifetime: i64,

    /// Origins allowed to call the API from a browser, comma-separated;
    /// `*` allows any origin.
    #[arg(
        long,
        env = "EMULATOR_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = "http://127.0.0.1:8080,http://localhost:8080"
    )]
    pub allowed_origins: Vec<String>,

    /// Test mode only: origins whose pages may also read the outbox and
    /// call /_test (the browser tests' runner, on a port of its own),
    /// comma-separated, `*` for any. Nothing else is ever allowed them:
    /// --allowed-origins opens the API alone.
    #[arg(long, env = "EMULATOR_TEST_ORIGINS", value_delimiter = ',')]
    pub test_origins: Vec<String>,

    /// Largest accepted upload, in bytes.
    #[arg(long, env = "EMULATOR_MAX_UPLOAD_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_upload_bytes: usize,

    /// Largest accepted JSON body, in bytes.
    #[arg(long, env = "EMULATOR_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// Sign-ups, sign-ins, mails and codes allowed per account (an email
    /// address or a phone number) per minute (0: no limit).
    #[arg(
        long,
        alias = "rate-limit-per-email",
        env = "EMULATOR_RATE_LIMIT_PER_ACCOUNT",
        default_value_t = 10
    )]
    pub rate_limit_per_account: u32,

    /// Sign-ins and mails allowed per client address per minute (0: no limit).
    #[arg(long, env = "EMULATOR_RATE_LIMIT_PER_ADDRESS", default_value_t = 100)]
    pub rate_limit_per_address: u32,

    /// The URL this server is reached at, for links in mails and file
    /// paths (default: http://HOST:PORT).
    #[arg(long, env = "EMULATOR_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// What the client key may reach: `own` (each user their own object
    /// and files) or `master` (everything, as Altogic's default key).
    #[arg(long, env = "EMULATOR_KEY_RIGHTS", value_enum, default_value_t = KeyRights::Own)]
    pub key_rights: KeyRights,

    /// Expose /_test endpoints: data reset, settings and fault injection.
    /// Never for anything but tests.
    #[arg(long, env = "EMULATOR_TEST_MODE")]
    pub test_mode: bool,
}

impl Settings {
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}:{}", self.host, self.port),
        }
    }

    pub fn failure_redirect_url(&self) -> &str {
        self.failure_redirect_url
            .as_deref()
            .unwrap_or(&self.redirect_url)
    }

    /// The origin uploaded files are served from, without a trailing `/`.
    pub fn files_url(&self) -> String {
        if let Some(url) = &self.files_url {
            return url.trim_end_matches('/').to_owned();
        }
        let public = self.public_url();
        let other = match url::Url::parse(&public)
            .ok()
            .as_ref()
            .and_then(|u| u.host_str())
        {
            Some("127.0.0.1") => "localhost",
            Some("localhost") => "127.0.0.1",
            // Elsewhere there is no name to guess: --files-url says it.
            _ => return public,
        };
        match url::Url::parse(&public) {
            Ok(mut url) => match url.set_host(Some(other)) {
                Ok(()) => url.as_str().trim_end_matches('/').to_owned(),
                Err(_) => public,
            },
            Err(_) => public,
        }
    }

    /// Refuses settings that would otherwise fail later without a word.
    pub fn check(&self) -> Result<(), String> {
        for (flag, value) in [
            ("--redirect-url", Some(self.redirect_url.as_str())),
            (
                "--failure-redirect-url",
                self.failure_redirect_url.as_deref(),
            ),
            ("--files-url", self.files_url.as_deref()),
            ("--public-url", self.public_url.as_deref()),
        ] {
            if let Some(value) = value {
                match url::Url::parse(value) {
                    Ok(url) if matches!(url.scheme(), "http" | "https") => {}
                    _ => return Err(format!("{flag}: not an http(s) URL: {value}")),
                }
            }
        }
        for (flag, origins) in [
            ("--allowed-origins", &self.allowed_origins),
            ("--test-origins", &self.test_origins),
        ] {
            for origin in origins {
                let origin = origin.trim();
                if origin != "*"
                    && !origin.starts_with("http://")
                    && !origin.starts_with("https://")
                {
                    return Err(format!("{flag}: not an origin: {origin}"));
                }
            }
        }
        if !self.test_origins.is_empty() && !self.test_mode {
            return Err("--test-origins: only with --test-mode (it opens the outbox)".into());
        }
        Ok(())
    }

    /// The defaults, for tests.
    pub fn for_tests() -> Self {
        Self::parse_from(["altogic-emulator", "--in-memory", "--test-mode"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_from_another_origin_on_loopback() {
        let mut s = Settings::for_tests();
        assert_eq!(s.public_url(), "http://127.0.0.1:8787");
        assert_eq!(s.files_url(), "http://localhost:8787");
        s.public_url = Some("http://localhost:9000/".into());
        assert_eq!(s.files_url(), "http://127.0.0.1:9000");
        s.public_url = Some("https://api.example.com".into());
        assert_eq!(s.files_url(), "https://api.example.com");
        s.files_url = Some("https://files.example.com/".into());
        assert_eq!(s.files_url(), "https://files.example.com");
    }

    #[test]
    fn bad_urls_and_origins_are_refused_at_start() {
        let ok = Settings::for_tests();
        assert_eq!(ok.check(), Ok(()));
        for args in [
            ["--redirect-url", "not a url"],
            ["--failure-redirect-url", "ftp://x/y"],
            ["--files-url", "/relative"],
            ["--allowed-origins", "127.0.0.1:8080"],
        ] {
            let s = Settings::parse_from(["altogic-emulator", args[0], args[1]]);
            let problem = s.check().expect_err(args[0]);
            assert!(problem.starts_with(args[0]), "{problem}");
        }
    }
}
