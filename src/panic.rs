//! When something breaks anyway: the details go to the console for
//! developers, and the person gets a plain page with a way out instead of a
//! frozen one. Built with the DOM alone, since the app cannot run after a
//! panic (a link reloads without any script).

const CRASH_ID: &str = "crash";

/// Shows the crash screen over the app (once).
pub fn show_crash_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(CRASH_ID).is_some() {
        return;
    }
    let Ok(screen) = document.create_element("div") else {
        return;
    };
    screen.set_id(CRASH_ID);
    let _ = screen.set_attribute("role", "alert");
    screen.set_inner_html(
        "<div class=\"page\"><h1>Something went wrong</h1>\
         <p>This page stopped working. Reloading it usually helps.</p>\
         <p><a class=\"button\" href=\"\">Reload the page</a></p></div>",
    );
    if let Some(body) = document.body() {
        let _ = body.append_child(&screen);
    }
}

/// Logs a panic as yew would, then shows the crash screen.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_screen();
    }));
}
