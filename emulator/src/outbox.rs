//! The outbox: every mail and SMS the emulator would have sent, for people
//! at `/_outbox` (HTML, links clickable) and for tests at
//! `/_outbox/messages` (JSON).

use axum::extract::{Query, State};
use axum::response::Html;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiResult;
use crate::mail::Action;
use crate::store::Mail;
use crate::{escape, AppState};

#[derive(Deserialize)]
pub struct OutboxQuery {
    to: Option<String>,
}

fn mail_json(mail: &Mail) -> Value {
    let mut json = json!({
        "id": mail.id,
        "kind": if mail.code.is_some() { "sms" } else { "mail" },
        "to": mail.to,
        "subject": mail.subject,
        "text": mail.body,
        "link": mail.link,
        "action": mail.action,
        "createdAt": mail.created_at,
    });
    if let Some(code) = &mail.code {
        json["code"] = json!(code);
    }
    json
}

/// The outbox as JSON, newest first; `?to=` keeps one address's mails.
pub async fn outbox_json(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> ApiResult<Json<Value>> {
    // An email address, or a phone number (`+` arrives as a space when the
    // query was not encoded).
    let to = query.to.map(
        |t| match crate::extract::normalize_phone(&t.replace(' ', "+")) {
            Some(phone) => phone,
            None => crate::extract::normalize_email(&t),
        },
    );
    let mails = state.store.mails(to.as_deref())?;
    Ok(Json(Value::Array(mails.iter().map(mail_json).collect())))
}

/// The outbox for people: every mail with its link, newest first.
pub async fn outbox_page(State(state): State<AppState>) -> ApiResult<Html<String>> {
    let mails = state.store.mails(None)?;
    let mut page = String::from(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Outbox - Altogic emulator</title>\
         <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
         article{border:1px solid #c9cedb;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}\
         .meta{color:#4a5263;font-size:.9rem}a{word-break:break-all}</style>\
         <h1>Outbox</h1><p>Mails and SMS the local backend would have sent, newest first. \
         Each link and code works once.</p>",
    );
    if mails.is_empty() {
        page.push_str("<p>No mail yet.</p>");
    }
    for mail in &mails {
        if let Some(code) = &mail.code {
            page.push_str(&format!(
                "<article><h2>SMS: code {code}</h2><p class=\"meta\">To {to} at {at}</p><p>{text}</p></article>",
                code = escape(code),
                to = escape(&mail.to),
                at = escape(&mail.created_at),
                text = escape(&mail.body),
            ));
            continue;
        }
        page.push_str(&format!(
            "<article><h2>{subject}</h2><p class=\"meta\">To {to} at {at}</p>\
             <p>{text}</p><p><a href=\"{link}\">{link}</a></p></article>",
            subject = escape(&mail.subject),
            to = escape(&mail.to),
            at = escape(&mail.created_at),
            text = escape(Action::from_name(&mail.action).map_or("", |a| a.text())),
            link = escape(&mail.link),
        ));
    }
    Ok(Html(page))
}
