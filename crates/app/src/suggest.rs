//! Suggestions for the recording forms: entries of the nomenclature that match what has been typed
//! so far, in the user's language, best first. A few thousand entries in all: a scan per keystroke
//! costs microseconds, so no index is kept.

use serde::Serialize;

use armstrace_domain::account::Language;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::nomenclature::text::fold_key;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// What goes into the field.
    pub value: String,
    /// What the list shows (with the country or the maker where it helps).
    pub label: String,
}

/// The lists a form can ask for.
pub const LISTS: &[&str] = &["types", "makes", "models", "calibres", "countries", "contexts", "roles"];

fn rank(q: &str, names: &[&str]) -> Option<u8> {
    let mut best: Option<u8> = None;
    for n in names {
        let k = fold_key(n);
        let r = if k == q {
            0
        } else if k.starts_with(q) {
            1
        } else if k.split(' ').any(|w| w.starts_with(q)) {
            2
        } else if k.replace(' ', "").contains(&q.replace(' ', "")) {
            3
        } else {
            continue;
        };
        best = Some(best.map_or(r, |b: u8| b.min(r)));
    }
    best
}

/// Up to `limit` suggestions of `list` for the text `q` (a make narrows the models).
pub fn suggest(list: &str, q: &str, make: Option<&str>, lang: Language, limit: usize) -> Result<Vec<Suggestion>, String> {
    let n = nomenclature();
    let q = fold_key(q);
    let mut found: Vec<(u8, String, Suggestion)> = Vec::new();
    let mut push = |r: Option<u8>, sort: String, s: Suggestion| {
        if let Some(r) = r {
            found.push((r, sort, s));
        }
    };
    let all = q.is_empty();
    match list {
        "types" | "contexts" | "roles" => {
            let entries = match list {
                "types" => &n.firearm_types,
                "contexts" => &n.criminal_contexts,
                _ => &n.roles,
            };
            for e in entries {
                let label = e.label(lang.code()).to_string();
                let mut names: Vec<&str> = vec![&e.en, &e.es, &e.fr, &e.code];
                names.extend(e.aliases.iter().map(String::as_str));
                push(if all { Some(1) } else { rank(&q, &names) }, label.clone(), Suggestion { value: label.clone(), label });
            }
        }
        "makes" => {
            for m in &n.manufacturers {
                let mut names: Vec<&str> = vec![&m.name];
                names.extend(m.aliases.iter().map(String::as_str));
                let country = n.country(&m.country).map(|c| country_name(c, lang)).unwrap_or_default();
                push(
                    if all { None } else { rank(&q, &names) },
                    m.name.clone(),
                    Suggestion { value: m.name.clone(), label: format!("{} ({country})", m.name) },
                );
            }
        }
        "models" => {
            let make_id = make.filter(|m| !m.trim().is_empty()).and_then(|m| n.resolve_manufacturer(m, None)).map(|r| r.id);
            for m in n.models.iter().filter(|m| make_id.as_deref().is_none_or(|id| m.manufacturer == id)) {
                let mut names: Vec<&str> = vec![&m.name];
                names.extend(m.aliases.iter().map(String::as_str));
                let maker = n.manufacturer(&m.manufacturer).map(|x| x.name.as_str()).unwrap_or("");
                push(
                    if all && make_id.is_some() {
                        Some(1)
                    } else if all {
                        None
                    } else {
                        rank(&q, &names)
                    },
                    m.name.clone(),
                    Suggestion { value: m.name.clone(), label: format!("{} — {maker}", m.name) },
                );
            }
        }
        "calibres" => {
            for c in &n.calibres {
                let mut names: Vec<&str> = vec![&c.name];
                names.extend(c.aliases.iter().map(String::as_str));
                push(
                    if all { None } else { rank(&q, &names) },
                    c.name.clone(),
                    Suggestion { value: c.name.clone(), label: c.name.clone() },
                );
            }
        }
        "countries" => {
            for c in &n.countries {
                let mut names: Vec<&str> = vec![&c.name_en, &c.name_es, &c.name_fr, &c.alpha3];
                names.extend(c.aliases.iter().map(String::as_str));
                let name = country_name(c, lang);
                push(
                    if all { None } else { rank(&q, &names) },
                    name.clone(),
                    Suggestion { value: name.clone(), label: format!("{name} ({})", c.alpha3) },
                );
            }
        }
        other => return Err(format!("no list named '{other}': use one of {}", LISTS.join(", "))),
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.len().cmp(&b.1.len())).then_with(|| a.1.cmp(&b.1)));
    found.dedup_by(|a, b| a.2.value == b.2.value);
    Ok(found.into_iter().take(limit).map(|(_, _, s)| s).collect())
}

fn country_name(c: &armstrace_domain::nomenclature::tables::Country, lang: Language) -> String {
    match lang {
        Language::En => c.name_en.clone(),
        Language::Es => c.name_es.clone(),
        Language::Fr => c.name_fr.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_calibres_types_and_countries_suggest_as_people_type() {
        let v = |l, q| suggest(l, q, None, Language::En, 5).unwrap().into_iter().map(|s| s.value).collect::<Vec<_>>();
        assert!(v("makes", "glo").contains(&"Glock".to_string()));
        assert!(v("makes", "berett").iter().any(|m| m.contains("Beretta")));
        assert!(!v("calibres", "9x19").is_empty());
        let es = suggest("types", "pist", None, Language::Es, 5).unwrap();
        assert!(es.iter().any(|s| s.value.to_lowercase().starts_with("pistol")), "{es:?}");
        let fr = suggest("countries", "croa", None, Language::Fr, 5).unwrap();
        assert!(fr.iter().any(|s| s.label.contains("HRV")), "{fr:?}");
        let models = suggest("models", "", Some("Glock"), Language::En, 50).unwrap();
        assert!(models.iter().all(|m| m.label.ends_with("Glock")) && !models.is_empty(), "{models:?}");
        assert!(suggest("spaceships", "x", None, Language::En, 5).is_err());
    }
}
