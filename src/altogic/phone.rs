//! `auth/…` calls for phone numbers: sign-up, verification, sign-in with a
//! password or a code sent by SMS, a password reset by code, and a change of
//! number. The number goes URI-encoded in queries (the `+` as `%2B`), in the
//! order the official client sends.

use serde::de::IgnoredAny;

use super::auth::{SignedIn, SignedUp};
use super::request::JsonObject;
use super::{Api, ApiError, ApiRequest, User, UserAnswer};

pub fn sign_up(phone: &str, password: &str, name: &str) -> ApiRequest {
    ApiRequest::post("auth/signup-phone").json(
        JsonObject::new()
            .str("phone", phone)
            .str("password", password)
            .str("nameOrUserData", name),
    )
}

/// Completes a sign-up (a session), or confirms a changed number (none).
pub fn verify(phone: &str, code: &str) -> ApiRequest {
    ApiRequest::post("auth/verify-phone")
        .query("code", code)
        .query("phone", phone)
}

pub fn resend_code(phone: &str) -> ApiRequest {
    ApiRequest::post("auth/resend-code").query("phone", phone)
}

pub fn sign_in(phone: &str, password: &str) -> ApiRequest {
    ApiRequest::post("auth/signin-phone").json(
        JsonObject::new()
            .str("phone", phone)
            .str("password", password),
    )
}

pub fn send_sign_in_code(phone: &str) -> ApiRequest {
    ApiRequest::post("auth/send-code").query("phone", phone)
}

pub fn sign_in_with_code(phone: &str, code: &str) -> ApiRequest {
    ApiRequest::post("auth/signin-code")
        .query("code", code)
        .query("phone", phone)
}

pub fn send_reset_code(phone: &str) -> ApiRequest {
    ApiRequest::post("auth/send-reset-code").query("phone", phone)
}

pub fn reset_password(phone: &str, code: &str, new_password: &str) -> ApiRequest {
    ApiRequest::post("auth/reset-pwd-code")
        .query("phone", phone)
        .query("code", code)
        .json(JsonObject::new().str("newPassword", new_password))
}

/// Sends a code to the new number, which takes effect once verified.
pub fn change(current_password: &str, new_phone: &str) -> ApiRequest {
    ApiRequest::post("auth/change-phone").json(
        JsonObject::new()
            .str("currentPassword", current_password)
            .str("newPhone", new_phone),
    )
}

impl Api {
    pub async fn sign_up_with_phone(
        &self,
        phone: &str,
        password: &str,
        name: &str,
    ) -> Result<SignedUp, ApiError> {
        self.call(sign_up(phone, password, name)).await
    }

    /// A session when it completes a sign-up; none for a changed number.
    pub async fn verify_phone(&self, phone: &str, code: &str) -> Result<SignedUp, ApiError> {
        self.call(verify(phone, code)).await
    }

    pub async fn resend_code(&self, phone: &str) -> Result<(), ApiError> {
        self.call::<IgnoredAny>(resend_code(phone))
            .await
            .map(|_| ())
    }

    pub async fn sign_in_with_phone(
        &self,
        phone: &str,
        password: &str,
    ) -> Result<SignedIn, ApiError> {
        self.call(sign_in(phone, password)).await
    }

    pub async fn send_sign_in_code(&self, phone: &str) -> Result<(), ApiError> {
        self.call::<IgnoredAny>(send_sign_in_code(phone))
            .await
            .map(|_| ())
    }

    pub async fn sign_in_with_code(&self, phone: &str, code: &str) -> Result<SignedIn, ApiError> {
        self.call(sign_in_with_code(phone, code)).await
    }

    pub async fn send_reset_code(&self, phone: &str) -> Result<(), ApiError> {
        self.call::<IgnoredAny>(send_reset_code(phone))
            .await
            .map(|_| ())
    }

    pub async fn reset_password_with_code(
        &self,
        phone: &str,
        code: &str,
        new_password: &str,
    ) -> Result<(), ApiError> {
        self.call::<IgnoredAny>(reset_password(phone, code, new_password))
            .await
            .map(|_| ())
    }

    pub async fn change_phone(&self, password: &str, new_phone: &str) -> Result<User, ApiError> {
        self.call(change(password, new_phone))
            .await
            .map(|UserAnswer(user)| user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altogic::request::{body_json, Body, Method};
    use serde_json::json;

    const PHONE: &str = "+14155550123";

    #[test]
    fn builds_phone_requests_in_the_clients_order() {
        let r = sign_up(PHONE, "secret1", "Pat");
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
