use yew::prelude::*;

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
    TITLE.with(|t| *t.borrow_mut() = Some(props.title.to_string()));
    html! {
        <section class="page" aria-labelledby="page-heading">
            if let Some(heading) = &props.heading {
                <h1 id="page-heading">{ heading }</h1>
            }
            { props.children.clone() }
        </section>
    }
}

#[cfg(feature = "ssr")]
thread_local! {
    /// The title of the last page rendered on the host.
    static TITLE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The title the last page rendered on the host set, once: the
/// prerenderer's way to learn each page's title, as effects (`use_title`)
/// do not run there.
#[cfg(feature = "ssr")]
pub fn take_title() -> Option<String> {
    TITLE.with(|t| t.borrow_mut().take())
}
