//! Ending many sessions at once: all but this one, or every one, each
//! asked once more before it is done.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::altogic::auth;
use crate::altogic::ApiError;
use crate::auth::{last_used, use_api, use_auth, AuthAction};
use crate::components::errors;
use crate::i18n::{t, Text};

/// Which sessions to end.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// Every one but this.
    Others,
    /// Every one, this too.
    Everywhere,
}

impl Scope {
    fn question(self) -> &'static str {
        match self {
            Self::Others => t(Text::SignOutOthersAsk),
            Self::Everywhere => t(Text::SignOutEverywhereAsk),
        }
    }

    fn confirm(self) -> &'static str {
        match self {
            Self::Others => t(Text::SignOutOthersYes),
            Self::Everywhere => t(Text::SignOutEverywhereYes),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SignOutManyProps {
    /// Whether there are other sessions to end.
    pub others: bool,
    pub on_others_signed_out: Callback<()>,
}

/// "Sign out all other sessions" and "Sign out everywhere", each asked
/// once more before it is done.
#[component]
pub fn SignOutMany(props: &SignOutManyProps) -> Html {
    let auth = use_auth();
    let api = use_api();
    let asking = use_state(|| None::<Scope>);
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

    let ask = |what: Scope| {
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
                    Scope::Others => api.send(auth::sign_out_all_except()).await,
                    Scope::Everywhere => api.send(auth::sign_out_all()).await,
                };
                busy.set(false);
                asking.set(None);
                match (result, what) {
                    (Ok(()), Scope::Others) => done.emit(()),
                    // Signed out here too: the guard goes to the login page.
                    // ... and this device forgets how it signed in (#37).
                    (Ok(()), Scope::Everywhere) => {
                        last_used::forget();
                        auth.dispatch(AuthAction::SignOut)
                    }
                    (Err(e), _) => error.set(Some(e)),
                }
            });
        })
    };

    html! {
        <div class="sign-out-many">
            { errors(error.as_ref()) }
            if let Some(what) = *asking {
                <div class="confirm" role="group" aria-labelledby="confirm-question">
                    <p id="confirm-question"><strong>{ what.question() }</strong></p>
                    <div class="actions">
                        <button type="button" class="danger" onclick={confirm} disabled={*busy}
                            aria-busy={busy.then_some("true")}>
                            { if *busy { t(Text::SigningOut) } else { what.confirm() } }
                        </button>
                        <button type="button" class="secondary" onclick={cancel} ref={cancel_ref}
                            disabled={*busy}>{ t(Text::Cancel) }</button>
                    </div>
                </div>
            } else {
                <div class="actions">
                    if props.others {
                        <button type="button" class="secondary" onclick={ask(Scope::Others)}>
                            { t(Text::SignOutOthers) }
                        </button>
                    }
                    <button type="button" class="secondary" onclick={ask(Scope::Everywhere)}>
                        { t(Text::SignOutEverywhere) }
                    </button>
                </div>
            }
        </div>
    }
}
