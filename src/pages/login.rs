use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    begin_submit, bind, errors, notice, submit_when, use_field, use_mounted, Field, FormState,
    Page, ResendVerification, EMAIL_NOT_VERIFIED,
};
use crate::route::{PasswordChanged, Route};
use crate::validate;

const FIELDS: &[&str] = &["email", "password"];

#[component]
pub fn Login() -> Html {
    let auth = use_auth();
    let api = use_api();
    let email = use_field("email");
    let password = use_field("password");
    let form = use_state(FormState::default);
    let ready = use_mounted();
    let email_ref = use_node_ref();
    let password_ref = use_node_ref();
    let password_changed = use_location()
        .and_then(|l| l.state::<PasswordChanged>())
        .is_some();

    // The form is usable: the moment `scripts/bench` measures to.
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("login-form-ready");
        }
    });

    let onsubmit = {
        let (email, password, form) = (email.clone(), password.clone(), form.clone());
        let (email_ref, password_ref) = (email_ref.clone(), password_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = validate::login(&email, &password);
            let fields = [("email", &email_ref), ("password", &password_ref)];
            if !begin_submit(&form, problems, &fields) {
                return;
            }
            let (api, auth, form) = (api.clone(), auth.clone(), form.clone());
            let (email, password) = (email.trim().to_owned(), (*password).clone());
            spawn_local(async move {
                match api.sign_in(&email, &password).await {
                    // The guard takes the person on to their profile.
                    Ok(s) => auth.dispatch(AuthAction::SignIn {
                        session: s.session,
                        user: s.user,
                    }),
                    // What was typed stays, so it can be corrected.
                    Err(error) => form.set(FormState::failed(error)),
                }
            });
        })
    };

    html! {
        <Page title="Login" heading="Login to your account">
            <form {onsubmit} novalidate=true>
                if password_changed && form.error.is_none() {
                    { notice("Your password has been changed. Log in with your new password.") }
                }
                { errors(form.error.as_ref(), FIELDS) }
                if form.error.as_ref().is_some_and(|e| e.has_code(EMAIL_NOT_VERIFIED)) {
                    <ResendVerification email={(*email).clone()} />
                }
                <Field id="email" label="Email" kind="email" autocomplete="email"
                    value={(*email).clone()} oninput={bind(&email)}
                    error={form.message_for("email")} node_ref={email_ref} />
                <Field id="password" label="Password" kind="password" autocomplete="current-password"
                    value={(*password).clone()} oninput={bind(&password)}
                    error={form.message_for("password")} node_ref={password_ref} />
                <div class="actions">
                    { submit_when("Login", "Logging in…", form.busy, ready) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::Register}>{ "Don't have an account? Register now" }</Link<Route>>
                <Link<Route> to={Route::MagicLink}>{ "Login with magic link" }</Link<Route>>
                <Link<Route> to={Route::ForgotPassword}>{ "Forgot your password?" }</Link<Route>>
            </p>
        </Page>
    }
}
