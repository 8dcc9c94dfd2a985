//! The router and the layout every page shares.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::auth::{storage, use_auth, AuthProvider, Guard};

/// Every page of the app. Who may open which is decided in `auth::guard`.
#[derive(Routable, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/login-with-magic-link")]
    MagicLink,
    #[at("/register")]
    Register,
    #[at("/forgot-password")]
    ForgotPassword,
    #[at("/auth-redirect")]
    AuthRedirect,
    #[at("/profile")]
    Profile,
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <AuthProvider>
                <Layout />
            </AuthProvider>
        </BrowserRouter>
    }
}

fn switch(route: Route) -> Html {
    html! { <Guard {route} /> }
}

#[component]
fn Layout() -> Html {
    let auth = use_auth();
    // The brand leads to the page the person can actually open.
    let home = if auth.is_signed_in() {
        Route::Profile
    } else {
        Route::Home
    };
    // Checked on every sign-in change: without storage (blocked, or full)
    // a sign-in lasts only as long as the tab.
    let remembered = storage::remembering();
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <Link<Route> to={home} classes="brand">{ "Altogic Auth" }</Link<Route>>
            </header>
            if !remembered {
                <p class="storage-warning" role="status">
                    { "Your browser is not letting this site store data, so you will stay signed in only while this tab is open." }
                </p>
            }
            <main id="main" tabindex="-1">
                <Switch<Route> render={switch} />
            </main>
            <footer class="site-footer">
                { "Rust, WebAssembly and Yew, on Altogic." }
            </footer>
        </>
    }
}
