//! Licensed manufacturers and their yearly production and exports, from the US ATF AFMER workbooks
//! (and any national report of the same shape): each licensee becomes one organisation with its
//! licence key and address; its figures per year, flow and firearm type become production figures.

use std::collections::HashMap;
use std::path::Path;

use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::party::{Address, Identifier, Party, PartyKind, PartyRole, ProductionFigure};
use armstrace_domain::time::Timestamp;
use armstrace_store::{Store, StoreError, WriteBatch};

use crate::afmer::{read_afmer, AfmerCategory, AfmerError, AfmerFlow};

/// Identifier kind of an ATF licence (RDS) key.
pub const RDS_KEY: &str = "atf_rds_key";

#[derive(Debug, thiserror::Error)]
pub enum ProductionImportError {
    #[error("{0}")]
    Afmer(#[from] AfmerError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ProductionReport {
    pub file: String,
    pub year: u16,
    pub licensees: u64,
    pub new_organisations: u64,
    pub figures: u64,
    pub manufactured: u64,
    pub exported: u64,
}

/// Imports one AFMER workbook in one transaction. Licensees already known by their licence key (from
/// another year's report) are updated, not duplicated.
pub fn import_afmer(
    store: &dyn Store,
    path: &Path,
    agency: &str,
    user: &str,
    now: Timestamp,
) -> Result<ProductionReport, ProductionImportError> {
    let report = read_afmer(path)?;
    let usa = CountryCode::from_alpha3("USA").map_err(|e| StoreError::Database(e.to_string()))?;
    let mut batch = WriteBatch::default();
    let mut out = ProductionReport { file: report.file.clone(), year: report.year, ..Default::default() };
    let mut known: HashMap<String, Party> = HashMap::new();
    for l in &report.licensees {
        let existing = store.parties_by_identifier(RDS_KEY, &l.licence_key)?.into_iter().next();
        let mut party = match existing.or_else(|| known.remove(&l.licence_key)) {
            Some(p) => p,
            None => {
                out.new_organisations += 1;
                Party {
                    meta: RecordMeta::new(RecordId::new(), agency, usa, HandlingCode::Clear, now, user),
                    kind: PartyKind::Organisation,
                    name: l.name.clone(),
                    roles: vec![PartyRole::Manufacturer],
                    identifiers: vec![Identifier { kind: RDS_KEY.into(), value: l.licence_key.clone(), issuer: Some(usa) }],
                    addresses: vec![],
                    nationality: None,
                    birth_date: None,
                    manufacturer_id: nomenclature().resolve_manufacturer(&l.name, None).filter(|r| r.confidence >= 0.95).map(|r| r.id),
                }
            }
        };
        // The latest report's name and premises win: licensees move and rename.
        party.name = l.name.clone();
        party.addresses = vec![Address {
            street: l.street.clone(),
            city: l.city.clone(),
            region: l.state.clone(),
            postal_code: String::new(),
            country: Some(usa),
        }];
        if let Some(t) = &l.licence_type {
            if !party.identifiers.iter().any(|i| i.kind == "atf_licence_type") {
                party.identifiers.push(Identifier { kind: "atf_licence_type".into(), value: t.clone(), issuer: Some(usa) });
            }
        }
        if l.exported.values().any(|&v| v > 0) && !party.roles.contains(&PartyRole::Exporter) {
            party.roles.push(PartyRole::Exporter);
        }
        party.meta.updated_at = now;
        party.meta.updated_by = user.to_string();
        for (flow, map) in [(AfmerFlow::Manufactured, &l.manufactured), (AfmerFlow::Exported, &l.exported)] {
            for (cat, &q) in map {
                batch.production.push(ProductionFigure {
                    party: party.meta.id,
                    year: report.year as i32,
                    flow: match flow {
                        AfmerFlow::Manufactured => "manufactured".into(),
                        AfmerFlow::Exported => "exported".into(),
                    },
                    firearm_type: AfmerCategory::firearm_type(*cat).to_string(),
                    quantity: q,
                    source: format!("ATF AFMER {} ({})", report.year, report.file),
                });
                match flow {
                    AfmerFlow::Manufactured => out.manufactured += q,
                    AfmerFlow::Exported => out.exported += q,
                }
            }
        }
        out.licensees += 1;
        known.insert(l.licence_key.clone(), party.clone());
        batch.parties.push(party);
    }
    out.figures = batch.production.len() as u64;
    store.write(&batch)?;
    Ok(out)
}
