//! Rate limits: sign-ins, mails and codes per email or number and per
//! client address over a sliding minute; wrong SMS codes per number over an
//! hour and SMS sent per number over a day. Answered with a clear 429.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::error::{ApiError, ApiResult};

pub const MINUTE: Duration = Duration::from_secs(60);
pub const HOUR: Duration = Duration::from_secs(3600);
pub const DAY: Duration = Duration::from_secs(24 * 3600);

/// One limit: at most `max` hits of `action` by `key` within `window`
/// (`max` 0: no limit).
#[derive(Clone, Copy, Debug)]
pub struct Limit<'a> {
    pub action: &'a str,
    pub key: &'a str,
    pub max: u32,
    pub window: Duration,
}

impl<'a> Limit<'a> {
    pub fn per_minute(action: &'a str, key: &'a str, max: u32) -> Self {
        Self {
            action,
            key,
            max,
            window: MINUTE,
        }
    }
}

#[derive(Default)]
pub struct Limiter {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    hits: HashMap<String, Hits>,
    swept: Option<Instant>,
}

/// One key's hits, and how long they count.
struct Hits {
    window: Duration,
    at: VecDeque<Instant>,
}

/// The longest key kept: an email address has at most 254 characters
/// (RFC 5321), a phone number 16; a longer one is refused before it is
/// looked up or counted (`AppState::limit`), so keys cannot be made huge.
pub const MAX_KEY: usize = 254;

impl Inner {
    /// The hits of `limit` still inside its window; an emptied key is gone.
    fn recent(&mut self, limit: &Limit, now: Instant) -> usize {
        let name = format!("{}\u{0}{}", limit.action, limit.key);
        let Some(Hits { at: seen, .. }) = self.hits.get_mut(&name) else {
            return 0;
        };
        while seen
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.window)
        {
            seen.pop_front();
        }
        let count = seen.len();
        if count == 0 {
            self.hits.remove(&name);
        }
        count
    }

    /// Keys whose hits are all out of their window go (at most a minute
    /// late), so the map holds only what still counts.
    fn sweep(&mut self, now: Instant) {
        if self.swept.is_some_and(|t| now.duration_since(t) < MINUTE) {
            return;
        }
        self.swept = Some(now);
        self.hits.retain(|_, hits| {
            hits.at
                .back()
                .is_some_and(|t| now.duration_since(*t) < hits.window)
        });
    }
}

fn too_many(wait: Duration, message: &str) -> ApiError {
    let wait = wait.as_secs().max(1);
    ApiError::TooManyRequests {
        wait_seconds: wait,
        message: message.replace("{wait}", &wait.to_string()),
    }
}

impl Limiter {
    /// Counts one hit against every limit, but only if none is exceeded: a
    /// refused request costs nobody anything (an attacker's refused tries
    /// never lock out the person they name).
    pub fn hit_all(&self, limits: &[Limit]) -> ApiResult<()> {
        self.check(
            limits,
            "Too many attempts. Please wait {wait} seconds and try again.",
        )?;
        self.record(limits);
        Ok(())
    }

    /// Refuses, with `message` (`{wait}` for the seconds to wait), when any
    /// limit is reached; records nothing.
    pub fn check(&self, limits: &[Limit], message: &str) -> ApiResult<()> {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.sweep(now);
        for limit in limits.iter().filter(|l| l.max > 0) {
            if inner.recent(limit, now) >= limit.max as usize {
                let name = format!("{}\u{0}{}", limit.action, limit.key);
                let first = inner.hits.get(&name).and_then(|h| h.at.front().copied());
                let wait = first.map_or(limit.window, |first| {
                    limit.window.saturating_sub(now.duration_since(first))
                });
                return Err(too_many(wait, message));
            }
        }
        Ok(())
    }

    /// Counts one hit against each limit.
    pub fn record(&self, limits: &[Limit]) {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        for limit in limits.iter().filter(|l| l.max > 0) {
            let hits = inner
                .hits
                .entry(format!("{}\u{0}{}", limit.action, limit.key))
                .or_insert_with(|| Hits {
                    window: limit.window,
                    at: VecDeque::new(),
                });
            hits.window = hits.window.max(limit.window);
            hits.at.push_back(now);
        }
    }

    /// How many more hits `limit` allows now.
    pub fn remaining(&self, limit: &Limit) -> u32 {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let used = inner.recent(limit, Instant::now()) as u32;
        limit.max.saturating_sub(used)
    }

    /// One limit, counted if not exceeded.
    pub fn hit(&self, action: &str, key: &str, per_minute: u32) -> ApiResult<()> {
        self.hit_all(&[Limit::per_minute(action, key, per_minute)])
    }

    /// How many keys are held (for tests of the clean-up).
    pub fn keys(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .hits
            .len()
    }

    pub fn clear(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.hits.clear();
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
        assert_eq!(err.status(), axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(err.code(), "too_many_requests");
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

    #[test]
    fn a_refused_hit_counts_against_no_limit() {
        let limiter = Limiter::default();
        let both = |email| {
            [
                Limit::per_minute("signin", email, 10),
                Limit::per_minute("signin", "10.0.0.1", 3),
            ]
        };
        for _ in 0..3 {
            limiter.hit_all(&both("attacker@x.co")).unwrap();
        }
        // The address is spent: ten more tries naming the victim are
        // refused, and none of them counts against the victim.
        for _ in 0..10 {
            limiter.hit_all(&both("victim@x.co")).unwrap_err();
        }
        limiter
            .hit_all(&[Limit::per_minute("signin", "victim@x.co", 1)])
            .unwrap();
    }

    #[test]
    fn a_key_goes_with_its_window_not_after_a_day() {
        let limiter = Limiter::default();
        limiter
            .hit_all(&[Limit {
                action: "x",
                key: "old",
                max: 5,
                window: Duration::from_millis(1),
            }])
            .unwrap();
        std::thread::sleep(Duration::from_millis(5));
        let mut inner = limiter.inner.lock().unwrap();
        inner.swept = None; // the next sweep is due
        inner.sweep(Instant::now());
        assert_eq!(inner.hits.len(), 0, "a key whose window has passed");
    }

    #[test]
    fn keys_whose_hits_expired_are_dropped() {
        let limiter = Limiter::default();
        fn short(key: &str) -> Limit<'_> {
            Limit {
                action: "x",
                key,
                max: 5,
                window: Duration::from_millis(1),
            }
        }
        for i in 0..50 {
            limiter.hit_all(&[short(&i.to_string())]).unwrap();
        }
        assert_eq!(limiter.keys(), 50);
        std::thread::sleep(Duration::from_millis(5));
        for i in 0..50 {
            limiter.check(&[short(&i.to_string())], "{wait}").unwrap();
        }
        assert_eq!(limiter.keys(), 0);
    }
}
