//! `armstrace resolve`: a cleaning tool for analysts. Any CSV or XLSX with manufacturer, model, type
//! and/or calibre columns comes back with the same rows and canonical columns added.

use std::collections::HashMap;
use std::path::Path;

use armstrace_domain::nomenclature::{nomenclature, Resolution};

use crate::fields::{Catalog, Field};
use crate::import::ImportError;
use crate::sheet::open_sheet;

/// Columns to resolve, by header; `None` means "recognise from the headers".
#[derive(Debug, Clone, Default)]
pub struct ResolveColumns {
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub firearm_type: Option<String>,
    pub calibre: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ResolveReport {
    pub rows: u64,
    /// Per field: values present, values resolved.
    pub resolved: Vec<(String, u64, u64)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum What {
    Manufacturer,
    Model,
    Type,
    Calibre,
    Country,
}

impl What {
    fn prefix(&self) -> &'static str {
        match self {
            What::Manufacturer => "manufacturer",
            What::Model => "model",
            What::Type => "type",
            What::Calibre => "calibre",
            What::Country => "country",
        }
    }
}

pub fn resolve_file(input: &Path, output: &Path, cols: &ResolveColumns) -> Result<ResolveReport, ImportError> {
    let sheet = open_sheet(input, None)?;
    let catalog = Catalog::new();
    let find = |named: &Option<String>, field: Field| -> Result<Option<usize>, ImportError> {
        match named {
            Some(h) => {
                sheet.headers.iter().position(|x| x.trim().eq_ignore_ascii_case(h.trim())).map(Some).ok_or_else(|| ImportError::Header {
                    file: sheet.file.clone(),
                    row: sheet.header_row,
                    message: format!("no column named '{h}'; the columns are: {}", sheet.headers.join(", ")),
                })
            }
            None => Ok(sheet.headers.iter().position(|x| catalog.recognise(x) == Some(field))),
        }
    };
    let targets: Vec<(What, usize)> = [
        (What::Manufacturer, find(&cols.manufacturer, Field::Manufacturer)?),
        (What::Model, find(&cols.model, Field::Model)?),
        (What::Type, find(&cols.firearm_type, Field::FirearmType)?),
        (What::Calibre, find(&cols.calibre, Field::Calibre)?),
        (What::Country, find(&cols.country, Field::CountryOfManufacture)?.or(find(&cols.country, Field::Country)?)),
    ]
    .into_iter()
    .filter_map(|(w, i)| i.map(|i| (w, i)))
    .collect();
    if targets.is_empty() {
        return Err(ImportError::Header {
            file: sheet.file.clone(),
            row: sheet.header_row,
            message: "no manufacturer, model, type, calibre or country column recognised; name them with --manufacturer COL, --calibre COL, --type COL, --model COL".into(),
        });
    }
    let ferr = |e: csv::Error| ImportError::File { file: output.display().to_string(), message: e.to_string() };
    let mut w = csv::Writer::from_path(output).map_err(ferr)?;
    let mut header = sheet.headers.clone();
    for (what, _) in &targets {
        header.push(format!("{}_canonical", what.prefix()));
        header.push(format!("{}_id", what.prefix()));
        header.push(format!("{}_confidence", what.prefix()));
    }
    w.write_record(&header).map_err(ferr)?;
    let n = nomenclature();
    let col = |w: What| targets.iter().find(|(x, _)| *x == w).map(|(_, i)| *i);
    let mut cache: HashMap<(What, String, String), Option<Resolution>> = HashMap::new();
    let mut report = ResolveReport::default();
    let mut counts: HashMap<What, (u64, u64)> = HashMap::new();
    for row in sheet.rows {
        let (_, cells) = row?;
        report.rows += 1;
        let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
        let model = get(col(What::Model));
        let mut resolved_type: Option<String> = None;
        let mut resolved_mfr: Option<String> = None;
        let mut out = cells.clone();
        out.resize(sheet.headers.len(), String::new());
        // Type before calibre (context), manufacturer before model.
        let mut results: HashMap<What, Option<Resolution>> = HashMap::new();
        for what in [What::Type, What::Manufacturer, What::Calibre, What::Model, What::Country] {
            let Some(i) = col(what) else { continue };
            let raw = get(Some(i));
            if raw.is_empty() {
                results.insert(what, None);
                continue;
            }
            let ctx = match what {
                What::Calibre => resolved_type.clone().unwrap_or_default(),
                What::Manufacturer => model.clone(),
                What::Model => resolved_mfr.clone().unwrap_or_default(),
                _ => String::new(),
            };
            let r = cache
                .entry((what, raw.clone(), ctx.clone()))
                .or_insert_with(|| match what {
                    What::Manufacturer => n.resolve_manufacturer(&raw, (!ctx.is_empty()).then_some(ctx.as_str())),
                    What::Type => n.resolve_type(&raw),
                    What::Calibre => n.resolve_calibre(&raw, (!ctx.is_empty()).then_some(ctx.as_str())),
                    What::Model => n.resolve_model(&raw, (!ctx.is_empty()).then_some(ctx.as_str())),
                    What::Country => n.resolve_country(&raw),
                })
                .clone();
            let e = counts.entry(what).or_default();
            e.0 += 1;
            if r.is_some() {
                e.1 += 1;
            }
            match what {
                What::Type => resolved_type = r.as_ref().map(|r| r.id.clone()),
                What::Manufacturer => resolved_mfr = r.as_ref().map(|r| r.id.clone()),
                _ => {}
            }
            results.insert(what, r);
        }
        for (what, _) in &targets {
            match results.get(what).cloned().flatten() {
                Some(r) => {
                    out.push(r.name);
                    out.push(r.id);
                    out.push(format!("{:.2}", r.confidence));
                }
                None => out.extend([String::new(), String::new(), String::new()]),
            }
        }
        w.write_record(&out).map_err(ferr)?;
    }
    w.flush().map_err(|e| ImportError::File { file: output.display().to_string(), message: e.to_string() })?;
    for (what, _) in &targets {
        let (a, b) = counts.get(what).copied().unwrap_or_default();
        report.resolved.push((what.prefix().to_string(), a, b));
    }
    Ok(report)
}
