//! `altogic-emulator`: the local Altogic-compatible backend.

use std::time::Instant;

use altogic_emulator::config::Settings;
use altogic_emulator::store::Store;
use altogic_emulator::{router, AppState};
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use clap::Parser;

/// One line per request: method, path (never the query, which may hold a
/// token or an email), status and time.
async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    println!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut settings = Settings::parse();
    if let Err(problem) = settings.check() {
        eprintln!("{problem}");
        return std::process::ExitCode::from(2);
    }
    let store = if settings.in_memory {
        Store::in_memory()
    } else {
        Store::open(&settings.data_dir)
    };
    let store = match store {
        Ok(store) => store,
        Err(err) => {
            eprintln!("cannot open the database: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let address = (settings.host, settings.port);
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!(
                "cannot listen on {}:{}: {err}",
                settings.host, settings.port
            );
            return std::process::ExitCode::FAILURE;
        }
    };
    // With `--port 0` the system picks a free port; links must name it.
    if let Ok(bound) = listener.local_addr() {
        settings.port = bound.port();
    }

    let public = settings.public_url();
    println!("Altogic emulator listening on {public}");
    println!("  REST API          {public}/_api/rest/v1/");
    println!("  mail outbox       {public}/_outbox");
    println!(
        "  data              {}",
        if settings.in_memory {
            "in memory".to_owned()
        } else {
            settings.data_dir.display().to_string()
        }
    );
    println!("  client keys       {}", settings.client_keys.join(", "));
    println!(
        "  email verification {}",
        if settings.email_verification {
            "on"
        } else {
            "off"
        }
    );
    let on_off = |on: bool| if on { "on" } else { "off" };
    println!(
        "  phone numbers     confirmation by code {}, sign-in by code {}, codes last {} s",
        on_off(settings.phone_confirmation),
        on_off(settings.code_signin),
        settings.code_lifetime
    );
    println!("  redirect URL      {}", settings.redirect_url);
    println!("  failure redirect  {}", settings.failure_redirect_url());
    println!("  files served from {}/_storage/", settings.files_url());
    println!("  users model       {}", settings.users_model);
    if settings.documented_codes_only {
        println!("  error codes       documented ones only (others: `undocumented`)");
    }
    let providers: Vec<_> = settings
        .oauth_providers
        .iter()
        .filter(|p| !p.trim().is_empty())
        .cloned()
        .collect();
    println!(
        "  sign-in providers {} (consent page at {public}/_auth/<provider>)",
        if providers.is_empty() {
            "none".to_owned()
        } else {
            providers.join(", ")
        }
    );
    println!("  session lifetime  {} s", settings.session_lifetime);
    println!(
        "  allowed origins   {}",
        settings.allowed_origins.join(", ")
    );
    println!("  max upload        {} bytes", settings.max_upload_bytes);
    println!(
        "  rate limits       {} per email, {} per address, a minute",
        settings.rate_limit_per_account, settings.rate_limit_per_address
    );
    if settings.test_mode {
        println!("  TEST MODE: /_test endpoints (reset, settings, faults) are open");
    }

    let app = router(AppState::new(settings, store)).layer(middleware::from_fn(log));
    // The client's address feeds the rate limits.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    if let Err(err) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
    {
        eprintln!("server error: {err}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
