use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::auth::redirect::RedirectQuery;
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{Errors, Page};

/// Reads the query and takes it out of the address bar at once, so the
/// access token is not left in history, bookmarks or a screenshot.
fn take_query() -> RedirectQuery {
    let Some(window) = web_sys::window() else {
        return RedirectQuery::default();
    };
    let search = window.location().search().unwrap_or_default();
    if !search.is_empty() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&Route::AuthRedirect.to_path()),
            );
        }
    }
    RedirectQuery::parse(&search)
}

#[component]
pub fn AuthRedirect() -> Html {
    let auth = use_auth();
    let api = use_api();
    let navigator = use_navigator();
    // Read once, before anything renders.
    let query = use_state(take_query);
    let error = use_state(|| query.problem());

    {
        let error = error.clone();
        use_effect_with((), move |_| {
            if let (Some(token), None) = (query.access_token.clone(), &*error) {
                spawn_local(async move {
                    match api.grant(&token).await {
                        Ok(s) => {
                            auth.dispatch(AuthAction::SignIn {
                                session: s.session,
                                user: s.user,
                            });
                            if let Some(navigator) = navigator {
                                navigator.replace(&Route::Profile);
                            }
                        }
                        Err(e) => error.set(Some(e)),
                    }
                });
            }
        });
    }

    match &*error {
        None => html! {
            <Page title="Verify your account" heading="Please wait">
                <p role="status" aria-live="polite">
                    <span class="spinner" aria-hidden="true"></span>
                    { "You're redirecting to your profile..." }
                </p>
            </Page>
        },
        Some(problem) => {
            let status = problem.status.map(|s| format!("Status {s}."));
            html! {
                <Page title="Verify your account" heading="We couldn't sign you in">
                    <Errors error={Some(problem.clone())} />
                    if let Some(status) = status {
                        <p class="hint">{ status }</p>
                    }
                    <p class="links">
                        <Link<Route> to={Route::Login}>{ "Go to login" }</Link<Route>>
                        <Link<Route> to={Route::MagicLink}>{ "Send a new magic link" }</Link<Route>>
                    </p>
                </Page>
            }
        }
    }
}
