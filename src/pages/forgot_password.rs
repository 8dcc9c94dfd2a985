use crate::i18n::{t, T};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{EmailLink, EmailLinkForm, Page, SignInWithChoice};
use crate::route::{Route, SignInWith};

#[component]
pub fn ForgotPassword() -> Html {
    html! {
        <Page title={t(T::ForgotTitle)} heading={t(T::ForgotHeading)}>
            <SignInWithChoice current={SignInWith::Email} email={Route::ForgotPassword} />
            <p>{ t(T::ForgotIntro) }</p>
            <EmailLinkForm link={EmailLink::PasswordReset} button={t(T::SendResetLink)} sent={t(T::ResetLinkSent)} />
            <p class="links">
                <Link<Route> to={Route::Login}>{ t(T::BackToLogin) }</Link<Route>>
            </p>
        </Page>
    }
}
