use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::auth;
use crate::altogic::auth::SignedUp;
use crate::auth::asked::{self, Asked};
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    email_field, name_field, notice, password_field, provider_links, submit, use_field, use_form,
    Page, Password, ResendVerification, SignInWithChoice,
};
use crate::i18n::{t, Text};
use crate::route::{Route, SignInWith};
use crate::validate::field;

#[component]
pub fn Register() -> Html {
    let auth = use_auth();
    let api = use_api();
    let email = use_field(field::EMAIL);
    let name = use_field(field::NAME);
    let password = use_field(field::CHOSEN_PASSWORD);
    let form = use_form(&[&email, &name, &password]);
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
            created.set(None);
            let (api, auth, created) = (api.clone(), auth.clone(), created.clone());
            let fields = [email.clone(), name.clone(), password.clone()];
            let (address, full_name, secret) = (email.value(), name.value(), password.value());
            Ok(async move {
                match api
                    .send(auth::sign_up(&address, &secret, &full_name))
                    .await?
                {
                    // Verification off: signed in at once, the guard moves on.
                    SignedUp {
                        user: Some(user),
                        session: Some(session),
                    } => auth.dispatch(AuthAction::SignIn { session, user }),
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
                <div class="actions">
                    { submit(t(Text::Register), t(Text::CreatingAccount), form.busy()) }
                </div>
            </form>
            { provider_links() }
            <p class="links">
                <Link<Route> to={Route::Login}>{ t(Text::HaveAccount) }</Link<Route>>
            </p>
        </Page>
    }
}
