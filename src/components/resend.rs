//! "Resend verification email": after registering, and when a login is
//! refused because the address is not verified yet.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::altogic::auth;
use crate::altogic::ApiError;
use crate::auth::asked::{self, Asked};
use crate::auth::use_api;
use crate::components::{errors, notice};
use crate::i18n::{fill, t, Text};

#[derive(Properties, PartialEq)]
pub struct ResendProps {
    pub email: AttrValue,
}

#[component]
pub fn ResendVerification(props: &ResendProps) -> Html {
    let api = use_api();
    let busy = use_state(|| false);
    let sent = use_state(|| false);
    let error = use_state(|| None::<ApiError>);

    let onclick = {
        let (busy, sent, error, email) = (
            busy.clone(),
            sent.clone(),
            error.clone(),
            props.email.clone(),
        );
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            sent.set(false);
            error.set(None);
            let (api, busy, sent, error, email) = (
                api.clone(),
                busy.clone(),
                sent.clone(),
                error.clone(),
                email.clone(),
            );
            spawn_local(async move {
                match api.send(auth::resend_verification(email.trim())).await {
                    Ok(()) => {
                        asked::remember(&email, Asked::Link);
                        sent.set(true);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };

    html! {
        <div class="resend">
            if *sent {
                { notice(fill(Text::VerificationResent, &[("email", props.email.trim())])) }
            }
            { errors(error.as_ref()) }
            <button type="button" class="secondary" {onclick} disabled={*busy}
                aria-busy={busy.then_some("true")}>
                { if *busy { t(Text::Sending) } else { t(Text::ResendVerification) } }
            </button>
        </div>
    }
}
