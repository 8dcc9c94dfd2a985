//! Writes the guest pages into a built `dist/` as static HTML (see
//! `altogic_auth::prerender`). Run by `scripts/build` after the wasm is in
//! place:
//!
//!     cargo run --features ssr --bin prerender -- dist

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use altogic_auth::i18n::{self, files, t, Text};
use altogic_auth::prerender::{
    file_in, fill, localize, mark_chunk, prerendered, render, shells, PageWords,
};
use altogic_auth::route::{in_chunk, Route};

fn main() -> ExitCode {
    let Some(dist) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: prerender DIST_DIR");
        return ExitCode::from(2);
    };
    match prerender(&dist) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prerender: {message}");
            ExitCode::FAILURE
        }
    }
}

fn prerender(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let template = std::fs::read_to_string(&index)
        .map_err(|e| format!("{}: {e} (run trunk build first)", index.display()))?;
    // Every language that ships in its folder (`de/login/index.html`,
    // links under `/de`), and the default language at the root too.
    let mut sites = vec![(i18n::DEFAULT_LANG.to_owned(), None)];
    for lang in files::languages()? {
        let base = format!("/{lang}");
        sites.push((lang, Some(base)));
    }
    for (lang, base) in &sites {
        let catalogue: &'static _ = Box::leak(Box::new(files::read(lang)?));
        i18n::use_catalogue(catalogue);
        let texts = files::page_text(catalogue);
        let localized = localize(
            &template,
            lang,
            &PageWords {
                noscript: t(Text::NoScript),
                switch_label: t(Text::Languages),
                description: t(Text::DescHome),
                crash: [
                    t(Text::CrashHeading),
                    t(Text::CrashText),
                    t(Text::ReloadPage),
                ],
            },
            &texts,
        )?;
        let base = base.as_deref();
        // The empty shells first: the root's index.html becomes its home page.
        for route in shells() {
            write(dist, base, route, localized.clone())?;
        }
        for (route, description) in prerendered() {
            let page = render(route, description, base).map_err(|e| format!("{route:?}: {e}"))?;
            write(dist, base, route, fill(&localized, &page)?)?;
            println!("{:<40} {}", file_in(base, route), page.title);
        }
    }
    Ok(())
}

/// Writes the page of `route`, marked if it opens on a page of the chunk.
fn write(dist: &Path, base: Option<&str>, route: Route, html: String) -> Result<(), String> {
    let html = if in_chunk(&route) {
        mark_chunk(&html)?
    } else {
        html
    };
    let path = dist.join(file_in(base, route));
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))
}
