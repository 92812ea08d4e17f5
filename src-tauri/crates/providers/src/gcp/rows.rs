//! BigQuery's JSON rows as text cells. A query answer carries its schema
//! (`{"fields": [{"name", "type", "mode", "fields"}]}`) and rows as
//! `{"f": [{"v": ...}]}`, every scalar a string (numbers included) or
//! null; a REPEATED field is `[{"v": ...}]` and a RECORD `{"f": [...]}`.
//! Scalars stay the text BigQuery gave (amounts are never read through a
//! float); records and repeated fields become the JSON text the billing
//! export's JSON files hold (`[{"key": "env", "value": "prod"}]`), which
//! is what the bill mapper reads for labels and credits.

use serde_json::{Map, Value};

use super::errors::bad;
use crate::ProviderError;

/// A field of the schema, with its sub-fields when it is a RECORD.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub name: String,
    repeated: bool,
    fields: Vec<Field>,
}

/// The answer's `schema.fields`.
pub(super) fn schema(answer: &Value, action: &str) -> Result<Vec<Field>, ProviderError> {
    let fields = answer
        .get("schema")
        .and_then(|s| s.get("fields"))
        .ok_or_else(|| bad(action, "schema.fields"))?;
    fields_of(fields, action)
}

fn fields_of(v: &Value, action: &str) -> Result<Vec<Field>, ProviderError> {
    let list = v
        .as_array()
        .ok_or_else(|| bad(action, "a list of schema fields"))?;
    list.iter()
        .map(|f| {
            let name = f
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| bad(action, "a schema field's name"))?;
            let sub = match f.get("fields") {
                Some(s) => fields_of(s, action)?,
                None => Vec::new(),
            };
            Ok(Field {
                name: name.to_string(),
                repeated: f.get("mode").and_then(Value::as_str) == Some("REPEATED"),
                fields: sub,
            })
        })
        .collect()
}

/// Each of the answer's rows as one text cell per schema field (empty for null).
pub(super) fn cells(
    answer: &Value,
    schema: &[Field],
    action: &str,
) -> Result<Vec<Vec<String>>, ProviderError> {
    let Some(rows) = answer.get("rows") else {
        return Ok(Vec::new());
    };
    let rows = rows
        .as_array()
        .ok_or_else(|| bad(action, "rows as a list"))?;
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let values = record_values(row, schema.len())
                .ok_or_else(|| bad(action, &format!("row {i} with one value per field")))?;
            Ok(schema
                .iter()
                .zip(values)
                .map(|(f, v)| cell_text(f, v))
                .collect())
        })
        .collect()
}

/// `{"f": [{"v": ...}, ...]}` as its values, when there are `n` of them.
fn record_values(record: &Value, n: usize) -> Option<Vec<&Value>> {
    let f = record.get("f")?.as_array()?;
    (f.len() == n).then(|| {
        f.iter()
            .map(|c| c.get("v").unwrap_or(&Value::Null))
            .collect()
    })
}

/// A top-level cell as text: a scalar's own text, a record or list as JSON.
fn cell_text(field: &Field, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) if !field.repeated && field.fields.is_empty() => s.clone(),
        other => json_of(field, other).to_string(),
    }
}

/// A value as the export's JSON files write it.
fn json_of(field: &Field, v: &Value) -> Value {
    if field.repeated {
        let items = v.as_array().map(Vec::as_slice).unwrap_or_default();
        let one = Field {
            repeated: false,
            ..field.clone()
        };
        return Value::Array(
            items
                .iter()
                .map(|item| json_of(&one, item.get("v").unwrap_or(&Value::Null)))
                .collect(),
        );
    }
    if field.fields.is_empty() {
        return v.clone();
    }
    let Some(values) = record_values(v, field.fields.len()) else {
        return Value::Null;
    };
    let mut out = Map::new();
    for (sub, value) in field.fields.iter().zip(values) {
        out.insert(sub.name.clone(), json_of(sub, value));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_records_become_the_exports_json_and_scalars_stay_text() {
        let answer = json!({
            "schema": {"fields": [
                {"name": "cost", "type": "FLOAT", "mode": "NULLABLE"},
                {"name": "labels", "type": "RECORD", "mode": "REPEATED", "fields": [
                    {"name": "key", "type": "STRING"}, {"name": "value", "type": "STRING"}]},
                {"name": "credits", "type": "RECORD", "mode": "REPEATED", "fields": [
                    {"name": "name", "type": "STRING"}, {"name": "amount", "type": "FLOAT"}]},
                {"name": "sku_id", "type": "STRING", "mode": "NULLABLE"}
            ]},
            "rows": [{"f": [
                {"v": "1.0E-5"},
                {"v": [{"v": {"f": [{"v": "env"}, {"v": "prod"}]}}]},
                {"v": [{"v": {"f": [{"v": "Free tier"}, {"v": "-0.1"}]}}]},
                {"v": null}
            ]}]
        });
        let s = schema(&answer, "q").unwrap_or_default();
        let rows = cells(&answer, &s, "q").unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][0], "1.0E-5");
        let parsed = |t: &str| serde_json::from_str::<Value>(t).unwrap_or_default();
        assert_eq!(
            parsed(&rows[0][1]),
            json!([{"key": "env", "value": "prod"}])
        );
        assert_eq!(
            parsed(&rows[0][2]),
            json!([{"name": "Free tier", "amount": "-0.1"}])
        );
        assert_eq!(rows[0][3], "");
        let short = json!({"schema": answer["schema"].clone(), "rows": [{"f": [{"v": "1"}]}]});
        assert!(cells(&short, &s, "q").is_err());
    }
}
