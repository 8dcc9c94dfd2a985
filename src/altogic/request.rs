//! A call, described as data before anything is sent, so that every request
//! the client builds (method, path, query, headers, body) and every answer
//! it parses is tested on the host.

use serde::de::{DeserializeOwned, IgnoredAny};

use super::{json, ApiError};
use crate::config::Config;
use crate::percent::encode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Empty,
    /// JSON text, written with `JsonObject`.
    Json(String),
    /// A multipart form with the file in the field `file`; the file itself
    /// is handed to the sender beside the request (`Api::upload_file`).
    Form,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    /// Relative to `<env>/_api/rest/v1/`, e.g. `auth/signin-email`.
    pub path: &'static str,
    pub query: Vec<(&'static str, String)>,
    pub body: Body,
}

/// A request and the type of its answer: what the server sends (`W`) and
/// what the caller gets (`A`, the same unless `finish` turns one into the
/// other). Each request builder returns one and `Api::send` sends it, so a
/// call is written once.
pub struct Call<A, W = A> {
    pub request: ApiRequest,
    finish: fn(W) -> A,
}

impl<A> Call<A> {
    pub fn new(request: ApiRequest) -> Self {
        Self {
            request,
            finish: |answer| answer,
        }
    }
}

/// A call whose answer nobody reads.
pub type Done = Call<(), IgnoredAny>;

impl Done {
    pub fn done(request: ApiRequest) -> Self {
        Call::then(request, drop)
    }
}

impl<A, W> Call<A, W> {
    /// A call whose answer `finish` turns into what the caller gets.
    pub fn then(request: ApiRequest, finish: fn(W) -> A) -> Self {
        Self { request, finish }
    }

    pub fn finish(&self, answer: W) -> A {
        (self.finish)(answer)
    }
}

/// The tests read a call's request as they read a request.
impl<A, W> std::ops::Deref for Call<A, W> {
    type Target = ApiRequest;

    fn deref(&self) -> &ApiRequest {
        &self.request
    }
}

/// The name this client gives in `X-Client`.
pub const CLIENT_NAME: &str = "altogic-yew";

impl ApiRequest {
    pub fn get(path: &'static str) -> Self {
        Self {
            method: Method::Get,
            path,
            query: Vec::new(),
            body: Body::Empty,
        }
    }

    pub fn post(path: &'static str) -> Self {
        Self {
            method: Method::Post,
            ..Self::get(path)
        }
    }

    /// A call of an endpoint of the operator's (`path` from `/`, beside
    /// the REST API: `<env URL>/user`), as `altogic.endpoint.delete` makes.
    pub fn delete(path: &'static str) -> Self {
        Self {
            method: Method::Delete,
            ..Self::get(path)
        }
    }

    pub fn query(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.query.push((key, value.into()));
        self
    }

    pub fn json(mut self, body: JsonObject) -> Self {
        self.body = Body::Json(body.finish());
        self
    }

    pub fn form(mut self) -> Self {
        self.body = Body::Form;
        self
    }

    /// The full URL, with every query value percent-encoded (unlike the JS
    /// client, which sends emails raw and so turns `+` into a space).
    pub fn url(&self, config: &Config) -> String {
        // An operator's endpoint is named from the environment's root.
        let mut url = if self.path.starts_with('/') {
            format!("{}{}", config.env_url, self.path)
        } else {
            config.rest_url(self.path)
        };
        for (i, (key, value)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(key);
            url.push('=');
            url.push_str(&encode(value));
        }
        url
    }

    /// The headers to send, given the session token when signed in.
    pub fn headers<'a>(
        &self,
        config: &'a Config,
        session: Option<&'a str>,
    ) -> Vec<(&'static str, &'a str)> {
        let mut headers = vec![
            ("X-Client", CLIENT_NAME),
            ("X-Client-Key", config.client_key.as_str()),
        ];
        if let Some(token) = session {
            headers.push(("Session", token));
        }
        if matches!(self.body, Body::Json(_)) {
            headers.push(("Content-Type", "application/json"));
        }
        headers
    }
}

/// A flat JSON object of strings and booleans, written by hand: that is all
/// a request body here holds, and serde_json's serializer would weigh more
/// in the wasm than the whole API client.
#[derive(Clone, Debug, Default)]
pub struct JsonObject(String);

impl JsonObject {
    pub fn new() -> Self {
        Self::default()
    }

    fn key(&mut self, key: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        write_json_string(&mut self.0, key);
        self.0.push(':');
    }

    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        write_json_string(&mut self.0, value);
        self
    }

    pub fn bool(mut self, key: &str, value: bool) -> Self {
        self.key(key);
        self.0.push_str(if value { "true" } else { "false" });
        self
    }

    /// `key: null` (unsets a field, as `update` takes it).
    pub fn null(mut self, key: &str) -> Self {
        self.key(key);
        self.0.push_str("null");
        self
    }

    /// A user field's value (`FieldValue`).
    pub fn value(self, key: &str, value: &FieldValue) -> Self {
        match value {
            FieldValue::Text(text) => self.str(key, text),
            FieldValue::Flag(flag) => self.bool(key, *flag),
            FieldValue::Unset => self.null(key),
        }
    }

    /// Nests another object under `key`.
    pub fn object(mut self, key: &str, value: JsonObject) -> Self {
        self.key(key);
        self.0.push_str(&value.finish());
        self
    }

    pub fn finish(self) -> String {
        if self.0.is_empty() {
            "{}".to_owned()
        } else {
            self.0 + "}"
        }
    }
}

/// What a user field is set to: text, a checkbox's state, or nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Flag(bool),
    Unset,
}

/// Writes `value` as a JSON string (RFC 8259): quotes, backslashes and
/// control characters escaped, everything else as it is.
fn write_json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON body as a value, for tests to compare.
#[cfg(test)]
pub fn body_json(body: &Body) -> serde_json::Value {
    match body {
        Body::Json(text) => serde_json::from_str(text).expect("valid JSON"),
        other => panic!("not JSON: {other:?}"),
    }
}

/// Reads a 2xx answer as `T`. Calls that answer with no body use
/// `serde::de::IgnoredAny`, which takes an empty body or anything else.
pub fn parse_ok<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    let body = if body.trim().is_empty() { "null" } else { body };
    json::from_str(body).ok_or_else(|| ApiError::unreadable(status))
}

/// Reads any answer: 2xx as `T`, anything else as the error it carries.
pub fn parse<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        parse_ok(status, body)
    } else {
        Err(ApiError::from_response(status, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn writes_json_objects() {
        assert_eq!(JsonObject::new().finish(), "{}");
        let text = JsonObject::new()
            .str("a", "plain")
            .bool("b", false)
            .object("c", JsonObject::new().str("d", "x"))
            .finish();
        assert_eq!(text, r#"{"a":"plain","b":false,"c":{"d":"x"}}"#);
    }

    #[test]
    fn escapes_anything_a_person_can_type() {
        for hostile in [
            "quote \" and backslash \\",
            "new\nline\ttab\rreturn",
            "\u{0}\u{1}\u{1f}\u{7f}",
            "émoji 🦀 and \u{2028}",
            "</script><!--",
            "{\"injected\":true}",
        ] {
            let text = JsonObject::new().str("k", hostile).finish();
            let back: Value = serde_json::from_str(&text).expect(&text);
            assert_eq!(back, json!({ "k": hostile }), "{text}");
        }
    }

    fn config() -> Config {
        Config::from_values(Some("https://x.example/e:1/"), Some("key-1"), false).unwrap()
    }

    #[test]
    fn urls_encode_query_values() {
        let req = ApiRequest::post("auth/send-magic").query("email", "ada+x@example.com");
        assert_eq!(
            req.url(&config()),
            "https://x.example/e:1/_api/rest/v1/auth/send-magic?email=ada%2Bx%40example.com"
        );
        let req = ApiRequest::get("auth/grant")
            .query("key", "a b&c=d/é")
            .query("x", "");
        assert_eq!(
            req.url(&config()),
            "https://x.example/e:1/_api/rest/v1/auth/grant?key=a%20b%26c%3Dd%2F%C3%A9&x="
        );
    }

    #[test]
    fn headers_carry_key_session_and_type() {
        let config = config();
        let json = ApiRequest::post("auth/signout").json(JsonObject::new());
        assert_eq!(
            json.headers(&config, Some("tok")),
            [
                ("X-Client", CLIENT_NAME),
                ("X-Client-Key", "key-1"),
                ("Session", "tok"),
                ("Content-Type", "application/json")
            ]
        );
        let bare = ApiRequest::get("auth/user");
        assert_eq!(
            bare.headers(&config, None),
            [("X-Client", CLIENT_NAME), ("X-Client-Key", "key-1")]
        );
        // A multipart body's type (with its boundary) is the browser's to set.
        let file = ApiRequest::post("storage/bucket/upload-formdata").form();
        assert!(!file
            .headers(&config, None)
            .iter()
            .any(|(k, _)| *k == "Content-Type"));
    }

    #[test]
    fn parses_success_bodies() {
        let v: Value = parse(200, r#"{"a":1}"#).unwrap();
        assert_eq!(v, json!({"a": 1}));
        // "No body" calls.
        use serde::de::IgnoredAny;
        parse::<IgnoredAny>(200, "").unwrap();
        parse::<IgnoredAny>(204, "  ").unwrap();
        parse::<IgnoredAny>(200, "{}").unwrap();
        // A 2xx that is not what the call returns.
        let err = parse::<Vec<u8>>(200, "{\"user\": ").unwrap_err();
        assert_eq!(err.status, Some(200));
        assert!(err.has_code("unreadable_response"));
    }

    #[test]
    fn parses_error_bodies() {
        let err = parse::<Value>(
            401,
            r#"{"errors":[{"code":"invalid_session_token","message":"Expired"}]}"#,
        )
        .unwrap_err();
        assert!(err.is_dead_session());
        let err = parse::<Value>(500, "Internal Server Error").unwrap_err();
        assert_eq!(err.status, Some(500));
        assert!(err.has_code("http_error"));
    }
}
