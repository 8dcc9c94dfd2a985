//! Taking over a prerendered page. The app draws the page anew in place of
//! the prerendered markup, in the same frame; what a person did on that
//! markup before the app started (text typed, where the keyboard and the
//! caret were, a form sent) is kept here and given back to the fresh page.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlFormElement, HtmlInputElement};

/// What can hold the keyboard, in page order: the same list in the
/// prerendered markup and in the app's first render of that page.
const FOCUSABLE: &str = "a[href],button,input";

/// Where the keyboard was: the position in `FOCUSABLE` order, and the
/// caret (selection) of an input.
#[derive(Default)]
struct Focus {
    index: u32,
    selection: Option<(u32, u32)>,
}

#[derive(Default)]
struct Kept {
    /// Inputs' values by id.
    typed: Vec<(String, String)>,
    /// The root the page is drawn in, and where the keyboard was in it.
    focus: Option<(web_sys::Element, Focus)>,
    /// The root, and which of its forms was sent before the app started.
    sent: Option<(web_sys::Element, u32)>,
}

/// Where index.html's first script leaves a submit it held back: the index
/// of the form among the prerendered page's forms.
const EARLY_SUBMIT: &str = "altogicEarlySubmit";

/// The form sent before the app started, once.
fn take_early_submit() -> Option<u32> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(EARLY_SUBMIT);
    let value = js_sys::Reflect::get(&window, &key).ok()?.as_f64();
    let _ = js_sys::Reflect::delete_property(&window, &key);
    value.filter(|v| *v >= 0.0).map(|v| v as u32)
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::default();
}

/// Keeps what was typed into the inputs under `root` (by id) and where the
/// keyboard was, before the app draws over it.
pub fn keep(root: &web_sys::Element) {
    let Ok(nodes) = root.query_selector_all(FOCUSABLE) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let mut kept = Kept::default();
    for index in 0..nodes.length() {
        let Some(node) = nodes.item(index) else {
            continue;
        };
        let input = node.dyn_ref::<HtmlInputElement>();
        if let Some(input) = input.filter(|i| !i.id().is_empty() && !i.value().is_empty()) {
            kept.typed.push((input.id(), input.value()));
        }
        if active.as_ref().is_some_and(|a| a.is_same_node(Some(&node))) {
            let selection =
                input.and_then(|i| Some((i.selection_start().ok()??, i.selection_end().ok()??)));
            kept.focus = Some((root.clone(), Focus { index, selection }));
        }
    }
    kept.sent = take_early_submit().map(|index| (root.clone(), index));
    KEPT.with(|k| *k.borrow_mut() = kept);
}

/// Once the app has drawn the page: the keyboard (and the caret) back where
/// they were on the prerendered page, and a form sent there sent again,
/// now through the app (once: the early one never left the page).
pub fn restore() {
    let (focus, sent) = KEPT.with(|k| {
        let mut kept = k.borrow_mut();
        (kept.focus.take(), kept.sent.take())
    });
    if let Some((root, index)) = sent {
        let form = root
            .query_selector_all("form")
            .ok()
            .and_then(|forms| forms.item(index))
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok());
        if let Some(form) = form {
            let _ = form.request_submit();
        }
    }
    let Some((root, focus)) = focus else {
        return;
    };
    let node = root
        .query_selector_all(FOCUSABLE)
        .ok()
        .and_then(|nodes| nodes.item(focus.index));
    if let Some(element) = node.as_ref().and_then(|n| n.dyn_ref::<HtmlElement>()) {
        let _ = element.focus();
    }
    if let (Some(input), Some((start, end))) = (
        node.as_ref().and_then(|n| n.dyn_ref::<HtmlInputElement>()),
        focus.selection,
    ) {
        let _ = input.set_selection_range(start, end);
    }
}

/// What was typed into the field `id` before the app started, once;
/// otherwise empty (`fields::use_field`).
pub fn typed(id: &str) -> String {
    KEPT.with(|k| {
        let typed = &mut k.borrow_mut().typed;
        let at = typed.iter().position(|(field, _)| field == id);
        at.map(|i| typed.swap_remove(i).1).unwrap_or_default()
    })
}
