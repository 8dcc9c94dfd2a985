//! The operator's own fields of a user (`config::signup_fields`): what a
//! form sends of them, at sign-up and from the profile.

use crate::altogic::request::FieldValue;
use crate::config::{self, SignupField};
use crate::validate::{Kind, CHECKED};

/// What a field's form value (`FieldHandle::value`) sets: a checkbox's
/// state, the text, or nothing for an empty one.
pub fn given(field: &SignupField, value: String) -> FieldValue {
    match field.kind {
        Kind::Checkbox => FieldValue::Flag(value == CHECKED),
        _ if value.is_empty() => FieldValue::Unset,
        _ => FieldValue::Text(value),
    }
}

/// Each field with what its form gives, in the site's order.
pub fn values(
    typed: impl IntoIterator<Item = String>,
) -> impl Iterator<Item = (&'static str, FieldValue)> {
    config::signup_fields()
        .iter()
        .zip(typed)
        .map(|(field, value)| (field.key.as_str(), given(field, value)))
}

/// What a sign-up sends of them: those given (a new user has nothing to
/// unset).
pub fn for_sign_up(typed: impl IntoIterator<Item = String>) -> Vec<(&'static str, FieldValue)> {
    values(typed)
        .filter(|(_, value)| *value != FieldValue::Unset)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_value_becomes_what_the_user_document_keeps() {
        let fields: Vec<SignupField> = crate::altogic::json::from_str(
            r#"[{"key":"news","type":"checkbox","label":{"en":"News"}},
                {"key":"site","type":"url","label":{"en":"Site"}}]"#,
        )
        .unwrap();
        assert_eq!(given(&fields[0], CHECKED.into()), FieldValue::Flag(true));
        assert_eq!(given(&fields[0], String::new()), FieldValue::Flag(false));
        assert_eq!(given(&fields[1], String::new()), FieldValue::Unset);
        assert_eq!(
            given(&fields[1], "https://a.example".into()),
            FieldValue::Text("https://a.example".into())
        );
    }
}
