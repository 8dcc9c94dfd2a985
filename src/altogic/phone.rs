//! `auth/…` calls for phone numbers: sign-up, verification, sign-in with a
//! password or a code sent by SMS, a password reset by code, and a change of
//! number. The number goes URI-encoded in queries (the `+` as `%2B`), in the
//! order the official client sends.

use super::auth::{SignedIn, SignedUp, UserData};
use super::request::{Call, Done, JsonObject};
use super::{ApiRequest, User, UserAnswer};

pub fn sign_up(phone: &str, password: &str, data: &UserData) -> Call<SignedUp> {
    Call::new(
        ApiRequest::post("auth/signup-phone").json(
            data.put_in(
                JsonObject::new()
                    .str("phone", phone)
                    .str("password", password),
            ),
        ),
    )
}

/// Completes a sign-up (a session), or confirms a changed number (none).
pub fn verify(phone: &str, code: &str) -> Call<SignedUp> {
    Call::new(
        ApiRequest::post("auth/verify-phone")
            .query("code", code)
            .query("phone", phone),
    )
}

pub fn resend_code(phone: &str) -> Done {
    Call::done(ApiRequest::post("auth/resend-code").query("phone", phone))
}

pub fn sign_in(phone: &str, password: &str) -> Call<SignedIn> {
    Call::new(
        ApiRequest::post("auth/signin-phone").json(
            JsonObject::new()
                .str("phone", phone)
                .str("password", password),
        ),
    )
}

pub fn send_sign_in_code(phone: &str) -> Done {
    Call::done(ApiRequest::post("auth/send-code").query("phone", phone))
}

pub fn sign_in_with_code(phone: &str, code: &str) -> Call<SignedIn> {
    Call::new(
        ApiRequest::post("auth/signin-code")
            .query("code", code)
            .query("phone", phone),
    )
}

pub fn send_reset_code(phone: &str) -> Done {
    Call::done(ApiRequest::post("auth/send-reset-code").query("phone", phone))
}

pub fn reset_password(phone: &str, code: &str, new_password: &str) -> Done {
    Call::done(
        ApiRequest::post("auth/reset-pwd-code")
            .query("phone", phone)
            .query("code", code)
            .json(JsonObject::new().str("newPassword", new_password)),
    )
}

/// Sends a code to the new number, which takes effect once verified.
pub fn change(current_password: &str, new_phone: &str) -> Call<User, UserAnswer> {
    Call::then(
        ApiRequest::post("auth/change-phone").json(
            JsonObject::new()
                .str("currentPassword", current_password)
                .str("newPhone", new_phone),
        ),
        |UserAnswer(user)| user,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altogic::request::{body_json, Body, Method};
    use serde_json::json;

    const PHONE: &str = "+14155550123";

    #[test]
    fn builds_phone_requests_in_the_clients_order() {
        let pat = UserData::named("Pat");
        let r = sign_up(PHONE, "secret1", &pat);
        assert_eq!((r.method, r.path), (Method::Post, "auth/signup-phone"));
        assert_eq!(
            body_json(&r.body),
            json!({"phone": PHONE, "password": "secret1", "nameOrUserData": "Pat"})
        );
        let query = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
        };
        let r = verify(PHONE, "123456");
        assert_eq!(
            (r.method, r.path, &r.body),
            (Method::Post, "auth/verify-phone", &Body::Empty)
        );
        assert_eq!(r.query, query(&[("code", "123456"), ("phone", PHONE)]));
        let r = sign_in_with_code(PHONE, "123456");
        assert_eq!(r.path, "auth/signin-code");
        assert_eq!(r.query, query(&[("code", "123456"), ("phone", PHONE)]));
        let r = reset_password(PHONE, "123456", "better1");
        assert_eq!(r.path, "auth/reset-pwd-code");
        assert_eq!(r.query, query(&[("phone", PHONE), ("code", "123456")]));
        assert_eq!(body_json(&r.body), json!({"newPassword": "better1"}));
        for (r, path) in [
            (resend_code(PHONE), "auth/resend-code"),
            (send_sign_in_code(PHONE), "auth/send-code"),
            (send_reset_code(PHONE), "auth/send-reset-code"),
        ] {
            assert_eq!(
                (r.method, r.path, &r.body),
                (Method::Post, path, &Body::Empty)
            );
            assert_eq!(r.query, query(&[("phone", PHONE)]));
        }
        let r = sign_in(PHONE, "secret1");
        assert_eq!(r.path, "auth/signin-phone");
        assert_eq!(
            body_json(&r.body),
            json!({"phone": PHONE, "password": "secret1"})
        );
        let r = change("secret1", "+14155550124");
        assert_eq!(r.path, "auth/change-phone");
        assert_eq!(
            body_json(&r.body),
            json!({"currentPassword": "secret1", "newPhone": "+14155550124"})
        );
    }

    #[test]
    fn the_phone_goes_encoded_into_the_url() {
        let url = verify(PHONE, "123456")
            .url(&crate::config::Config::from_values(Some("http://h"), Some("k"), false).unwrap());
        assert_eq!(
            url,
            "http://h/_api/rest/v1/auth/verify-phone?code=123456&phone=%2B14155550123"
        );
    }
}
