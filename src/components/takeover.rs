//! Taking over a prerendered page. The app draws the page anew in place of
//! the prerendered markup, in the same frame; what a person did on that
//! markup before the app started (text typed, where the keyboard and the
//! caret were) is kept here and given back to the fresh page.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

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
    KEPT.with(|k| *k.borrow_mut() = kept);
}

/// Puts the keyboard (and the caret) back where it was on the prerendered
/// page, once the app has drawn that page.
pub fn restore_focus() {
    let Some((root, focus)) = KEPT.with(|k| k.borrow_mut().focus.take()) else {
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

/// The text of the field `id`: what was typed before the app started, once,
/// otherwise empty.
#[hook]
pub fn use_field(id: &'static str) -> UseStateHandle<String> {
    use_state(|| {
        KEPT.with(|k| {
            let typed = &mut k.borrow_mut().typed;
            let at = typed.iter().position(|(field, _)| field == id);
            at.map(|i| typed.swap_remove(i).1).unwrap_or_default()
        })
    })
}

/// `false` in the first render, `true` from when the component is in the
/// page. A prerendered form's button stays disabled until then: before the
/// app runs, the browser would send the form itself, password and all, in
/// the address.
#[hook]
pub fn use_mounted() -> bool {
    let mounted = use_state(|| false);
    {
        let mounted = mounted.clone();
        use_effect_with((), move |_| mounted.set(true));
    }
    *mounted
}
