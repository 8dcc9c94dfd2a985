//! A form: its fields, its state and its submit flow, and what every form
//! shows (the server's messages, a success notice, a submit button that
//! says when it is busy). A field is one handle (`use_field`): what it is
//! (a `validate::field`: its id, its check, the value a call gets), what is
//! typed, and its node, shared by the form (which runs the checks and puts
//! the keyboard on the first field that fails), the input (its error:
//! `fields.rs`) and the submit (the field's value).

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::functional::{Hook, HookContext};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{carry, takeover};
use crate::altogic::ApiError;
use crate::validate::{self, FieldRule, Problems};

/// One field: what it is, what is typed, and its node.
#[derive(Clone, PartialEq)]
pub struct FieldHandle {
    pub id: &'static str,
    field: FieldRule,
    /// What is typed goes along to the next guest page (`carry`).
    carried: bool,
    value: UseStateHandle<String>,
    pub node: NodeRef,
}

impl Deref for FieldHandle {
    type Target = String;

    fn deref(&self) -> &String {
        &self.value
    }
}

impl FieldHandle {
    pub fn set(&self, value: String) {
        self.value.set(value);
    }

    pub fn clear(&self) {
        self.set(String::new());
    }

    /// What a call gets of what was typed (trimmed, in international
    /// form, …: the field's own rule), once the form's checks have passed.
    pub fn value(&self) -> String {
        (self.field.value)(&self.value)
    }

    /// A checkbox's state: ticked, or as it first shows (`ticked`) while
    /// nobody has touched it.
    pub fn checked(&self, ticked: bool) -> bool {
        match self.value.as_str() {
            validate::CHECKED => true,
            validate::UNCHECKED => false,
            _ => ticked,
        }
    }

    /// For its input: keeps what is typed (a checkbox: whether it is
    /// ticked).
    pub fn oninput(&self) -> Callback<InputEvent> {
        let (value, id, carried) = (self.value.clone(), self.id, self.carried);
        Callback::from(move |e: InputEvent| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let typed = match input.type_().as_str() {
                "checkbox" if input.checked() => validate::CHECKED.to_owned(),
                "checkbox" => validate::UNCHECKED.to_owned(),
                _ => input.value(),
            };
            if carried {
                carry::carry(id, &typed);
            }
            value.set(typed)
        })
    }
}

/// A `field` of a form (one of `validate::field`): it starts with what was
/// typed into the prerendered page, if anything.
#[hook]
pub fn use_field(field: FieldRule) -> FieldHandle {
    FieldHandle {
        id: field.id,
        field,
        carried: false,
        value: use_state(|| takeover::typed(field.id)),
        node: use_node_ref(),
    }
}

/// The address or number of a guest page: it starts with what was typed
/// into the prerendered page, else with what was typed on the last one,
/// and goes along to the next (`carry`).
#[hook]
pub fn use_carried_field(field: FieldRule) -> FieldHandle {
    FieldHandle {
        id: field.id,
        field,
        carried: true,
        value: use_state(|| match takeover::typed(field.id) {
            typed if typed.is_empty() => carry::carried(field.id),
            typed => {
                carry::carry(field.id, &typed);
                typed
            }
        }),
        node: use_node_ref(),
    }
}

/// The operator's own sign-up fields (`config::signup_fields`), a
/// `use_field` each, in their order. Hooks in a loop, which `#[hook]`
/// cannot write: the list is the page's, the same on every render.
pub fn use_signup_fields() -> impl Hook<Output = Rc<[FieldHandle]>> {
    struct SignupFields;
    impl Hook for SignupFields {
        type Output = Rc<[FieldHandle]>;

        fn run(self, ctx: &mut HookContext) -> Self::Output {
            crate::config::signup_fields()
                .iter()
                .map(|field| use_field(field.rule()).run(ctx))
                .collect()
        }
    }
    SignupFields
}

/// Where a form is: sending, what is wrong, what the server said.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    pub busy: bool,
    /// Problems found before sending.
    pub problems: Problems,
    /// The last failed call.
    pub error: Option<ApiError>,
}

impl FormState {
    pub fn sending() -> Self {
        Self {
            busy: true,
            ..Self::default()
        }
    }

    pub fn invalid(problems: Problems) -> Self {
        Self {
            problems,
            ..Self::default()
        }
    }

    pub fn failed(error: ApiError) -> Self {
        Self {
            error: Some(error),
            ..Self::default()
        }
    }

    /// What to say next to `field`: our own check first, then the server's.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| *m)
            .or_else(|| self.error.as_ref().and_then(|e| e.for_field(field)))
    }
}

/// The server's messages, as a list that is announced when it appears.
pub fn errors(error: Option<&ApiError>) -> Html {
    errors_but(error, |_| false)
}

/// The same, leaving out those of the fields `shown` names (a form's
/// fields show theirs next to them).
fn errors_but(error: Option<&ApiError>, shown: impl Fn(&str) -> bool) -> Html {
    let Some(error) = error else {
        return Html::default();
    };
    let items: Vec<Html> = error
        .items
        .iter()
        .filter(|i| i.field().is_none_or(|f| !shown(f)))
        .map(|i| html! { <li>{ i.text() }</li> })
        .collect();
    // Each said next to its field: no empty alert besides.
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <div class="alert error" role="alert">
            <ul>{ items }</ul>
        </div>
    }
}

/// A success message, announced politely. A plain function, not a
/// component: it has no state, and each component costs the wasm code.
pub fn notice(text: impl Into<AttrValue>) -> Html {
    html! { <div class="alert success" role="status">{ text.into() }</div> }
}

/// Something under way, with a spinner, announced politely.
pub fn waiting(text: &'static str) -> Html {
    html! {
        <p role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            { text }
        </p>
    }
}

/// The form's button: disabled and relabelled while the call is out, so it
/// cannot be sent twice. A plain function, like `notice`.
pub fn submit(label: &'static str, busy_label: &'static str, busy: bool) -> Html {
    html! {
        // Disabled in the prerendered page: without JavaScript the browser
        // would send the form itself, password and all, in the address.
        // With it, js/early.js enables it and holds a submit
        // made before the app starts (showing `data-busy`), which the app
        // then carries out (`takeover::restore`).
        <button type="submit" disabled={busy || PRERENDERING} aria-busy={busy.then_some("true")}
            data-busy={busy_label}>
            if busy { <span class="spinner" aria-hidden="true"></span> }
            { if busy { busy_label } else { label } }
        </button>
    }
}

/// Rendering at build time, for the prerendered pages (the host).
const PRERENDERING: bool = cfg!(not(target_arch = "wasm32"));

/// A call a form sends, to be awaited.
pub type Pending = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// One form: where it is, its fields (id and node), and the submit flow
/// every form shares.
#[derive(Clone)]
pub struct Form {
    pub state: UseStateHandle<FormState>,
    /// Draws the form again (what the chunk drew once it has come).
    redraw: UseForceUpdateHandle,
    /// As this render has them (what is typed now).
    fields: Rc<[FieldHandle]>,
}

/// A form with these `fields`, in their order on the page: those it shows
/// now (a field left out is neither checked nor focused).
#[hook]
pub fn use_form(fields: &[&FieldHandle]) -> Form {
    Form {
        state: use_state(FormState::default),
        redraw: use_force_update(),
        fields: fields.iter().map(|&f| f.clone()).collect(),
    }
}

impl Form {
    /// Whether `id` is one of this form's fields.
    pub fn has(&self, id: &str) -> bool {
        self.fields.iter().any(|f| f.id == id)
    }

    /// What the form knows of the person (address, name), for the
    /// password meter.
    pub fn personal(&self) -> Vec<String> {
        let known = [validate::field::EMAIL.id, validate::field::NAME.id];
        self.fields
            .iter()
            .filter(|f| known.contains(&f.id) && !f.is_empty())
            .map(|f| f.to_string())
            .collect()
    }

    /// Draws the form again, later (once the chunk has come).
    pub fn redraw(&self) -> crate::lazy::Redraw {
        let redraw = self.redraw.clone();
        Rc::new(move || redraw.force_update())
    }

    pub fn busy(&self) -> bool {
        self.state.busy
    }

    /// What to say next to `field`. A field its form does not list would
    /// not get the keyboard when it is wrong: caught in debug builds (the
    /// prerenderer draws every guest page).
    pub fn error_of(&self, field: &FieldHandle) -> Option<AttrValue> {
        let id = field.id;
        debug_assert!(self.has(id), "the form does not list its field {id}");
        self.state
            .message_for(id)
            .map(|m| AttrValue::from(m.to_owned()))
    }

    /// The server's messages that belong to none of this form's fields.
    pub fn errors(&self) -> Html {
        errors_but(self.state.error.as_ref(), |f| self.has(f))
    }

    /// Handles a submit. Each field's check runs first, in order; then
    /// `send` (which may check what involves two fields: `Err(problems)`)
    /// gives the call to make. Problems are shown next to their fields,
    /// with the keyboard on the first. While the call is out the form says
    /// so and takes no second submit; a failure is shown, what was typed
    /// kept. What a success does is the call's own business.
    pub fn on_submit<F>(
        &self,
        send: impl Fn() -> Result<F, Problems> + 'static,
    ) -> Callback<SubmitEvent>
    where
        F: Future<Output = Result<(), ApiError>> + 'static,
    {
        // Boxed, so that the flow itself exists once in the wasm.
        self.submit_flow(Rc::new(move || {
            send().map(|call| Box::pin(call) as Pending)
        }))
    }

    fn submit_flow(
        &self,
        send: Rc<dyn Fn() -> Result<Pending, Problems>>,
    ) -> Callback<SubmitEvent> {
        let form = self.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.state.busy {
                return;
            }
            let checked = validate::problems(form.fields.iter().map(|f| (f.field, f.as_str())));
            match validate::passed(checked).and_then(|()| send()) {
                Err(problems) => form.invalid(problems),
                Ok(call) => {
                    form.state.set(FormState::sending());
                    let state = form.state.clone();
                    spawn_local(async move {
                        state.set(match call.await {
                            Ok(()) => FormState::default(),
                            Err(error) => FormState::failed(error),
                        });
                    });
                }
            }
        })
    }

    /// Runs the checks of `fields` alone, as a submit would (for a way out
    /// of the form that needs them too: "Continue with …" after consent).
    pub fn check(&self, fields: &[&FieldHandle]) -> bool {
        let checked = validate::problems(fields.iter().map(|f| (f.field, f.as_str())));
        match validate::passed(checked) {
            Ok(()) => true,
            Err(problems) => {
                self.invalid(problems);
                false
            }
        }
    }

    /// Shows `problems` and puts the keyboard on the first.
    fn invalid(&self, problems: Problems) {
        if let Some((first, _)) = problems.first() {
            let node = self.fields.iter().find(|f| f.id == *first);
            // A check naming a field the form does not have: its message
            // would show nowhere. Caught in debug builds.
            debug_assert!(
                node.is_some(),
                "a problem with {first}, which the form does not have"
            );
            // An input, or a choice's `<select>`.
            if let Some(input) = node.and_then(|f| f.node.cast::<web_sys::HtmlElement>()) {
                let _ = input.focus();
            }
        }
        self.state.set(FormState::invalid(problems));
    }
}
