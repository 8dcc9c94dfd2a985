//! Settings, from flags or environment variables, with defaults that match
//! the app's own defaults (`index.html`, `Trunk.toml`).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{ArgAction, Parser};

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

    /// Largest accepted upload, in bytes.
    #[arg(long, env = "EMULATOR_MAX_UPLOAD_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_upload_bytes: usize,

    /// Largest accepted JSON body, in bytes.
    #[arg(long, env = "EMULATOR_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// Sign-ins and mails allowed per email per minute (0: no limit).
    #[arg(long, env = "EMULATOR_RATE_LIMIT_PER_EMAIL", default_value_t = 10)]
    pub rate_limit_per_email: u32,

    /// Sign-ins and mails allowed per client address per minute (0: no limit).
    #[arg(long, env = "EMULATOR_RATE_LIMIT_PER_ADDRESS", default_value_t = 100)]
    pub rate_limit_per_address: u32,

    /// The URL this server is reached at, for links in mails and file
    /// paths (default: http://HOST:PORT).
    #[arg(long, env = "EMULATOR_PUBLIC_URL")]
    pub public_url: Option<String>,

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

    /// The defaults, for tests.
    pub fn for_tests() -> Self {
        Self::parse_from(["altogic-emulator", "--in-memory", "--test-mode"])
    }
}
