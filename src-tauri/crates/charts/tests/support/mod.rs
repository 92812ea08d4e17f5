//! Test helpers: a strict mini XML reader (well-formedness, entities, legal
//! characters) and shorthands for building inputs.

#![allow(dead_code)]

use chrono::NaiveDate;
use cloudlens_charts::Series;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use rust_decimal::Decimal;

/// One element with its unescaped attributes and direct text.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn num(&self, key: &str) -> f64 {
        self.attr(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("<{}> has no numeric {key}: {self:?}", self.name))
    }
}

fn legal_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Parses the whole document, panicking on anything not well-formed, and
/// returns every element in document order. The root must be `<svg>`.
pub fn parse(svg: &str) -> Vec<Element> {
    if let Some(bad) = svg.chars().find(|c| !legal_xml_char(*c)) {
        panic!("illegal XML character {bad:?}");
    }
    let mut reader = Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut out: Vec<Element> = Vec::new();
    // Index into `out` of each open element, to attach text.
    let mut open: Vec<usize> = Vec::new();
    let mut roots = 0;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                if open.is_empty() {
                    roots += 1;
                }
                let name = e.name().as_ref().to_owned();
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.expect("valid attribute");
                    let key = a.key.as_ref().to_owned();
                    let value = a
                        .normalized_value(XmlVersion::Implicit1_0)
                        .expect("valid attribute escapes");
                    attrs.push((key, value.into_owned()));
                }
                out.push(Element {
                    name,
                    attrs,
                    text: String::new(),
                });
                if is_start {
                    open.push(out.len() - 1);
                }
            }
            Event::End(_) => {
                open.pop().expect("balanced tags");
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                if let Some(&i) = open.last() {
                    out[i].text.push_str(&text);
                } else {
                    assert!(text.trim().is_empty(), "text outside root: {text:?}");
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().expect("valid char ref") {
                    Some(c) => c.to_string(),
                    None => match r.as_ref() {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => panic!("undefined entity &{other};"),
                    },
                };
                let i = *open.last().expect("entity inside an element");
                out[i].text.push_str(&resolved);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) => {}
            other => panic!("unexpected XML event {other:?}"),
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    assert_eq!(roots, 1, "exactly one root element");
    assert_eq!(out.first().map(|e| e.name.as_str()), Some("svg"));
    out
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("bad decimal {s}: {e}"))
}

pub fn series(label: &str, values: &[&str]) -> Series {
    Series::new(label, values.iter().map(|v| dec(v)).collect())
}

pub fn days(start: (i32, u32, u32), n: usize) -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(start.0, start.1, start.2).expect("valid date");
    first.iter_days().take(n).collect()
}

/// Bars: `<rect>`s filled with one of `colors`.
pub fn bars<'a>(elements: &'a [Element], colors: &[String]) -> Vec<&'a Element> {
    elements
        .iter()
        .filter(|e| e.name == "rect")
        .filter(|e| {
            e.attr("fill")
                .is_some_and(|f| colors.iter().any(|c| c == f))
        })
        .collect()
}

pub fn texts(elements: &[Element]) -> Vec<String> {
    elements
        .iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.trim().to_owned())
        .collect()
}
