//! The app: the layout every page shares, and who is sent where at each
//! address (the guards). Which page a route shows is `pages`' switch; a
//! page of the chunk stands in `chunk::ChunkPage` until the chunk is here.

use yew::prelude::*;
use yew_router::history::{AnyHistory, BrowserHistory, MemoryHistory};
use yew_router::prelude::*;

use crate::auth::{return_to, storage, use_auth, AuthProvider, AuthState};
use crate::chunk::ChunkPage;
use crate::i18n::{t, Text};
use crate::route::{phone_page, redirect_for, Route, SignInWith};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The address bar: the browser's, or a fixed path when prerendering.
    pub history: AnyHistory,
    /// The sign-in the app starts with.
    pub auth: AuthState,
    /// Where the page's language puts its pages (`/de`), or none for the
    /// site's default language (`i18n::base_of`).
    pub base: Option<AttrValue>,
}

impl AppProps {
    /// In the browser: its address bar, the sign-in it starts with, and
    /// its language's base.
    pub fn browser(auth: AuthState, base: Option<String>) -> Self {
        Self {
            history: BrowserHistory::new().into(),
            auth,
            base: base.map(AttrValue::from),
        }
    }

    /// At build time: a guest at `path` under `base`, with no browser.
    pub fn prerender(path: &str, base: Option<&str>) -> Self {
        let base = base.map(str::to_owned);
        Self {
            history: MemoryHistory::with_entries(vec![format!(
                "{}{path}",
                base.as_deref().unwrap_or("")
            )])
            .into(),
            auth: AuthState::SignedOut,
            base: base.map(AttrValue::from),
        }
    }
}

/// The whole app. The browser and the prerenderer render this same tree
/// (only the props differ), so the browser can take over the prerendered
/// markup node for node.
#[component]
pub fn App(props: &AppProps) -> Html {
    html! {
        <Router history={props.history.clone()} basename={props.base.clone()}>
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

/// The page at `route`, for whoever may see it: a page of the chunk
/// (`Part::Chunk`) once the chunk is here.
fn page(route: Route) -> Html {
    crate::pages::main_part(route).unwrap_or_else(|| html! { <ChunkPage {route} /> })
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
                    let base = navigator.as_ref().and_then(|n| n.basename());
                    let path = crate::i18n::strip_base(&path, base);
                    return_to::remember(
                        &(path.to_owned() + &location.search().unwrap_or_default()),
                    );
                }
            }
            if *go_back {
                return_to::go_on(navigator.as_ref());
            } else if let Some(navigator) = navigator {
                navigator.replace(to);
            }
        },
    );
    Html::default()
}

#[component]
fn Layout() -> Html {
    let auth = use_auth();
    let signed_in = auth.is_signed_in();
    let site = crate::config::site();
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
            <a class="skip-link" href="#main">{ t(Text::SkipToContent) }</a>
            <header class="site-header">
                <Link<Route> to={home} classes="brand">
                    if let Some(logo) = &site.logo {
                        <img class="brand-logo" src={logo.clone()} alt="" />
                    }
                    { &site.name }
                </Link<Route>>
            </header>
            if !*remembered {
                <p class="storage-warning" role="status">
                    { t(Text::StorageBlocked) }
                </p>
            }
            <main id="main" tabindex="-1">
                <Switch<Route> render={move |route| switch(route, signed_in)} />
            </main>
            <footer class="site-footer">
                { t(Text::Footer) }
            </footer>
        </>
    }
}
