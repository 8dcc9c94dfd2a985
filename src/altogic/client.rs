//! Sends an `ApiRequest` with `fetch` and reads the answer. Every call goes
//! through `Api::answer`, which is where a dead session is noticed. Only
//! the last step, reading a success into its type, is generic: the rest
//! exists once in the wasm, not once per answer type.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use yew::Callback;

use super::request::{parse_ok, ApiRequest, Body, Method};
use super::ApiError;
use crate::config;

/// How long a call may take before the person is told to try again.
const TIMEOUT_MS: u32 = 15_000;

/// The API as one signed-in (or guest) person calls it.
#[derive(Clone)]
pub struct Api {
    session: Option<Rc<str>>,
    on_dead_session: Callback<()>,
}

impl Api {
    /// `on_dead_session` runs when the server says the session is invalid or
    /// missing: the app signs out there, once, for every call.
    pub fn new(session: Option<&str>, on_dead_session: Callback<()>) -> Self {
        Self {
            session: session.map(Rc::from),
            on_dead_session,
        }
    }

    /// The API as the holder of the session `token`, whoever is signed in
    /// here: a dead answer changes nothing here.
    pub fn of_session(token: &str) -> Self {
        Self::new(Some(token), Callback::noop())
    }

    /// Sends `request` and reads a success as `T`.
    pub async fn call<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T, ApiError> {
        self.call_with_file(request, None).await
    }

    /// `call`, with the file a `Body::Form` request uploads.
    pub async fn call_with_file<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
        file: Option<web_sys::File>,
    ) -> Result<T, ApiError> {
        let (status, text) = self.answer(request, file).await?;
        parse_ok(status, &text)
    }

    /// A success's status and body, or the error of a failure.
    async fn answer(
        &self,
        request: ApiRequest,
        file: Option<web_sys::File>,
    ) -> Result<(u16, String), ApiError> {
        let (status, text) = transport(&request, file, self.session.as_deref()).await?;
        if (200..300).contains(&status) {
            return Ok((status, text));
        }
        let error = ApiError::from_response(status, &text);
        if error.is_dead_session() {
            self.on_dead_session.emit(());
        }
        Err(error)
    }
}

/// The status and body text of the answer, or why none came.
async fn transport(
    request: &ApiRequest,
    file: Option<web_sys::File>,
    session: Option<&str>,
) -> Result<(u16, String), ApiError> {
    // The app does not start unconfigured (`lib.rs`).
    let config = config::get().ok_or_else(ApiError::network)?;
    let url = request.url(config);
    let mut builder = match request.method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
    };
    for (key, value) in request.headers(config, session) {
        builder = builder.header(key, value);
    }

    // Abort a call that hangs, and remember that it was the clock.
    let controller = web_sys::AbortController::new().ok();
    builder = builder.abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
    let timed_out = Rc::new(Cell::new(false));
    let _timer = controller.map(|controller| {
        let timed_out = timed_out.clone();
        Timeout::new(TIMEOUT_MS, move || {
            timed_out.set(true);
            controller.abort();
        })
    });
    let failed = || {
        if timed_out.get() {
            ApiError::timeout()
        } else {
            ApiError::network()
        }
    };

    let built = match &request.body {
        Body::Empty => builder.build(),
        Body::Json(json) => builder.body(json.to_string()),
        Body::Form => {
            let form = web_sys::FormData::new().map_err(|_| failed())?;
            if let Some(file) = &file {
                form.append_with_blob("file", file).map_err(|_| failed())?;
            }
            builder.body(form)
        }
    };
    let response = built
        .map_err(|_| failed())?
        .send()
        .await
        .map_err(|_| failed())?;
    let status = response.status();
    let text = response.text().await.map_err(|_| failed())?;
    Ok((status, text))
}
