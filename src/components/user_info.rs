//! The greeting, and changing one's name in place: Enter saves, Escape
//! cancels, an empty name is refused, a failed save keeps what was typed.

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{begin_submit, bind, errors, submit, Field, FormState};
use crate::validate;

const NAME_FIELD: &[&str] = &["name"];

#[component]
pub fn UserInfo() -> Html {
    let auth = use_auth();
    let api = use_api();
    let editing = use_state(|| false);
    let draft = use_state(String::new);
    let form = use_state(FormState::default);
    let input = use_node_ref();
    let change_button = use_node_ref();

    // The keyboard goes to the field when it opens, and back to the button
    // when it closes (not on the first render: the page just opened).
    {
        let (input, change_button) = (input.clone(), change_button.clone());
        let was_editing = use_mut_ref(|| false);
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(input) = input.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            } else if *was_editing.borrow() {
                if let Some(button) = change_button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
            *was_editing.borrow_mut() = *editing;
        });
    }

    let Some(user) = auth.user().cloned() else {
        return Html::default();
    };

    let open = {
        let (editing, draft, form) = (editing.clone(), draft.clone(), form.clone());
        let name = user.name.clone().unwrap_or_default();
        Callback::from(move |_| {
            draft.set(name.clone());
            form.set(FormState::default());
            editing.set(true);
        })
    };

    let close = {
        let (editing, form) = (editing.clone(), form.clone());
        Callback::from(move |()| {
            editing.set(false);
            form.set(FormState::default());
        })
    };

    let onkeydown = {
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                close.emit(());
            }
        })
    };

    let onsubmit = {
        let (draft, form, close, input) =
            (draft.clone(), form.clone(), close.clone(), input.clone());
        let id = user.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = validate::name(&draft)
                .map(|p| ("name", p))
                .into_iter()
                .collect();
            if !begin_submit(&form, problems, &[("name", &input)]) {
                return;
            }
            let (api, auth, form, close, id) = (
                api.clone(),
                auth.clone(),
                form.clone(),
                close.clone(),
                id.clone(),
            );
            let name = draft.trim().to_owned();
            spawn_local(async move {
                match api.update_user(&id, "name", &name).await {
                    Ok(user) => {
                        auth.dispatch(AuthAction::UpdateUser(user));
                        close.emit(());
                    }
                    Err(error) => form.set(FormState::failed(error)),
                }
            });
        })
    };

    let oncancel = close.reform(|_: MouseEvent| ());
    html! {
        <section class="user-info">
            <h1 id="page-heading">{ format!("Hello, {}", user.display_name()) }</h1>
            if *editing {
                <form class="inline-form" {onsubmit} {onkeydown} novalidate=true>
                    { errors(form.error.as_ref(), NAME_FIELD) }
                    <Field id="name" label="Your name" autocomplete="name"
                        hint="Enter saves, Escape cancels."
                        value={(*draft).clone()} oninput={bind(&draft)}
                        error={form.message_for("name")} node_ref={input} />
                    <div class="actions">
                        { submit("Save", "Saving…", form.busy) }
                        <button type="button" class="secondary" onclick={oncancel}>{ "Cancel" }</button>
                    </div>
                </form>
            } else {
                <button type="button" class="secondary" onclick={open} ref={change_button}>
                    { "Change name" }
                </button>
            }
        </section>
    }
}
