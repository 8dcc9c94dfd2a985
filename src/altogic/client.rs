//! Sends a `Call` with `fetch` and reads the answer. Every call goes
//! through `Api::checked`, which is where a dead session is noticed. Only
//! the last step, reading a success into its type, is generic: the rest
//! exists once in the wasm, not once per answer type.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use yew::Callback;

use super::request::{parse_ok, ApiRequest, Body, Call, Method};
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

    /// Sends `call` and reads a success as its answer.
    pub async fn send<A, W: DeserializeOwned>(&self, call: Call<A, W>) -> Result<A, ApiError> {
        let answer = transport(&call.request, self.session.as_deref()).await;
        let (status, text) = self.checked(&call.request, answer)?;
        parse_ok(status, &text).map(|answer| call.finish(answer))
    }

    /// `send` for a `Body::Form` request: sends `file` in it and tells
    /// `on_progress` how much of it is sent, in percent.
    pub async fn upload<A, W: DeserializeOwned>(
        &self,
        call: Call<A, W>,
        file: web_sys::File,
        on_progress: Callback<u8>,
    ) -> Result<A, ApiError> {
        let answer = upload::send(&call.request, &file, self.session.as_deref(), on_progress).await;
        let (status, text) = self.checked(&call.request, answer)?;
        parse_ok(status, &text).map(|answer| call.finish(answer))
    }

    /// A success's status and body, or the error of a failure.
    fn checked(
        &self,
        request: &ApiRequest,
        answer: Result<(u16, String), ApiError>,
    ) -> Result<(u16, String), ApiError> {
        let (status, text) = answer?;
        if (200..300).contains(&status) {
            return Ok((status, text));
        }
        let error = ApiError::from_response(status, &text).worded_for(request.path);
        if error.is_dead_session() {
            self.on_dead_session.emit(());
        }
        Err(error)
    }
}

/// The status and body text of the answer, or why none came.
async fn transport(request: &ApiRequest, session: Option<&str>) -> Result<(u16, String), ApiError> {
    // The app does not start unconfigured (`lib.rs`).
    let config = config::get().ok_or_else(ApiError::network)?;
    let url = request.url(config);
    let mut builder = match request.method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
        Method::Delete => Request::delete(&url),
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
        // A form is an upload, sent by `upload::send`.
        Body::Empty | Body::Form => builder.build(),
        Body::Json(json) => builder.body(json.to_string()),
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

/// Uploads go by `XMLHttpRequest`: `fetch` cannot tell how much of a body
/// is sent, and a picture on a slow connection takes seconds (the official
/// client does the same for `onProgress`: `Fetcher.upload`).
mod upload {
    use std::cell::Cell;
    use std::rc::Rc;

    use js_sys::Promise;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{FormData, ProgressEvent, XmlHttpRequest};
    use yew::Callback;

    use super::super::request::ApiRequest;
    use super::super::ApiError;
    use crate::config;

    /// A whole upload may take this long: 2 MB at 1.6 Mbps takes ten seconds.
    const TIMEOUT_MS: u32 = 60_000;

    pub async fn send(
        request: &ApiRequest,
        file: &web_sys::File,
        session: Option<&str>,
        on_progress: Callback<u8>,
    ) -> Result<(u16, String), ApiError> {
        let config = config::get().ok_or_else(ApiError::network)?;
        let failed = |_| ApiError::network();
        let xhr = XmlHttpRequest::new().map_err(failed)?;
        xhr.open("POST", &request.url(config)).map_err(failed)?;
        for (key, value) in request.headers(config, session) {
            xhr.set_request_header(key, value).map_err(failed)?;
        }
        xhr.set_timeout(TIMEOUT_MS);
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let timed_out = timed_out.clone();
            Closure::<dyn Fn()>::new(move || timed_out.set(true))
        };
        xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
        let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                on_progress.emit((e.loaded() * 100.0 / e.total()) as u8);
            }
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let form = FormData::new().map_err(failed)?;
        form.append_with_blob("file", file).map_err(failed)?;
        // `loadend` comes once, after a load, an error, an abort or a timeout.
        let done = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
        xhr.send_with_opt_form_data(Some(&form)).map_err(failed)?;
        let _ = JsFuture::from(done).await;
        match xhr.status().unwrap_or(0) {
            0 if timed_out.get() => Err(ApiError::timeout()),
            0 => Err(ApiError::network()),
            status => Ok((
                status,
                xhr.response_text().ok().flatten().unwrap_or_default(),
            )),
        }
    }
}
