//! Why a trace decided as it did, kept as data so that the page words it in the reader's language
//! (English, Spanish, French) and the API gives both the data and the English sentence. The answer to
//! another country's tracing request quotes the English sentence.

use serde::{Deserialize, Serialize};

use crate::account::Language;
use crate::country::CountryCode;
use crate::date::PartialDate;

use super::{STRAW_TIME_TO_CRIME_DAYS, STRAW_WINDOW_DAYS};

/// The reason behind a trace's outcome, with the facts it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// A theft (`stolen`) or loss reported after the last lawful step.
    Reported {
        stolen: bool,
        by: Option<String>,
        date: Option<PartialDate>,
        country: Option<CountryCode>,
    },
    NotRecovered,
    /// No lawful step recorded before the recovery.
    NoHistory,
    SurrenderedByHolder {
        date: Option<PartialDate>,
    },
    /// Exported, and no import recorded before the recovery (FP art. 10 §4).
    ExportedNotImported {
        from: Option<CountryCode>,
        date: Option<PartialDate>,
        licence: Option<String>,
        destination: Option<CountryCode>,
        recovered_in: Option<CountryCode>,
    },
    StateStock {
        holder: Option<String>,
        date: Option<PartialDate>,
        country: Option<CountryCode>,
    },
    StrawPurchase {
        holder: Option<String>,
        date: Option<PartialDate>,
        country: Option<CountryCode>,
        bought: usize,
        recovered: usize,
    },
    UnrecordedTransfer {
        holder: Option<String>,
        date: Option<PartialDate>,
        country: Option<CountryCode>,
    },
    StopsAtImport {
        country: Option<CountryCode>,
        date: Option<PartialDate>,
    },
    StopsAtManufacture {
        country: Option<CountryCode>,
        date: Option<PartialDate>,
    },
}

/// Why a country is to be asked (ITI §§ 14, 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AskReason {
    /// The record holds no history: the markings name the country of manufacture.
    ManufactureNoHistory,
    /// The nominal destination of an export: did the consignment arrive?
    Destination,
    /// The country of the last lawful import: the importer's records.
    LastImport,
    /// The country of manufacture: the manufacturer's records of sale.
    ManufacturerSales,
}

fn pick<'a>(lang: Language, en: &'a str, es: &'a str, fr: &'a str) -> &'a str {
    match lang {
        Language::En => en,
        Language::Es => es,
        Language::Fr => fr,
    }
}

fn when(lang: Language, d: Option<PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| pick(lang, "an unrecorded date", "fecha no registrada", "date non enregistrée").into())
}

fn place(lang: Language, c: Option<CountryCode>) -> String {
    c.map(|c| c.as_str().to_string())
        .unwrap_or_else(|| pick(lang, "an unrecorded country", "país no registrado", "pays non enregistré").into())
}

fn holder(lang: Language, h: &Option<String>) -> String {
    h.as_deref()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| pick(lang, "the holder", "el titular", "le détenteur").into())
}

impl Reason {
    /// The reason as a sentence in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use Language::{En, Es, Fr};
        match self {
            Reason::Reported { stolen, by, date, country } => {
                let (d, c) = (when(lang, *date), place(lang, *country));
                let by = by.as_deref().filter(|n| !n.is_empty());
                match (lang, stolen) {
                    (En, _) => format!(
                        "reported {} {}on {d} in {c}",
                        if *stolen { "stolen" } else { "lost" },
                        by.map(|n| format!("by {n} ")).unwrap_or_default()
                    ),
                    (Es, _) => format!(
                        "denunciada como {} {}el {d} en {c}",
                        if *stolen { "robada" } else { "perdida" },
                        by.map(|n| format!("por {n} ")).unwrap_or_default()
                    ),
                    (Fr, _) => format!(
                        "déclarée {} {}le {d} en {c}",
                        if *stolen { "volée" } else { "perdue" },
                        by.map(|n| format!("par {n} ")).unwrap_or_default()
                    ),
                }
            }
            Reason::NotRecovered => pick(
                lang,
                "the item has not been recovered: nothing shows that it left lawful hands",
                "el artículo no ha sido recuperado: nada indica que haya salido de manos legales",
                "l'article n'a pas été récupéré : rien n'indique qu'il ait quitté des mains légales",
            )
            .into(),
            Reason::NoHistory => pick(
                lang,
                "no lawful history is recorded before the recovery: ask the country of manufacture",
                "no hay historial legal registrado antes de la recuperación: consulte al país de fabricación",
                "aucun historique légal n'est enregistré avant la récupération : interrogez le pays de fabrication",
            )
            .into(),
            Reason::SurrenderedByHolder { date } => {
                let d = when(lang, *date);
                match lang {
                    En => format!("surrendered by its registered holder on {d}"),
                    Es => format!("entregada por su titular registrado el {d}"),
                    Fr => format!("remise par son détenteur enregistré le {d}"),
                }
            }
            Reason::ExportedNotImported { from, date, licence, destination, recovered_in } => {
                let (f, d, r) = (place(lang, *from), when(lang, *date), place(lang, *recovered_in));
                let l = licence.as_deref();
                let to = destination.as_ref().map(|c| c.as_str());
                match lang {
                    En => format!(
                        "exported from {f} on {d}{}{}; no import recorded before it was recovered in {r} — no delivery verification (FP art. 10 §4)",
                        l.map(|l| format!(" under licence {l}")).unwrap_or_default(),
                        to.map(|t| format!(" to {t}")).unwrap_or_default()
                    ),
                    Es => format!(
                        "exportada desde {f} el {d}{}{}; ninguna importación registrada antes de su recuperación en {r} — sin verificación de entrega (Protocolo art. 10 §4)",
                        l.map(|l| format!(" con la licencia {l}")).unwrap_or_default(),
                        to.map(|t| format!(" con destino a {t}")).unwrap_or_default()
                    ),
                    Fr => format!(
                        "exportée de {f} le {d}{}{} ; aucune importation enregistrée avant sa récupération en {r} — pas de vérification de livraison (Protocole art. 10 §4)",
                        l.map(|l| format!(" sous la licence {l}")).unwrap_or_default(),
                        to.map(|t| format!(" à destination de {t}")).unwrap_or_default()
                    ),
                }
            }
            Reason::StateStock { holder: h, date, country } => {
                let (h, d, c) = (holder(lang, h), when(lang, *date), place(lang, *country));
                match lang {
                    En => format!("held in state stocks ({h} on {d} in {c}); recovered with no loss or theft reported: leakage from state stocks"),
                    Es => format!("en existencias estatales ({h}, el {d} en {c}); recuperada sin pérdida ni robo denunciados: fuga de existencias estatales"),
                    Fr => format!("détenue dans des stocks publics ({h}, le {d} en {c}) ; récupérée sans perte ni vol déclarés : fuite de stocks publics"),
                }
            }
            Reason::StrawPurchase { holder: h, date, country, bought, recovered } => {
                let (h, d, c) = (holder(lang, h), when(lang, *date), place(lang, *country));
                let (w, t) = (STRAW_WINDOW_DAYS, STRAW_TIME_TO_CRIME_DAYS);
                match lang {
                    En => format!("bought by {h} on {d} in {c}, one of {bought} firearms the buyer acquired within {w} days, {recovered} of them recovered within {t} days of purchase, none reported lost or stolen: suspected straw purchase"),
                    Es => format!("comprada por {h} el {d} en {c}, una de {bought} armas que el comprador adquirió en {w} días, {recovered} de ellas recuperadas en los {t} días siguientes a la compra, ninguna denunciada como perdida o robada: presunta compra por testaferro"),
                    Fr => format!("achetée par {h} le {d} en {c}, l'une des {bought} armes acquises par l'acheteur en {w} jours, dont {recovered} récupérées dans les {t} jours suivant l'achat, aucune déclarée perdue ou volée : achat par prête-nom présumé"),
                }
            }
            Reason::UnrecordedTransfer { holder: h, date, country } => {
                let (h, d, c) = (holder(lang, h), when(lang, *date), place(lang, *country));
                match lang {
                    En => format!("last lawful holder: {h} on {d} in {c}; recovered with no recorded transfer, loss or theft: passed on without a record"),
                    Es => format!("último titular legal: {h}, el {d} en {c}; recuperada sin transferencia, pérdida ni robo registrados: cedida sin registro"),
                    Fr => format!("dernier détenteur légal : {h}, le {d} en {c} ; récupérée sans transfert, perte ni vol enregistrés : cédée sans enregistrement"),
                }
            }
            Reason::StopsAtImport { country, date } => {
                let (c, d) = (place(lang, *country), when(lang, *date));
                match lang {
                    En => format!("the recorded history stops at the import into {c} on {d}: no holder after it is recorded — ask the importer and the country of import"),
                    Es => format!("el historial registrado termina en la importación a {c} el {d}: no consta ningún titular posterior — consulte al importador y al país de importación"),
                    Fr => format!("l'historique enregistré s'arrête à l'importation en {c} le {d} : aucun détenteur ultérieur n'est enregistré — interrogez l'importateur et le pays d'importation"),
                }
            }
            Reason::StopsAtManufacture { country, date } => {
                let (c, d) = (place(lang, *country), when(lang, *date));
                match lang {
                    En => format!("the recorded history stops at manufacture in {c} on {d}: ask the country of manufacture for the first sale"),
                    Es => format!("el historial registrado termina en la fabricación en {c} el {d}: consulte al país de fabricación por la primera venta"),
                    Fr => format!("l'historique enregistré s'arrête à la fabrication en {c} le {d} : interrogez le pays de fabrication sur la première vente"),
                }
            }
        }
    }
}

impl AskReason {
    pub fn text(&self, lang: Language) -> &'static str {
        match self {
            AskReason::ManufactureNoHistory => pick(
                lang,
                "country of manufacture (from the markings): the record holds no history",
                "país de fabricación (según las marcas): el registro no tiene historial",
                "pays de fabrication (d'après les marquages) : l'enregistrement n'a pas d'historique",
            ),
            AskReason::Destination => pick(
                lang,
                "the nominal destination: did the consignment arrive (FP art. 10 §4)?",
                "el destino declarado: ¿llegó el envío (Protocolo art. 10 §4)?",
                "la destination déclarée : l'envoi est-il arrivé (Protocole art. 10 §4) ?",
            ),
            AskReason::LastImport => pick(
                lang,
                "country of last lawful import: the importer's records",
                "país de la última importación legal: los registros del importador",
                "pays de la dernière importation légale : les registres de l'importateur",
            ),
            AskReason::ManufacturerSales => pick(
                lang,
                "country of manufacture: the manufacturer's records of sale",
                "país de fabricación: los registros de venta del fabricante",
                "pays de fabrication : les registres de vente du fabricant",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_reason() -> Vec<Reason> {
        let d = PartialDate::parse("2019-02-01").ok();
        let c = CountryCode::parse("HRV").ok();
        let h = Some("Ana Horvat".to_string());
        vec![
            Reason::Reported { stolen: true, by: h.clone(), date: d, country: c },
            Reason::Reported { stolen: false, by: None, date: None, country: None },
            Reason::NotRecovered,
            Reason::NoHistory,
            Reason::SurrenderedByHolder { date: d },
            Reason::ExportedNotImported { from: c, date: d, licence: Some("EXP-1".into()), destination: c, recovered_in: None },
            Reason::StateStock { holder: h.clone(), date: d, country: c },
            Reason::StrawPurchase { holder: h.clone(), date: d, country: c, bought: 4, recovered: 2 },
            Reason::UnrecordedTransfer { holder: None, date: d, country: c },
            Reason::StopsAtImport { country: c, date: d },
            Reason::StopsAtManufacture { country: None, date: None },
        ]
    }

    #[test]
    fn every_reason_reads_differently_in_each_language_and_keeps_its_facts() {
        for r in every_reason() {
            let [en, es, fr] = Language::ALL.map(|l| r.text(l));
            assert!(en != es && en != fr && es != fr, "{en} / {es} / {fr}");
            for t in [&en, &es, &fr] {
                if let Reason::Reported { by: Some(n), .. } | Reason::StrawPurchase { holder: Some(n), .. } = &r {
                    assert!(t.contains(n.as_str()), "{t}");
                }
                if let Reason::ExportedNotImported { licence: Some(l), .. } = &r {
                    assert!(t.contains(l.as_str()), "{t}");
                }
                if let Reason::StrawPurchase { bought, .. } = &r {
                    assert!(t.contains(&bought.to_string()), "{t}");
                }
            }
        }
        for a in [AskReason::ManufactureNoHistory, AskReason::Destination, AskReason::LastImport, AskReason::ManufacturerSales] {
            let [en, es, fr] = Language::ALL.map(|l| a.text(l));
            assert!(en != es && en != fr && es != fr);
        }
    }

    #[test]
    fn a_reason_round_trips_through_json() {
        for r in every_reason() {
            let j = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<Reason>(&j).unwrap(), r, "{j}");
        }
    }
}
