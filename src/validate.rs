//! Checks a form makes before it sends anything: the same rules the server
//! applies (Altogic wants 6+ character passwords), said next to the field.

use crate::i18n::{t, Text};

/// `(field, message)` pairs, in the order of the form's fields.
pub type Problems = Vec<(&'static str, &'static str)>;

/// A checkbox's value, ticked or not (empty: as the page first had it).
pub const CHECKED: &str = "on";
pub const UNCHECKED: &str = "off";

/// A field of a form: its id (as Altogic names it in a request and in an
/// error's `details.field`, and the id of its input), what it must hold,
/// and the value a call gets from what was typed. The form runs each
/// field's check in its order on the page (`components::Form`).
#[derive(Clone, Copy, Debug)]
pub struct FieldRule {
    pub id: &'static str,
    /// What is wrong with what was typed, if anything.
    pub check: Check,
    /// What a call is given: trimmed, in international form, …
    pub value: fn(&str) -> String,
}

pub type Check = fn(&str) -> Option<&'static str>;

/// A field is known by its id (function pointers compare unreliably).
impl PartialEq for FieldRule {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// Every field of the app's forms: a constant each, so an id is written
/// once and a misspelt one does not compile.
pub mod field {
    use super::*;

    fn trimmed(value: &str) -> String {
        value.trim().to_owned()
    }

    fn as_typed(value: &str) -> String {
        value.to_owned()
    }

    pub const EMAIL: FieldRule = FieldRule {
        id: "email",
        check: email,
        value: trimmed,
    };
    pub const NAME: FieldRule = FieldRule {
        id: "name",
        check: name,
        value: trimmed,
    };
    /// The password of a sign-in: anything typed (an old one's length is
    /// not judged).
    pub const PASSWORD: FieldRule = FieldRule {
        id: "password",
        check: |v| v.is_empty().then(|| t(Text::EnterPassword)),
        value: as_typed,
    };
    /// The password of a sign-up: the rules of a new one.
    pub const CHOSEN_PASSWORD: FieldRule = FieldRule {
        check: new_password,
        ..PASSWORD
    };
    pub const PHONE: FieldRule = FieldRule {
        id: "phone",
        check: phone,
        value: |v| international_phone(v).unwrap_or_default(),
    };
    pub const NEW_PHONE: FieldRule = FieldRule {
        id: "newPhone",
        ..PHONE
    };
    /// Consent to the site's terms and privacy policy (`config::legal`):
    /// the user document keeps when (`termsAcceptedAt`).
    pub const CONSENT: FieldRule = FieldRule {
        id: "termsAcceptedAt",
        check: |v| (v != CHECKED).then(|| t(Text::ConsentNeeded)),
        value: as_typed,
    };
    /// "Keep me signed in", ticked unless untouched and unticked.
    pub const KEEP_SIGNED_IN: FieldRule = FieldRule {
        id: "keepSignedIn",
        check: |_| None,
        value: as_typed,
    };
    pub const CODE: FieldRule = FieldRule {
        id: "code",
        check: code,
        value: |v| sms_code(v).unwrap_or_default(),
    };
    pub const NEW_PASSWORD: FieldRule = FieldRule {
        id: "newPassword",
        check: new_password,
        value: as_typed,
    };
    /// Its match with the new password is the form's own check
    /// (`confirmed`).
    pub const CONFIRM_PASSWORD: FieldRule = FieldRule {
        id: "confirmPassword",
        check: |_| None,
        value: as_typed,
    };
    /// The current password, in a change of password.
    pub const OLD_PASSWORD: FieldRule = FieldRule {
        id: "oldPassword",
        check: |v| v.is_empty().then(|| t(Text::EnterCurrentPassword)),
        value: as_typed,
    };
    /// The current password, in a change of email or number.
    pub const CURRENT_PASSWORD: FieldRule = FieldRule {
        id: "currentPassword",
        ..OLD_PASSWORD
    };
    /// The account's address typed again, to confirm what cannot be undone.
    pub const CONFIRM_EMAIL: FieldRule = FieldRule {
        id: "confirmEmail",
        ..EMAIL
    };
}

/// The kinds of field an operator adds to sign-up (`config::SignupField`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Text,
    Tel,
    Url,
    Date,
    /// One of the options it lists.
    Choice,
    Checkbox,
}

/// The rule of an operator's own field `id`: the shape its kind asks for,
/// and something there when it is `required` (an optional one is judged
/// only when filled in). A checkbox's value is whether it is ticked.
pub fn custom(id: &'static str, kind: Kind, required: bool) -> FieldRule {
    fn trimmed(value: &str) -> String {
        value.trim().to_owned()
    }
    fn as_typed(value: &str) -> String {
        value.to_owned()
    }
    let (check, value): (Check, fn(&str) -> String) = match (kind, required) {
        (Kind::Text, true) => (|v| filled(v).err(), trimmed),
        (Kind::Text, false) => (|_| None, trimmed),
        (Kind::Tel, true) => (phone, |v| international_phone(v).unwrap_or_default()),
        (Kind::Tel, false) => (
            |v| filled(v).ok().and_then(phone),
            |v| international_phone(v).unwrap_or_default(),
        ),
        (Kind::Url, true) => (|v| filled(v).map_or_else(Some, url), trimmed),
        (Kind::Url, false) => (|v| filled(v).ok().and_then(url), trimmed),
        (Kind::Date, true) => (|v| filled(v).map_or_else(Some, date), trimmed),
        (Kind::Date, false) => (|v| filled(v).ok().and_then(date), trimmed),
        (Kind::Choice, true) => (|v| v.is_empty().then(|| t(Text::ChooseOne)), as_typed),
        (Kind::Choice, false) => (|_| None, as_typed),
        (Kind::Checkbox, true) => (|v| (v != CHECKED).then(|| t(Text::TickToGoOn)), as_typed),
        (Kind::Checkbox, false) => (|_| None, as_typed),
    };
    FieldRule { id, check, value }
}

/// What was typed, when something was; else what to say.
fn filled(value: &str) -> Result<&str, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        Err(t(Text::FillIn))
    } else {
        Ok(value)
    }
}

/// A web address: `http(s)://` and a host with a dot, no spaces.
pub fn is_url(value: &str) -> bool {
    let value = value.trim();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    host.is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.ends_with('.'))
        && !value.chars().any(char::is_whitespace)
}

fn url(value: &str) -> Option<&'static str> {
    (!is_url(value)).then(|| t(Text::UrlShape))
}

/// A day of the calendar as a date input gives it: `YYYY-MM-DD`.
pub fn is_date(value: &str) -> bool {
    let parts: Vec<&str> = value.trim().split('-').collect();
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    match parts[..] {
        [year, month, day] => {
            let (Some(year), Some(month), Some(day)) =
                (number(year, 4), number(month, 2), number(day, 2))
            else {
                return false;
            };
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                1..=12 => 31,
                _ => 0,
            };
            (1..=days).contains(&day)
        }
        _ => false,
    }
}

fn date(value: &str) -> Option<&'static str> {
    (!is_date(value)).then(|| t(Text::DateShape))
}

/// The problems of a form's fields with what was typed in each, in their
/// order.
pub fn problems<'a>(fields: impl IntoIterator<Item = (FieldRule, &'a str)>) -> Problems {
    fields
        .into_iter()
        .filter_map(|(field, typed)| (field.check)(typed).map(|problem| (field.id, problem)))
        .collect()
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
    crate::country::international(value, crate::country::chosen_calling_code())
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

pub fn code(value: &str) -> Option<&'static str> {
    if value.trim().is_empty() {
        Some(t(Text::EnterCode))
    } else if sms_code(value).is_none() {
        Some(t(Text::CodeDigits))
    } else {
        None
    }
}

thread_local! {
    /// The new password the meter judged last, and whether it is below
    /// the site's minimum (`--min-password-strength`): the judge is in the
    /// chunk (`lazy`), this check in every guest page.
    static JUDGED: std::cell::RefCell<Option<(String, bool)>> = const { std::cell::RefCell::new(None) };
}

/// What the meter made of `password` (`lazy`).
pub fn judged(password: &str, below_minimum: bool) {
    JUDGED.with(|j| *j.borrow_mut() = Some((password.to_owned(), below_minimum)));
}

/// Whether the site asks for a stronger `password`, as the meter judged
/// it. Not judged (the chunk could not come): not refused here; the
/// service decides, as it does for anyone calling it directly.
fn too_weak(password: &str) -> bool {
    JUDGED.with(|j| {
        j.borrow()
            .as_ref()
            .is_some_and(|(p, below)| p == password && *below)
    })
}

pub fn new_password(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        Some(t(Text::ChoosePassword))
    } else if value.chars().count() < MIN_PASSWORD_CHARS {
        Some(t(Text::PasswordTooShort))
    } else if too_weak(value) {
        Some(t(Text::PasswordTooWeak))
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

/// A new password typed twice: whether the two match (each one's own
/// rules are its field's).
pub fn confirmed(password: &str, again: &str) -> Problems {
    if password == again {
        Vec::new()
    } else {
        vec![(field::CONFIRM_PASSWORD.id, t(Text::PasswordsDiffer))]
    }
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
            problems([(field::PHONE, "+44 20 7946 0958"), (field::PASSWORD, "")]),
            [("password", "Enter your password.")]
        );
        assert_eq!((field::PHONE.value)(" +1 (415) 555-0123"), "+14155550123");
    }

    #[test]
    fn a_new_phone_number_with_the_current_password() {
        let change_phone =
            |to, password| problems([(field::NEW_PHONE, to), (field::CURRENT_PASSWORD, password)]);
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
        assert_eq!(code(""), Some("Enter the code we sent by SMS."));
        assert_eq!(code("12 34"), Some("The code has 6 digits."));
        assert_eq!(code("123-456"), None);
        assert_eq!((field::CODE.value)("Your code: 123 456"), "123456");
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
        let login =
            |email, password| problems([(field::EMAIL, email), (field::PASSWORD, password)]);
        let register = |email, name, password| {
            problems([
                (field::EMAIL, email),
                (field::NAME, name),
                (field::CHOSEN_PASSWORD, password),
            ])
        };
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
        // What a call gets: the address and the name trimmed, a password as typed.
        assert_eq!((field::EMAIL.value)(" ada@example.com "), "ada@example.com");
        assert_eq!((field::NAME.value)(" Ada "), "Ada");
        assert_eq!((field::CHOSEN_PASSWORD.value)(" secret1 "), " secret1 ");
    }

    #[test]
    fn new_passwords_must_match() {
        assert!(confirmed("secret1", "secret1").is_empty());
        assert_eq!(
            confirmed("secret1", "secret2"),
            [("confirmPassword", "The passwords do not match.")]
        );
        let change_password = |current, password, again| {
            problems([
                (field::OLD_PASSWORD, current),
                (field::NEW_PASSWORD, password),
                (field::CONFIRM_PASSWORD, again),
            ])
        };
        assert_eq!(
            change_password("old", "123", "123"),
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
        let change_email =
            |to, password| problems([(field::EMAIL, to), (field::CURRENT_PASSWORD, password)]);
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

    #[test]
    fn an_operators_fields_are_checked_by_their_kind() {
        let company = custom("company", Kind::Text, true);
        assert_eq!((company.check)("  "), Some("Fill in this field."));
        assert_eq!((company.check)(" Acme "), None);
        assert_eq!((company.value)(" Acme "), "Acme");
        // Optional: nothing typed is fine, something typed is judged.
        let site = custom("website", Kind::Url, false);
        assert_eq!((site.check)(""), None);
        assert!((site.check)("acme.example").is_some());
        assert_eq!((site.check)("https://acme.example/x"), None);
        let site = custom("website", Kind::Url, true);
        assert_eq!((site.check)(""), Some("Fill in this field."));
        for bad in [
            "http://",
            "https://nodot",
            "ftp://a.example",
            "https://a .example",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
        let born = custom("born", Kind::Date, false);
        assert_eq!((born.check)("2000-02-29"), None);
        for bad in [
            "2001-02-29",
            "2000-13-01",
            "2000-1-01",
            "yesterday",
            "2000-04-31",
        ] {
            assert!((born.check)(bad).is_some(), "{bad}");
        }
        let mobile = custom("mobile", Kind::Tel, false);
        assert_eq!((mobile.check)(""), None);
        assert!((mobile.check)("555 0123").is_some());
        assert_eq!((mobile.value)("+1 415 555 0123"), "+14155550123");
        let role = custom("role", Kind::Choice, true);
        assert_eq!((role.check)(""), Some("Choose one of the options."));
        assert_eq!((role.check)("dev"), None);
        assert_eq!((custom("role", Kind::Choice, false).check)(""), None);
        let news = custom("newsletter", Kind::Checkbox, true);
        assert_eq!((news.check)(UNCHECKED), Some("Tick this box to go on."));
        assert_eq!((news.check)(CHECKED), None);
        assert_eq!((custom("news", Kind::Checkbox, false).check)(""), None);
    }
}
