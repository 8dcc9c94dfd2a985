use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{EmailLink, EmailLinkForm, Page, SignInWithChoice};
use crate::i18n::{t, Text};
use crate::route::{Route, SignInWith};

#[component]
pub fn ForgotPassword() -> Html {
    html! {
        <Page title={t(Text::ForgotTitle)} heading={t(Text::ForgotHeading)}>
            <SignInWithChoice current={SignInWith::Email} email={Route::ForgotPassword} />
            <p>{ t(Text::ForgotIntro) }</p>
            <EmailLinkForm link={EmailLink::PasswordReset} button={t(Text::SendResetLink)} sent={t(Text::ResetLinkSent)} />
            <p class="links">
                <Link<Route> to={Route::Login}>{ t(Text::BackToLogin) }</Link<Route>>
            </p>
        </Page>
    }
}
