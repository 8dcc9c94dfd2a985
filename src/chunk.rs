//! The pages of `route::in_chunk`. In the release build (feature `split`)
//! they are in the wasm chunk (`lazy`): `scripts/build` splits the linked
//! wasm at `split_page` (wasm_split_helpers), and the chunk is fetched the
//! first time one of them shows.

use yew::prelude::*;

use crate::i18n::{t, Text};
#[cfg(feature = "split")]
use crate::lazy::ready;
pub use crate::lazy::{state, NotLoaded, State};
use crate::route::Route;

fn render(route: Route) -> Html {
    crate::pages::chunk_part(route).unwrap_or_else(crate::pages::not_found)
}

/// The split point: this function and all that only it reaches go into
/// the chunk.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(signed_in, fallible, preload(fetch_pages))]
fn split_page(route: Route) -> Result<Html, NotLoaded> {
    Ok(render(route))
}

/// Fetches the chunk for its pages. Each split function waits for the
/// chunk on its own (`lazy::load` readies the meter's), so both are
/// readied here: the second finds the chunk already fetched.
pub async fn load() -> Result<(), NotLoaded> {
    crate::lazy::load().await?;
    #[cfg(feature = "split")]
    fetch_pages().await?;
    Ok(())
}

/// The page at `route`, if the chunk is here: synchronously, so that a
/// page drawn over its prerendered markup is drawn in the same frame.
pub fn page(route: Route) -> Option<Html> {
    if state() != State::Loaded {
        return None;
    }
    #[cfg(feature = "split")]
    return ready(split_page(route));
    #[cfg(not(feature = "split"))]
    Some(render(route))
}

#[derive(Properties, PartialEq)]
pub struct ChunkPageProps {
    pub route: Route,
}

/// Where a page of the chunk stands while the chunk is missing.
#[derive(Clone, Copy, PartialEq)]
enum Fetch {
    /// The first fetch: nothing to show yet.
    Fetching,
    /// A fetch failed: say so, and offer to try again.
    Failed,
    /// Trying again: the same, the button off.
    Retrying,
}

/// A page of the chunk: shown at once if the chunk is here, else once it
/// has been fetched; if it cannot be, a way to try again instead of a
/// blank page.
#[component]
pub fn ChunkPage(props: &ChunkPageProps) -> Html {
    // A fetch that already failed (at start-up: `boot`) is not repeated
    // before the person asks.
    let fetch = use_state(|| match state() {
        State::Failed => Fetch::Failed,
        _ => Fetch::Fetching,
    });
    let start = {
        let fetch = fetch.clone();
        Callback::from(move |again: bool| {
            let fetch = fetch.clone();
            fetch.set(if again {
                Fetch::Retrying
            } else {
                Fetch::Fetching
            });
            yew::platform::spawn_local(async move {
                // Loaded, the page shows whatever the state (set anyway:
                // it draws again).
                fetch.set(match load().await {
                    Ok(()) => Fetch::Fetching,
                    Err(_) => Fetch::Failed,
                });
            });
        })
    };
    let page = page(props.route);
    {
        let (start, first) = (start.clone(), page.is_none() && *fetch == Fetch::Fetching);
        use_effect_with((), move |_| {
            if first {
                start.emit(false);
            }
        });
    }
    match (page, *fetch) {
        (Some(page), _) => page,
        (None, state @ (Fetch::Failed | Fetch::Retrying)) => html! {
            <div class="page" role="alert">
                <h1 id="page-heading">{ t(Text::ChunkFailedHeading) }</h1>
                <p>{ t(Text::ChunkFailedHint) }</p>
                <button type="button" class="button" disabled={state == Fetch::Retrying} onclick={start.reform(|_| true)}>
                    { t(Text::TryAgain) }
                </button>
            </div>
        },
        (None, _) => Html::default(),
    }
}
