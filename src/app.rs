//! The router and the layout every page shares.

use yew::prelude::*;
use yew_router::history::{AnyHistory, BrowserHistory, MemoryHistory};
use yew_router::prelude::*;

use crate::auth::{storage, use_auth, AuthProvider, AuthState, Guard};

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

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The address bar: the browser's, or a fixed path when prerendering.
    pub history: AnyHistory,
    /// The sign-in the app starts with.
    pub auth: AuthState,
}

impl AppProps {
    /// In the browser: its address bar and the sign-in in storage.
    pub fn browser() -> Self {
        Self {
            history: BrowserHistory::new().into(),
            auth: storage::load(),
        }
    }

    /// At build time: a guest at `path`, with no browser at all.
    pub fn prerender(path: &str) -> Self {
        Self {
            history: MemoryHistory::with_entries(vec![path]).into(),
            auth: AuthState::SignedOut,
        }
    }
}

/// The whole app. The browser and the prerenderer render this same tree
/// (only the props differ), so the browser can take over the prerendered
/// markup node for node.
#[component]
pub fn App(props: &AppProps) -> Html {
    html! {
        <Router history={props.history.clone()}>
            <AuthProvider initial={props.auth.clone()}>
                <Layout />
            </AuthProvider>
        </Router>
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
    // a sign-in lasts only as long as the tab. Checked after rendering, as
    // it asks the browser: the first render must match the prerendered one.
    let remembered = use_state(|| true);
    {
        let remembered = remembered.clone();
        use_effect_with(auth.is_signed_in(), move |_| {
            remembered.set(storage::remembering());
        });
    }
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <Link<Route> to={home} classes="brand">{ "Altogic Auth" }</Link<Route>>
            </header>
            if !*remembered {
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
