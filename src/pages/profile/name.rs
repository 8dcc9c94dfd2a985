//! The greeting, and changing one's name in place: Enter saves, Escape
//! cancels, an empty name is refused, a failed save keeps what was typed.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::altogic::db;
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{submit, use_field, use_form, Field, FormState};
use crate::i18n::{fill, t, Text};
use crate::validate::field;

#[component]
pub fn UserInfo() -> Html {
    let auth = use_auth();
    let api = use_api();
    let editing = use_state(|| false);
    let draft = use_field(field::NAME);
    let form = use_form(&[&draft]);
    let input = draft.node.clone();
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
            form.state.set(FormState::default());
            editing.set(true);
        })
    };

    let close = {
        let (editing, form) = (editing.clone(), form.clone());
        Callback::from(move |()| {
            editing.set(false);
            form.state.set(FormState::default());
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
        let (draft, close) = (draft.clone(), close.clone());
        let id = user.id.clone();
        form.on_submit(move || {
            let (api, auth, close, id) = (api.clone(), auth.clone(), close.clone(), id.clone());
            let name = draft.value();
            Ok(async move {
                let user = api
                    .send(db::update_user(
                        crate::config::users_model(),
                        &id,
                        "name",
                        Some(&name),
                    ))
                    .await?;
                auth.dispatch(AuthAction::UpdateUser(user));
                close.emit(());
                Ok(())
            })
        })
    };

    let oncancel = close.reform(|_: MouseEvent| ());
    html! {
        <section class="user-info">
            <h1 id="page-heading">{ fill(Text::Hello, &[("name", user.display_name())]) }</h1>
            if *editing {
                <form class="inline-form" {onsubmit} {onkeydown} novalidate=true>
                    { form.errors() }
                    <Field of={draft.clone()} error={form.error_of(&draft)} label={t(Text::YourName)} autocomplete="name"
                        hint={t(Text::NameHint)} />
                    <div class="actions">
                        { submit(t(Text::Save), t(Text::Saving), form.busy()) }
                        <button type="button" class="secondary" onclick={oncancel}>{ t(Text::Cancel) }</button>
                    </div>
                </form>
            } else {
                <button type="button" class="secondary" onclick={open} ref={change_button}>
                    { t(Text::ChangeName) }
                </button>
            }
        </section>
    }
}
