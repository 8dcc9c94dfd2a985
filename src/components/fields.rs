//! The fields forms are made of, drawn: a labelled input with its hint and
//! error, and the email, password, name, phone and code fields several
//! forms have. What a field is (`FieldHandle`) is in `form.rs`.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::carry;
use super::country_field::country_field;
use super::form::{FieldHandle, Form};
use crate::auth::last_used::{self, LastUsed};
use crate::config::{self, Legal, SignupField};
use crate::i18n::{around, split_at_name, t, Text};
use crate::lazy;
use crate::route::SignInWith;
use crate::validate::{field, Kind};

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The field shown.
    pub of: FieldHandle,
    /// What is wrong with it: `Form::error_of`.
    pub error: Option<AttrValue>,
    pub label: AttrValue,
    /// The input's `type`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// The keyboard a phone shows (`numeric` for a code).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// A checkbox: ticked until someone changes it.
    #[prop_or_default]
    pub ticked: bool,
    /// A label with markup (links), in place of `label`.
    #[prop_or_default]
    pub label_html: Option<Html>,
    /// Said to a screen reader (the app's own checks speak, not the
    /// browser's: forms are `novalidate`).
    #[prop_or_default]
    pub required: bool,
}

/// A labelled input. Its hint and error are tied to it with
/// `aria-describedby`, so a screen reader reads them with the field.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let id = props.of.id;
    let error = &props.error;
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let oninput = props.of.oninput();
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
            {id}
            name={id}
            type={kind}
            value={(*props.of).clone()}
            checked={props.of.checked(props.ticked)}
            {oninput}
            ref={&props.of.node}
            autocomplete={props.autocomplete.clone()}
            inputmode={props.inputmode.clone()}
            aria-required={props.required.then_some("true")}
            aria-invalid={error.as_ref().map(|_| "true")}
            aria-describedby={(!described_by.is_empty()).then_some(described_by)}
        />
    };
    html! {
        <div class={classes!("field", (props.kind == "checkbox").then_some("check"), error.as_ref().map(|_| "invalid"))}>
            <label for={id}>
                if let Some(label) = &props.label_html { { label.clone() } } else { { &props.label } }
            </label>
            if let Some(hint) = &props.hint {
                <p id={hint_id.clone()} class="hint">{ hint }</p>
            }
            if is_password {
                <div class="password-row">
                    { input }
                    <button type="button" class="secondary toggle" aria-controls={id}
                        aria-label={if *shown { t(Text::HidePassword) } else { t(Text::ShowPassword) }}
                        onclick={let shown = shown.clone(); move |_| shown.set(!*shown)}>
                        { if *shown { t(Text::Hide) } else { t(Text::Show) } }
                    </button>
                </div>
            } else {
                { input }
            }
            if let Some(error) = error {
                <p id={error_id} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}

/// The way this device last signed in, for a login page to mark and offer
/// (`auth::last_used`).
#[hook]
pub fn use_last_used() -> UseStateHandle<Option<LastUsed>> {
    use_state(last_used::get)
}

/// "Not me", beside an address or number offered because this device last
/// signed in with it: forgets that sign-in and empties the field. Drawn
/// hidden otherwise, the prerendered page too, so that the takeover finds
/// the keyboard's place among the same controls.
pub fn not_me(of: &FieldHandle, last: &UseStateHandle<Option<LastUsed>>, way: SignInWith) -> Html {
    let offered = last.as_ref().and_then(|l| l.offered(way));
    let onclick = {
        let (of, last) = (of.clone(), last.clone());
        move |_| {
            last_used::forget();
            last.set(None);
            carry::carry(of.id, "");
            of.clear();
            if let Some(input) = of.node.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        }
    };
    html! {
        <button type="button" class="secondary not-me" hidden={offered != Some(of.trim())} {onclick}>
            { t(Text::NotMe) }
        </button>
    }
}

/// An email address (`label`: "Email", "New email").
pub fn email_field(of: &FieldHandle, form: &Form, label: &'static str) -> Html {
    html! {
        <Field of={of.clone()} error={form.error_of(of)} {label} kind="email" autocomplete="email" />
    }
}

/// Which password a password field asks for.
#[derive(Clone, Copy, PartialEq)]
pub enum Password {
    /// The one the person has: for signing in, or to confirm a change.
    Current,
    /// A new one: the rule is shown before sending.
    New,
}

pub fn password_field(of: &FieldHandle, form: &Form, label: &'static str, which: Password) -> Html {
    let (autocomplete, hint) = match which {
        Password::Current => ("current-password", None),
        Password::New => ("new-password", Some(t(Text::PasswordHint))),
    };
    html! {
        <>
            <Field of={of.clone()} error={form.error_of(of)} {label} kind="password" {autocomplete} {hint} />
            if which == Password::New {
                { lazy::meter(of, form.personal(), form.redraw()) }
            }
        </>
    }
}

pub fn name_field(of: &FieldHandle, form: &Form) -> Html {
    html! { <Field of={of.clone()} error={form.error_of(of)} label={t(Text::Name)} autocomplete="name" /> }
}

/// A phone number (`label`: "Phone number", "New phone number"), after
/// the country it is dialled in.
pub fn phone_field(of: &FieldHandle, form: &Form, label: &'static str) -> Html {
    html! {
        <>
            { country_field() }
            <Field of={of.clone()} error={form.error_of(of)} {label} kind="tel" autocomplete="tel-national"
                hint={t(Text::PhoneNationalHint)} />
        </>
    }
}

/// A code sent by SMS: a phone offers the code from the message, and a
/// pasted message works too.
pub fn code_field(of: &FieldHandle, form: &Form) -> Html {
    html! {
        <Field of={of.clone()} error={form.error_of(of)} label={t(Text::Code)} autocomplete="one-time-code" inputmode="numeric" />
    }
}

/// A new password typed twice (`field::NEW_PASSWORD`, then
/// `field::CONFIRM_PASSWORD`).
pub fn new_password_fields(password: &FieldHandle, again: &FieldHandle, form: &Form) -> Html {
    debug_assert!(password.id == field::NEW_PASSWORD.id && again.id == field::CONFIRM_PASSWORD.id);
    html! {
        <>
            { password_field(password, form, t(Text::NewPassword), Password::New) }
            <Field of={again.clone()} error={form.error_of(again)} label={t(Text::NewPasswordAgain)} kind="password"
                autocomplete="new-password" />
        </>
    }
}

/// Consent to the site's terms and privacy policy (`field::CONSENT`),
/// each a link that opens beside the form, so nothing typed is lost.
pub fn consent_field(of: &FieldHandle, form: &Form, legal: &Legal) -> Html {
    let link = |href: &str, text: Text| {
        html! {
            <a href={href.to_owned()} target="_blank" rel="noopener">
                { t(text) }<span class="visually-hidden">{ " " }{ t(Text::OpensInNewTab) }</span>
            </a>
        }
    };
    let (before, rest) = around(Text::ConsentAgree, "terms");
    let (between, after) = split_at_name(rest, "privacy");
    let label = html! {
        <>
            { before }{ link(&legal.terms, Text::TermsOfService) }{ between }
            { link(&legal.privacy, Text::PrivacyPolicy) }{ after }
        </>
    };
    html! {
        <Field of={of.clone()} error={form.error_of(of)} label="" label_html={label} kind="checkbox" />
    }
}

/// The fields of a register form: its own, the operator's
/// (`use_signup_fields`), and the consent when the site asks for it
/// (`config::legal`).
pub fn register_fields<'a>(
    mut fields: Vec<&'a FieldHandle>,
    custom: &'a [FieldHandle],
    agreed: &'a FieldHandle,
) -> Vec<&'a FieldHandle> {
    fields.extend(custom);
    if crate::config::legal().is_some() {
        fields.push(agreed);
    }
    fields
}

/// The operator's own fields (`use_signup_fields`), each drawn as its
/// kind asks, with the same errors as ours.
pub fn signup_fields(custom: &[FieldHandle], form: &Form) -> Html {
    config::signup_fields()
        .iter()
        .zip(custom)
        .map(|(field, of)| signup_field(field, of, form))
        .collect()
}

pub fn signup_field(field: &'static SignupField, of: &FieldHandle, form: &Form) -> Html {
    let (of, error, label) = (
        of.clone(),
        form.error_of(of),
        AttrValue::from(field.label().to_owned()),
    );
    let kind = match field.kind {
        Kind::Choice => return html! { <ChoiceField {of} {error} {label} {field} /> },
        Kind::Text => "text",
        Kind::Tel => "tel",
        Kind::Url => "url",
        Kind::Date => "date",
        Kind::Checkbox => "checkbox",
    };
    let hint = (field.kind == Kind::Tel).then(|| AttrValue::from(t(Text::PhoneHint)));
    html! { <Field {of} {error} {label} {kind} {hint} required={field.required} /> }
}

#[derive(Properties, PartialEq)]
struct ChoiceProps {
    of: FieldHandle,
    error: Option<AttrValue>,
    label: AttrValue,
    field: &'static SignupField,
}

/// One of a field's options, as a `<select>` that starts on "Choose…".
#[component]
fn ChoiceField(props: &ChoiceProps) -> Html {
    let id = props.of.id;
    let error_id = format!("{id}-error");
    let value = (*props.of).clone();
    // What the field holds is what shows, also once it is cleared (an
    // option's `selected` only picks the first one shown).
    {
        let node = props.of.node.clone();
        use_effect_with(value.clone(), move |value| {
            if let Some(select) = node.cast::<web_sys::HtmlSelectElement>() {
                if select.value() != *value {
                    select.set_value(value);
                }
            }
        });
    }
    let options = props.field.options.iter().map(|option| {
        html! {
            <option value={option.value.clone()} selected={option.value == value}>{ option.label() }</option>
        }
    });
    html! {
        <div class={classes!("field", props.error.as_ref().map(|_| "invalid"))}>
            <label for={id}>{ &props.label }</label>
            <select {id} name={id} oninput={props.of.oninput()} ref={&props.of.node}
                aria-required={props.field.required.then_some("true")}
                aria-invalid={props.error.as_ref().map(|_| "true")}
                aria-describedby={props.error.as_ref().map(|_| error_id.clone())}>
                <option value="" selected={value.is_empty()}>{ t(Text::ChooseOption) }</option>
                { for options }
            </select>
            if let Some(error) = &props.error {
                <p id={error_id} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}

/// "Keep me signed in" (`field::KEEP_SIGNED_IN`), ticked at first.
pub fn keep_signed_in_field(of: &FieldHandle, form: &Form) -> Html {
    html! {
        <Field of={of.clone()} error={form.error_of(of)} label={t(Text::KeepSignedIn)} kind="checkbox" ticked=true />
    }
}

/// Puts the keyboard on `field` when the component first shows.
#[hook]
pub fn use_focus(field: &FieldHandle) {
    let node = field.node.clone();
    use_effect_with((), move |_| {
        if let Some(input) = node.cast::<HtmlInputElement>() {
            let _ = input.focus();
        }
    });
}
