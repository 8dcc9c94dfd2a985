//! Where Altogic sends the browser back from a mail link (or OAuth): grants
//! a session, asks for the new password of a reset, or says that the email
//! address has been changed.

use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::auth;
use crate::altogic::auth::SignedIn;
use crate::altogic::{Api, ApiError};
use crate::auth::asked::{self, Next};
use crate::auth::redirect_query::{
    Outcome, RedirectQuery, CHANGE_EMAIL, EMAIL_CONFIRM, OAUTH_SIGNIN, OAUTH_SIGNUP, RESET_PWD,
};
use crate::auth::{consent, password_was_reset, return_to, use_api, use_auth, AuthAction};
use crate::components::{
    errors, new_password_fields, notice, submit, use_field, use_form, waiting, EmailLink,
    EmailLinkForm, Page,
};
use crate::i18n::{around, fill, t, Text};
use crate::route::{Route, SignInWith};
use crate::validate::{self, field};

/// Reads the query (and the fragment, where a provider's token may come)
/// and takes both out of the address bar at once, so the access token is not
/// left in history, bookmarks or a screenshot.
fn take_query() -> RedirectQuery {
    let Some(window) = web_sys::window() else {
        return RedirectQuery::default();
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if !search.is_empty() || !hash.is_empty() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&Route::AuthRedirect.to_path()),
            );
        }
    }
    RedirectQuery::parse(&format!("{search}&{}", hash.trim_start_matches('#')))
}

#[component]
pub fn AuthRedirect() -> Html {
    // Read once, before anything renders.
    let query = use_state(take_query);
    // Which provider someone left for, if they did (cleared either way).
    let provider = use_state(return_to::take_provider);
    match query.outcome() {
        Outcome::ResetPassword(token) => html! { <ResetPassword token={token} /> },
        // A provider's token counts only in the tab that went to the
        // provider: anyone can send a link with their own token (and sign
        // a victim in as themselves: login forgery).
        Outcome::Grant(_) if query.is_provider() && provider.is_none() => {
            html! { <NotStartedHere /> }
        }
        // A mail link may open in any browser: where it was not asked for,
        // it asks first (`asked::next`).
        Outcome::Grant(token) => html! { <Grant token={token} action={query.action.clone()} /> },
        Outcome::EmailChanged => html! { <EmailChanged /> },
        Outcome::Failed(problem) => html! {
            <LinkFailed {problem} action={query.action.clone()}
                provider={query.is_provider().then_some(*provider).flatten()} />
        },
    }
}

/// The new address is the account's now. Someone signed in here sees it
/// on their profile (the user is read again); anyone else can log in.
#[component]
fn EmailChanged() -> Html {
    let auth = use_auth();
    let api = use_api();
    let signed_in = auth.is_signed_in();
    {
        let auth = auth.clone();
        use_effect_with((), move |_| {
            if auth.is_signed_in() {
                spawn_local(async move {
                    if let Ok(user) = api.send(auth::current_user()).await {
                        auth.dispatch(AuthAction::UpdateUser(user));
                    }
                });
            }
        });
    }
    html! {
        <Page title={t(Text::EmailChangedTitle)} heading={t(Text::EmailChangedHeading)}>
            <p role="status">
                { if signed_in {
                    t(Text::EmailChangedSignedIn)
                } else {
                    t(Text::EmailChangedSignedOut)
                } }
            </p>
            <p class="links">
                if signed_in {
                    <Link<Route> to={Route::Profile}>{ t(Text::GoToProfile) }</Link<Route>>
                } else {
                    <Link<Route> to={Route::Login}>{ t(Text::GoToLogin) }</Link<Route>>
                }
            </p>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct TokenProps {
    token: AttrValue,
}

/// A provider's sign-in this tab did not start: nothing is traded.
#[component]
fn NotStartedHere() -> Html {
    html! {
        <Page title={t(Text::SignInRefusedTitle)} heading={t(Text::SignInRefusedHeading)}>
            <p role="alert" class="alert error">
                { t(Text::NotStartedHere) }
            </p>
            <p class="links">
                <Link<Route> to={Route::Login}>{ t(Text::GoToLogin) }</Link<Route>>
            </p>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct GrantProps {
    token: AttrValue,
    /// The redirect's `action`: which kind of link it was.
    action: Option<String>,
}

enum Step {
    Waiting,
    /// Granted; the person is asked before it replaces anything.
    Confirm(Rc<SignedIn>),
    /// Verified, but not signed in: the password may not be theirs.
    ChoosePassword(Rc<SignedIn>),
    Failed(ApiError),
}

/// Trades the access token for a session, asks first when that is due,
/// then goes on to where the person was going.
#[component]
fn Grant(props: &GrantProps) -> Html {
    let auth = use_auth();
    let api = use_api();
    let navigator = use_navigator();
    let step = use_state(|| Step::Waiting);

    // Takes the new sign-in; the one it replaces ends on the server too.
    let accept = {
        let (auth, api, navigator) = (auth.clone(), api.clone(), navigator.clone());
        Callback::from(move |s: Rc<SignedIn>| {
            if auth
                .session()
                .is_some_and(|old| old.token != s.session.token)
            {
                let api = api.clone();
                spawn_local(async move {
                    let _ = api.send(auth::sign_out(None)).await;
                });
            }
            auth.dispatch(AuthAction::SignIn {
                session: s.session.clone(),
                user: s.user.clone(),
                // A mail's link is for an address.
                by: SignInWith::Email,
            });
            // A provider's user the site's terms were not agreed to by is
            // asked on the profile first (`consent::pending`).
            if consent::pending(&s.user) {
                if let Some(navigator) = &navigator {
                    navigator.replace(&Route::Profile);
                }
            } else {
                return_to::go_on(navigator.as_ref());
            }
        })
    };
    {
        let (step, token, action, accept) = (
            step.clone(),
            props.token.clone(),
            props.action.clone(),
            accept.clone(),
        );
        let (api, current) = (api.clone(), auth.user().map(|u| u.id.clone()));
        use_effect_with((), move |_| {
            spawn_local(async move {
                match api.send(auth::grant(&token)).await {
                    Ok(s) => {
                        let someone_else = current.is_some_and(|id| id != s.user.id);
                        let asked = s.user.email.as_deref().and_then(asked::take);
                        let s = Rc::new(s);
                        match asked::next(action.as_deref(), asked, someone_else) {
                            Next::Go => accept.emit(s),
                            Next::Ask => step.set(Step::Confirm(s)),
                            Next::ChoosePassword => step.set(Step::ChoosePassword(s)),
                        }
                    }
                    Err(e) => step.set(Step::Failed(e)),
                }
            });
        });
    }
    match &*step {
        Step::Failed(problem) => html! {
            <LinkFailed problem={problem.clone()} action={None::<String>} provider={None::<&str>} />
        },
        Step::ChoosePassword(s) => html! { <ChooseOwnPassword granted={s.clone()} /> },
        Step::Confirm(s) => {
            let onaccept = {
                let (accept, s) = (accept.clone(), s.clone());
                Callback::from(move |_| accept.emit(s.clone()))
            };
            // "Not me": the session the link made ends on the server, and
            // whoever was signed in here stays so.
            let ondecline = {
                let (s, navigator) = (s.clone(), navigator.clone());
                Callback::from(move |_| {
                    let made = Api::of_session(&s.session.token);
                    spawn_local(async move {
                        let _ = made.send(auth::sign_out(None)).await;
                    });
                    if let Some(navigator) = &navigator {
                        navigator.replace(&Route::Login);
                    }
                })
            };
            let who = s
                .user
                .email
                .clone()
                .or_else(|| s.user.phone.clone())
                .unwrap_or_else(|| s.user.display_name().to_owned());
            let (before, after) = around(Text::LinkSignsInAs, "who");
            html! {
                <Page title={t(Text::ContinueTitle)} heading={fill(Text::ContinueAs, &[("who", &who)])}>
                    <p>
                        { before }<strong>{ who.clone() }</strong>{ after }
                    </p>
                    if let Some(current) = auth.user().filter(|u| u.id != s.user.id) {
                        <p>{ fill(Text::WillBeSignedOutAs, &[("name", current.display_name())]) }</p>
                    }
                    <div class="actions">
                        <button type="button" onclick={onaccept}>{ t(Text::Continue) }</button>
                        <button type="button" class="secondary" onclick={ondecline}>{ t(Text::NotMe) }</button>
                    </div>
                </Page>
            }
        }
        Step::Waiting => html! {
            <Page title={t(Text::VerifyTitle)} heading={t(Text::PleaseWait)}>
                { waiting(t(Text::SigningYouIn)) }
            </Page>
        },
    }
}

#[derive(Properties, PartialEq)]
struct GrantedProps {
    granted: Rc<SignedIn>,
}

/// A verification link this browser did not register for: the account's
/// password may be someone else's, who registered the address before its
/// owner (a pre-registration takeover). The session the link made ends, a
/// link to choose a password is mailed at once, and the sign-in after that
/// reset signs out every other device (`password_was_reset`).
#[component]
fn ChooseOwnPassword(props: &GrantedProps) -> Html {
    let api = use_api();
    let sent = use_state(|| None::<Result<(), ApiError>>);
    let email = props.granted.user.email.clone().unwrap_or_default();
    {
        let (sent, email) = (sent.clone(), email.clone());
        let made = Api::of_session(&props.granted.session.token);
        use_effect_with((), move |_| {
            spawn_local(async move {
                let _ = made.send(auth::sign_out(None)).await;
                sent.set(Some(api.send(auth::send_password_reset(&email)).await));
            });
        });
    }
    html! {
        <Page title={t(Text::ChooseYourPassword)} heading={t(Text::EmailVerifiedHeading)}>
            { match &*sent {
                None => waiting(t(Text::Sending)),
                Some(Ok(())) => notice(fill(Text::ChoosePasswordSent, &[("email", &email)])),
                Some(Err(problem)) => html! {
                    <>
                        { errors(Some(problem)) }
                        <p class="links">
                            <Link<Route> to={Route::ForgotPassword}>{ t(Text::ForgotHeading) }</Link<Route>>
                        </p>
                    </>
                },
            } }
            <p class="hint">{ t(Text::ChoosePasswordWhy) }</p>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct LinkFailedProps {
    problem: ApiError,
    action: Option<String>,
    /// The provider's name, for a failed sign-in with one.
    provider: Option<&'static str>,
}

/// What went wrong, and a way on: a new link of the same kind, or for a
/// provider, the login page with its buttons.
#[component]
fn LinkFailed(props: &LinkFailedProps) -> Html {
    let status = props
        .problem
        .status
        .map(|s| fill(Text::Status, &[("status", &s.to_string())]));
    let again = match props.action.as_deref() {
        Some(RESET_PWD) => html! {
            <Link<Route> to={Route::ForgotPassword}>{ t(Text::SendNewResetLink) }</Link<Route>>
        },
        // A new verification mail, to the address typed here (as Altogic's
        // samples do: `EmailConfirmResend.js`).
        Some(EMAIL_CONFIRM) => Html::default(),
        Some(OAUTH_SIGNIN | OAUTH_SIGNUP | CHANGE_EMAIL) => Html::default(),
        _ => html! {
            <Link<Route> to={Route::MagicLink}>{ t(Text::SendNewMagicLink) }</Link<Route>>
        },
    };
    let heading = match (props.action.as_deref(), props.provider) {
        (Some(CHANGE_EMAIL), _) => t(Text::CouldNotChangeEmail).to_owned(),
        (_, Some(name)) => fill(Text::CouldNotSignInWith, &[("provider", name)]),
        _ => t(Text::CouldNotSignIn).to_owned(),
    };
    html! {
        <Page title={t(Text::VerifyTitle)} {heading}>
            { errors(Some(&props.problem)) }
            if let Some(status) = status {
                <p class="hint">{ status }</p>
            }
            if props.action.as_deref() == Some(EMAIL_CONFIRM) {
                <EmailLinkForm link={EmailLink::Verification} button={t(Text::ResendVerification)}
                    sent={t(Text::VerificationSentAgain)} />
            }
            <p class="links">
                <Link<Route> to={Route::Login}>{ t(Text::GoToLogin) }</Link<Route>>
                { again }
            </p>
        </Page>
    }
}

/// The new password for a reset link; then on to login, with a word.
#[component]
fn ResetPassword(props: &TokenProps) -> Html {
    let api = use_api();
    let navigator = use_navigator();
    let password = use_field(field::NEW_PASSWORD);
    let again = use_field(field::CONFIRM_PASSWORD);
    let form = use_form(&[&password, &again]);

    let onsubmit = {
        let (password, again, token) = (password.clone(), again.clone(), props.token.clone());
        form.on_submit(move || {
            validate::passed(validate::confirmed(&password, &again))?;
            let (api, navigator, token) = (api.clone(), navigator.clone(), token.clone());
            let secret = password.value();
            Ok(async move {
                api.send(auth::reset_password(&token, &secret)).await?;
                password_was_reset(navigator, Route::Login);
                Ok(())
            })
        })
    };

    // Whatever the refusal's code, a spent or expired link may be why: the
    // way on is offered (Altogic documents no code for it).
    let expired = form.state.error.as_ref().is_some_and(|e| e.is_refusal());
    html! {
        <Page title={t(Text::ChooseNewPassword)} heading={t(Text::ChooseNewPassword)}>
            <form {onsubmit} novalidate=true>
                { form.errors() }
                if expired {
                    <p>
                        { t(Text::LinkExpired) }
                        <Link<Route> to={Route::ForgotPassword}>{ t(Text::SendNewResetLink) }</Link<Route>>
                    </p>
                }
                { new_password_fields(&password, &again, &form) }
                <div class="actions">
                    { submit(t(Text::SetNewPassword), t(Text::Saving), form.busy()) }
                </div>
            </form>
        </Page>
    }
}
