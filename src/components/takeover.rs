//! Taking over a prerendered page. The app draws the page anew in place of
//! the prerendered markup, in the same frame; what a person did on that
//! markup before the app started (text typed, where the keyboard and the
//! caret were, a form sent) is kept here and given back to the fresh page.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement};

use crate::validate::{CHECKED, UNCHECKED};

/// What can hold the keyboard, in page order: the same list in the
/// prerendered markup and in the app's first render of that page.
const FOCUSABLE: &str = "a[href],button,input,select";

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
    /// Where keys go while the page is drawn anew (`catch_keys`).
    catcher: Option<HtmlInputElement>,
}

/// Where js/early.js leaves a submit it held back: the index
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
        // A choice (an operator's sign-up field) keeps its value too.
        if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
            if !select.value().is_empty() {
                kept.typed.push((select.id(), select.value()));
            }
        }
        let input = node.dyn_ref::<HtmlInputElement>();
        if let Some(input) = input.filter(|i| !i.id().is_empty()) {
            // A checkbox's value is its state (`FieldHandle::checked`).
            let value = if input.type_() == "checkbox" {
                (if input.checked() { CHECKED } else { UNCHECKED }).to_owned()
            } else {
                input.value()
            };
            if !value.is_empty() {
                kept.typed.push((input.id(), value));
            }
        }
        if active.as_ref().is_some_and(|a| a.is_same_node(Some(&node))) {
            let selection =
                input.and_then(|i| Some((i.selection_start().ok()??, i.selection_end().ok()??)));
            kept.focus = Some((root.clone(), Focus { index, selection }));
        }
    }
    kept.sent = take_early_submit().map(|index| (root.clone(), index));
    kept.catcher = active
        .and_then(|a| a.dyn_into::<HtmlInputElement>().ok())
        .filter(|input| root.contains(Some(input)))
        .and_then(|input| catch_keys(&input));
    KEPT.with(|k| *k.borrow_mut() = kept);
}

/// Between drawing the page and its effects (`restore`), Yew yields to the
/// browser once its 16 ms slice is spent: on a slow phone, keys typed then
/// would fall on `<body>` (the typed input is gone) and be lost. They go
/// into a copy of the input, outside the root, with its value and caret,
/// until `restore` hands what it holds to the app's input.
fn catch_keys(typed: &HtmlInputElement) -> Option<HtmlInputElement> {
    let document = web_sys::window()?.document()?;
    let catcher: HtmlInputElement = document.create_element("input").ok()?.dyn_into().ok()?;
    // The same type: a password stays hidden.
    catcher.set_type(&typed.type_());
    catcher.set_value(&typed.value());
    catcher.set_class_name("visually-hidden");
    let _ = catcher.set_attribute("autocomplete", "off");
    document.body()?.append_child(&catcher).ok()?;
    let _ = catcher.focus();
    if let (Ok(Some(start)), Ok(Some(end))) = (typed.selection_start(), typed.selection_end()) {
        let _ = catcher.set_selection_range(start, end);
    }
    Some(catcher)
}

/// Once the app has drawn the page: the keyboard (and the caret) back where
/// they were on the prerendered page, and a form sent there sent again,
/// now through the app (once: the early one never left the page).
pub fn restore() {
    let (focus, sent, catcher) = KEPT.with(|k| {
        let mut kept = k.borrow_mut();
        (kept.focus.take(), kept.sent.take(), kept.catcher.take())
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
        if let Some(catcher) = catcher {
            catcher.remove();
        }
        return;
    };
    let node = root
        .query_selector_all(FOCUSABLE)
        .ok()
        .and_then(|nodes| nodes.item(focus.index));
    let input = node.as_ref().and_then(|n| n.dyn_ref::<HtmlInputElement>());
    let mut selection = focus.selection;
    if let Some(catcher) = catcher {
        // What the keys made of the value while the page was drawn: the
        // app's input takes it, and its field hears of it as of any input.
        if let Some(input) = input.filter(|i| i.value() != catcher.value()) {
            input.set_value(&catcher.value());
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
                let _ = input.dispatch_event(&event);
            }
        }
        if let (Ok(Some(start)), Ok(Some(end))) =
            (catcher.selection_start(), catcher.selection_end())
        {
            selection = Some((start, end));
        }
        catcher.remove();
    }
    if let Some(element) = node.as_ref().and_then(|n| n.dyn_ref::<HtmlElement>()) {
        let _ = element.focus();
    }
    if let (Some(input), Some((start, end))) = (input, selection) {
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
