//! The operator's own fields of the user (`config::signup_fields`): shown
//! as a list, changed in a form with the same checks as sign-up's.

use yew::prelude::*;

use super::account::{use_foldable, Disclosure};
use crate::altogic::db;
use crate::altogic::request::FieldValue;
use crate::altogic::User;
use crate::auth::{details, use_api, use_auth, AuthAction};
use crate::components::{signup_fields, submit, use_signup_fields};
use crate::config::{self, SignupField};
use crate::i18n::{t, Text};
use crate::validate::{CHECKED, UNCHECKED};

/// How the user's `field` reads.
fn shown(field: &'static SignupField, user: &User) -> String {
    match user.field(&field.key) {
        Some(FieldValue::Flag(ticked)) => t(if ticked { Text::Yes } else { Text::No }).to_owned(),
        Some(FieldValue::Text(text)) if !text.is_empty() => field.shown(&text).to_owned(),
        _ => t(Text::NotGiven).to_owned(),
    }
}

/// What the form starts with: what the user has (a date input takes the
/// day alone).
fn draft(field: &SignupField, user: &User) -> String {
    match user.field(&field.key) {
        Some(FieldValue::Flag(ticked)) => (if ticked { CHECKED } else { UNCHECKED }).to_owned(),
        Some(FieldValue::Text(text)) => field.shown_date(&text).to_owned(),
        _ => String::new(),
    }
}

#[component]
pub fn Details() -> Html {
    let auth = use_auth();
    let api = use_api();
    let custom = use_signup_fields();
    let folded = use_foldable(&custom.iter().collect::<Vec<_>>());
    let form = folded.form.clone();
    let Some(user) = auth.user().cloned() else {
        return Html::default();
    };
    let fields = config::signup_fields();
    if fields.is_empty() {
        return Html::default();
    }

    // Opening starts from what the user has.
    let on_toggle = {
        let (toggle, custom, user) = (folded.on_toggle(), custom.clone(), user.clone());
        Callback::from(move |open: bool| {
            if open {
                for (field, of) in fields.iter().zip(custom.iter()) {
                    of.set(draft(field, &user));
                }
            }
            toggle.emit(open);
        })
    };
    let onsubmit = {
        let (custom, folded, id) = (custom.clone(), folded.clone(), user.id.clone());
        form.on_submit(move || {
            let (api, auth, folded, id) = (api.clone(), auth.clone(), folded.clone(), id.clone());
            let values: Vec<_> = details::values(custom.iter().map(|f| f.value())).collect();
            Ok(async move {
                let user = api
                    .send(db::update_values(config::users_model(), &id, &values))
                    .await?;
                auth.dispatch(AuthAction::UpdateUser(user));
                folded.succeeded(t(Text::DetailsSaved));
                Ok(())
            })
        })
    };
    let list = fields.iter().map(|field| {
        html! {
            <>
                <dt>{ field.label() }</dt>
                <dd>{ shown(field, &user) }</dd>
            </>
        }
    });
    html! {
        <section class="details" aria-labelledby="details-heading">
            <h2 id="details-heading">{ t(Text::YourDetails) }</h2>
            <dl>{ for list }</dl>
            { folded.notice() }
            <Disclosure label={t(Text::ChangeDetails)} open={*folded.open} {on_toggle}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    { form.errors() }
                    { signup_fields(&custom, &form) }
                    <div class="actions">
                        { submit(t(Text::SaveDetails), t(Text::Saving), form.busy()) }
                    </div>
                </form>
            </Disclosure>
        </section>
    }
}
