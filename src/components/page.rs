use yew::prelude::*;

/// The site's name, the title of the home page and the suffix of no other.
pub const SITE_TITLE: &str = "Altogic Auth Sample With Yew";

/// Sets `document.title` while the calling component is shown.
#[hook]
fn use_title(title: AttrValue) {
    use_effect_with(title, |title| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(title);
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    /// The document title.
    pub title: AttrValue,
    /// The visible heading; without one, the content brings its own
    /// `<h1 id="page-heading">`.
    #[prop_or_default]
    pub heading: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// The frame of one page: its title, its heading and its content.
#[component]
pub fn Page(props: &PageProps) -> Html {
    use_title(props.title.clone());
    // Effects do not run on the host: the prerenderer takes it from here.
    #[cfg(feature = "ssr")]
    crate::prerender::note_title(&props.title);
    html! {
        <section class="page" aria-labelledby="page-heading">
            if let Some(heading) = &props.heading {
                <h1 id="page-heading">{ heading }</h1>
            }
            { props.children.clone() }
        </section>
    }
}
