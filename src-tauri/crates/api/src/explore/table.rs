//! Export of exactly the table the explorer shows: group totals (one row per
//! group and currency, with its share, and the previous period beside it when
//! comparing) or rows per period. Headers are in the user's language; amounts
//! are the exact decimal text in CSV and typed numbers in XLSX.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{
    ApiError, CloudLens, CompareResult, ErrorCode, ExploreQuery, ExploreResult, Locale, TableFormat,
};

/// Header words of the exported table.
struct Words {
    period: &'static str,
    currency: &'static str,
    amount: &'static str,
    share: &'static str,
    previous: &'static str,
    change: &'static str,
    change_percent: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::En => Words {
            period: "Period",
            currency: "Currency",
            amount: "Amount",
            share: "Share (%)",
            previous: "Previous period",
            change: "Change",
            change_percent: "Change (%)",
        },
        Locale::ZhCn => Words {
            period: "期间",
            currency: "币种",
            amount: "金额",
            share: "占比 (%)",
            previous: "上一期间",
            change: "变化",
            change_percent: "变化 (%)",
        },
    }
}

/// A dimension's column title: the fixed dimensions by name, tags as written.
fn dimension_title(dimension: &str, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    let fixed = match dimension {
        "provider" => Some(("Provider", "云服务商")),
        "billing_account" => Some(("Billing account", "结算账号")),
        "sub_account" => Some(("Sub-account", "子账号")),
        "service" => Some(("Service", "服务")),
        "service_category" => Some(("Service category", "服务类别")),
        "region" => Some(("Region", "地域")),
        "resource" => Some(("Resource", "资源")),
        "charge_category" => Some(("Charge category", "费用类别")),
        "pricing_category" => Some(("Pricing category", "计价类别")),
        "commitment_discount" => Some(("Commitment discount", "承诺折扣")),
        _ => None,
    };
    match fixed {
        Some((en, zh_name)) => if zh { zh_name } else { en }.to_string(),
        None => {
            let (kind, key) = dimension.split_once(':').unwrap_or(("", dimension));
            match (kind, zh) {
                ("tag", false) => format!("Tag: {key}"),
                ("tag", true) => format!("标签：{key}"),
                ("vtag", false) => format!("Virtual tag: {key}"),
                ("vtag", true) => format!("虚拟标签：{key}"),
                _ => dimension.to_string(),
            }
        }
    }
}

impl CloudLens {
    /// Writes exactly the table `query` shows, with the comparison columns
    /// when `compare` is on; returns the rows written.
    pub fn export_table(
        &self,
        query: &ExploreQuery,
        (by_period, compare): (bool, bool),
        format: TableFormat,
        locale: Locale,
        path: &str,
    ) -> Result<u32, ApiError> {
        let (outcome, elapsed) = self.explore_outcome(query)?;
        let result = crate::explore::run::result_view(query, &outcome, elapsed);
        let compared = if compare && !by_period {
            Some(self.explore_compare(query)?)
        } else {
            None
        };
        let table = table(&result, by_period, compared.as_ref(), locale);
        write(&table, format, path)
    }
}

fn io(path: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("could not write {path}: {e}"))
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns holding amounts or percentages.
    numeric: Vec<usize>,
}

/// The header and rows as text cells; amount columns are marked numeric.
fn table(
    r: &ExploreResult,
    by_period: bool,
    compared: Option<&CompareResult>,
    locale: Locale,
) -> Table {
    let w = words(locale);
    let dims = &r.query.group_by;
    let mut header: Vec<String> = dims.iter().map(|d| dimension_title(d, locale)).collect();
    let cell = |g: &Option<String>| g.clone().unwrap_or_default();
    if by_period {
        header.insert(0, w.period.to_string());
        header.extend([w.currency.to_string(), w.amount.to_string()]);
        let rows = r
            .rows
            .iter()
            .map(|row| {
                let mut v = vec![row.period.clone()];
                v.extend(row.groups.iter().take(dims.len()).map(cell));
                v.extend([row.currency.clone(), row.amount.clone()]);
                v
            })
            .collect();
        let numeric = vec![header.len() - 1];
        return Table {
            header,
            rows,
            numeric,
        };
    }
    header.extend([w.currency, w.amount, w.share].map(str::to_string));
    let first_amount = header.len() - 2;
    let previous: BTreeMap<(&[Option<String>], &str), &crate::CompareRow> = compared
        .map(|c| {
            c.rows
                .iter()
                .map(|row| ((row.groups.as_slice(), row.currency.as_str()), row))
                .collect()
        })
        .unwrap_or_default();
    if compared.is_some() {
        header.extend([w.previous, w.change, w.change_percent].map(str::to_string));
    }
    let rows = r
        .totals
        .iter()
        .map(|t| {
            let mut v: Vec<String> = t.groups.iter().take(dims.len()).map(cell).collect();
            v.extend([t.currency.clone(), t.amount.clone(), t.share.clone()]);
            if compared.is_some() {
                // The folded "other" group has no counterpart in the comparison.
                match previous.get(&(t.groups.as_slice(), t.currency.as_str())) {
                    Some(p) if !t.other => v.extend([
                        p.previous.clone(),
                        p.delta.clone(),
                        p.delta_percent.clone().unwrap_or_default(),
                    ]),
                    _ => v.extend([String::new(), String::new(), String::new()]),
                }
            }
            v
        })
        .collect();
    let numeric = (first_amount..header.len()).collect();
    Table {
        header,
        rows,
        numeric,
    }
}

fn write(t: &Table, format: TableFormat, path: &str) -> Result<u32, ApiError> {
    match format {
        TableFormat::Csv => {
            let mut w = csv::Writer::from_path(Path::new(path)).map_err(|e| io(path, e))?;
            w.write_record(&t.header).map_err(|e| io(path, e))?;
            for row in &t.rows {
                w.write_record(row).map_err(|e| io(path, e))?;
            }
            w.flush().map_err(|e| io(path, e))?;
        }
        TableFormat::Xlsx => crate::spreadsheet::write_xlsx(path, &t.header, &t.rows, &t.numeric)?,
    }
    Ok(u32::try_from(t.rows.len()).unwrap_or(u32::MAX))
}
