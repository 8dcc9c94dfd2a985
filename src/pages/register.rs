use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::auth::SignedUp;
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    bind, notice, provider_links, submit, use_field, use_form, Field, Page, ResendVerification,
    SignInWithChoice,
};
use crate::route::{Route, SignInWith};
use crate::validate;

#[component]
pub fn Register() -> Html {
    let auth = use_auth();
    let api = use_api();
    let email = use_field("email");
    let name = use_field("name");
    let password = use_field("password");
    let form = use_form(&["email", "name", "password"]);
    // The address a verification mail went to, for "resend".
    let created = use_state(|| None::<AttrValue>);

    let onsubmit = {
        let (email, name, password, created) = (
            email.clone(),
            name.clone(),
            password.clone(),
            created.clone(),
        );
        form.on_submit(move || {
            validate::passed(validate::register(&email, &name, &password))?;
            created.set(None);
            let (api, auth, created) = (api.clone(), auth.clone(), created.clone());
            let fields = [email.clone(), name.clone(), password.clone()];
            let (address, full_name, secret) = (
                email.trim().to_owned(),
                name.trim().to_owned(),
                (*password).clone(),
            );
            Ok(async move {
                match api.sign_up(&address, &secret, &full_name).await? {
                    // Verification off: signed in at once, the guard moves on.
                    SignedUp {
                        user: Some(user),
                        session: Some(session),
                    } => auth.dispatch(AuthAction::SignIn { session, user }),
                    // Verification on: the account waits for the mail's link.
                    _ => {
                        for field in &fields {
                            field.set(String::new());
                        }
                        created.set(Some(address.into()));
                    }
                }
                Ok(())
            })
        })
    };

    html! {
        <Page title="Register" heading="Create an account">
            <SignInWithChoice current={SignInWith::Email} email={Route::Register} />
            <form {onsubmit} novalidate=true>
                if let Some(address) = (*created).clone() {
                    { notice("Your account has been created. Please check your email to verify your account.") }
                    <ResendVerification email={address} />
                }
                { form.errors() }
                <Field id="email" label="Email" kind="email" autocomplete="email"
                    value={(*email).clone()} oninput={bind(&email)}
                    error={form.message_for("email")} node_ref={form.node("email")} />
                <Field id="name" label="Name" autocomplete="name"
                    value={(*name).clone()} oninput={bind(&name)}
                    error={form.message_for("name")} node_ref={form.node("name")} />
                <Field id="password" label="Password" kind="password" autocomplete="new-password"
                    hint="At least 6 characters."
                    value={(*password).clone()} oninput={bind(&password)}
                    error={form.message_for("password")} node_ref={form.node("password")} />
                <div class="actions">
                    { submit("Register", "Creating your account…", form.busy()) }
                </div>
            </form>
            { provider_links() }
            <p class="links">
                <Link<Route> to={Route::Login}>{ "Already have an account?" }</Link<Route>>
            </p>
        </Page>
    }
}
