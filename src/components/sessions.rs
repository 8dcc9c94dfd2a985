//! Every session of the user, newest first, the current one marked; any
//! other can be signed out from here, and leaves the list at once.

use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::altogic::{ApiError, Session, UserAgent};
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::errors;

/// Newest first. Altogic's ISO 8601 dates sort as text.
pub fn newest_first(mut sessions: Vec<Session>) -> Vec<Session> {
    sessions.sort_by(|a, b| b.creation_dtm.cmp(&a.creation_dtm));
    sessions
}

fn named(family: Option<&str>, major: Option<&str>) -> Option<String> {
    let family = family.filter(|f| !f.is_empty() && *f != "Other")?;
    Some(match major.filter(|m| !m.is_empty() && *m != "0") {
        Some(major) => format!("{family} {major}"),
        None => family.to_owned(),
    })
}

/// `(device, "browser on OS")`, e.g. `("Desktop", "Chrome 120 on Linux")`.
pub fn describe(ua: &UserAgent) -> (String, String) {
    let device = ua
        .device
        .as_ref()
        .and_then(|d| named(d.family.as_deref(), None))
        .unwrap_or_else(|| "Unknown device".to_owned());
    let browser = named(ua.family.as_deref(), ua.major.as_deref());
    let os = ua
        .os
        .as_ref()
        .and_then(|o| named(o.family.as_deref(), o.major.as_deref()));
    let software = match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b,
        (None, Some(o)) => o,
        (None, None) => "Unknown browser".to_owned(),
    };
    (device, software)
}

/// A date in the browser's own language and format.
fn local_date(iso: &str) -> String {
    let date = Date::new(&JsValue::from_str(iso));
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let format: Function = js_sys::Intl::DateTimeFormat::new(&Array::new(), &options).format();
    // An invalid date makes `format` throw: show what the server sent.
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|s| s.dyn_into::<js_sys::JsString>().ok())
        .map(String::from)
        .unwrap_or_else(|| iso.to_owned())
}

#[derive(Clone, PartialEq)]
enum List {
    Loading,
    Loaded(Vec<Session>),
    Failed(ApiError),
}

#[component]
pub fn Sessions() -> Html {
    let auth = use_auth();
    let api = use_api();
    let list = use_state(|| List::Loading);
    let revoke_error = use_state(|| None::<ApiError>);

    {
        let (api, list) = (api.clone(), list.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                list.set(match api.sessions().await {
                    Ok(sessions) => List::Loaded(newest_first(sessions)),
                    Err(error) => List::Failed(error),
                });
            });
        });
    }

    let current = auth.session().map(|s| s.token.clone()).unwrap_or_default();
    let revoke = {
        let (list, revoke_error) = (list.clone(), revoke_error.clone());
        Callback::from(move |token: String| {
            let (api, list, revoke_error) = (api.clone(), list.clone(), revoke_error.clone());
            revoke_error.set(None);
            spawn_local(async move {
                match api.sign_out(Some(&token)).await {
                    Ok(()) => {
                        if let List::Loaded(sessions) = &*list {
                            let rest = sessions
                                .iter()
                                .filter(|s| s.token != token)
                                .cloned()
                                .collect();
                            list.set(List::Loaded(rest));
                        }
                    }
                    Err(error) => revoke_error.set(Some(error)),
                }
            });
        })
    };

    let body = match &*list {
        List::Loading => html! { <p role="status">{ "Loading your sessions…" }</p> },
        List::Failed(error) => errors(Some(error), &[]),
        List::Loaded(sessions) => sessions
            .iter()
            .map(|s| {
                let (device, software) = describe(&s.user_agent);
                let date = s.creation_dtm.as_deref().map(local_date).unwrap_or_default();
                let is_current = s.token == current;
                let onclick = {
                    let (revoke, token) = (revoke.clone(), s.token.clone());
                    Callback::from(move |_| revoke.emit(token.clone()))
                };
                html! {
                    <li key={s.token.clone()} class={classes!("session", is_current.then_some("current"))}>
                        <div class="session-text">
                            if is_current {
                                <strong>{ "Current Session" }</strong>
                            } else {
                                <span><strong>{ "Device name: " }</strong>{ &device }</span>
                            }
                            <span class="hint">{ format!("{software} · signed in {date}") }</span>
                        </div>
                        if !is_current {
                            <button type="button" class="icon danger" {onclick}
                                aria-label={format!("Sign out {device}, {software}, signed in {date}")}>
                                { "✕" }
                            </button>
                        }
                    </li>
                }
            })
            .collect::<Html>(),
    };

    let others = matches!(&*list, List::Loaded(s) if s.iter().any(|s| s.token != current));
    let only_current = {
        let list = list.clone();
        Callback::from(move |()| {
            if let List::Loaded(sessions) = &*list {
                let mine = sessions
                    .iter()
                    .filter(|s| s.token == current)
                    .cloned()
                    .collect();
                list.set(List::Loaded(mine));
            }
        })
    };
    html! {
        <section class="sessions" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{ "All Sessions" }</h2>
            { errors(revoke_error.as_ref(), &[]) }
            <ul class="session-list">{ body }</ul>
            <SignOutMany {others} on_others_signed_out={only_current} />
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Many {
    Others,
    Everywhere,
}

impl Many {
    fn question(self) -> &'static str {
        match self {
            Self::Others => "Sign out on every other device and browser? This one stays signed in.",
            Self::Everywhere => "Sign out on every device and browser, this one too?",
        }
    }

    fn confirm(self) -> &'static str {
        match self {
            Self::Others => "Yes, sign out the others",
            Self::Everywhere => "Yes, sign out everywhere",
        }
    }
}

#[derive(Properties, PartialEq)]
struct SignOutManyProps {
    /// Whether there are other sessions to end.
    others: bool,
    on_others_signed_out: Callback<()>,
}

/// "Sign out all other sessions" and "Sign out everywhere", each asked
/// once more before it is done.
#[component]
fn SignOutMany(props: &SignOutManyProps) -> Html {
    let auth = use_auth();
    let api = use_api();
    let asking = use_state(|| None::<Many>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let cancel_ref = use_node_ref();

    // Asked: the keyboard goes to the safe answer.
    {
        let cancel_ref = cancel_ref.clone();
        use_effect_with(*asking, move |asking| {
            if asking.is_some() {
                if let Some(button) = cancel_ref.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }

    let ask = |what: Many| {
        let (asking, error) = (asking.clone(), error.clone());
        Callback::from(move |_| {
            error.set(None);
            asking.set(Some(what));
        })
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(None))
    };
    let confirm = {
        let (asking, busy, error) = (asking.clone(), busy.clone(), error.clone());
        let done = props.on_others_signed_out.clone();
        Callback::from(move |_| {
            let Some(what) = *asking else { return };
            busy.set(true);
            let (api, auth, asking, busy, error, done) = (
                api.clone(),
                auth.clone(),
                asking.clone(),
                busy.clone(),
                error.clone(),
                done.clone(),
            );
            spawn_local(async move {
                let result = match what {
                    Many::Others => api.sign_out_all_except().await,
                    Many::Everywhere => api.sign_out_all().await,
                };
                busy.set(false);
                asking.set(None);
                match (result, what) {
                    (Ok(()), Many::Others) => done.emit(()),
                    // Signed out here too: the guard goes to the login page.
                    (Ok(()), Many::Everywhere) => auth.dispatch(AuthAction::SignOut),
                    (Err(e), _) => error.set(Some(e)),
                }
            });
        })
    };

    html! {
        <div class="sign-out-many">
            { errors(error.as_ref(), &[]) }
            if let Some(what) = *asking {
                <div class="confirm" role="group" aria-labelledby="confirm-question">
                    <p id="confirm-question"><strong>{ what.question() }</strong></p>
                    <div class="actions">
                        <button type="button" class="danger" onclick={confirm} disabled={*busy}
                            aria-busy={busy.then_some("true")}>
                            { if *busy { "Signing out…" } else { what.confirm() } }
                        </button>
                        <button type="button" class="secondary" onclick={cancel} ref={cancel_ref}
                            disabled={*busy}>{ "Cancel" }</button>
                    </div>
                </div>
            } else {
                <div class="actions">
                    if props.others {
                        <button type="button" class="secondary" onclick={ask(Many::Others)}>
                            { "Sign out all other sessions" }
                        </button>
                    }
                    <button type="button" class="secondary" onclick={ask(Many::Everywhere)}>
                        { "Sign out everywhere" }
                    </button>
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session(token: &str, at: &str, ua: serde_json::Value) -> Session {
        let text = json!({"token": token, "creationDtm": at, "userAgent": ua}).to_string();
        Session::from_json(&text).unwrap()
    }

    #[test]
    fn orders_newest_first() {
        let list = vec![
            session("a", "2026-11-20T10:00:00.000Z", json!({})),
            session("b", "2026-11-25T09:00:00.000Z", json!({})),
            session("c", "2026-11-22T23:59:59.999Z", json!({})),
        ];
        let tokens: Vec<_> = newest_first(list).into_iter().map(|s| s.token).collect();
        assert_eq!(tokens, ["b", "c", "a"]);
    }

    #[test]
    fn describes_devices() {
        let s = session(
            "a",
            "x",
            json!({"family": "Chrome", "major": "120", "minor": "0", "patch": "1",
            "os": {"family": "Linux", "major": "0"}, "device": {"family": "Desktop"}}),
        );
        assert_eq!(
            describe(&s.user_agent),
            ("Desktop".into(), "Chrome 120 on Linux".into())
        );
        let s = session(
            "a",
            "x",
            json!({"family": "Mobile Safari", "major": "17",
            "os": {"family": "iOS", "major": "17"}, "device": {"family": "iPhone"}}),
        );
        assert_eq!(
            describe(&s.user_agent),
            ("iPhone".into(), "Mobile Safari 17 on iOS 17".into())
        );
        // Unknown or odd values read as unknown, never as a broken list.
        for ua in [
            json!({}),
            json!({"family": "Other", "device": {"family": "Other"}}),
            json!("garbage"),
            json!({"family": 5}),
        ] {
            let s = session("a", "x", ua);
            assert_eq!(
                describe(&s.user_agent),
                ("Unknown device".into(), "Unknown browser".into())
            );
        }
    }
}
