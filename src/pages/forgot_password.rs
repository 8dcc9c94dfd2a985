use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{EmailLink, EmailLinkForm, Page, SignInWithChoice};
use crate::route::{Route, SignInWith};

const SENT: &str = "We sent a link to choose a new password. Check your inbox.";

#[component]
pub fn ForgotPassword() -> Html {
    html! {
        <Page title="Forgot your password" heading="Forgot your password?">
            <SignInWithChoice current={SignInWith::Email} email={Route::ForgotPassword} />
            <p>{ "Enter your account's email and we'll send you a link to choose a new password." }</p>
            <EmailLinkForm link={EmailLink::PasswordReset} button="Send reset link" sent={SENT} />
            <p class="links">
                <Link<Route> to={Route::Login}>{ "Back to login" }</Link<Route>>
            </p>
        </Page>
    }
}
