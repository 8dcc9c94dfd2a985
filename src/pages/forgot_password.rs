use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::auth::use_api;
use crate::components::{
    begin_submit, bind, errors, notice, submit_when, use_field, use_mounted, Field, FormState, Page,
};
use crate::validate;

const FIELDS: &[&str] = &["email"];

/// The same answer whether or not the account exists: the page must not
/// tell a stranger which addresses have accounts.
pub const SENT: &str =
    "If an account uses that address, we sent it a link to choose a new password. Check your inbox.";

#[component]
pub fn ForgotPassword() -> Html {
    let api = use_api();
    let email = use_field("email");
    let form = use_state(FormState::default);
    let ready = use_mounted();
    let sent = use_state(|| false);
    let email_ref = use_node_ref();

    let onsubmit = {
        let (email, form, sent, email_ref) =
            (email.clone(), form.clone(), sent.clone(), email_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !begin_submit(
                &form,
                validate::magic_link(&email),
                &[("email", &email_ref)],
            ) {
                return;
            }
            sent.set(false);
            let (api, form, sent) = (api.clone(), form.clone(), sent.clone());
            let address = email.trim().to_owned();
            spawn_local(async move {
                match api.send_password_reset(&address).await {
                    // An unknown address (404) gets the same answer as a known one.
                    Err(error) if error.status != Some(404) => form.set(FormState::failed(error)),
                    _ => {
                        sent.set(true);
                        form.set(FormState::default());
                    }
                }
            });
        })
    };

    html! {
        <Page title="Forgot your password" heading="Forgot your password?">
            <p>{ "Enter your account's email and we'll send you a link to choose a new password." }</p>
            <form {onsubmit} novalidate=true>
                if *sent {
                    { notice(SENT) }
                }
                { errors(form.error.as_ref(), FIELDS) }
                <Field id="email" label="Email" kind="email" autocomplete="email"
                    value={(*email).clone()} oninput={bind(&email)}
                    error={form.message_for("email")} node_ref={email_ref} />
                <div class="actions">
                    { submit_when("Send reset link", "Sending…", form.busy, ready) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::Login}>{ "Back to login" }</Link<Route>>
            </p>
        </Page>
    }
}
