//! What the browser tests share: mounting the app at a URL with chosen
//! storage and backend, waiting for it, and acting as a person would.
#![allow(dead_code)] // each test file uses its own part

use std::time::Duration;

use altogic_auth::app::{App, AppProps};
use altogic_auth::config::{CLIENT_KEY_META, ENV_URL_META};
use gloo_timers::future::sleep;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, Storage};
use yew::AppHandle;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("a document")
}

pub fn storage() -> Storage {
    window().local_storage().unwrap().expect("localStorage")
}

pub fn path() -> String {
    window().location().pathname().unwrap()
}

/// Points the app at `env_url`. The app reads the tags once, at its first
/// call, so every test of a file must use the same URL.
pub fn use_backend(env_url: &str) {
    let head = document().head().expect("a head");
    for (name, content) in [
        (ENV_URL_META, env_url),
        (CLIENT_KEY_META, "local-client-key"),
    ] {
        if document()
            .query_selector(&format!("meta[name=\"{name}\"]"))
            .unwrap()
            .is_none()
        {
            let meta = document().create_element("meta").unwrap();
            meta.set_attribute("name", name).unwrap();
            meta.set_attribute("content", content).unwrap();
            head.append_child(&meta).unwrap();
        }
    }
}

/// One mounted app; unmounted and forgotten when dropped, so the next test
/// starts clean (a live app would follow the next test's navigation too).
pub struct Mounted {
    handle: Option<AppHandle<App>>,
    pub root: Element,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
        storage().clear().unwrap();
    }
}

impl Mounted {
    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub fn heading(&self) -> String {
        self.find("h1")
            .and_then(|h| h.text_content())
            .unwrap_or_default()
    }

    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    pub fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .map(|l| l.length())
            .unwrap_or(0)
    }

    pub fn input(&self, id: &str) -> HtmlInputElement {
        self.find(&format!("#{id}"))
            .unwrap_or_else(|| panic!("no #{id} in: {}", self.text()))
            .dyn_into()
            .unwrap()
    }

    /// Types into a field as a person would: the value, then `input`.
    pub fn type_into(&self, id: &str, value: &str) {
        let input = self.input(id);
        input.set_value(value);
        let event = web_sys::InputEvent::new("input").unwrap();
        input.dispatch_event(&event).unwrap();
    }

    pub fn click(&self, selector: &str) {
        self.find(selector)
            .unwrap_or_else(|| panic!("nothing at {selector} in: {}", self.text()))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }
}

/// Opens `url` as if typed into the address bar, with `stored` in
/// localStorage.
pub fn open(url: &str, stored: &[(&str, &str)]) -> Mounted {
    let storage = storage();
    storage.clear().unwrap();
    for (key, value) in stored {
        storage.set_item(key, value).unwrap();
    }
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps::browser(altogic_auth::auth::storage::load(), None),
    )
    .render();
    Mounted {
        handle: Some(handle),
        root,
    }
}

/// Waits (up to 5 s) for renders, redirects and calls to settle until
/// `done` holds.
pub async fn settle(done: impl Fn() -> bool) -> bool {
    for _ in 0..500 {
        yew::scheduler::flush().await;
        if done() {
            return true;
        }
        sleep(Duration::from_millis(10)).await;
    }
    false
}
