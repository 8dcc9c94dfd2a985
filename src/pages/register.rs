use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::auth;
use crate::altogic::auth::SignedUp;
use crate::auth::asked::{self, Asked};
use crate::auth::{consent, return_to, use_api, use_auth, AuthAction};
use crate::components::{
    consent_field, email_field, name_field, notice, password_field, provider_links,
    register_fields, signup_fields, submit, use_carried_field, use_field, use_form,
    use_signup_fields, FieldHandle, Form, Page, Password, ResendVerification, SignInWithChoice,
};
use crate::config;
use crate::i18n::{t, Text};
use crate::route::{Route, SignInWith};
use crate::validate::field;

#[component]
pub fn Register() -> Html {
    let auth = use_auth();
    let api = use_api();
    let email = use_carried_field(field::EMAIL);
    let name = use_field(field::NAME);
    let password = use_field(field::CHOSEN_PASSWORD);
    let custom = use_signup_fields();
    let agreed = use_field(field::CONSENT);
    let legal = config::legal();
    let form = use_form(&register_fields(
        vec![&email, &name, &password],
        &custom,
        &agreed,
    ));
    // The address a verification mail went to, for "resend".
    let created = use_state(|| None::<AttrValue>);

    let onsubmit = {
        let (email, name, password, custom, agreed, created) = (
            email.clone(),
            name.clone(),
            password.clone(),
            custom.clone(),
            agreed.clone(),
            created.clone(),
        );
        form.on_submit(move || {
            created.set(None);
            let (api, auth, created) = (api.clone(), auth.clone(), created.clone());
            let mut fields = vec![
                email.clone(),
                name.clone(),
                password.clone(),
                agreed.clone(),
            ];
            fields.extend(custom.iter().cloned());
            let (address, secret) = (email.value(), password.value());
            let data = consent::user_data(name.value(), custom.iter().map(|f| f.value()));
            Ok(async move {
                match api.send(auth::sign_up(&address, &secret, &data)).await? {
                    // Verification off: signed in at once, the guard moves on.
                    SignedUp {
                        user: Some(user),
                        session: Some(session),
                    } => auth.dispatch(AuthAction::SignIn {
                        session,
                        user,
                        by: SignInWith::Email,
                    }),
                    // Verification on: the account waits for the mail's link.
                    _ => {
                        // Its link, opened here, goes straight on.
                        asked::remember(&address, Asked::SignUp);
                        for field in &fields {
                            field.clear();
                        }
                        created.set(Some(address.into()));
                    }
                }
                Ok(())
            })
        })
    };

    html! {
        <Page title={t(Text::Register)} heading={t(Text::RegisterHeading)}>
            <SignInWithChoice current={SignInWith::Email} email={Route::Register} />
            <form {onsubmit} novalidate=true>
                if let Some(address) = (*created).clone() {
                    { notice(t(Text::AccountCreated)) }
                    <ResendVerification email={address} />
                }
                { form.errors() }
                { email_field(&email, &form, t(Text::Email)) }
                { name_field(&name, &form) }
                { password_field(&password, &form, t(Text::Password), Password::New) }
                { signup_fields(&custom, &form) }
                if let Some(legal) = legal {
                    { consent_field(&agreed, &form, legal) }
                }
                <div class="actions">
                    { submit(t(Text::Register), t(Text::CreatingAccount), form.busy()) }
                </div>
            </form>
            { provider_links(legal.map(|_| consent_first(&agreed, &form)), None) }
            <p class="links">
                <Link<Route> to={Route::Login}>{ t(Text::HaveAccount) }</Link<Route>>
            </p>
        </Page>
    }
}

/// "Continue with …" on the register page goes only with the consent
/// ticked, which then waits for the provider's new user
/// (`consent::take_given`).
fn consent_first(agreed: &FieldHandle, form: &Form) -> Callback<MouseEvent> {
    let (agreed, form) = (agreed.clone(), form.clone());
    Callback::from(move |e: MouseEvent| {
        if form.check(&[&agreed]) {
            consent::remember_given();
        } else {
            e.prevent_default();
            // The tab did not leave: js/early.js's mark vouches for nothing.
            return_to::forget_provider();
        }
    })
}
