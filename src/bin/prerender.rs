//! Writes the guest pages into a built `dist/` as static HTML (see
//! `altogic_auth::prerender`). Run by `scripts/build` after `trunk build`:
//!
//!     cargo run --features ssr --bin prerender -- dist

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use altogic_auth::prerender::{file_for, fill, render, PAGES, SHELLS};

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
    for route in SHELLS {
        write(dist, &file_for(route), &template)?;
    }
    for (route, description) in PAGES {
        let page = render(route, description).map_err(|e| format!("{route:?}: {e}"))?;
        let html = fill(&template, &page)?;
        write(dist, &file_for(route), &html)?;
        println!("{:<34} {}", file_for(route), page.title);
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
