//! Reading JSON. In the browser the text goes through the browser's own
//! `JSON.parse` and is read into our serde types by `serde-wasm-bindgen`, so
//! the wasm carries no JSON parser; on the host (unit tests, the
//! prerenderer) `serde_json` reads it. The `Deserialize` impls are the same
//! for both, so every reader is tested on the host.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;

/// Reads `text` as a `T`; `None` when it is not JSON or not a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    Raw::parse(text)?.read()
}

/// A JSON value kept whole, to be read later or written back as text.
#[derive(Clone, Debug)]
pub struct Raw(imp::Value);

impl Raw {
    pub fn parse(text: &str) -> Option<Self> {
        imp::parse(text).map(Self)
    }

    /// Reads the value as a `T`; `None` when it is not one.
    pub fn read<T: DeserializeOwned>(&self) -> Option<T> {
        imp::read(&self.0)
    }

    /// The value as JSON text.
    pub fn text(&self) -> String {
        imp::text(&self.0)
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        imp::deserialize(deserializer).map(Self)
    }
}

/// For `#[serde(deserialize_with = "lenient")]`: a field of any shape is
/// read as a `T` if it is one, else as `T::default()`, so one odd field
/// never costs the whole answer.
pub fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Raw::deserialize(deserializer)?.read().unwrap_or_default())
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use serde::de::{DeserializeOwned, Deserializer};
    use wasm_bindgen::JsValue;

    pub type Value = JsValue;

    pub fn parse(text: &str) -> Option<Value> {
        js_sys::JSON::parse(text).ok()
    }

    pub fn read<T: DeserializeOwned>(value: &Value) -> Option<T> {
        serde_wasm_bindgen::from_value(value.clone()).ok()
    }

    pub fn text(value: &Value) -> String {
        js_sys::JSON::stringify(value)
            .map(String::from)
            .unwrap_or_default()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        serde_wasm_bindgen::preserve::deserialize(deserializer)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use serde::de::{DeserializeOwned, Deserializer};
    use serde::Deserialize;
    use serde_json::value::RawValue;

    pub type Value = Box<RawValue>;

    pub fn parse(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }

    pub fn read<T: DeserializeOwned>(value: &Value) -> Option<T> {
        serde_json::from_str(value.get()).ok()
    }

    pub fn text(value: &Value) -> String {
        value.get().to_owned()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        Box::<RawValue>::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Point {
        x: i32,
    }

    #[test]
    fn reads_values_and_refuses_the_rest() {
        assert_eq!(from_str::<Point>(r#"{"x": 3}"#), Some(Point { x: 3 }));
        for bad in ["", "{", "null", "7", r#"{"x":"3"}"#] {
            assert_eq!(from_str::<Point>(bad), None, "{bad}");
        }
    }

    #[test]
    fn odd_fields_are_read_leniently() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(default, deserialize_with = "lenient")]
            p: Point,
        }
        for (text, x) in [
            (r#"{"p":{"x":7}}"#, 7),
            (r#"{"p":"odd"}"#, 0),
            (r#"{"p":null}"#, 0),
            ("{}", 0),
        ] {
            assert_eq!(from_str::<Holder>(text).map(|h| h.p.x), Some(x), "{text}");
        }
    }
}
