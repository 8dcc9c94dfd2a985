//! Whether a new password is among the leaked ones (`--breach-check`,
//! #37 point 3), by the k-anonymity range API of Have I Been Pwned's
//! Pwned Passwords: the first five hex characters of the password's SHA-1
//! are sent, the list of every leaked hash that starts so comes back, and
//! the rest of ours is looked for in it here. Neither the password nor its
//! hash leaves the page. It warns, it refuses nothing; a range API that
//! cannot be reached says nothing at all. In the chunk with the meter.

/// The five characters sent, and the 35 looked for in the answer.
pub fn split(password: &str) -> (String, String) {
    let hash = sha1_smol::Sha1::from(password)
        .digest()
        .to_string()
        .to_ascii_uppercase();
    let (prefix, suffix) = hash.split_at(5);
    (prefix.to_owned(), suffix.to_owned())
}

/// How often a range (`SUFFIX:COUNT` a line) says the password with this
/// `suffix` was seen leaked; padding lines (count 0) count for nothing.
pub fn times_leaked(range: &str, suffix: &str) -> u64 {
    range
        .lines()
        .filter_map(|line| line.trim().split_once(':'))
        .find(|(s, _)| s.eq_ignore_ascii_case(suffix))
        .and_then(|(_, count)| count.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(target_arch = "wasm32")]
pub use lookup::leaked;

#[cfg(target_arch = "wasm32")]
mod lookup {
    use std::cell::RefCell;

    use gloo_net::http::Request;
    use gloo_timers::callback::Timeout;

    use super::{split, times_leaked};

    /// A pause in typing before asking: no request for every key.
    const PAUSE_MS: u32 = 400;

    /// A password asked about (its hash's two parts) and the answer:
    /// `None` while it is on its way or when none came.
    type Asked = ((String, String), Option<bool>);

    thread_local! {
        static LAST: RefCell<Option<Asked>> = const { RefCell::new(None) };
    }

    fn is_last(parts: &(String, String)) -> bool {
        LAST.with(|l| l.borrow().as_ref().is_some_and(|(p, _)| p == parts))
    }

    /// Whether `password` is known to be leaked, as far as the range at
    /// `url` has answered. A password not asked about yet is asked about
    /// once typing pauses; `redraw` then shows the answer.
    pub fn leaked(url: &str, password: &str, redraw: Box<dyn FnOnce()>) -> bool {
        let parts = split(password);
        if let Some(answer) = LAST.with(|l| match &*l.borrow() {
            Some((p, answer)) if *p == parts => Some(*answer),
            _ => None,
        }) {
            return answer == Some(true);
        }
        LAST.with(|l| *l.borrow_mut() = Some((parts.clone(), None)));
        let url = format!("{url}{}", parts.0);
        Timeout::new(PAUSE_MS, move || {
            // Typed on meanwhile: that password is asked about instead.
            if !is_last(&parts) {
                return;
            }
            yew::platform::spawn_local(async move {
                let range = match Request::get(&url).send().await {
                    Ok(response) if response.ok() => response.text().await.ok(),
                    _ => None,
                };
                let Some(range) = range else { return };
                if is_last(&parts) {
                    let leaked = times_leaked(&range, &parts.1) > 0;
                    LAST.with(|l| *l.borrow_mut() = Some((parts, Some(leaked))));
                    if leaked {
                        redraw();
                    }
                }
            });
        })
        .forget();
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_characters_go_out_and_the_rest_is_looked_for() {
        // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8.
        let (prefix, suffix) = split("password");
        assert_eq!(prefix, "5BAA6");
        assert_eq!(suffix, "1E4C9B93F3F0682250B6CF8331B7EE68FD8");
        let range = "0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n\
                     1E4C9B93F3F0682250B6CF8331B7EE68FD8:9659365\r\n\
                     1E4C9B93F3F0682250B6CF8331B7EE68FD9:0";
        assert_eq!(times_leaked(range, &suffix), 9_659_365);
        assert_eq!(times_leaked(&range.to_lowercase(), &suffix), 9_659_365);
        // Padding, and a hash the range does not hold.
        assert_eq!(
            times_leaked(range, "1E4C9B93F3F0682250B6CF8331B7EE68FD9"),
            0
        );
        assert_eq!(times_leaked(range, "FFFFF"), 0);
        assert_eq!(times_leaked("not a range", &suffix), 0);
    }
}
