//! Sends an `ApiRequest` with `fetch` and reads the answer. Every call goes
//! through `Api::send`, which is where a dead session is noticed.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use yew::Callback;

use super::request::{parse, ApiRequest, Body, Method};
use super::ApiError;
use crate::config;

/// How long a call may take before the person is told to try again.
const TIMEOUT_MS: u32 = 15_000;

/// The API as one signed-in (or guest) person calls it.
#[derive(Clone, PartialEq)]
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

    pub async fn call<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T, ApiError> {
        self.send(request, None).await
    }

    pub async fn send<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
        file: Option<web_sys::File>,
    ) -> Result<T, ApiError> {
        let result = transport(&request, file, self.session.as_deref()).await;
        if let Err(err) = &result {
            if err.is_dead_session() {
                self.on_dead_session.emit(());
            }
        }
        result
    }
}

async fn transport<T: DeserializeOwned>(
    request: &ApiRequest,
    file: Option<web_sys::File>,
    session: Option<&str>,
) -> Result<T, ApiError> {
    let config = config::get();
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
        Body::File => {
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
    parse(status, &text)
}
