//! Tags as exports write them: a JSON object (FOCUS, Azure without braces),
//! `k:v;k2:v2` (Alibaba), `k:v,k2:v2` or `k=v` lists (Tencent, Huawei), and
//! arrays of key/value objects (BigQuery, Tencent's API).

use cloudlens_model::Tags;
use serde_json::Value;

/// A FOCUS `Tags` JSON object. Keys are trimmed (real exports carry
/// stray leading spaces); non-string values keep their JSON text.
pub fn from_json(text: &str) -> Result<Tags, String> {
    let t = text.trim();
    // Azure writes the members without the enclosing braces.
    let owned;
    let t = if t.starts_with('"') {
        owned = format!("{{{t}}}");
        owned.as_str()
    } else {
        t
    };
    let v: Value =
        serde_json::from_str(t).map_err(|_| "a JSON object of tag keys and values".to_string())?;
    let Value::Object(map) = v else {
        return Err("a JSON object of tag keys and values".to_string());
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k.trim().to_string(), v)
        })
        .collect())
}

/// `key:value` pairs separated by any of `separators`; `=` also splits a
/// pair. Pairs without a separator become a key with an empty value.
pub fn from_pairs(text: &str, separators: &[char]) -> Tags {
    text.split(separators)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once([':', '=']) {
            Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// A JSON object of tags, or an array of key/value objects (BigQuery's
/// `[{"key": "env", "value": "prod"}]`, Tencent's `TagKey` / `TagValue`).
pub fn from_json_any(text: &str) -> Option<Tags> {
    let v: Value = serde_json::from_str(text).ok()?;
    match v {
        Value::Object(_) => from_json(text).ok(),
        Value::Array(items) => {
            let mut tags = Tags::new();
            for item in items {
                let Value::Object(o) = item else { return None };
                let field = |names: &[&str]| {
                    names.iter().find_map(|n| o.get(*n)).map(|v| match v {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    })
                };
                let key = field(&["key", "Key", "TagKey", "tagKey"])?;
                let value = field(&["value", "Value", "TagValue", "tagValue"]).unwrap_or_default();
                tags.insert(key.trim().to_string(), value);
            }
            Some(tags)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_objects_with_and_without_braces() {
        let t = from_json(r#"{" env": "prod", "n": 3}"#).unwrap();
        assert_eq!(t.get("env").map(String::as_str), Some("prod"));
        assert_eq!(t.get("n").map(String::as_str), Some("3"));
        let t = from_json(r#""team": "data","cc": "42""#).unwrap();
        assert_eq!(t.len(), 2);
        assert!(from_json("[1]").is_err());
    }

    #[test]
    fn json_objects_or_arrays_of_key_value_objects() {
        let t = from_json_any(
            r#"[{"key": "env", "value": "prod"}, {"TagKey": "team", "TagValue": null}]"#,
        )
        .unwrap();
        assert_eq!(t.get("env").map(String::as_str), Some("prod"));
        assert_eq!(t.get("team").map(String::as_str), Some(""));
        assert!(from_json_any("[1]").is_none());
    }

    #[test]
    fn pair_lists() {
        let t = from_pairs("env:prod; team:数据平台;solo", &[';']);
        assert_eq!(t.get("team").map(String::as_str), Some("数据平台"));
        assert_eq!(t.get("solo").map(String::as_str), Some(""));
    }
}
