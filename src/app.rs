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
    /// In the browser: its address bar, and the sign-in it starts with.
    pub fn browser(auth: AuthState) -> Self {
        Self {
            history: BrowserHistory::new().into(),
            auth,
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
        Route::NotFound => html! { <NotFound /> },
        // `Part::Chunk` in `route::PAGES`.
        Route::AuthRedirect
        | Route::Profile
        | Route::PhoneLogin
        | Route::PhoneRegister
        | Route::PhoneReset => html! { <ChunkPage {route} /> },
    }
}

/// The pages of `route::in_chunk`. In the release build (feature `split`)
/// they are a wasm chunk of their own: `scripts/build` splits the linked
/// wasm at `chunk::page` (wasm_split_helpers), and the chunk is fetched the
/// first time one of them shows. Elsewhere (`trunk serve`, tests, the
/// prerenderer) they are in the one wasm and "loading" is a no-op.
pub mod chunk {
    use std::cell::Cell;

    use yew::Html;

    use crate::pages::*;
    use crate::route::Route;

    /// The chunk could not be fetched (offline, or a deploy removed it).
    #[derive(Debug)]
    pub struct NotLoaded;

    #[cfg(feature = "split")]
    impl From<wasm_split_helpers::SplitLoaderError> for NotLoaded {
        fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
            NotLoaded
        }
    }

    fn render(route: Route) -> Html {
        match route {
            Route::AuthRedirect => yew::html! { <AuthRedirect /> },
            Route::Profile => yew::html! { <Profile /> },
            Route::PhoneLogin => yew::html! { <PhoneLogin /> },
            Route::PhoneRegister => yew::html! { <PhoneRegister /> },
            Route::PhoneReset => yew::html! { <PhoneReset /> },
            _ => yew::html! { <NotFound /> },
        }
    }

    /// The split point: this function and all that only it reaches go into
    /// the chunk.
    #[cfg(feature = "split")]
    #[wasm_split_helpers::wasm_split(signed_in, fallible, preload(fetch))]
    fn split_page(route: Route) -> Result<Html, NotLoaded> {
        Ok(render(route))
    }

    thread_local! {
        static LOADED: Cell<bool> = const { Cell::new(!cfg!(feature = "split")) };
    }

    /// Fetches the chunk (at most one fetch at a time; a failure is not
    /// kept, so calling again tries again).
    pub async fn load() -> Result<(), NotLoaded> {
        #[cfg(feature = "split")]
        fetch().await?;
        LOADED.with(|l| l.set(true));
        Ok(())
    }

    /// The page at `route`, if the chunk is here: synchronously, so that a
    /// page drawn over its prerendered markup is drawn in the same frame.
    pub fn page(route: Route) -> Option<Html> {
        if !LOADED.with(Cell::get) {
            return None;
        }
        #[cfg(feature = "split")]
        {
            // Loaded: the split function's future is ready at its first poll.
            use std::future::Future;
            use std::task::{Context, Poll, Waker};
            let mut call = std::pin::pin!(split_page(route));
            match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
                Poll::Ready(page) => page.ok(),
                Poll::Pending => None,
            }
        }
        #[cfg(not(feature = "split"))]
        Some(render(route))
    }
}

#[derive(Properties, PartialEq)]
struct ChunkPageProps {
    route: Route,
}

/// A page of the chunk: shown at once if the chunk is here, else once it
/// has been fetched; if it cannot be, a way to try again instead of a
/// blank page.
#[component]
fn ChunkPage(props: &ChunkPageProps) -> Html {
    // Set when a fetch ends: re-renders with the page, or says it failed.
    let failed = use_state(|| false);
    let fetching = use_state(|| true);
    let fetch = {
        let (failed, fetching) = (failed.clone(), fetching.clone());
        Callback::from(move |_| {
            let (failed, fetching) = (failed.clone(), fetching.clone());
            fetching.set(true);
            yew::platform::spawn_local(async move {
                failed.set(chunk::load().await.is_err());
                fetching.set(false);
            });
        })
    };
    let page = chunk::page(props.route);
    {
        let (fetch, missing) = (fetch.clone(), page.is_none());
        use_effect_with((), move |_| {
            if missing {
                fetch.emit(());
            }
        });
    }
    match page {
        Some(page) => page,
        None if *failed => html! {
            <div class="page" role="alert">
                <h1 id="page-heading">{ "This page could not be loaded" }</h1>
                <p>{ "Check your connection, then try again." }</p>
                <button type="button" class="button" disabled={*fetching} onclick={fetch.reform(|_| ())}>
                    { "Try again" }
                </button>
            </div>
        },
        None => Html::default(),
    }
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
