//! The pieces every form is built of: labelled fields with their errors
//! tied to them, the server's messages, a success notice, a submit button
//! that says when it is busy, and the state of a form in one value.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::altogic::ApiError;
use crate::validate::Problems;

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
    pub fn message_for(&self, field: &str) -> Option<AttrValue> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| AttrValue::Static(m))
            .or_else(|| {
                self.error
                    .as_ref()
                    .and_then(|e| e.for_field(field))
                    .map(|m| AttrValue::from(m.to_owned()))
            })
    }
}

/// A callback that stores what is typed into `state`.
pub fn bind(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |value| state.set(value))
}

/// Reads an input's value in an `oninput` handler.
fn input_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The input's `type`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// The keyboard a phone shows (`numeric` for a code).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub node_ref: NodeRef,
}

/// A labelled input. Its hint and error are tied to it with
/// `aria-describedby`, so a screen reader reads them with the field.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let oninput = props.oninput.reform(|e: InputEvent| input_value(&e));
    // A password can be shown, to check what was typed.
    let shown = use_state(|| false);
    let is_password = props.kind == "password";
    let kind = if is_password && *shown {
        AttrValue::Static("text")
    } else {
        props.kind.clone()
    };
    let input = html! {
        <input
            id={&props.id}
            name={&props.id}
            type={kind}
            value={&props.value}
            {oninput}
            ref={&props.node_ref}
            autocomplete={props.autocomplete.clone()}
            inputmode={props.inputmode.clone()}
            aria-invalid={props.error.as_ref().map(|_| "true")}
            aria-describedby={(!described_by.is_empty()).then_some(described_by)}
        />
    };
    html! {
        <div class={classes!("field", props.error.as_ref().map(|_| "invalid"))}>
            <label for={&props.id}>{ &props.label }</label>
            if let Some(hint) = &props.hint {
                <p id={hint_id.clone()} class="hint">{ hint }</p>
            }
            if is_password {
                <div class="password-row">
                    { input }
                    <button type="button" class="secondary toggle" aria-controls={&props.id}
                        aria-label={if *shown { "Hide password" } else { "Show password" }}
                        onclick={let shown = shown.clone(); move |_| shown.set(!*shown)}>
                        { if *shown { "Hide" } else { "Show" } }
                    </button>
                </div>
            } else {
                { input }
            }
            if let Some(error) = &props.error {
                <p id={error_id} class="field-error">{ error }</p>
            }
        </div>
    }
}

/// The server's messages that belong to no field on the form (`fields`
/// have theirs next to them), as a list that is announced when it appears.
pub fn errors(error: Option<&ApiError>, fields: &[&str]) -> Html {
    let Some(error) = error else {
        return Html::default();
    };
    let items = error
        .items
        .iter()
        .filter(|i| i.field().is_none_or(|f| !fields.contains(&f)))
        .map(|i| html! { <li>{ &i.message }</li> })
        .collect::<Html>();
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

/// The form's button: disabled and relabelled while the call is out, so it
/// cannot be sent twice. A plain function, like `notice`.
pub fn submit(label: &'static str, busy_label: &'static str, busy: bool) -> Html {
    html! {
        // Disabled in the prerendered page: without JavaScript the browser
        // would send the form itself, password and all, in the address.
        // With it, index.html's first script enables it and holds a submit
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

/// A form's call to the server, under way.
/// A call a form sends, to be awaited.
pub type Call = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// One form: where it is, a node for each of its fields, and the submit
/// flow every form shares.
#[derive(Clone)]
pub struct Form {
    pub state: UseStateHandle<FormState>,
    /// The fields' ids, and their nodes in the same order.
    fields: &'static [&'static str],
    nodes: Rc<[NodeRef]>,
}

impl PartialEq for Form {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.nodes, &other.nodes)
    }
}

/// A form with these `fields` (ids), in their order on the page.
#[hook]
pub fn use_form(fields: &'static [&'static str]) -> Form {
    let state = use_state(FormState::default);
    let nodes: Rc<[NodeRef]> = (*use_state(|| {
        fields
            .iter()
            .map(|_| NodeRef::default())
            .collect::<Rc<[NodeRef]>>()
    }))
    .clone();
    Form {
        state,
        fields,
        nodes,
    }
}

impl Form {
    /// The node of the field `id`, for its input's `ref`.
    pub fn node(&self, id: &str) -> NodeRef {
        let at = self.fields.iter().position(|f| *f == id);
        at.and_then(|i| self.nodes.get(i).cloned())
            .unwrap_or_default()
    }

    pub fn busy(&self) -> bool {
        self.state.busy
    }

    pub fn message_for(&self, field: &str) -> Option<AttrValue> {
        self.state.message_for(field)
    }

    /// The server's messages that belong to none of this form's fields.
    pub fn errors(&self) -> Html {
        errors(self.state.error.as_ref(), self.fields)
    }

    /// Handles a submit. `send` checks what was typed and gives the call to
    /// make, or the problems found: those are shown next to their fields,
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
        self.submit_flow(Rc::new(move || send().map(|call| Box::pin(call) as Call)))
    }

    fn submit_flow(&self, send: Rc<dyn Fn() -> Result<Call, Problems>>) -> Callback<SubmitEvent> {
        let form = self.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.state.busy {
                return;
            }
            match send() {
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

    /// Shows `problems` and puts the keyboard on the first.
    fn invalid(&self, problems: Problems) {
        let first = problems.first().map(|(f, _)| *f);
        let node = first.map(|f| self.node(f));
        if let Some(input) = node.and_then(|n| n.cast::<HtmlInputElement>()) {
            let _ = input.focus();
        }
        self.state.set(FormState::invalid(problems));
    }
}

#[derive(Properties, PartialEq)]
pub struct NewPasswordProps {
    pub password: UseStateHandle<String>,
    pub again: UseStateHandle<String>,
    /// The form, with the fields `newPassword` and `confirmPassword`.
    pub form: Form,
}

/// A new password typed twice, with the rule shown before sending.
#[component]
pub fn NewPasswordFields(props: &NewPasswordProps) -> Html {
    let (password_ref, again_ref) = (
        props.form.node("newPassword"),
        props.form.node("confirmPassword"),
    );
    html! {
        <>
            <Field id="newPassword" label="New password" kind="password" autocomplete="new-password"
                hint="At least 6 characters."
                value={(*props.password).clone()} oninput={bind(&props.password)}
                error={props.form.message_for("newPassword")} node_ref={password_ref} />
            <Field id="confirmPassword" label="New password again" kind="password" autocomplete="new-password"
                value={(*props.again).clone()} oninput={bind(&props.again)}
                error={props.form.message_for("confirmPassword")} node_ref={again_ref} />
        </>
    }
}

/// The field for a code sent by SMS, in `form` (with a field `code`): a
/// phone offers the code from the message, and a pasted message works too.
pub fn code_field(code: &UseStateHandle<String>, form: &Form) -> Html {
    html! {
        <Field id="code" label="Code" autocomplete="one-time-code" inputmode="numeric"
            value={(**code).clone()} oninput={bind(code)}
            error={form.message_for("code")} node_ref={form.node("code")} />
    }
}

/// Where the code went, above a code field.
pub fn code_sent(phone: &str) -> Html {
    html! { <p>{ format!("We sent a 6-digit code by SMS to {phone}.") }</p> }
}

/// Puts the keyboard on `node` when the component first shows.
#[hook]
pub fn use_focus(node: NodeRef) {
    use_effect_with((), move |_| {
        if let Some(input) = node.cast::<HtmlInputElement>() {
            let _ = input.focus();
        }
    });
}
