use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::auth::SignedUp;
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    begin_submit, bind, errors, notice, submit_when, use_field, use_mounted, Field, FormState,
    Page, ResendVerification,
};
use crate::route::Route;
use crate::validate;

const FIELDS: &[&str] = &["email", "name", "password"];

#[component]
pub fn Register() -> Html {
    let auth = use_auth();
    let api = use_api();
    let email = use_field("email");
    let name = use_field("name");
    let password = use_field("password");
    let form = use_state(FormState::default);
    let ready = use_mounted();
    // The address a verification mail went to, for "resend".
    let created = use_state(|| None::<AttrValue>);
    let refs = [use_node_ref(), use_node_ref(), use_node_ref()];

    let onsubmit = {
        let (email, name, password) = (email.clone(), name.clone(), password.clone());
        let (form, created, refs) = (form.clone(), created.clone(), refs.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = validate::register(&email, &name, &password);
            let fields: Vec<_> = FIELDS.iter().copied().zip(refs.iter()).collect();
            if !begin_submit(&form, problems, &fields) {
                return;
            }
            created.set(None);
            let (api, auth, form, created) =
                (api.clone(), auth.clone(), form.clone(), created.clone());
            let (email, name, password) = (email.clone(), name.clone(), password.clone());
            let (address, full_name, secret) = (
                email.trim().to_owned(),
                name.trim().to_owned(),
                (*password).clone(),
            );
            spawn_local(async move {
                match api.sign_up(&address, &secret, &full_name).await {
                    // Verification off: signed in at once, the guard moves on.
                    Ok(SignedUp {
                        user: Some(user),
                        session: Some(session),
                    }) => auth.dispatch(AuthAction::SignIn { session, user }),
                    // Verification on: the account waits for the mail's link.
                    Ok(_) => {
                        for field in [&email, &name, &password] {
                            field.set(String::new());
                        }
                        created.set(Some(address.clone().into()));
                        form.set(FormState::default());
                    }
                    Err(error) => form.set(FormState::failed(error)),
                }
            });
        })
    };

    let [email_ref, name_ref, password_ref] = refs;
    html! {
        <Page title="Register" heading="Create an account">
            <form {onsubmit} novalidate=true>
                if let Some(address) = (*created).clone() {
                    { notice("Your account has been created. Please check your email to verify your account.") }
                    <ResendVerification email={address} />
                }
                { errors(form.error.as_ref(), FIELDS) }
                <Field id="email" label="Email" kind="email" autocomplete="email"
                    value={(*email).clone()} oninput={bind(&email)}
                    error={form.message_for("email")} node_ref={email_ref} />
                <Field id="name" label="Name" autocomplete="name"
                    value={(*name).clone()} oninput={bind(&name)}
                    error={form.message_for("name")} node_ref={name_ref} />
                <Field id="password" label="Password" kind="password" autocomplete="new-password"
                    hint="At least 6 characters."
                    value={(*password).clone()} oninput={bind(&password)}
                    error={form.message_for("password")} node_ref={password_ref} />
                <div class="actions">
                    { submit_when("Register", "Creating your account…", form.busy, ready) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::Login}>{ "Already have an account?" }</Link<Route>>
            </p>
        </Page>
    }
}
