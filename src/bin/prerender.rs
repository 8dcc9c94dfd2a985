//! Writes the guest pages into a built `dist/` as static HTML (see
//! `altogic_auth::prerender`). Run by `scripts/build` after the wasm is in
//! place:
//!
//!     cargo run --features ssr --bin prerender -- dist

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use altogic_auth::prerender::{file_for, fill, mark_chunk, prerendered, render, shells};
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
    // The empty shell is written first: index.html becomes the home page.
    for route in shells() {
        write(dist, route, template.clone())?;
    }
    for (route, description) in prerendered() {
        let page = render(route, description).map_err(|e| format!("{route:?}: {e}"))?;
        write(dist, route, fill(&template, &page)?)?;
        println!("{:<40} {}", file_for(route), page.title);
    }
    Ok(())
}

/// Writes the page of `route`, marked if it opens on a page of the chunk.
fn write(dist: &Path, route: Route, html: String) -> Result<(), String> {
    let html = if in_chunk(&route) {
        mark_chunk(&html)?
    } else {
        html
    };
    let path = dist.join(file_for(route));
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))
}
