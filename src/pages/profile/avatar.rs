//! The profile picture: the uploaded one, or initials drawn here (no
//! third-party avatar service sees the name). Picking an image uploads it
//! to bucket `root` as `user_<id>` and saves its `publicPath` on the user;
//! a failure says why and keeps the old picture. A picture that does not
//! load (a dead link, a host the page may not show) falls back to the
//! initials.

use crate::i18n::{fill, t, T};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::auth::{use_api, use_auth, AuthAction};
use crate::validate::{self, AVATAR_TYPES};

/// Up to two initials from a name or email, e.g. "ada lovelace" → "al",
/// as written: the stylesheet shows them in capitals (the browser knows the
/// capitals of every script; Rust's case tables would add 10 KB of wasm).
pub fn initials(name: &str) -> String {
    let name = name.split('@').next().unwrap_or_default();
    let letters: String = name
        .split(|c: char| c.is_whitespace() || c == '.' || c == '_' || c == '-')
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .collect();
    if letters.is_empty() {
        "?".to_owned()
    } else {
        letters
    }
}

#[derive(Clone, PartialEq, Default)]
struct Upload {
    busy: bool,
    error: Option<String>,
}

#[component]
pub fn Avatar() -> Html {
    let auth = use_auth();
    let api = use_api();
    let upload = use_state(Upload::default);
    // The picture URL that failed to load, if one did.
    let broken = use_state(|| None::<String>);

    let Some(user) = auth.user().cloned() else {
        return Html::default();
    };

    let onchange = {
        let upload = upload.clone();
        let id = user.id.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|files| files.get(0));
            // Picking the same file again must fire `change` again.
            input.set_value("");
            let Some(file) = file else { return };
            if let Err(problem) = validate::avatar(&file.type_(), file.size()) {
                upload.set(Upload {
                    busy: false,
                    error: Some(problem.to_owned()),
                });
                return;
            }
            upload.set(Upload {
                busy: true,
                error: None,
            });
            let (api, auth, upload, id) = (api.clone(), auth.clone(), upload.clone(), id.clone());
            spawn_local(async move {
                let result = async {
                    let stored = api
                        .upload("root", &format!("user_{id}"), file)
                        .await
                        .map_err(|e| (t(T::CouldNotUpload), e))?;
                    api.update_user(&id, "profilePicture", &stored.public_path)
                        .await
                        .map_err(|e| (t(T::CouldNotSavePicture), e))
                }
                .await;
                match result {
                    Ok(user) => {
                        auth.dispatch(AuthAction::UpdateUser(user));
                        upload.set(Upload::default());
                    }
                    Err((what, error)) => {
                        let why = error.messages().collect::<Vec<_>>().join(" ");
                        upload.set(Upload {
                            busy: false,
                            error: Some(format!("{what}: {why}")),
                        });
                    }
                }
            });
        })
    };

    let name = user.display_name().to_owned();
    let picture = user
        .profile_picture
        .clone()
        .filter(|src| broken.as_deref() != Some(src.as_str()));
    html! {
        <div class="avatar-block">
            <figure class="avatar">
                if let Some(src) = picture {
                    <img src={src.clone()} alt={fill(T::PictureOf, &[("name", &name)])} width="96" height="96"
                        onerror={move |_| broken.set(Some(src.clone()))} />
                } else {
                    <span class="initials" role="img" aria-label={fill(T::InitialsOf, &[("name", &name)])}>
                        { initials(&name) }
                    </span>
                }
            </figure>
            <input id="avatar-file" class="visually-hidden" type="file"
                accept={AVATAR_TYPES.join(",")} disabled={upload.busy} {onchange}
                aria-describedby={upload.error.as_ref().map(|_| "avatar-error")} />
            <label for="avatar-file" class="button secondary" aria-busy={upload.busy.then_some("true")}>
                if upload.busy {
                    <span class="spinner" aria-hidden="true"></span>{ t(T::Uploading) }
                } else {
                    { t(T::ChangeAvatar) }
                }
            </label>
            if let Some(error) = &upload.error {
                <p id="avatar-error" class="alert error" role="alert">{ error }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_of_names_and_emails() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("ada"), "a");
        assert_eq!(initials("  grace   brewster murray "), "gb");
        assert_eq!(initials("ada.lovelace@example.com"), "al");
        assert_eq!(initials("émile Zola"), "éZ");
        assert_eq!(initials(""), "?");
        assert_eq!(initials("!!! ???"), "?");
    }
}
