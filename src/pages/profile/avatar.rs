//! The profile picture: the uploaded one, or initials drawn here (no
//! third-party avatar service sees the name). Picking an image uploads it
//! to bucket `root` under a name nobody can guess (a predictable one could
//! be taken first, and Altogic stores a name once: `BucketManager.ts`),
//! showing how much is sent, saves its `publicPath` on the user, then
//! deletes the file it replaced, as idealy does (`fileSaga.js`). Remove
//! unsets the picture and deletes its file. A provider's picture is never
//! deleted, only unset. A failure says why and keeps the old picture. A
//! picture that does not load (a dead link, a host the page may not show)
//! falls back to the initials.

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::altogic::storage::in_storage;
use crate::altogic::{db, storage};
use crate::altogic::{Api, ApiError};
use crate::auth::{use_api, use_auth, AuthAction};
use crate::i18n::{fill, t, Text};
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

/// `user_<id>_<32 hex digits>` from 16 random bytes.
pub fn picture_name(user_id: &str, random: &[u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut name = format!("user_{user_id}_");
    for byte in random {
        name.push(HEX[usize::from(byte >> 4)] as char);
        name.push(HEX[usize::from(byte & 15)] as char);
    }
    name
}

fn random_name(user_id: &str) -> Option<String> {
    let mut random = [0u8; 16];
    web_sys::window()?
        .crypto()
        .ok()?
        .get_random_values_with_u8_array(&mut random)
        .ok()?;
    Some(picture_name(user_id, &random))
}

#[derive(Clone, PartialEq, Default)]
enum Busy {
    #[default]
    No,
    /// Uploading: the percent sent.
    Sending(u8),
    Removing,
}

#[derive(Clone, PartialEq, Default)]
struct Upload {
    busy: Busy,
    error: Option<String>,
}

fn failed(what: Text, error: &ApiError) -> Upload {
    let why = error.messages().collect::<Vec<_>>().join(" ");
    Upload {
        busy: Busy::No,
        error: Some(format!("{}: {why}", t(what))),
    }
}

/// Deletes the file of a picture no longer shown, if it is a stored file;
/// a failure leaves a file behind and costs the person nothing.
async fn forget(api: &Api, old: Option<String>, new: Option<&str>) {
    if let Some(old) = old.filter(|old| in_storage(old) && Some(old.as_str()) != new) {
        let _ = api.send(storage::delete_file(&old)).await;
    }
}

#[component]
pub fn Avatar() -> Html {
    let auth = use_auth();
    let api = use_api();
    // `_eq`: progress events repeat a percent; an unchanged one draws nothing.
    let upload = use_state_eq(Upload::default);
    // The picture URL that failed to load, if one did.
    let broken = use_state(|| None::<String>);
    let input = use_node_ref();
    // After a removal the button is gone: the keyboard goes to the picker,
    // once it is drawn enabled again.
    let refocus = use_state(|| false);
    {
        let (input, refocus) = (input.clone(), refocus.clone());
        use_effect_with(*refocus, move |again| {
            if *again {
                if let Some(input) = input.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
                refocus.set(false);
            }
        });
    }

    let Some(user) = auth.user().cloned() else {
        return Html::default();
    };
    let busy = upload.busy != Busy::No;

    let onchange = {
        let (api, auth, upload) = (api.clone(), auth.clone(), upload.clone());
        let (id, old) = (user.id.clone(), user.profile_picture.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|files| files.get(0));
            // Picking the same file again must fire `change` again.
            input.set_value("");
            let Some(file) = file else { return };
            if let Err(problem) = validate::avatar(&file.type_(), file.size()) {
                upload.set(Upload {
                    busy: Busy::No,
                    error: Some(problem.to_owned()),
                });
                return;
            }
            let Some(name) = random_name(&id) else {
                upload.set(failed(Text::CouldNotUpload, &ApiError::network()));
                return;
            };
            upload.set(Upload {
                busy: Busy::Sending(0),
                error: None,
            });
            let (api, auth, upload, id, old) = (
                api.clone(),
                auth.clone(),
                upload.clone(),
                id.clone(),
                old.clone(),
            );
            spawn_local(async move {
                let progress = {
                    let upload = upload.clone();
                    Callback::from(move |percent| {
                        upload.set(Upload {
                            busy: Busy::Sending(percent),
                            error: None,
                        })
                    })
                };
                let stored = match api
                    .upload(
                        storage::upload("root", &name, &file.type_()),
                        file,
                        progress,
                    )
                    .await
                {
                    Ok(stored) => stored,
                    Err(e) => return upload.set(failed(Text::CouldNotUpload, &e)),
                };
                let path = stored.public_path;
                match api
                    .send(db::update_user(
                        crate::config::users_model(),
                        &id,
                        "profilePicture",
                        Some(&path),
                    ))
                    .await
                {
                    Ok(user) => {
                        auth.dispatch(AuthAction::UpdateUser(user));
                        upload.set(Upload::default());
                        forget(&api, old, Some(&path)).await;
                    }
                    Err(e) => {
                        upload.set(failed(Text::CouldNotSavePicture, &e));
                        // Not shown anywhere: not kept either.
                        forget(&api, Some(path), None).await;
                    }
                }
            });
        })
    };

    let onremove = {
        let (api, auth, upload, refocus) = (api, auth.clone(), upload.clone(), refocus.clone());
        let (id, old) = (user.id.clone(), user.profile_picture.clone());
        Callback::from(move |_: MouseEvent| {
            upload.set(Upload {
                busy: Busy::Removing,
                error: None,
            });
            let (api, auth, upload, refocus, id, old) = (
                api.clone(),
                auth.clone(),
                upload.clone(),
                refocus.clone(),
                id.clone(),
                old.clone(),
            );
            spawn_local(async move {
                match api
                    .send(db::update_user(
                        crate::config::users_model(),
                        &id,
                        "profilePicture",
                        None,
                    ))
                    .await
                {
                    Ok(user) => {
                        auth.dispatch(AuthAction::UpdateUser(user));
                        upload.set(Upload::default());
                        refocus.set(true);
                        forget(&api, old, None).await;
                    }
                    Err(e) => upload.set(failed(Text::CouldNotRemovePicture, &e)),
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
                    <img src={src.clone()} alt={fill(Text::PictureOf, &[("name", &name)])} width="96" height="96"
                        onerror={move |_| broken.set(Some(src.clone()))} />
                } else {
                    <span class="initials" role="img" aria-label={fill(Text::InitialsOf, &[("name", &name)])}>
                        { initials(&name) }
                    </span>
                }
            </figure>
            <input id="avatar-file" ref={input} class="visually-hidden" type="file"
                accept={AVATAR_TYPES.join(",")} disabled={busy} {onchange}
                aria-describedby={upload.error.as_ref().map(|_| "avatar-error")} />
            <label for="avatar-file" class="button secondary" aria-busy={busy.then_some("true")}>
                if let Busy::Sending(_) = upload.busy {
                    <span class="spinner" aria-hidden="true"></span>{ t(Text::Uploading) }
                } else {
                    { t(Text::ChangeAvatar) }
                }
            </label>
            if let Busy::Sending(percent) = upload.busy {
                <progress max="100" value={percent.to_string()} aria-label={t(Text::Uploading)}></progress>
            }
            if user.profile_picture.is_some() {
                <button type="button" class="secondary" disabled={busy} onclick={onremove}
                    aria-busy={(upload.busy == Busy::Removing).then_some("true")}>
                    { t(Text::RemovePicture) }
                </button>
            }
            if let Some(error) = &upload.error {
                <p id="avatar-error" class="alert error" role="alert">{ error }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{initials, picture_name};

    #[test]
    fn picture_names_are_the_users_and_random() {
        let name = picture_name(
            "u1",
            &[
                0, 1, 0xab, 0xff, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 254,
            ],
        );
        assert_eq!(name, "user_u1_0001abff090a0b0c0d0e0f10111213fe");
        assert_ne!(name, picture_name("u1", &[0; 16]));
    }

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
