//! Checks a form makes before it sends anything: the same rules the server
//! applies (Altogic wants 6+ character passwords), said next to the field.

use crate::i18n::{t, Text};

/// `(field, message)` pairs, in the order of the form's fields.
pub type Problems = Vec<(&'static str, &'static str)>;

/// The forms' fields, as Altogic names them in a request and in an error's
/// `details.field`: the ids of the inputs, of the checks' problems and of
/// the server's errors alike: a name misspelt where a constant is used
/// does not compile (a string literal of a field elsewhere would).
pub mod field {
    pub const EMAIL: &str = "email";
    pub const PASSWORD: &str = "password";
    pub const NAME: &str = "name";
    pub const PHONE: &str = "phone";
    pub const CODE: &str = "code";
    pub const NEW_PASSWORD: &str = "newPassword";
    pub const CONFIRM_PASSWORD: &str = "confirmPassword";
    /// The current password, in a change of password.
    pub const OLD_PASSWORD: &str = "oldPassword";
    /// The current password, in a change of email or number.
    pub const CURRENT_PASSWORD: &str = "currentPassword";
    pub const NEW_PHONE: &str = "newPhone";
}

// Each limit written once here; every catalogue's message states it, as
// the test `every_language_states_the_limits` checks.
pub const MIN_PASSWORD_CHARS: usize = 6;
pub const MAX_NAME_CHARS: usize = 100;
/// The digits of a code sent by SMS.
pub const CODE_DIGITS: usize = 6;
/// The largest avatar the app uploads (the local backend takes 2 MiB).
pub const MAX_AVATAR_MB: u32 = 2;
pub const MAX_AVATAR_BYTES: f64 = (MAX_AVATAR_MB * 1024 * 1024) as f64;
pub const AVATAR_TYPES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
];

/// A plain shape check, as a browser's `type=email` makes: something@host.tld.
pub fn is_email(value: &str) -> bool {
    let value = value.trim();
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(char::is_whitespace)
}

pub fn email(value: &str) -> Option<&'static str> {
    if value.trim().is_empty() {
        Some(t(Text::EnterEmail))
    } else if !is_email(value) {
        Some(t(Text::EmailShape))
    } else {
        None
    }
}

/// A phone number in international form, as Altogic keeps it: `+`, the
/// country code and the number, 7 to 15 digits; the spaces, dashes, dots
/// and brackets people type are dropped. `None` for anything else.
pub fn international_phone(value: &str) -> Option<String> {
    let rest = value.trim().strip_prefix('+')?;
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let valid = (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    valid.then(|| format!("+{digits}"))
}

pub fn phone(value: &str) -> Option<&'static str> {
    if value.trim().is_empty() {
        Some(t(Text::EnterPhone))
    } else if international_phone(value).is_none() {
        Some(t(Text::PhoneShape))
    } else {
        None
    }
}

/// A code sent by SMS: its 6 digits, however it was typed or pasted
/// ("123 456", "Your code: 123456").
pub fn sms_code(value: &str) -> Option<String> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == CODE_DIGITS).then_some(digits)
}

pub fn code(value: &str) -> Problems {
    let problem = if value.trim().is_empty() {
        Some(t(Text::EnterCode))
    } else if sms_code(value).is_none() {
        Some(t(Text::CodeDigits))
    } else {
        None
    };
    collect(&[(field::CODE, problem)])
}

pub fn new_password(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        Some(t(Text::ChoosePassword))
    } else if value.chars().count() < MIN_PASSWORD_CHARS {
        Some(t(Text::PasswordTooShort))
    } else {
        None
    }
}

pub fn name(value: &str) -> Option<&'static str> {
    let value = value.trim();
    if value.is_empty() {
        Some(t(Text::EnterName))
    } else if value.chars().count() > MAX_NAME_CHARS {
        Some(t(Text::NameTooLong))
    } else {
        None
    }
}

/// `Ok` when nothing was found, for `?` in a form's `send`.
pub fn passed(problems: Problems) -> Result<(), Problems> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn collect(checks: &[(&'static str, Option<&'static str>)]) -> Problems {
    checks
        .iter()
        .filter_map(|(field, problem)| problem.map(|p| (*field, p)))
        .collect()
}

pub fn login(email_value: &str, password: &str) -> Problems {
    let password = password.is_empty().then_some(t(Text::EnterPassword));
    collect(&[
        (field::EMAIL, email(email_value)),
        (field::PASSWORD, password),
    ])
}

pub fn register(email_value: &str, name_value: &str, password: &str) -> Problems {
    collect(&[
        (field::EMAIL, email(email_value)),
        (field::NAME, name(name_value)),
        (field::PASSWORD, new_password(password)),
    ])
}

pub fn phone_login(phone_value: &str, password: &str) -> Problems {
    let password = password.is_empty().then_some(t(Text::EnterPassword));
    collect(&[
        (field::PHONE, phone(phone_value)),
        (field::PASSWORD, password),
    ])
}

pub fn phone_register(phone_value: &str, name_value: &str, password: &str) -> Problems {
    collect(&[
        (field::PHONE, phone(phone_value)),
        (field::NAME, name(name_value)),
        (field::PASSWORD, new_password(password)),
    ])
}

pub fn change_phone(new_phone: &str, current_password: &str) -> Problems {
    let current = current_password
        .is_empty()
        .then_some(t(Text::EnterCurrentPassword));
    collect(&[
        (field::NEW_PHONE, phone(new_phone)),
        (field::CURRENT_PASSWORD, current),
    ])
}

pub fn phone_only(phone_value: &str) -> Problems {
    collect(&[(field::PHONE, phone(phone_value))])
}

pub fn email_only(email_value: &str) -> Problems {
    collect(&[(field::EMAIL, email(email_value))])
}

/// A new password typed twice.
pub fn new_password_twice(password: &str, again: &str) -> Problems {
    let again = (password != again).then_some(t(Text::PasswordsDiffer));
    collect(&[
        (field::NEW_PASSWORD, new_password(password)),
        (field::CONFIRM_PASSWORD, again),
    ])
}

pub fn change_password(current: &str, password: &str, again: &str) -> Problems {
    let current = current.is_empty().then_some(t(Text::EnterCurrentPassword));
    let mut problems = collect(&[(field::OLD_PASSWORD, current)]);
    problems.extend(new_password_twice(password, again));
    problems
}

pub fn change_email(new_email: &str, current_password: &str) -> Problems {
    let current = current_password
        .is_empty()
        .then_some(t(Text::EnterCurrentPassword));
    collect(&[
        (field::EMAIL, email(new_email)),
        (field::CURRENT_PASSWORD, current),
    ])
}

/// Whether a picked file may be uploaded as an avatar, and why not.
pub fn avatar(mime: &str, size: f64) -> Result<(), &'static str> {
    if !AVATAR_TYPES.contains(&mime) {
        Err(t(Text::ImageType))
    } else if size > MAX_AVATAR_BYTES {
        Err(t(Text::ImageTooBig))
    } else if size == 0.0 {
        Err(t(Text::FileEmpty))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn phone_numbers_in_international_form() {
        assert_eq!(
            international_phone("+1 (415) 555-0123").as_deref(),
            Some("+14155550123")
        );
        assert_eq!(
            international_phone(" +90.532.000.00.00 ").as_deref(),
            Some("+905320000000")
        );
        for bad in [
            "",
            "4155550123",
            "+",
            "+0123456789",
            "+12345",
            "+1234567890123456",
            "+1415555abcd",
            "++1415555012",
        ] {
            assert_eq!(international_phone(bad), None, "{bad}");
        }
        assert_eq!(phone(""), Some("Enter your phone number."));
        assert!(phone("415 555 0123").unwrap().contains("country code"));
        assert_eq!(phone("+44 20 7946 0958"), None);
        assert_eq!(
            phone_login("+44 20 7946 0958", ""),
            [("password", "Enter your password.")]
        );
    }

    #[test]
    fn a_new_phone_number_with_the_current_password() {
        assert_eq!(
            change_phone("", ""),
            [
                ("newPhone", "Enter your phone number."),
                ("currentPassword", "Enter your current password.")
            ]
        );
        assert!(change_phone("+1 415 555 0124", "secret1").is_empty());
    }

    #[test]
    fn sms_codes_however_pasted() {
        assert_eq!(sms_code("123456").as_deref(), Some("123456"));
        assert_eq!(sms_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(
            sms_code("Your sign-in code: 123456").as_deref(),
            Some("123456")
        );
        assert_eq!(sms_code("12345"), None);
        assert_eq!(sms_code("1234567"), None);
        assert_eq!(code(""), [("code", "Enter the code we sent by SMS.")]);
        assert_eq!(code("12 34"), [("code", "The code has 6 digits.")]);
        assert!(code("123-456").is_empty());
    }

    use super::*;

    #[test]
    fn emails() {
        for ok in ["a@b.co", " ada+x@example.com ", "x.y@sub.example.org"] {
            assert_eq!(email(ok), None, "{ok}");
        }
        assert_eq!(email(""), Some("Enter your email address."));
        assert_eq!(email("   "), Some("Enter your email address."));
        for bad in [
            "a", "a@", "@b.co", "a@b", "a b@c.de", "a@b@c.de", "a@.com", "a@com.",
        ] {
            assert_eq!(
                email(bad),
                Some("Enter an email address like name@example.com."),
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords() {
        assert_eq!(new_password(""), Some("Choose a password."));
        assert_eq!(new_password("12345"), Some("Use at least 6 characters."));
        assert_eq!(new_password("123456"), None);
        // Characters, not bytes: five accented letters are still five.
        assert_eq!(new_password("ééééé"), Some("Use at least 6 characters."));
    }

    #[test]
    fn names() {
        assert_eq!(name("  "), Some("Enter your name."));
        assert_eq!(name(" Ada "), None);
        assert_eq!(name(&"x".repeat(101)), Some("Use at most 100 characters."));
    }

    #[test]
    fn forms_list_problems_in_field_order() {
        assert_eq!(
            login("", ""),
            [
                ("email", "Enter your email address."),
                ("password", "Enter your password.")
            ]
        );
        // Sign-in does not judge an old password's length.
        assert!(login("a@b.co", "123").is_empty());
        assert_eq!(
            register("nope", "", "123"),
            [
                ("email", "Enter an email address like name@example.com."),
                ("name", "Enter your name."),
                ("password", "Use at least 6 characters.")
            ]
        );
        assert!(register("a@b.co", "Ada", "secret1").is_empty());
        assert!(email_only("a@b.co").is_empty());
        assert_eq!(email_only("").len(), 1);
    }

    #[test]
    fn new_passwords_must_match() {
        assert!(new_password_twice("secret1", "secret1").is_empty());
        assert_eq!(
            new_password_twice("secret1", "secret2"),
            [("confirmPassword", "The passwords do not match.")]
        );
        assert_eq!(
            new_password_twice("123", "123"),
            [("newPassword", "Use at least 6 characters.")]
        );
        assert_eq!(
            change_password("", "secret1", "secret1"),
            [("oldPassword", "Enter your current password.")]
        );
        assert!(change_password("old", "secret1", "secret1").is_empty());
    }

    #[test]
    fn email_changes() {
        assert!(change_email("new@b.co", "pw").is_empty());
        assert_eq!(
            change_email("nope", ""),
            [
                ("email", "Enter an email address like name@example.com."),
                ("currentPassword", "Enter your current password.")
            ]
        );
    }

    #[test]
    fn avatars() {
        assert_eq!(avatar("image/png", 1000.0), Ok(()));
        assert_eq!(avatar("image/jpeg", MAX_AVATAR_BYTES), Ok(()));
        assert!(avatar("image/png", MAX_AVATAR_BYTES + 1.0)
            .unwrap_err()
            .contains("2 MB"));
        assert!(avatar("text/plain", 10.0).unwrap_err().contains("image"));
        assert!(avatar("image/svg+xml", 10.0).is_err());
        assert!(avatar("", 10.0).is_err());
        assert!(avatar("image/png", 0.0).is_err());
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_language_states_the_limits() {
        use crate::i18n::{files, Text};
        for lang in files::languages().unwrap() {
            let catalogue = files::read(&lang).unwrap();
            let text = |key: Text| format!("{:?}", catalogue.entries[key as usize]);
            for (key, limit) in [
                (Text::PasswordTooShort, MIN_PASSWORD_CHARS),
                (Text::PasswordHint, MIN_PASSWORD_CHARS),
                (Text::NameTooLong, MAX_NAME_CHARS),
                (Text::CodeDigits, CODE_DIGITS),
                (Text::ImageTooBig, MAX_AVATAR_MB as usize),
            ] {
                assert!(
                    text(key).contains(&limit.to_string()),
                    "{lang}: {key:?} {}",
                    text(key)
                );
            }
        }
    }
}
