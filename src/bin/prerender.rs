//! The site writer (`altogic_auth::prerender`): writes every page of a
//! built `dist/` for one site. Run by `scripts/dist-config.mjs`, at build
//! and by `scripts/configure-dist`, which prepares the inline assets and
//! checks what it can check alone (addresses, colours, the logo):
//!
//!     prerender DIST_DIR ASSETS_DIR < changes.json
//!
//! The changes (JSON, each optional) are applied to the site the built
//! `index.html` names; nothing is written unless every page can be.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use altogic_auth::i18n::{self, files, t, Text};
use altogic_auth::prerender::{
    document, file_in, prerendered, render, shells, shows_brand, Assets, Page, PageWords, Site,
};
use altogic_auth::{config, country, strength};
use serde::Deserialize;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(dist), Some(assets)) = (args.next(), args.next()) else {
        eprintln!("usage: prerender DIST_DIR ASSETS_DIR < changes.json");
        return ExitCode::from(2);
    };
    match write_site(&dist, &assets) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// What `configure-dist` changes; what it leaves out stays as it is.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Changes {
    env_url: Option<String>,
    client_key: Option<String>,
    providers: Option<String>,
    users_model: Option<String>,
    name: Option<String>,
    logo: Option<String>,
    accent: Option<String>,
    accent_dark: Option<String>,
    terms: Option<String>,
    privacy: Option<String>,
    return_to: Option<String>,
    account_deletion: Option<String>,
    /// An ISO 3166 code (`TR`), or '' for the browser's region.
    default_country: Option<String>,
    /// `1`…`4`, or '' for any password the service takes.
    min_password_strength: Option<String>,
    /// A range API's address, or '' for no check.
    breach_check: Option<String>,
    /// The operator's JSON list as given; '' removes the fields.
    signup_fields: Option<String>,
    languages: Option<Vec<String>>,
    app: Option<String>,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_site(dist: &Path, assets_dir: &Path) -> Result<(), String> {
    let changes: Changes = serde_json::from_reader(std::io::stdin())
        .map_err(|e| format!("the changes on standard input: {e}"))?;
    let index = dist.join("index.html");
    let mut site =
        Site::read(&read(&index).map_err(|e| format!("{e} (build first: scripts/build)"))?);
    let set = |field: &mut String, value: Option<String>| {
        if let Some(value) = value {
            *field = value;
        }
    };
    set(
        &mut site.env_url,
        changes.env_url.map(|u| u.trim_end_matches('/').to_owned()),
    );
    set(&mut site.client_key, changes.client_key);
    set(&mut site.providers, changes.providers);
    set(&mut site.users_model, changes.users_model);
    set(&mut site.name, changes.name);
    set(&mut site.logo, changes.logo);
    set(&mut site.accent, changes.accent);
    set(&mut site.accent_dark, changes.accent_dark);
    set(&mut site.terms, changes.terms);
    set(&mut site.privacy, changes.privacy);
    set(&mut site.return_to, changes.return_to);
    set(&mut site.account_deletion, changes.account_deletion);
    set(
        &mut site.default_country,
        changes
            .default_country
            .map(|c| c.trim().to_ascii_uppercase()),
    );
    set(
        &mut site.min_password_strength,
        changes.min_password_strength,
    );
    set(&mut site.breach_check, changes.breach_check);
    set(&mut site.app, changes.app);
    set(&mut site.signup_fields, changes.signup_fields);
    if let Some(languages) = changes.languages {
        site.languages = languages;
    }

    // A provider the pages have no link for is a typo, not a wish.
    let mut unknown = Vec::new();
    config::parse_providers(&site.providers, |name| unknown.push(name.to_owned()));
    if !unknown.is_empty() {
        let known: Vec<_> = config::PROVIDERS.iter().map(|(id, _)| *id).collect();
        return Err(format!(
            "providers: no button for {} (any of {})",
            unknown.join(", "),
            known.join(", ")
        ));
    }
    let built = files::languages()?;
    let missing: Vec<_> = site
        .languages
        .iter()
        .filter(|l| !built.contains(l))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "--lang/--langs: no pages for {} in {} (built: {})",
            missing.join(", "),
            dist.display(),
            built.join(", ")
        ));
    }

    // A country the phone fields cannot list is a typo.
    if !site.default_country.is_empty() && country::calling_code(&site.default_country).is_none() {
        return Err(format!(
            "--default-country: no country {} (an ISO 3166 code, such as TR)",
            site.default_country
        ));
    }

    let strength = &site.min_password_strength;
    if !strength.is_empty()
        && !strength
            .parse::<u8>()
            .is_ok_and(|s| (1..=strength::MAX_SCORE).contains(&s))
    {
        return Err(format!(
            "--min-password-strength: a score from 1 to {}, not {strength}",
            strength::MAX_SCORE
        ));
    }

    // Checked against the languages the site now offers (a later --langs
    // that adds one without labels is refused too), and kept minified.
    if !site.signup_fields.trim().is_empty() {
        let langs: Vec<&str> = if site.languages.is_empty() {
            vec![i18n::DEFAULT_LANG]
        } else {
            site.languages.iter().map(String::as_str).collect()
        };
        config::check_signup_fields(&site.signup_fields, &langs)?;
        let value: serde_json::Value =
            serde_json::from_str(&site.signup_fields).map_err(|e| e.to_string())?;
        site.signup_fields = value.to_string();
    } else {
        site.signup_fields.clear();
    }

    let assets = Assets {
        css: read(&assets_dir.join("app.css"))?,
        scripts: [
            read(&assets_dir.join("languages.js"))?,
            read(&assets_dir.join("early.js"))?,
            read(&assets_dir.join("crash.js"))?,
        ],
        loader: read(&assets_dir.join("loader.js"))?,
        icon: read(&assets_dir.join("favicon.svg"))?,
        marks: config::PROVIDERS
            .iter()
            .filter_map(|(id, _)| {
                let svg = read(&assets_dir.join("marks").join(format!("{id}.svg"))).ok()?;
                Some(((*id).to_owned(), svg))
            })
            .collect(),
    };
    // Every page is rendered for this site's values, as its app will show it.
    config::prerender_with(site.metas());

    // Each language in its folder (`de/login/index.html`, links under
    // `/de`), and the site's default language at the root too.
    let mut pages = Vec::new();
    let mut folders: Vec<(String, Option<String>)> = vec![(site.default_lang().to_owned(), None)];
    folders.extend(
        built
            .iter()
            .map(|lang| (lang.clone(), Some(format!("/{lang}")))),
    );
    let mut names = Vec::new();
    for lang in &site.languages {
        names.push((
            lang.clone(),
            files::read(lang)?.entries[Text::LanguageName as usize].to_owned(),
        ));
    }
    for (lang, base) in &folders {
        let catalogue: &'static _ = Box::leak(Box::new(files::read(lang)?));
        i18n::use_catalogue(catalogue);
        let texts = files::page_text(catalogue);
        let words = || PageWords {
            noscript: t(Text::NoScript),
            switch_label: t(Text::Languages),
            crash: [
                t(Text::CrashHeading),
                t(Text::CrashText),
                t(Text::ReloadPage),
            ],
        };
        let base = base.as_deref();
        for route in shells() {
            let page = Page {
                route,
                lang,
                title: &config::site().name,
                description: t(Text::DescHome),
                body: None,
                providers: false,
                texts: &texts,
                words: words(),
                names: &names,
            };
            pages.push((file_in(base, route), document(&site, &assets, &page)?));
        }
        for (route, description) in prerendered() {
            let rendered =
                render(route, description, base).map_err(|e| format!("{route:?}: {e}"))?;
            // The header shows the site's brand: a header that forgot it
            // fails here, not in front of the site's visitors.
            if !shows_brand(&rendered.body, config::site()) {
                return Err(format!(
                    "{route:?}: the page's header does not show the site's name"
                ));
            }
            let page = Page {
                route,
                lang,
                title: &rendered.title,
                description: &rendered.description,
                body: Some(&rendered.body),
                providers: rendered.providers,
                texts: &texts,
                words: words(),
                names: &names,
            };
            pages.push((file_in(base, route), document(&site, &assets, &page)?));
        }
    }
    for (file, html) in pages {
        let path = dist.join(&file);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{file}");
    }
    Ok(())
}
