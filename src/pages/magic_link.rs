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

#[component]
pub fn MagicLink() -> Html {
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
            let (api, form, sent, email) = (api.clone(), form.clone(), sent.clone(), email.clone());
            let address = email.trim().to_owned();
            spawn_local(async move {
                match api.send_magic_link(&address).await {
                    Ok(()) => {
                        email.set(String::new());
                        sent.set(true);
                        form.set(FormState::default());
                    }
                    Err(error) => form.set(FormState::failed(error)),
                }
            });
        })
    };

    html! {
        <Page title="Login with magic link" heading="Login with magic link">
            <p>{ "We'll email you a link that signs you in, no password needed." }</p>
            <form {onsubmit} novalidate=true>
                if *sent {
                    { notice("Email sent! Check your inbox.") }
                }
                { errors(form.error.as_ref(), FIELDS) }
                <Field id="email" label="Email" kind="email" autocomplete="email"
                    value={(*email).clone()} oninput={bind(&email)}
                    error={form.message_for("email")} node_ref={email_ref} />
                <div class="actions">
                    { submit_when("Send magic link", "Sending…", form.busy, ready) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::Register}>{ "Don't have an account? Register now" }</Link<Route>>
                <Link<Route> to={Route::Login}>{ "Login with a password" }</Link<Route>>
            </p>
        </Page>
    }
}
