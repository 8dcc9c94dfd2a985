//! The wasm chunk itself: whether it is here, fetching it, and calling
//! into it. In the release build (feature `split`) the signed-in and phone
//! pages (`chunk`) and the password meter are a chunk of their own,
//! fetched when first needed; elsewhere (`trunk serve`, tests, the
//! prerenderer) they are in the one wasm and "loading" is a no-op. Apart
//! from `chunk` (which draws pages) so that what the guest pages' forms
//! use of the chunk (the meter) imports no page.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{fill, t, Text};
use crate::strength::{self, Strength};
use crate::{config, validate};

/// The chunk could not be fetched (offline, or a deploy removed it).
#[derive(Debug)]
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for NotLoaded {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// The meter under a new password, drawn in the chunk with its judge
/// (`strength`), its list of common passwords and the leaked-password
/// check (`breach`): the guest pages' module carries none of it.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(signed_in, fallible, preload(fetch))]
fn split_meter(password: String, personal: Vec<String>, redraw: Redraw) -> Result<Html, NotLoaded> {
    Ok(drawn_meter(&password, &personal, redraw))
}

/// Draws the form again (the meter, once the chunk or an answer came).
pub type Redraw = Rc<dyn Fn()>;

/// The meter (`role="meter"`, named, its value in words) and, below
/// "good", why; below the site's minimum, the minimum; a leaked password,
/// said so.
fn drawn_meter(password: &str, personal: &[String], redraw: Redraw) -> Html {
    let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
    let strength = strength::judge(password, &personal);
    let min = config::min_password_strength();
    validate::judged(password, strength.score < min);
    let below = (strength.score < min).then(|| {
        let level = Strength {
            score: min,
            why: None,
        }
        .level();
        fill(Text::StrengthAtLeast, &[("level", t(level))])
    });
    let leaked = password.chars().count() >= validate::MIN_PASSWORD_CHARS
        && config::breach_check().is_some_and(|url| leaked(&url, password, redraw));
    let level = t(strength.level());
    html! {
        <div class="strength">
            <div role="meter" class={format!("meter s{}", strength.score)}
                aria-label={t(Text::PasswordStrength)}
                aria-valuemin="0" aria-valuemax={strength::MAX_SCORE.to_string()}
                aria-valuenow={strength.score.to_string()} aria-valuetext={level}>
                <span></span>
            </div>
            <div class="hint" aria-live="polite">
                <p>
                    { level }
                    if let Some(why) = strength.why { { ". " }{ t(why) } }
                    if let Some(below) = below { { " " }{ below } }
                </p>
                if leaked { <p class="leaked">{ t(Text::PasswordBreached) }</p> }
            </div>
        </div>
    }
}

/// Whether the range API at `url` says `password` leaked (in the browser).
#[cfg(target_arch = "wasm32")]
fn leaked(url: &str, password: &str, redraw: Redraw) -> bool {
    crate::breach::leaked(url, password, Box::new(move || redraw()))
}

/// The prerenderer draws no meter (nothing is typed at build time).
#[cfg(not(target_arch = "wasm32"))]
fn leaked(_: &str, _: &str, _: Redraw) -> bool {
    false
}

/// What a split function gives, once the chunk is here: its future is
/// ready at its first poll.
#[cfg(feature = "split")]
pub fn ready<T>(call: impl std::future::Future<Output = Result<T, NotLoaded>>) -> Option<T> {
    use std::task::{Context, Poll, Waker};
    let mut call = std::pin::pin!(call);
    match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(answer) => answer.ok(),
        Poll::Pending => None,
    }
}

/// The meter for `password` (of someone also known by `personal`). Before
/// the chunk is here, nothing: the first character typed fetches it and
/// `redraw` draws the form again once it has come (a failed fetch leaves
/// the meter out: it advises, the field's own check decides).
pub fn meter(password: &str, personal: Vec<String>, redraw: Redraw) -> Html {
    if password.is_empty() {
        return Html::default();
    }
    if state() == State::Absent {
        STATE.with(|s| s.set(State::Fetching));
        let redraw = redraw.clone();
        yew::platform::spawn_local(async move {
            if load().await.is_ok() {
                redraw();
            }
        });
    }
    if state() != State::Loaded {
        return Html::default();
    }
    #[cfg(feature = "split")]
    return ready(split_meter(password.to_owned(), personal, redraw)).unwrap_or_default();
    #[cfg(not(feature = "split"))]
    drawn_meter(password, &personal, redraw)
}

/// Where the chunk is.
#[derive(Clone, Copy, PartialEq)]
pub enum State {
    /// Not asked for yet.
    Absent,
    /// Asked for, on its way.
    Fetching,
    /// The last fetch failed.
    Failed,
    Loaded,
}

thread_local! {
    static STATE: Cell<State> = const {
        Cell::new(if cfg!(feature = "split") { State::Absent } else { State::Loaded })
    };
}

pub fn state() -> State {
    STATE.with(Cell::get)
}

/// Fetches the chunk for the meter (at most one fetch at a time; after a
/// failure, calling again tries again); `chunk::load` for its pages.
pub async fn load() -> Result<(), NotLoaded> {
    #[cfg(feature = "split")]
    if let Err(e) = fetch().await {
        STATE.with(|s| s.set(State::Failed));
        return Err(e.into());
    }
    STATE.with(|s| s.set(State::Loaded));
    Ok(())
}
