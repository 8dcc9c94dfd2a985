//! The app: the layout every page shares, and the one switch that picks
//! what shows at each address.

use yew::prelude::*;
use yew_router::history::{AnyHistory, BrowserHistory, MemoryHistory};
use yew_router::prelude::*;

use crate::auth::{return_to, storage, use_auth, AuthProvider, AuthState};
use crate::pages::*;
use crate::route::{phone_page, redirect_for, Route, SignInWith};

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
            auth: Self::stored_or_handed_over(),
        }
    }

    /// The sign-in kept in storage, or (in the full app started by the
    /// guest pages' one) the sign-in it handed over.
    fn stored_or_handed_over() -> AuthState {
        #[cfg(not(feature = "guest"))]
        if let Some(auth) = crate::handover::take() {
            return auth;
        }
        storage::load()
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

/// What shows at `route` for a guest or a signed-in person: the page, or
/// a step on to where they belong.
fn switch(route: Route, signed_in: bool) -> Html {
    match redirect_for(&route, signed_in) {
        // A guest turned away is brought back after signing in.
        Some(Route::Login) => html! { <Replace to={Route::Login} remember=true /> },
        // Signed in on a guest page: on to where they were going.
        Some(Route::Profile) => html! { <Replace to={Route::Profile} return_to=true /> },
        Some(to) => html! { <Replace {to} /> },
        // Storage is read only for the pages that have a phone version.
        None => {
            match phone_page(&route).filter(|_| return_to::remembered_way() == SignInWith::Phone) {
                // Someone who chose their phone number in this visit gets the
                // phone pages.
                Some(to) => html! { <Replace {to} /> },
                None => page(route),
            }
        }
    }
}

/// The page at `route`, for whoever may see it.
fn page(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Login => html! { <Login /> },
        Route::MagicLink => html! { <MagicLink /> },
        Route::Register => html! { <Register /> },
        Route::ForgotPassword => html! { <ForgotPassword /> },
        #[cfg(not(feature = "guest"))]
        Route::AuthRedirect => html! { <AuthRedirect /> },
        #[cfg(not(feature = "guest"))]
        Route::Profile => html! { <Profile /> },
        #[cfg(not(feature = "guest"))]
        Route::PhoneLogin => html! { <PhoneLogin /> },
        #[cfg(not(feature = "guest"))]
        Route::PhoneRegister => html! { <PhoneRegister /> },
        #[cfg(not(feature = "guest"))]
        Route::PhoneReset => html! { <PhoneReset /> },
        // The guest build has not got them: the page loads the full app.
        #[cfg(feature = "guest")]
        Route::AuthRedirect
        | Route::Profile
        | Route::PhoneLogin
        | Route::PhoneRegister
        | Route::PhoneReset => {
            html! { <LoadFullApp {route} /> }
        }
        Route::NotFound => html! { <NotFound /> },
    }
}

#[cfg(feature = "guest")]
#[derive(Properties, PartialEq)]
struct LoadFullAppProps {
    route: Route,
}

/// In the guest build, a signed-in page: this build stops and the full
/// app starts in its place, with the sign-in (`handover`). Not within this
/// render: the app cannot stop while it is rendering.
#[cfg(feature = "guest")]
#[component]
fn LoadFullApp(props: &LoadFullAppProps) -> Html {
    let auth = use_auth();
    use_effect_with(props.route, move |_| {
        let auth = (*auth).clone();
        gloo_timers::callback::Timeout::new(0, move || crate::handover::to_full_app(&auth))
            .forget();
    });
    Html::default()
}

#[derive(Properties, PartialEq)]
struct ReplaceProps {
    to: Route,
    /// Go to the remembered page instead, if there is one.
    #[prop_or_default]
    return_to: bool,
    /// Remember this page, to come back after signing in.
    #[prop_or_default]
    remember: bool,
}

/// Like yew-router's `Redirect`, but replaces the history entry so that Back
/// does not return to a page the person was bounced from.
#[component]
fn Replace(props: &ReplaceProps) -> Html {
    let navigator = use_navigator();
    use_effect_with(
        (props.to, props.return_to, props.remember),
        move |(to, go_back, remember)| {
            if *remember {
                if let Some(location) = web_sys::window().map(|w| w.location()) {
                    let path = location.pathname().unwrap_or_default();
                    return_to::remember(&(path + &location.search().unwrap_or_default()));
                }
            }
            let to = if *go_back { return_to::take() } else { *to };
            if let Some(navigator) = navigator {
                navigator.replace(&to);
            }
        },
    );
    Html::default()
}

#[component]
fn Layout() -> Html {
    let auth = use_auth();
    let signed_in = auth.is_signed_in();
    // The brand leads to the page the person can actually open.
    let home = if signed_in {
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
    // Once the page is drawn: the keyboard back where it was on the
    // prerendered page, if it was there, and a form sent there sent.
    use_effect_with((), |_| crate::components::takeover::restore());
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
                <Switch<Route> render={move |route| switch(route, signed_in)} />
            </main>
            <footer class="site-footer">
                { "Rust, WebAssembly and Yew, on Altogic." }
            </footer>
        </>
    }
}
