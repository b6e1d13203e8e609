//! Import and export against a real store: all-or-nothing, partial with rejects, header recognition
//! in three languages, seizures grouped into incidents, and exports that re-import to the same data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use armstrace_app::export::{export, import_json, ExportFormat, ExportList};
use armstrace_app::import::{import_file, ImportError, ImportKind, ImportOptions};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{EventKind, ItemStatus};
use armstrace_domain::time::Timestamp;
use armstrace_store::{open, ItemFilter, Page, Store};

struct Dir(PathBuf);
impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("armstrace-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn opts(kind: ImportKind) -> ImportOptions {
    ImportOptions {
        kind,
        agency: "HRV-POL".into(),
        country: CountryCode::from_alpha3("HRV").unwrap(),
        handling: HandlingCode::Amber,
        user: "tester".into(),
        partial: false,
        rejects: None,
        mapping: None,
        sheet: None,
        now: Timestamp::from_ymd_hms(2026, 11, 22, 10, 0, 0),
        chunk: 2,
        owner_only: None,
    }
}

fn mem() -> Box<dyn Store> {
    open("sqlite::memory:").unwrap()
}

fn import(store: &dyn Store, path: &Path, o: &ImportOptions) -> Result<armstrace_app::import::ImportReport, ImportError> {
    import_file(store, path, o, &mut |_| {})
}

const REGISTRY_ES: &str =
    "\u{feff}Número de serie;Marca;Modelo;Tipo;Calibre;Año de fabricación;Titular;Número de licencia;Fecha de registro\n\
 AB-12 345 ;Berreta;92FS;pistola;9 mm Para;1998;Ana Horvat;HR-0001;05/03/2001\n\
 7701234;S&W;Model 10;revólver;.38 Spl;1975;Ivan Kovač;HR-0002;2003-11\n\
 Z 0099;Crvena Zastava;M70;rifle;7,62 x 39;1985;Ana Horvat;HR-0001;2010\n";

#[test]
fn registry_in_spanish_with_messy_headers_and_notations() {
    let d = Dir::new("registry");
    let header_padded = REGISTRY_ES.replacen("Marca", "\u{a0}MARCA\u{a0}\u{a0}", 1);
    let f = d.file("registro.csv", &header_padded);
    let s = mem();
    let r = import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap();
    assert_eq!((r.rows_read, r.rows_written, r.items), (3, 3, 3));
    assert_eq!(r.parties, 2, "the same holder licence on two rows is one party");
    let items = s.items(&ItemFilter::default(), Page::all()).unwrap();
    let beretta = items.iter().find(|i| i.markings.serial.normalized() == "AB12345").unwrap();
    assert_eq!(beretta.markings.manufacturer.raw, "Berreta");
    assert_eq!(beretta.markings.manufacturer.canonical.as_deref(), Some("Beretta"));
    assert_eq!(beretta.classification.firearm_type.id.as_deref(), Some("pistol"));
    assert_eq!(beretta.classification.calibre.id.as_deref(), Some("9x19"));
    assert_eq!(beretta.markings.country_of_manufacture.map(|c| c.to_string()), Some("ITA".into()));
    assert_eq!(beretta.status, ItemStatus::Registered);
    let h = s.history(beretta.meta.id).unwrap();
    // Manufacture is in the markings (year, country); the history holds the registration.
    assert_eq!(h.iter().map(|e| e.kind).collect::<Vec<_>>(), vec![EventKind::Registered]);
    assert_eq!(beretta.markings.year_of_manufacture, Some(1998));
    assert_eq!(h[0].date.map(|d| d.to_string()), Some("2001-03-05".into()));
    let zastava = items.iter().find(|i| i.markings.serial.normalized() == "Z0099").unwrap();
    assert_eq!(zastava.classification.calibre.id.as_deref(), Some("762x39"));
}

#[test]
fn one_bad_row_and_nothing_is_written_every_bad_row_reported() {
    let d = Dir::new("allornothing");
    let f = d.file(
        "bad.csv",
        "serial,make,type,calibre,year\n\
         A1,Glock,pistol,9mm,2015\n\
         A2,Glock,banana,9mm,2015\n\
         A3,Glock,pistol,9mm,2099\n\
         A4½,Glock,pistol,9mm,2001\n",
    );
    let s = mem();
    let err = import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap_err();
    let ImportError::Rows { errors } = &err else { panic!("expected row errors, got {err}") };
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 3, "{lines:#?}");
    let file = f.display().to_string();
    assert!(lines[0].starts_with(&format!("{file}:3:type: 'banana'")), "{}", lines[0]);
    assert!(lines[1].starts_with(&format!("{file}:4:year: '2099'")), "{}", lines[1]);
    assert!(lines[2].starts_with(&format!("{file}:5:serial:")), "{}", lines[2]);
    assert!(lines.iter().all(|l| l.contains("expected")), "every message says what was expected: {lines:#?}");
    assert_eq!(s.counts().unwrap().items, 0, "nothing written");
    assert_eq!(s.counts().unwrap().parties, 0);
}

#[test]
fn rows_with_a_missing_or_extra_separator_are_refused() {
    let d = Dir::new("cells");
    let f =
        d.file("c.csv", "serial,make,type,owner,date\nA1,Glock,pistol,Ana,2020\nA2,Glock,pistol,2021\nA3,Glock,pistol,Ana,Horvat,2021\n");
    let s = mem();
    let err = import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap_err();
    let ImportError::Rows { errors } = &err else { panic!("{err}") };
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 2, "{lines:#?}");
    assert!(lines[0].contains(":3:(row): 4 cells where the header has 5"), "{}", lines[0]);
    assert!(lines[1].contains(":4:(row): 6 cells where the header has 5"), "{}", lines[1]);
    assert_eq!(s.counts().unwrap().items, 0);
}

#[test]
fn partial_writes_good_rows_and_rejects_the_rest_with_reasons() {
    let d = Dir::new("partial");
    let f = d.file("p.csv", "serial,make,type\nA1,Glock,pistol\nA2,Glock,banana\nA3,CZ,pistola\n");
    let s = mem();
    let mut o = opts(ImportKind::Registry);
    o.partial = true;
    o.rejects = Some(d.path("rejects.csv"));
    let r = import(s.as_ref(), &f, &o).unwrap();
    assert_eq!((r.rows_written, r.rows_rejected), (2, 1));
    assert_eq!(s.counts().unwrap().items, 2);
    let rejects = std::fs::read_to_string(d.path("rejects.csv")).unwrap();
    let mut lines = rejects.lines();
    assert_eq!(lines.next(), Some("row,serial,make,type,errors"));
    let bad = lines.next().unwrap();
    assert!(bad.starts_with("3,A2,Glock,banana,\"type: 'banana' is not a firearm type"), "{bad}");
    assert_eq!(lines.next(), None);
}

#[test]
fn missing_or_ambiguous_columns_are_refused_before_any_row() {
    let d = Dir::new("headers");
    let s = mem();
    let f = d.file("noserial.csv", "make,model\nGlock,17\n");
    let e = import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap_err().to_string();
    assert!(e.contains(":1: header: no column for serial"), "{e}");
    let f = d.file("twice.csv", "serial,serial number\n1,2\n");
    let e = import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap_err().to_string();
    assert!(e.contains("both read as serial"), "{e}");
    // A mapping file names headers armstrace does not know.
    let f = d.file("odd.csv", "Nr. stampato,Fabbricante\n123,Beretta\n");
    let m = d.file("map.csv", "field,column\nserial,Nr. stampato\nmanufacturer,Fabbricante\n");
    let mut o = opts(ImportKind::Registry);
    o.mapping = Some(m);
    import(s.as_ref(), &f, &o).unwrap();
    assert_eq!(s.count_items(&ItemFilter { serial: Some("123".into()), ..Default::default() }).unwrap(), 1);
}

#[test]
fn lost_and_stolen_reports() {
    let d = Dir::new("lost");
    let f = d.file("ls.csv", "serial,make,type,status,date of report,owner,licence number\nQ1,Glock,pistol,stolen,2024-02-01,Ana,L1\nQ2,Taurus,revolver,perdida,2024-03,Ivo,L2\n");
    let s = mem();
    import(s.as_ref(), &f, &opts(ImportKind::LostStolen)).unwrap();
    assert_eq!(s.count_items(&ItemFilter { status: Some("stolen".into()), ..Default::default() }).unwrap(), 1);
    assert_eq!(s.count_items(&ItemFilter { status: Some("lost".into()), ..Default::default() }).unwrap(), 1);
    let f = d.file("ls2.csv", "serial,make,status\nQ3,Glock,registered\n");
    let e = import(s.as_ref(), &f, &opts(ImportKind::LostStolen)).unwrap_err().to_string();
    assert!(e.contains(":2:status: a lost or stolen report needs the status lost or stolen"), "{e}");
}

fn seizure_xlsx(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows: Vec<Vec<&str>> = vec![
        vec![
            "Case reference",
            "Date of seizure",
            "Country",
            "Place",
            "Criminal context",
            "Origin",
            "Transit",
            "Destination",
            "Conveyance",
            "Concealment",
            "Person",
            "Role",
            "Serial",
            "Make",
            "Type",
            "Calibre",
        ],
        vec![
            "OP-7",
            "2023-06-14",
            "Croatia",
            "Bajakovo",
            "trafficking",
            "SRB",
            "",
            "Germany",
            "truck",
            "fuel tank",
            "Marko M.",
            "courier",
            "M70-111",
            "Zastava",
            "pistol",
            "7.65mm",
        ],
        vec![
            "OP-7",
            "2023-06-14",
            "Croatia",
            "Bajakovo",
            "trafficking",
            "SRB",
            "",
            "Germany",
            "truck",
            "fuel tank",
            "Petar P.",
            "suspect",
            "???-112",
            "Zastava",
            "pistol",
            "7.65mm",
        ],
        vec![
            "ZG-1",
            "2023-07-01",
            "HRV",
            "Zagreb",
            "violent crime",
            "",
            "",
            "",
            "",
            "",
            "Marko M.",
            "suspect",
            "123456",
            "Glock",
            "pistol",
            "9mm",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn seizures_from_xlsx_grouped_into_incidents_with_routes_and_persons() {
    let d = Dir::new("seizures");
    let f = d.path("seizures.xlsx");
    seizure_xlsx(&f);
    let s = mem();
    let r = import(s.as_ref(), &f, &opts(ImportKind::Seizures)).unwrap();
    assert_eq!((r.items, r.incidents), (3, 2));
    let incidents = s.incidents(Page::all()).unwrap();
    let op7 = incidents.iter().find(|i| i.reference == "OP-7").unwrap();
    assert_eq!(op7.items.len(), 2);
    assert_eq!(op7.contexts, vec!["illicit_trafficking".to_string()]);
    assert_eq!(op7.route.origin.iter().map(|c| c.to_string()).collect::<Vec<_>>(), vec!["SRB"]);
    assert_eq!(op7.route.destination.iter().map(|c| c.to_string()).collect::<Vec<_>>(), vec!["DEU"]);
    assert_eq!(op7.conveyance.as_deref(), Some("land"));
    assert_eq!(op7.persons.len(), 2);
    let zg = incidents.iter().find(|i| i.reference == "ZG-1").unwrap();
    // The same person in two incidents is one party: the start of a network.
    assert!(op7.persons.iter().any(|p| zg.persons.iter().any(|q| q.party == p.party)));
    let obliterated = s.items(&ItemFilter { serial: Some("???112".into()), ..Default::default() }, Page::all()).unwrap();
    assert_eq!(obliterated.len(), 1);
    assert_eq!(obliterated[0].markings.serial.status(), armstrace_domain::serial::SerialStatus::PartiallyLegible);
    assert_eq!(obliterated[0].status, ItemStatus::Seized);
}

#[test]
fn licensees_with_their_licences() {
    let d = Dir::new("licensees");
    let f = d.file("lic.csv", "Licensee name,Licence number,Licence type,Issue date,Expiry date,Street,City\nArmeria Sur,D-1,dealer,2020-01-01,2025-12-31,Calle 1,Sevilla\nCaza SL,D-2,manufacturing,2021,2020,Av 2,Madrid\n");
    let s = mem();
    let e = import(s.as_ref(), &f, &opts(ImportKind::Licensees)).unwrap_err().to_string();
    assert!(e.contains(":3:Expiry date:"), "an expiry before the issue date is refused: {e}");
    let f = d.file(
        "lic2.csv",
        "Licensee name,Licence number,Licence type,Issue date,Expiry date\nArmeria Sur,D-1,dealer,2020-01-01,2025-12-31\n",
    );
    import(s.as_ref(), &f, &opts(ImportKind::Licensees)).unwrap();
    assert_eq!(s.licences(Page::all()).unwrap().len(), 1);
    assert_eq!(s.parties_by_identifier("licence", "D-1").unwrap().len(), 1);
}

fn export_all(s: &dyn Store, d: &Dir, tag: &str, format: ExportFormat) -> (PathBuf, PathBuf) {
    let ext = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Json => "json",
    };
    let items = d.path(&format!("items-{tag}.{ext}"));
    let events = d.path(&format!("events-{tag}.{ext}"));
    export(s, ExportList::Items, &ItemFilter::default(), format, &items, &mut |_| {}).unwrap();
    export(s, ExportList::Events, &ItemFilter::default(), format, &events, &mut |_| {}).unwrap();
    (items, events)
}

#[test]
fn exports_reimport_to_the_same_data() {
    let d = Dir::new("roundtrip");
    let f = d.file("registro.csv", REGISTRY_ES);
    let a = mem();
    import(a.as_ref(), &f, &opts(ImportKind::Registry)).unwrap();
    let seizures = d.path("s.xlsx");
    seizure_xlsx(&seizures);
    import(a.as_ref(), &seizures, &opts(ImportKind::Seizures)).unwrap();
    let items_a = a.items(&ItemFilter::default(), Page::all()).unwrap();
    let events_a = a.events(Page::all()).unwrap();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
        let (items, events) = export_all(a.as_ref(), &d, "a", format);
        let b = mem();
        if format == ExportFormat::Json {
            import_json(b.as_ref(), &items).unwrap();
            import_json(b.as_ref(), &events).unwrap();
        } else {
            let mut o = opts(ImportKind::Items);
            o.agency = "OTHER".into();
            import(b.as_ref(), &items, &o).unwrap();
            import(b.as_ref(), &events, &opts(ImportKind::Events)).unwrap();
        }
        assert_eq!(b.items(&ItemFilter::default(), Page::all()).unwrap(), items_a, "{format:?}");
        assert_eq!(b.events(Page::all()).unwrap(), events_a, "{format:?}");
        let (items2, events2) = export_all(b.as_ref(), &d, "b", format);
        if format == ExportFormat::Csv {
            assert_eq!(std::fs::read_to_string(&items).unwrap(), std::fs::read_to_string(&items2).unwrap());
            assert_eq!(std::fs::read_to_string(&events).unwrap(), std::fs::read_to_string(&events2).unwrap());
        }
    }
    // Lists without a flat layout round-trip through JSON.
    for list in [ExportList::Parties, ExportList::Incidents] {
        let p = d.path("list.json");
        export(a.as_ref(), list, &ItemFilter::default(), ExportFormat::Json, &p, &mut |_| {}).unwrap();
        let b = mem();
        import_json(b.as_ref(), &p).unwrap();
        match list {
            ExportList::Parties => assert_eq!(b.parties(Page::all()).unwrap(), a.parties(Page::all()).unwrap()),
            _ => assert_eq!(b.incidents(Page::all()).unwrap(), a.incidents(Page::all()).unwrap()),
        }
    }
}

#[test]
fn unreadable_files_are_clear_errors() {
    let d = Dir::new("unreadable");
    let s = mem();
    let e = import(s.as_ref(), &d.path("missing.csv"), &opts(ImportKind::Registry)).unwrap_err().to_string();
    assert!(e.contains("missing.csv"), "{e}");
    let f = d.file("fake.xlsx", "this is not a workbook");
    let e = import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap_err().to_string();
    assert!(e.contains("fake.xlsx"), "{e}");
    let f = d.file("empty.csv", "");
    assert!(import(s.as_ref(), &f, &opts(ImportKind::Registry)).is_err());
    let f = d.file("x.pdf", "%PDF");
    assert!(import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap_err().to_string().contains("unknown file type"));
    // Latin-1 files from spreadsheet programs are read, not refused.
    let f = d.path("latin1.csv");
    std::fs::write(&f, b"N\xfamero de serie,Marca\nX1,Beretta\n").unwrap();
    import(s.as_ref(), &f, &opts(ImportKind::Registry)).unwrap();
    assert_eq!(s.counts().unwrap().items, 1);
}
