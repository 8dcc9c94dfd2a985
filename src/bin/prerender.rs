//! Writes the guest pages into a built `dist/` as static HTML (see
//! `altogic_auth::prerender`). Run by `scripts/build` after `trunk build`:
//!
//!     cargo run --features ssr --bin prerender -- dist [GUEST_INDEX_HTML]
//!
//! With the index.html of the guest build, the guest pages run that smaller
//! wasm and name the full app, which the phone pages and the signed-in
//! pages (the shells of dist/index.html) run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use altogic_auth::prerender::{
    app_files, file_for, fill, name_full_app, render, FULL_APP_PAGES, PAGES, SHELLS,
};

fn main() -> ExitCode {
    let Some(dist) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: prerender DIST_DIR [GUEST_INDEX_HTML]");
        return ExitCode::from(2);
    };
    let guest = std::env::args_os().nth(2).map(PathBuf::from);
    match prerender(&dist, guest.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prerender: {message}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {e} (run trunk build first)", path.display()))
}

fn prerender(dist: &Path, guest: Option<&Path>) -> Result<(), String> {
    let template = read(&dist.join("index.html"))?;
    let guest_template = match guest {
        Some(path) => name_full_app(&read(path)?, &app_files(&template))?,
        None => template.clone(),
    };
    // The empty shell is written first: index.html becomes the home page.
    for route in SHELLS {
        write(dist, &file_for(route), &template)?;
    }
    let pages = PAGES
        .iter()
        .map(|page| (page, &guest_template))
        .chain(FULL_APP_PAGES.iter().map(|page| (page, &template)));
    for (&(route, description), template) in pages {
        let page = render(route, description).map_err(|e| format!("{route:?}: {e}"))?;
        let html = fill(template, &page)?;
        write(dist, &file_for(route), &html)?;
        println!("{:<40} {}", file_for(route), page.title);
    }
    Ok(())
}

fn write(dist: &Path, file: &str, html: &str) -> Result<(), String> {
    let path = dist.join(file);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))
}
