//! Prerendering: the pages a guest can open are written into `dist/` as
//! static HTML at build time (`src/bin/prerender.rs`, with Yew's server
//! renderer), so they paint before the wasm has loaded; the app then draws
//! the page anew in its place, in the same frame, keeping what was typed
//! (`boot`). Yew's hydration would keep the nodes instead, for about 9 KB
//! more wasm.
//!
//! What does not need Yew's server renderer is here as plain functions:
//! which pages, where they go, how a page fills Trunk's `index.html`.

use yew_router::Routable;

use crate::boot::{CHUNK_ATTR, PRERENDERED_ATTR, ROOT_ID};
use crate::i18n::{Text, TEXTS_ID};
use crate::route::{Built, Route, PAGES};

/// The pages prerendered, each with its description for search results
/// (`route::PAGES`).
pub fn prerendered() -> impl Iterator<Item = (Route, Text)> {
    PAGES.iter().filter_map(|p| match p.built {
        Built::Prerendered(description) => Some((p.route, description)),
        Built::Shell => None,
    })
}

/// The pages with nothing to show before the app runs, served as the empty
/// shell (`/profile`, `/auth-redirect`).
pub fn shells() -> impl Iterator<Item = Route> {
    PAGES
        .iter()
        .filter(|p| p.built == Built::Shell)
        .map(|p| p.route)
}

/// Where the page of `route` goes in `dist/`: `login/index.html` for
/// `/login`, which static hosts serve for that path. The not-found page is
/// `404.html`, what hosts answer for any other path.
pub fn file_for(route: Route) -> String {
    match route {
        Route::Home => "index.html".to_owned(),
        Route::NotFound => "404.html".to_owned(),
        route => format!("{}/index.html", route.to_path().trim_start_matches('/')),
    }
}

/// Where the pages of a language go in `dist/`: its folder (`de/`), or the
/// root for the build's default language's unprefixed copy.
pub fn file_in(base: Option<&str>, route: Route) -> String {
    match base {
        Some(base) => format!("{}/{}", base.trim_start_matches('/'), file_for(route)),
        None => file_for(route),
    }
}

/// The words of a page that are not the app's markup, in its language.
pub struct PageWords<'a> {
    pub noscript: &'a str,
    /// The label of the language switch.
    pub switch_label: &'a str,
    /// For a page with no description of its own (the shells).
    pub description: &'a str,
    /// The crash screen (index.html): heading, text, the reload link.
    pub crash: [&'a str; 3],
}

/// Writes a page's language into it: `<html lang>`, the `<noscript>` text,
/// the description, and the catalogue the app reads (`i18n`), as the last
/// thing in `<body>`.
pub fn localize(html: &str, lang: &str, words: &PageWords, texts: &str) -> Result<String, String> {
    let PageWords {
        noscript,
        switch_label,
        description,
        crash: [heading, text, reload],
    } = words;
    let html = replace_once(
        html,
        ("<template id=\"crash-page\">", "</template>"),
        &format!(
            "<template id=\"crash-page\"><div class=\"page\"><h1>{}</h1><p>{}</p>\
             <p><a class=\"button\" href=\"\">{}</a></p></div></template>",
            escape(heading),
            escape(text),
            escape(reload)
        ),
    )?;
    let html = put_between(&html, ("<html lang=\"", "\""), lang)?;
    let html = put_between(&html, (DESCRIPTION, "\""), description)?;
    let html = put_between(&html, ("<p class=\"noscript\">", "</p>"), noscript)?;
    // The language switch, filled by `scripts/configure-dist --langs`; outside
    // the app's root, so the app never draws over it.
    let texts = format!(
        "<nav id=\"languages\" aria-label=\"{}\" hidden></nav>\
         <script type=\"text/plain\" id=\"{TEXTS_ID}\">{texts}</script></body>",
        escape(switch_label)
    );
    replace_once(&html, ("</body>", ""), &texts)
}

/// Where a page's description starts.
const DESCRIPTION: &str = "<meta name=\"description\" content=\"";

/// One rendered page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub route: Route,
    pub title: String,
    pub description: String,
    /// The app's markup, as Yew's server renderer wrote it.
    pub body: String,
}

/// Writes `page` into Trunk's `index.html`: its title, its description,
/// and its markup inside the empty root, marked with its route.
pub fn fill(template: &str, page: &Rendered) -> Result<String, String> {
    let html = put_between(template, ("<title>", "</title>"), &page.title)?;
    let html = put_between(&html, (DESCRIPTION, "\""), &page.description)?;
    let empty_root = format!("<div id=\"{ROOT_ID}\"></div>");
    let root = format!(
        "<div id=\"{ROOT_ID}\" {PRERENDERED_ATTR}=\"{}\">{}</div>",
        page.route.to_path(),
        page.body
    );
    replace_once(&html, (&empty_root, ""), &root)
}

/// Marks a page whose first page lives in the wasm chunk (`CHUNK_ATTR`),
/// for the loader to fetch the chunk beside the app.
pub fn mark_chunk(html: &str) -> Result<String, String> {
    replace_once(html, ("<html", ""), &format!("<html {CHUNK_ATTR}"))
}

/// The text between the one `start` and the next `end`, escaped `value`.
fn put_between(html: &str, (start, end): (&str, &str), value: &str) -> Result<String, String> {
    replace_once(
        html,
        (start, end),
        &format!("{start}{}{end}", escape(value)),
    )
}

/// Replaces the one text that runs from `start` to the next `end`.
fn replace_once(html: &str, (start, end): (&str, &str), with: &str) -> Result<String, String> {
    let missing = || format!("index.html must hold exactly one {start}…{end}");
    if html.matches(start).count() != 1 {
        return Err(missing());
    }
    let from = html.find(start).ok_or_else(missing)?;
    let to =
        from + start.len() + html[from + start.len()..].find(end).ok_or_else(missing)? + end.len();
    Ok(format!("{}{with}{}", &html[..from], &html[to..]))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(feature = "ssr")]
mod render {
    use yew::LocalServerRenderer;
    use yew_router::Routable;

    use super::Rendered;
    use crate::app::{App, AppProps};
    use crate::components::take_title;
    use crate::i18n::{t, Text};
    use crate::route::Route;

    /// Renders the page of `route` for a guest, as the browser's first
    /// render will, in the language in use (`i18n::use_catalogue`), under
    /// that language's `base` (`/de`), if any.
    pub fn render(
        route: Route,
        description: Text,
        base: Option<&str>,
    ) -> std::io::Result<Rendered> {
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        // Yew's renderer spawns local tasks, so it runs in a LocalSet.
        let local = tokio::task::LocalSet::new();
        take_title();
        let props = AppProps::prerender(&route.to_path(), base);
        let body = local.block_on(
            &runtime,
            LocalServerRenderer::<App>::with_props(props)
                .hydratable(false)
                .render(),
        );
        let title =
            take_title().ok_or_else(|| std::io::Error::other(format!("{route:?} set no title")))?;
        Ok(Rendered {
            route,
            title,
            description: t(description).to_owned(),
            body,
        })
    }
}

#[cfg(feature = "ssr")]
pub use render::render;

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<html><head><title>Site</title>\n\
        <meta name=\"description\" content=\"Site.\" /></head>\
        <body><noscript>JS</noscript><div id=\"app\"></div></body></html>";

    fn login() -> Rendered {
        Rendered {
            route: Route::Login,
            title: "Login & \"more\"".into(),
            description: "Log <in>.".into(),
            body: "<form><label for=\"email\">Email</label></form>".into(),
        }
    }

    #[test]
    fn fills_title_description_and_root() {
        let html = fill(TEMPLATE, &login()).unwrap();
        assert_eq!(
            html,
            "<html><head><title>Login &amp; &quot;more&quot;</title>\n\
             <meta name=\"description\" content=\"Log &lt;in&gt;.\" /></head>\
             <body><noscript>JS</noscript><div id=\"app\" data-prerendered=\"/login\">\
             <form><label for=\"email\">Email</label></form></div></body></html>"
        );
    }

    #[test]
    fn refuses_a_template_it_cannot_fill_exactly() {
        for broken in [
            TEMPLATE.replace("<div id=\"app\"></div>", ""),
            TEMPLATE.replace("<title>Site</title>", ""),
            TEMPLATE.replace("<title>Site</title>", "<title>A</title><title>B</title>"),
            TEMPLATE.replace("<meta name=\"description\" content=\"Site.\" />", ""),
            TEMPLATE.replace("</title>", ""),
        ] {
            assert!(fill(&broken, &login()).is_err(), "{broken}");
        }
    }

    #[test]
    fn writes_the_pages_language() {
        let template =
            "<html lang=\"en\"><head><meta name=\"description\" content=\"Site.\" /></head>\
            <body><noscript><p class=\"noscript\">Turn on JS</p></noscript>\
            <template id=\"crash-page\">Broke</template><div id=\"app\"></div></body></html>";
        let words = PageWords {
            noscript: "JS'i açın",
            switch_label: "Dil",
            description: "Giriş & kayıt",
            crash: ["Hata", "Durdu.", "Yükle"],
        };
        let html = localize(template, "tr", &words, "Textürkçe\nJS").unwrap();
        assert_eq!(
            html,
            "<html lang=\"tr\"><head><meta name=\"description\" content=\"Giriş &amp; kayıt\" /></head>\
             <body><noscript><p class=\"noscript\">JS'i açın</p></noscript>\
             <template id=\"crash-page\"><div class=\"page\"><h1>Hata</h1><p>Durdu.</p>\
             <p><a class=\"button\" href=\"\">Yükle</a></p></div></template><div id=\"app\"></div>\
             <nav id=\"languages\" aria-label=\"Dil\" hidden></nav>\
             <script type=\"text/plain\" id=\"altogic-texts\">Textürkçe\nJS</script></body></html>"
        );
        assert!(localize(&template.replace(" lang=\"en\"", ""), "tr", &words, "").is_err());
    }

    #[test]
    fn marks_a_page_of_the_chunk() {
        assert_eq!(
            mark_chunk("<html lang=\"en\"><head>").unwrap(),
            "<html data-chunk lang=\"en\"><head>"
        );
        assert!(mark_chunk("<head>").is_err());
    }

    #[test]
    fn every_page_has_its_own_file() {
        let files: Vec<_> = PAGES.iter().map(|p| file_for(p.route)).collect();
        assert_eq!(
            files,
            [
                "index.html",
                "login/index.html",
                "login-with-magic-link/index.html",
                "register/index.html",
                "forgot-password/index.html",
                "login-with-phone/index.html",
                "register-with-phone/index.html",
                "forgot-password-with-phone/index.html",
                "auth-redirect/index.html",
                "profile/index.html",
                "404.html",
            ]
        );
    }

    #[test]
    fn only_what_a_guest_may_see_is_prerendered() {
        use crate::route::{access, Access};
        assert_eq!(prerendered().count() + shells().count(), PAGES.len());
        for (route, _) in prerendered() {
            assert_ne!(access(&route), Access::SignedInOnly, "{route:?}");
        }
        assert_eq!(
            shells().collect::<Vec<_>>(),
            [Route::AuthRedirect, Route::Profile]
        );
    }
}

#[cfg(all(test, feature = "ssr"))]
mod render_tests {
    use super::*;

    #[test]
    fn renders_every_page_with_its_title_and_heading() {
        for (route, description) in prerendered() {
            let page = render(route, description, None).unwrap();
            assert!(!page.title.is_empty(), "{route:?}");
            assert_eq!(page.description, crate::i18n::t(description));
            assert!(page.body.contains("<h1 id=\"page-heading\">"), "{route:?}");
            // A guest's page: the brand leads home, no sign-in is shown.
            assert!(
                page.body.contains("<a href=\"/\" class=\"brand\">"),
                "{route:?}"
            );
        }
    }
}
