//! Rate limits on the calls that try a password or send a mail: per email
//! and per client address, over a sliding minute, answered with a clear 429.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde_json::json;

use crate::error::{ApiError, ApiResult};

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct Limiter {
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Limiter {
    /// Counts one attempt at `action` for `key`; refuses past `per_minute`
    /// (0: no limit).
    pub fn hit(&self, action: &str, key: &str, per_minute: u32) -> ApiResult<()> {
        if per_minute == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        let seen = hits.entry(format!("{action}\u{0}{key}")).or_default();
        while seen
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            seen.pop_front();
        }
        if seen.len() >= per_minute as usize {
            let wait = seen
                .front()
                .map_or(WINDOW, |first| {
                    WINDOW.saturating_sub(now.duration_since(*first))
                })
                .as_secs()
                .max(1);
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                format!("Too many attempts. Please wait {wait} seconds and try again."),
            )
            .with_details(json!({ "retryAfterSeconds": wait })));
        }
        seen.push_back(now);
        Ok(())
    }

    pub fn clear(&self) {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// The client's address, when the server was started with it (not in
/// router tests).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit_per_key() {
        let limiter = Limiter::default();
        for _ in 0..3 {
            limiter.hit("signin", "a@b.co", 3).unwrap();
        }
        let err = limiter.hit("signin", "a@b.co", 3).unwrap_err();
        assert_eq!(err.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(err.code, "too_many_requests");
        // Other keys and actions have their own count.
        limiter.hit("signin", "c@d.co", 3).unwrap();
        limiter.hit("send-magic", "a@b.co", 3).unwrap();
        // No limit at all.
        for _ in 0..100 {
            limiter.hit("signin", "x", 0).unwrap();
        }
        limiter.clear();
        limiter.hit("signin", "a@b.co", 3).unwrap();
    }
}
