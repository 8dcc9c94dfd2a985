//! Every session of the user, newest first, the current one marked; any
//! other can be signed out from here, and leaves the list at once.

use yew::platform::spawn_local;
use yew::prelude::*;

use super::device::{describe, local_date, newest_first};
use super::sign_out_many::SignOutMany;
use crate::altogic::auth;
use crate::altogic::{ApiError, Session};
use crate::auth::{use_api, use_auth};
use crate::components::errors;
use crate::i18n::{fill, t, Text};

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
                list.set(match api.send(auth::sessions()).await {
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
                match api.send(auth::sign_out(Some(&token))).await {
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
        List::Loading => html! { <p role="status">{ t(Text::LoadingSessions) }</p> },
        List::Failed(error) => errors(Some(error)),
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
                                <strong>{ t(Text::CurrentSession) }</strong>
                            } else {
                                <span><strong>{ t(Text::DeviceName) }</strong>{ &device }</span>
                            }
                            <span class="hint">{ fill(Text::SessionSoftware, &[("software", &software), ("date", &date)]) }</span>
                        </div>
                        if !is_current {
                            <button type="button" class="icon danger" {onclick}
                                aria-label={fill(Text::SignOutSession, &[("device", &device), ("software", &software), ("date", &date)])}>
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
            <h2 id="sessions-heading">{ t(Text::AllSessions) }</h2>
            { errors(revoke_error.as_ref()) }
            <ul class="session-list">{ body }</ul>
            <SignOutMany {others} on_others_signed_out={only_current} />
        </section>
    }
}
