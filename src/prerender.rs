//! The site writer: every page of `dist/` is written here, by one
//! function ([`document`]) from one [`Site`] value (the backend, the
//! providers, the brand, the languages), at build and again each time
//! `scripts/configure-dist` changes the site (`src/bin/prerender.rs`).
//!
//! The pages a guest can open are prerendered with Yew's server renderer,
//! for the site's own values (`config::prerender_with`), so they paint
//! before the wasm has loaded; the app then draws the page anew in its
//! place, in the same frame, keeping what was typed (`boot`). Yew's
//! hydration would keep the nodes instead, for about 9 KB more wasm.

use yew_router::Routable;

use crate::boot::{CHUNK_ATTR, PRERENDERED_ATTR, ROOT_ID};
use crate::config;
use crate::i18n::{self, Text, TEXTS_ID};
use crate::route::{in_chunk, Built, Route, PAGES};

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

/// Who the site is and where its backend is: every value its pages'
/// `<meta>`s carry (the app reads them in the browser), and the languages
/// it offers. Read from a built page ([`Site::read`]), changed by
/// `scripts/configure-dist`, and written into every page by [`document`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    pub env_url: String,
    pub client_key: String,
    /// The providers whose links show, as configured: `google,github`.
    pub providers: String,
    pub users_model: String,
    pub name: String,
    /// A path in `dist/`, or empty for none.
    pub logo: String,
    /// The accent colours, light and dark (`#rrggbb`), or empty for the
    /// stylesheet's own.
    pub accent: String,
    pub accent_dark: String,
    /// The terms and privacy policy sign-up asks consent to, or empty.
    pub terms: String,
    pub privacy: String,
    /// The operator's path prefixes a sign-in may go back to,
    /// space-separated, or empty.
    pub return_to: String,
    /// How an account is deleted (`object`, `endpoint:/path`), or empty.
    pub account_deletion: String,
    /// The country phone numbers are dialled in (`TR`), or empty: the
    /// browser's region.
    pub default_country: String,
    /// The least score of a new password (`1`…`4`), or empty: any.
    pub min_password_strength: String,
    /// The range API leaked passwords are looked up in, or empty: none.
    pub breach_check: String,
    /// The operator's own sign-up fields, their JSON list (every
    /// language's labels: `config::SignupField`), or empty.
    pub signup_fields: String,
    /// The languages offered, the default first; empty: none chosen (the
    /// build's default language at the root, no switch).
    pub languages: Vec<String>,
    /// The app's files: `js wasm chunk` (the loader reads them).
    pub app: String,
}

/// The `<meta>`s written only when set.
pub const ACCENT_META: &str = "altogic-accent";
pub const ACCENT_DARK_META: &str = "altogic-accent-dark";
pub const LANGUAGES_META: &str = "altogic-languages";
pub const APP_META: &str = "altogic-app";

impl Site {
    /// The values a page's `<meta>`s hold, in the order they are written
    /// (the app's first, for `config::prerender_with`).
    pub fn metas(&self) -> Vec<(&'static str, String)> {
        let mut metas = vec![
            (config::ENV_URL_META, self.env_url.clone()),
            (config::CLIENT_KEY_META, self.client_key.clone()),
            (config::OAUTH_PROVIDERS_META, self.providers.clone()),
            (config::USERS_MODEL_META, self.users_model.clone()),
            (config::SITE_NAME_META, self.name.clone()),
            (config::SITE_LOGO_META, self.logo.clone()),
        ];
        let optional = [
            (ACCENT_META, self.accent.clone()),
            (ACCENT_DARK_META, self.accent_dark.clone()),
            (config::TERMS_URL_META, self.terms.clone()),
            (config::PRIVACY_URL_META, self.privacy.clone()),
            (config::RETURN_TO_META, self.return_to.clone()),
            (config::ACCOUNT_DELETION_META, self.account_deletion.clone()),
            (config::DEFAULT_COUNTRY_META, self.default_country.clone()),
            (
                config::MIN_PASSWORD_STRENGTH_META,
                self.min_password_strength.clone(),
            ),
            (config::BREACH_CHECK_META, self.breach_check.clone()),
            (config::SIGNUP_FIELDS_META, self.signup_fields.clone()),
            (LANGUAGES_META, self.languages.join(" ")),
        ];
        metas.extend(optional.into_iter().filter(|(_, value)| !value.is_empty()));
        metas.push((APP_META, self.app.clone()));
        metas
    }

    /// The site a built page names (Trunk's `index.html`, or a page this
    /// writer wrote): what a later configuration keeps unless it changes it.
    pub fn read(html: &str) -> Self {
        let meta = |name| meta_in(html, name).unwrap_or_default();
        Self {
            env_url: meta(config::ENV_URL_META),
            client_key: meta(config::CLIENT_KEY_META),
            providers: meta(config::OAUTH_PROVIDERS_META),
            users_model: meta(config::USERS_MODEL_META),
            name: meta(config::SITE_NAME_META),
            logo: meta(config::SITE_LOGO_META),
            accent: meta(ACCENT_META),
            accent_dark: meta(ACCENT_DARK_META),
            terms: meta(config::TERMS_URL_META),
            privacy: meta(config::PRIVACY_URL_META),
            return_to: meta(config::RETURN_TO_META),
            account_deletion: meta(config::ACCOUNT_DELETION_META),
            default_country: meta(config::DEFAULT_COUNTRY_META),
            min_password_strength: meta(config::MIN_PASSWORD_STRENGTH_META),
            breach_check: meta(config::BREACH_CHECK_META),
            signup_fields: meta(config::SIGNUP_FIELDS_META),
            languages: meta(LANGUAGES_META)
                .split(' ')
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            app: meta(APP_META),
        }
    }

    /// The language of the pages at the root.
    pub fn default_lang(&self) -> &str {
        self.languages
            .first()
            .map_or(i18n::DEFAULT_LANG, String::as_str)
    }

    /// The origin of the backend (`connect-src`, `img-src`), and the
    /// other loopback name of a backend on this machine, which serves its
    /// files there.
    fn backend(&self) -> Result<(String, Option<String>), String> {
        let url = url::Url::parse(&self.env_url)
            .map_err(|e| format!("not an http(s) URL: {} ({e})", self.env_url))?;
        let twin = match url.host_str() {
            Some("127.0.0.1") => Some("localhost"),
            Some("localhost") => Some("127.0.0.1"),
            _ => None,
        };
        let twin = twin.map(|host| match url.port() {
            Some(port) => format!("{}://{host}:{port}", url.scheme()),
            None => format!("{}://{host}", url.scheme()),
        });
        Ok((url.origin().ascii_serialization(), twin))
    }
}

impl Site {
    /// The leaked-password range API's origin, after a space, when the
    /// site looks passwords up there: the only other host a page calls.
    fn breach_origin(&self) -> Result<String, String> {
        if self.breach_check.is_empty() {
            return Ok(String::new());
        }
        let url = url::Url::parse(&self.breach_check).map_err(|e| {
            format!(
                "--breach-check: not an http(s) URL: {} ({e})",
                self.breach_check
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "--breach-check: not an http(s) URL: {}",
                self.breach_check
            ));
        }
        Ok(format!(" {}", url.origin().ascii_serialization()))
    }
}

/// The value of `<meta name="{name}" content="…">` in a page, unescaped.
fn meta_in(html: &str, name: &str) -> Option<String> {
    let start = format!("<meta name=\"{name}\" content=\"");
    let from = html.find(&start)? + start.len();
    let value = &html[from..from + html[from..].find('"')?];
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// What every page carries inline, prepared at build (`scripts/dist-config.mjs`
/// minifies them): the stylesheet, the four scripts of `js/`, the icon,
/// and the providers' marks.
pub struct Assets {
    pub css: String,
    /// `js/languages.js`, `early.js`, `crash.js` (classic scripts, in that
    /// order) and `loader.js` (a module).
    pub scripts: [String; 3],
    pub loader: String,
    /// `favicon.svg`.
    pub icon: String,
    /// Each provider's mark (`styles/marks/<id>.svg`).
    pub marks: Vec<(String, String)>,
}

/// One page, in its language.
pub struct Page<'a> {
    pub route: Route,
    pub lang: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The prerendered markup, `None` for a shell.
    pub body: Option<&'a str>,
    /// Whether the markup shows the provider links (it gets their marks).
    pub providers: bool,
    /// The catalogue, as the app reads it (`i18n`).
    pub texts: &'a str,
    pub words: PageWords<'a>,
    /// Each language offered, with its own name.
    pub names: &'a [(String, String)],
}

/// The words of a page that are not the app's markup, in its language.
pub struct PageWords<'a> {
    pub noscript: &'a str,
    /// The label of the language switch.
    pub switch_label: &'a str,
    /// The crash screen (`js/crash.js`): heading, text, the reload link.
    pub crash: [&'a str; 3],
}

/// The one writer of a page: its metas, inline stylesheet, icon and
/// scripts, the CSP that allows exactly what it inlines, the app's markup
/// (or the empty root of a shell), the language switch and the catalogue.
pub fn document(site: &Site, assets: &Assets, page: &Page) -> Result<String, String> {
    let scripts = scripts(assets);
    let styles = styles(site, assets, page);
    let policy = csp(site, &scripts, &styles)?;
    let metas: String = site
        .metas()
        .iter()
        .map(|(name, value)| format!("<meta name=\"{name}\" content=\"{}\" />", escape(value)))
        .collect();
    let root = match page.body {
        Some(body) => format!(
            "<div id=\"{ROOT_ID}\" {PRERENDERED_ATTR}=\"{}\">{body}</div>",
            page.route.to_path()
        ),
        None => format!("<div id=\"{ROOT_ID}\"></div>"),
    };
    let [heading, text, reload] = page.words.crash;
    // A right-to-left language's page reads from the right; the stylesheet
    // says start and end, so it follows.
    let dir = if crate::i18n::is_rtl(page.lang) {
        " dir=\"rtl\""
    } else {
        ""
    };
    Ok(format!(
        "<!doctype html>\n<html lang=\"{lang}\"{dir}{chunk}><head>\
         <meta charset=\"utf-8\" />\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\
         <title>{title}</title>\
         <meta name=\"description\" content=\"{description}\" />\
         <meta name=\"color-scheme\" content=\"light dark\" />\
         {metas}{alternates}{scripts}{styles}\
         <link rel=\"icon\" href=\"{icon}\"></head>\
         <body><noscript><p class=\"noscript\">{noscript}</p></noscript>\
         <template id=\"crash-page\"><div class=\"page\"><h1>{heading}</h1><p>{text}</p>\
         <p><a class=\"button\" href=\"\">{reload}</a></p></div></template>\
         {root}{switch}\
         <script type=\"text/plain\" id=\"{TEXTS_ID}\">{texts}</script></body></html>\n",
        lang = page.lang,
        chunk = if in_chunk(&page.route) {
            format!(" {CHUNK_ATTR}")
        } else {
            String::new()
        },
        policy = escape(&policy),
        title = escape(page.title),
        description = escape(page.description),
        alternates = alternates(site, page.route),
        scripts = scripts.concat(),
        styles = styles.concat(),
        icon = svg_uri(&assets.icon),
        noscript = escape(page.words.noscript),
        heading = escape(heading),
        text = escape(text),
        reload = escape(reload),
        switch = switch(site, page),
        texts = page.texts,
    ))
}

/// The page's address in each language offered, for search engines (none
/// for the not-found page, or a site that offers no choice).
fn alternates(site: &Site, route: Route) -> String {
    if route == Route::NotFound || site.languages.is_empty() {
        return String::new();
    }
    let default = site.default_lang();
    site.languages
        .iter()
        .map(|lang| (lang.as_str(), lang.as_str()))
        .chain(std::iter::once(("x-default", default)))
        .map(|(hreflang, lang)| {
            format!(
                "<link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\" />",
                address(site, lang, route)
            )
        })
        .collect()
}

/// The page's scripts (`js/`), in the order they run.
fn scripts(assets: &Assets) -> Vec<String> {
    let classic = assets
        .scripts
        .iter()
        .map(|code| format!("<script>{code}</script>"));
    classic
        .chain(std::iter::once(format!(
            "<script type=\"module\">{}</script>",
            assets.loader
        )))
        .collect()
}

/// The stylesheet, the brand's accents over it, and the marks of the
/// provider links the page shows.
fn styles(site: &Site, assets: &Assets, page: &Page) -> Vec<String> {
    let mut styles = vec![format!("<style>{}</style>", assets.css)];
    let mut accents = String::new();
    if !site.accent.is_empty() {
        accents += &format!(":root{{--accent:{}}}", site.accent);
    }
    if !site.accent_dark.is_empty() {
        accents += &format!(
            "@media (prefers-color-scheme:dark){{:root{{--accent:{}}}}}",
            site.accent_dark
        );
    }
    if !accents.is_empty() {
        styles.push(format!("<style id=\"brand\">{accents}</style>"));
    }
    let shown = config::parse_providers(&site.providers, |_| {});
    let marks: String = assets
        .marks
        .iter()
        .filter(|(id, _)| page.providers && shown.contains(&id.as_str()))
        .map(|(id, svg)| {
            format!(
                "[href$=\"/_auth/{id}\"]::before{{background-image:url(\"{}\")}}",
                svg_uri(svg)
            )
        })
        .collect();
    if !marks.is_empty() {
        styles.push(format!("<style id=\"marks\">{marks}</style>"));
    }
    styles
}

/// The page's Content-Security-Policy: its own inline scripts and styles
/// by their hashes, calls to the backend, and pictures from itself, the
/// backend and any https origin (Altogic serves files from its cluster's
/// host, `https://c1-na.altogic.com/_storage/…`, and a provider's sign-in
/// keeps the provider's picture; an image runs no code).
fn csp(site: &Site, scripts: &[String], styles: &[String]) -> Result<String, String> {
    let (backend, twin) = site.backend()?;
    let hashes = |tags: &[String]| -> String {
        tags.iter()
            .map(|tag| format!(" 'sha256-{}'", sha256_base64(inner(tag))))
            .collect()
    };
    let mut images = vec!["'self'", "data:", &backend, "https:"];
    images.extend(twin.as_deref());
    Ok([
        "default-src 'self'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval'{}", hashes(scripts)),
        format!("style-src 'self'{}", hashes(styles)),
        format!("img-src {}", images.join(" ")),
        format!("connect-src 'self' {backend}{}", site.breach_origin()?),
        "object-src 'none'".into(),
        "base-uri 'self'".into(),
        "form-action 'self'".into(),
    ]
    .join("; "))
}

/// The language switch: a link to this page in each language offered,
/// hidden on a site that offers one (or none).
fn switch(site: &Site, page: &Page) -> String {
    let label = escape(page.words.switch_label);
    if site.languages.len() < 2 {
        return format!("<nav id=\"languages\" aria-label=\"{label}\" hidden></nav>");
    }
    let links: Vec<String> = page
        .names
        .iter()
        .map(|(lang, name)| {
            let current = if lang == page.lang {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!(
                "<a href=\"{}\" hreflang=\"{lang}\" lang=\"{lang}\"{current}>{}</a>",
                address(site, lang, page.route),
                escape(name)
            )
        })
        .collect();
    format!(
        "<nav id=\"languages\" aria-label=\"{label}\">{}</nav>",
        links.join(" ")
    )
}

/// The address of `route` in `lang`: the default language's at the root.
fn address(site: &Site, lang: &str, route: Route) -> String {
    let prefix = if lang == site.default_lang() {
        String::new()
    } else {
        format!("/{lang}")
    };
    match route {
        Route::Home | Route::NotFound if prefix.is_empty() => "/".to_owned(),
        Route::Home | Route::NotFound => prefix,
        route => format!("{prefix}{}", route.to_path()),
    }
}

/// Whether a page's markup shows the site's brand as the app's header
/// draws it: its name (and its logo, if any) in the brand link.
pub fn shows_brand(body: &str, site: &config::Site) -> bool {
    let start = "class=\"brand\">";
    let Some(from) = body.find(start).map(|i| i + start.len()) else {
        return false;
    };
    let brand = &body[from..from + body[from..].find("</a>").unwrap_or(0)];
    let name = site
        .name
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    brand.ends_with(&name)
        && site
            .logo
            .as_ref()
            .is_none_or(|logo| brand.contains(&format!("src=\"{}\"", escape(logo))))
}

/// What an inline `<script>` or `<style>` tag holds, for its hash.
fn inner(tag: &str) -> &str {
    let open = tag.find('>').map_or(0, |i| i + 1);
    let close = tag.rfind("</").unwrap_or(tag.len());
    &tag[open..close]
}

fn sha256_base64(text: &str) -> String {
    use base64ct::{Base64, Encoding};
    use sha2::{Digest, Sha256};
    Base64::encode_string(&Sha256::digest(text.as_bytes()))
}

/// An SVG as a `data:` URI, in a double-quoted attribute or `url("")`:
/// its own double quotes made single, and only what a URI cannot hold
/// encoded.
fn svg_uri(svg: &str) -> String {
    let mut uri = String::from("data:image/svg+xml,");
    for word in svg.split_whitespace() {
        if uri.len() > "data:image/svg+xml,".len() {
            uri.push(' ');
        }
        for c in word.chars() {
            match c {
                '"' => uri.push('\''),
                '<' => uri.push_str("%3C"),
                '>' => uri.push_str("%3E"),
                '#' => uri.push_str("%23"),
                '%' => uri.push_str("%25"),
                c => uri.push(c),
            }
        }
    }
    uri
}

/// One rendered page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub route: Route,
    pub title: String,
    pub description: String,
    /// The app's markup, as Yew's server renderer wrote it.
    pub body: String,
    /// Whether it shows the provider links.
    pub providers: bool,
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
    use crate::components::{take_drew_providers, take_title};
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
        take_drew_providers();
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
            providers: take_drew_providers(),
        })
    }
}

#[cfg(feature = "ssr")]
pub use render::render;

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            env_url: "http://127.0.0.1:8787".into(),
            client_key: "key".into(),
            providers: "github".into(),
            users_model: "users".into(),
            name: "Acme & \"Co\"".into(),
            logo: String::new(),
            accent: "#0a7e5c".into(),
            accent_dark: String::new(),
            terms: "/terms?a=1&b=2".into(),
            privacy: "https://x.example/privacy".into(),
            return_to: String::new(),
            account_deletion: "object".into(),
            default_country: "TR".into(),
            min_password_strength: String::new(),
            breach_check: String::new(),
            // Quotes, `&` and `<` in a meta's value read back as they were.
            signup_fields: r#"[{"key":"co","type":"text","label":{"en":"A&B \"Co\" <x>"}}]"#.into(),
            languages: vec!["tr".into(), "en".into()],
            app: "/a.js /a.wasm /c.wasm".into(),
        }
    }

    fn assets() -> Assets {
        Assets {
            css: "p{margin:0}".into(),
            scripts: ["let a".into(), "let b".into(), "let c".into()],
            loader: "await 1".into(),
            icon: "<svg>\n  <path d=\"M0\"/></svg>".into(),
            marks: vec![
                ("google".into(), "<svg>g</svg>".into()),
                ("github".into(), "<svg>#</svg>".into()),
            ],
        }
    }

    fn login(lang: &str) -> String {
        let names = [
            ("tr".to_owned(), "Türkçe".to_owned()),
            ("en".into(), "English".into()),
        ];
        let page = Page {
            route: Route::Login,
            lang,
            title: "Giriş",
            description: "Giriş <yap>",
            body: Some("<form></form>"),
            providers: true,
            texts: "Türkçe\nGiriş",
            words: PageWords {
                noscript: "JS'i açın",
                switch_label: "Dil",
                crash: ["Hata", "Durdu.", "Yükle"],
            },
            names: &names,
        };
        document(&site(), &assets(), &page).unwrap()
    }

    #[test]
    fn a_page_names_its_site_and_reads_back_as_the_same_site() {
        let html = login("tr");
        assert_eq!(Site::read(&html), site());
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"tr\"><head><meta charset=\"utf-8\" />")
        );
        assert!(html.contains(
            "<title>Giriş</title><meta name=\"description\" content=\"Giriş &lt;yap&gt;\" />"
        ));
        assert!(html
            .contains("<meta name=\"altogic-site-name\" content=\"Acme &amp; &quot;Co&quot;\" />"));
        assert!(html.contains(
            "<div id=\"app\" data-prerendered=\"/login\"><form></form></div>\
             <nav id=\"languages\" aria-label=\"Dil\">\
             <a href=\"/login\" hreflang=\"tr\" lang=\"tr\" aria-current=\"page\">Türkçe</a> \
             <a href=\"/en/login\" hreflang=\"en\" lang=\"en\">English</a></nav>\
             <script type=\"text/plain\" id=\"altogic-texts\">Türkçe\nGiriş</script></body>"
        ));
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"tr\" href=\"/login\" />\
             <link rel=\"alternate\" hreflang=\"en\" href=\"/en/login\" />\
             <link rel=\"alternate\" hreflang=\"x-default\" href=\"/login\" />"
        ));
        // The marks of the providers that show, the brand's accent, the icon.
        assert!(html.contains("<style id=\"marks\">[href$=\"/_auth/github\"]::before{background-image:url(\"data:image/svg+xml,%3Csvg%3E%23%3C/svg%3E\")}</style>"));
        assert!(html.contains("<style id=\"brand\">:root{--accent:#0a7e5c}</style>"));
        assert!(html.contains("<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg%3E %3Cpath d='M0'/%3E%3C/svg%3E\">"));
        assert!(html.contains("<template id=\"crash-page\"><div class=\"page\"><h1>Hata</h1>"));
    }

    #[test]
    fn the_csp_allows_exactly_what_the_page_inlines() {
        let html = login("en");
        let policy = meta_csp(&html);
        for inline in [
            "let a",
            "let b",
            "let c",
            "await 1",
            "p{margin:0}",
            ":root{--accent:#0a7e5c}",
        ] {
            assert!(
                policy.contains(&format!("'sha256-{}'", sha256_base64(inline))),
                "{inline}"
            );
        }
        assert_eq!(policy.matches("'sha256-").count(), 7, "{policy}");
        assert!(policy
            .contains("img-src 'self' data: http://127.0.0.1:8787 https: http://localhost:8787;"));
        assert!(policy.contains("connect-src 'self' http://127.0.0.1:8787;"));
        // A site that looks up leaked passwords calls that origin too.
        let mut checked = site();
        checked.breach_check = "https://api.pwnedpasswords.com/range/".into();
        let policy = csp(&checked, &[], &[]).unwrap();
        assert!(policy
            .contains("connect-src 'self' http://127.0.0.1:8787 https://api.pwnedpasswords.com;"));
        checked.breach_check = "javascript:alert(1)".into();
        assert!(csp(&checked, &[], &[]).is_err());
        // Another language's page: its address under its prefix.
        assert!(html
            .contains("<a href=\"/en/login\" hreflang=\"en\" lang=\"en\" aria-current=\"page\">"));
    }

    fn meta_csp(html: &str) -> String {
        let start = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
        let from = html.find(start).unwrap() + start.len();
        html[from..from + html[from..].find('"').unwrap()].replace("&#39;", "'")
    }

    #[test]
    fn one_language_shows_no_switch_and_a_chunk_page_is_marked() {
        let mut one = site();
        one.languages = vec![];
        let names = [];
        let page = Page {
            route: Route::Profile,
            lang: "en",
            title: "Acme",
            description: "d",
            body: None,
            providers: false,
            texts: "English",
            words: PageWords {
                noscript: "n",
                switch_label: "Languages",
                crash: ["a", "b", "c"],
            },
            names: &names,
        };
        let html = document(&one, &assets(), &page).unwrap();
        assert!(html.contains("<html lang=\"en\" data-chunk>"));
        assert!(html.contains(
            "<div id=\"app\"></div><nav id=\"languages\" aria-label=\"Languages\" hidden></nav>"
        ));
        assert!(!html.contains("rel=\"alternate\""));
        assert!(!html.contains("id=\"marks\""));
        assert!(!html.contains(LANGUAGES_META));
    }

    #[test]
    fn a_header_without_the_brand_is_caught() {
        let acme = config::Site::from_values(Some("Acme & Co"), Some("/brand-1.svg"));
        let header = "<header class=\"site-header\"><a href=\"/\" class=\"brand\">\
            <img src=\"/brand-1.svg\" alt=\"\" class=\"brand-logo\">Acme &amp; Co</a></header>";
        assert!(shows_brand(header, &acme));
        assert!(!shows_brand(&header.replace(" class=\"brand\"", ""), &acme));
        assert!(!shows_brand(&header.replace("Acme &amp; Co", ""), &acme));
        assert!(!shows_brand(
            &header.replace(
                "<img src=\"/brand-1.svg\" alt=\"\" class=\"brand-logo\">",
                ""
            ),
            &acme
        ));
        assert!(shows_brand(
            &header.replace(
                "<img src=\"/brand-1.svg\" alt=\"\" class=\"brand-logo\">",
                ""
            ),
            &config::Site::from_values(Some("Acme & Co"), None)
        ));
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
