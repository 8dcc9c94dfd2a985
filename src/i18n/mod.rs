//! The words the app shows, in the page's language.
//!
//! Each language is one file, `i18n/<lang>.json`: every key of [`Text`] and
//! its text, `{name}` where a value goes in, and for a text that counts
//! an object of the language's plural forms (`{"one": …, "other": …}`, the
//! categories of `Intl.PluralRules`). Adding a language is adding a file.
//!
//! The wasm holds no text: the prerenderer writes the page's catalogue into
//! every page, a text a line in the order of `Text`
//! (`<script type="text/plain" id="altogic-texts">`, [`TEXTS_ID`]), and
//! the app reads it once at start. The order cannot drift: the same build
//! writes the lines from the same `Text`. On the host (unit tests, the
//! prerenderer) the catalogues are read from the files; a development
//! build in the browser (`trunk serve`, browser tests) has English built in.

mod keys;

use std::cell::RefCell;

pub use keys::Text;

/// The `id` of the page's catalogue.
pub const TEXTS_ID: &str = "altogic-texts";
/// The language of a build's unprefixed pages when no site chose one.
pub const DEFAULT_LANG: &str = "en";

/// A language's texts, in the order of `Text`. A text that counts is its
/// forms, each `\t<category>=<text>` (`count`). Leaked once read: the
/// texts live as long as the page, and views take them as `&'static str`.
#[derive(Debug)]
pub struct Catalogue {
    pub lang: &'static str,
    pub entries: Vec<&'static str>,
}

/// Starts each form of a text that counts; no text holds it.
const FORM: char = '\t';

thread_local! {
    static CURRENT: RefCell<Option<&'static Catalogue>> = const { RefCell::new(None) };
}

/// The catalogue in use: set by [`use_catalogue`], else the page's (in a
/// release build) or English (elsewhere).
fn current() -> &'static Catalogue {
    if let Some(catalogue) = CURRENT.with(|c| *c.borrow()) {
        return catalogue;
    }
    let catalogue: &'static Catalogue = Box::leak(Box::new(load::initial()));
    CURRENT.with(|c| *c.borrow_mut() = Some(catalogue));
    catalogue
}

/// Makes `catalogue` the one texts come from (the prerenderer, per page).
pub fn use_catalogue(catalogue: &'static Catalogue) {
    CURRENT.with(|c| *c.borrow_mut() = Some(catalogue));
}

/// The language of the page's texts (`<html lang>`).
pub fn lang() -> &'static str {
    current().lang
}

/// The text of `key` (of a text that counts, its `other` form).
pub fn t(key: Text) -> &'static str {
    let text = current().entries.get(key as usize).copied().unwrap_or("");
    if text.starts_with(FORM) {
        form(text, "other")
    } else {
        text
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn fill(key: Text, values: &[(&str, &str)]) -> String {
    put(t(key), values)
}

/// The text of `key` before and after its `{name}`, for a value drawn in
/// markup of its own (`<strong>`).
pub fn around(key: Text, name: &str) -> (&'static str, &'static str) {
    split_at_name(t(key), name)
}

/// `text` before and after its `{name}` (a scan: no substring search code
/// in the wasm), or all of it and nothing.
pub fn split_at_name<'a>(text: &'a str, name: &str) -> (&'a str, &'a str) {
    let at = text.find('{').filter(|&i| {
        text[i + 1..].starts_with(name) && text[i + 1 + name.len()..].starts_with('}')
    });
    match at {
        Some(i) => (&text[..i], &text[i + name.len() + 2..]),
        None => (text, ""),
    }
}

/// `text` with each `{name}` of `values` replaced (a scan: no substring
/// search code in the wasm).
fn put(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        });
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of `key` for `n` of something, in the form the language uses
/// for that number (`Intl.PluralRules`), with `{n}` replaced by it.
pub fn count(key: Text, n: u32) -> String {
    let text = current().entries.get(key as usize).copied().unwrap_or("");
    let text = if text.starts_with(FORM) {
        form(text, &plural_category(lang(), n))
    } else {
        text
    };
    put(text, &[("n", &n.to_string())])
}

/// The form for `category` of a text that counts, else its `other`.
fn form(text: &'static str, category: &str) -> &'static str {
    let find = |c: &str| {
        text.split(FORM)
            .find_map(|f| f.split_once('=').filter(|(k, _)| *k == c).map(|(_, v)| v))
    };
    find(category).or_else(|| find("other")).unwrap_or("")
}

/// The plural category of `n` in `lang`, by the browser's rules.
#[cfg(target_arch = "wasm32")]
fn plural_category(lang: &str, n: u32) -> String {
    let locales = js_sys::Array::of1(&lang.into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    rules.select(n as f64).into()
}

/// On the host (tests, the prerenderer, which draws no counts): the rule of
/// the languages that ship, one for 1, other otherwise.
#[cfg(not(target_arch = "wasm32"))]
fn plural_category(_lang: &str, n: u32) -> String {
    if n == 1 { "one" } else { "other" }.to_owned()
}

/// Whether `lang` is written from right to left (its pages take
/// `dir="rtl"`).
pub fn is_rtl(lang: &str) -> bool {
    matches!(lang, "ar" | "fa" | "he" | "ur")
}

/// Where a page's language puts its pages: `/de` for `/de/login` on a
/// German page; none for a page at the site's root (its default language).
pub fn base_of(path: &str, lang: &str) -> Option<String> {
    let prefix = format!("/{lang}");
    let rest = path.strip_prefix(&prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(prefix)
}

/// `path` without its language's prefix, as routes know it.
pub fn strip_base<'a>(path: &'a str, base: Option<&str>) -> &'a str {
    match base.and_then(|b| path.strip_prefix(b)) {
        Some("") => "/",
        Some(rest) => rest,
        None => path,
    }
}

mod load {
    use super::*;

    /// In the browser's release build: the page's catalogue (every page
    /// of `dist/` has one).
    #[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
    pub fn initial() -> Catalogue {
        from_page().unwrap_or(Catalogue {
            lang: DEFAULT_LANG,
            entries: Vec::new(),
        })
    }

    /// The page's catalogue (a text a line), and `<html lang>`.
    #[cfg(target_arch = "wasm32")]
    pub fn from_page() -> Option<Catalogue> {
        let document = web_sys::window()?.document()?;
        let texts = document.get_element_by_id(TEXTS_ID)?.text_content()?;
        let lang = document
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .unwrap_or_else(|| DEFAULT_LANG.to_owned());
        Some(Catalogue {
            lang: leak(lang),
            entries: leak(texts).split('\n').collect(),
        })
    }

    /// A development build in the browser: the page's catalogue if it has
    /// one, else English, built in.
    #[cfg(all(target_arch = "wasm32", debug_assertions))]
    pub fn initial() -> Catalogue {
        from_page().unwrap_or_else(|| {
            let json = js_sys::JSON::parse(include_str!("../../i18n/en.json"))
                .unwrap_or_else(|_| js_sys::Object::new().into());
            let entries = Text::ALL
                .iter()
                .map(|key| {
                    let value = js_sys::Reflect::get(&json, &key.name().into()).unwrap_or_default();
                    let text = value.as_string().unwrap_or_else(|| {
                        js_sys::Object::entries(&value.into())
                            .iter()
                            .map(|pair| {
                                let pair = js_sys::Array::from(&pair);
                                let (k, v) = (pair.get(0).as_string(), pair.get(1).as_string());
                                format!("{FORM}{}={}", k.unwrap_or_default(), v.unwrap_or_default())
                            })
                            .collect()
                    });
                    leak(text)
                })
                .collect();
            Catalogue {
                lang: DEFAULT_LANG,
                entries,
            }
        })
    }

    /// On the host: English, from its file.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn initial() -> Catalogue {
        super::files::read(DEFAULT_LANG).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }
}

/// The catalogues as files (`i18n/`), for the host: read, checked, and
/// written into pages.
#[cfg(not(target_arch = "wasm32"))]
pub mod files {
    use std::path::PathBuf;

    use serde_json::Value;

    use super::{load::leak, Catalogue, Text, FORM};

    /// The folder of the catalogues.
    pub fn folder() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("i18n")
    }

    /// The languages that ship: one file each, English first.
    pub fn languages() -> Result<Vec<String>, String> {
        let folder = folder();
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let mut langs: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
            .collect();
        langs.sort_by_key(|l| (l != super::DEFAULT_LANG, l.clone()));
        Ok(langs)
    }

    /// The catalogue of `lang`, checked: every key there, none unknown,
    /// each text with the values English puts in it.
    pub fn read(lang: &str) -> Result<Catalogue, String> {
        let path = folder().join(format!("{lang}.json"));
        let raw = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        parse(lang, &raw).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(lang: &str, raw: &str) -> Result<Catalogue, String> {
        let Value::Object(map) = serde_json::from_str(raw).map_err(|e| e.to_string())? else {
            return Err("not a JSON object".into());
        };
        if let Some(unknown) = map
            .keys()
            .find(|k| !Text::ALL.iter().any(|t| t.name() == *k))
        {
            return Err(format!("{unknown} is no key of the app (i18n::Text)"));
        }
        // What the page's format cannot carry: a line break or a tab ends a
        // text, `</` would end the script it is in.
        let plain = |text: &str| !text.contains(['\n', FORM]) && !text.contains("</");
        let mut entries = Vec::with_capacity(Text::ALL.len());
        for key in Text::ALL {
            let name = key.name();
            let entry = match map.get(name) {
                Some(Value::String(text)) if plain(text) && !text.is_empty() => text.clone(),
                Some(Value::Object(forms)) if forms.contains_key("other") => {
                    let mut entry = String::new();
                    for (category, text) in forms {
                        match text.as_str() {
                            Some(text) if plain(text) && !text.is_empty() => {
                                entry.push_str(&format!("{FORM}{category}={text}"));
                            }
                            _ => return Err(format!("{name}.{category}: one line of text")),
                        }
                    }
                    entry
                }
                Some(_) => {
                    return Err(format!("{name}: one line of text, or forms with \"other\""))
                }
                None => return Err(format!("{name} is missing")),
            };
            entries.push(leak(entry));
        }
        Ok(Catalogue {
            lang: leak(lang.to_owned()),
            entries,
        })
    }

    /// The catalogue as a page carries it: a text a line, in the order of `Text`.
    pub fn page_text(catalogue: &Catalogue) -> String {
        catalogue.entries.join("\n")
    }
}

// The catalogues are files on the host.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn fills_and_counts() {
        assert_eq!(put("Hello, {name}", &[("name", "Ada")]), "Hello, Ada");
        assert_eq!(put("{a}{b} {c} {", &[("a", "1"), ("b", "2")]), "12 {c} {");
        let forms = "\tone={n} try left\tother={n} tries left";
        assert_eq!(form(forms, "one"), "{n} try left");
        assert_eq!(form(forms, "few"), "{n} tries left");
        assert_eq!(count(Text::SendNewCodeIn, 1), "Send a new code (1 s)");
        assert_eq!(
            around(Text::LinkSignsInAs, "who").0,
            "This link signs you in as "
        );
        assert_eq!(
            around(Text::LinkSignsInAs, "who").1,
            ". Continue only if this is your account."
        );
    }

    #[test]
    fn a_language_prefix_is_the_pages_base() {
        assert_eq!(base_of("/de/login", "de").as_deref(), Some("/de"));
        assert_eq!(base_of("/de", "de").as_deref(), Some("/de"));
        assert_eq!(base_of("/login", "de"), None);
        assert_eq!(base_of("/design", "de"), None);
        assert_eq!(strip_base("/de/login", Some("/de")), "/login");
        assert_eq!(strip_base("/de", Some("/de")), "/");
        assert_eq!(strip_base("/login", None), "/login");
    }

    /// The `{name}`s of a text, all forms together.
    fn names(text: &str) -> Vec<String> {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_language_has_every_text_with_the_same_values() {
        let english = files::read(DEFAULT_LANG).unwrap();
        let langs = files::languages().unwrap();
        assert!(langs.len() >= 3, "{langs:?}");
        for lang in langs {
            let catalogue = files::read(&lang).unwrap();
            for (key, (theirs, ours)) in Text::ALL
                .iter()
                .zip(catalogue.entries.iter().zip(&english.entries))
            {
                assert_eq!(names(theirs), names(ours), "{lang}: {}", key.name());
            }
        }
    }

    #[test]
    fn a_missing_unknown_or_unfit_text_is_refused() {
        use serde_json::{json, Value};
        let english = std::fs::read_to_string(files::folder().join("en.json")).unwrap();
        let map: serde_json::Map<String, Value> = serde_json::from_str(&english).unwrap();
        let parse = |key: &str, value: Option<Value>| {
            let mut map = map.clone();
            match value {
                Some(value) => map.insert(key.into(), value),
                None => map.remove(key),
            };
            files::parse("xx", &Value::Object(map).to_string())
        };
        let first = Text::ALL[0].name();
        assert!(parse(first, Some("x".into())).is_ok());
        for (key, value, said) in [
            (first, None, "missing"),
            ("NoSuchKey", Some(json!("x")), "NoSuchKey"),
            (first, Some(json!("two\nlines")), first),
            (first, Some(json!("a\ttab")), first),
            (first, Some(json!("</script>")), first),
            (first, Some(json!("")), first),
            (first, Some(json!({"one": "x"})), first),
        ] {
            let err = parse(key, value).unwrap_err();
            assert!(err.contains(said), "{err}");
        }
    }

    #[test]
    fn a_page_carries_a_text_a_line_in_order() {
        let english = files::read(DEFAULT_LANG).unwrap();
        let page = files::page_text(&english);
        let lines: Vec<&str> = page.split('\n').collect();
        assert_eq!(lines.len(), Text::ALL.len());
        assert_eq!(lines[Text::SkipToContent as usize], "Skip to content");
        assert!(lines[Text::SendNewCodeIn as usize].starts_with("\tone="));
    }
}
