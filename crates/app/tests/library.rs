//! The Community's resource library in the service layer: who reads public and Community-only
//! resources, who adds, changes and removes them, full-text search into an uploaded PDF and DOCX,
//! refused files leaving nothing behind, headlines and the demo resources.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;

use armstrace_app::audit::Auditor;
use armstrace_app::community::member::Decision;
use armstrace_app::community::resource::{create_demo_resources, public_library, LibraryQuery, MAX_UPLOAD};
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::records::Ctx;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::community::{MemberDraft, ResourceDraft, Source};
use armstrace_domain::country::CountryCode;
use armstrace_domain::extract::{simple_pdf, DocFormat};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use armstrace_store::Store;

fn principal(name: &str, role: Role) -> &'static Principal {
    Box::leak(Box::new(Principal {
        user: RecordId::new(),
        username: name.into(),
        agency: "HRV-POL".into(),
        country: CountryCode::from_alpha3("HRV").unwrap(),
        role,
        clearance: HandlingCode::Red,
    }))
}

fn member_draft(name: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        agency: "Prosecutor's office".into(),
        country: "HRV".into(),
        languages: "en".into(),
        expertise: "tracing".into(),
        ..Default::default()
    }
}

fn resource(title: &str, visibility: &str) -> ResourceDraft {
    ResourceDraft {
        title: title.into(),
        kind: "guidance".into(),
        instruments: "firearms_protocol".into(),
        language: "en".into(),
        region: "europe".into(),
        date: "2024-03".into(),
        author: "National Firearms Focal Point".into(),
        summary: "How we answer tracing requests.".into(),
        visibility: visibility.into(),
        url: String::new(),
    }
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    let body: String = paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    write!(w, r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>{body}</w:body></w:document>"#).unwrap();
    w.finish().unwrap().into_inner()
}

struct World {
    store: Box<dyn Store>,
    audit: Auditor,
    checks: CrossCheck,
    now: Timestamp,
}

impl World {
    fn new() -> World {
        World {
            store: armstrace_store::open("sqlite::memory:").unwrap(),
            audit: Auditor::new(),
            checks: CrossCheck::new(),
            now: Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0),
        }
    }
    fn ctx(&self, who: &'static Principal) -> Ctx<'_> {
        Ctx { store: self.store.as_ref(), audit: &self.audit, who, source: "test", now: self.now, checks: &self.checks }
    }
    fn join(&self, admin: &'static Principal, who: &'static Principal, coordinator: bool) {
        let m = self.ctx(who).apply_to_join(&member_draft(&who.username)).unwrap();
        self.ctx(admin).decide_member(m.id, Decision::Approve, "").unwrap();
        if coordinator {
            self.ctx(admin).decide_member(m.id, Decision::MakeCoordinator, "").unwrap();
        }
    }
}

fn code(e: armstrace_app::error::ServiceError) -> String {
    e.code.as_str().to_string()
}

#[test]
fn who_reads_adds_changes_and_removes() {
    let w = World::new();
    let admin = principal("root", Role::SystemAdmin);
    let (ana, ben, cleo, dan) = (
        principal("ana", Role::Investigator),
        principal("ben", Role::Analyst),
        principal("cleo", Role::Officer),
        principal("dan", Role::Officer),
    );
    w.join(admin, ana, true);
    w.join(admin, ben, false);
    w.join(admin, cleo, false);
    // Dan is signed in to the node but not a member.

    // Any member adds; a non-member does not.
    let public = w
        .ctx(ben)
        .add_resource_link(&ResourceDraft {
            url: "https://www.unodc.org/unodc/en/firearms-protocol/".into(),
            ..resource("Protocol page", "public")
        })
        .unwrap();
    let internal = w
        .ctx(ben)
        .add_resource_link(&ResourceDraft { url: "https://example.org/internal-guide".into(), ..resource("Internal guide", "community") })
        .unwrap();
    assert_eq!(
        code(w.ctx(dan).add_resource_link(&ResourceDraft { url: "https://x.org/a".into(), ..resource("x", "public") }).unwrap_err()),
        "forbidden"
    );
    // A link needs its address; bad fields are named.
    let e = w.ctx(ben).add_resource_link(&resource("No address", "public")).unwrap_err();
    assert!(e.message.contains("url"), "{}", e.message);
    let e = w
        .ctx(ben)
        .add_resource_link(&ResourceDraft { kind: "poem".into(), url: "javascript:x".into(), ..resource("", "public") })
        .unwrap_err();
    assert!(e.message.contains("title") && e.message.contains("kind") && e.message.contains("url"), "{}", e.message);

    // Members see both; a signed-in non-member and the public page only the public one.
    let titles = |l: armstrace_app::community::resource::Library| l.records.into_iter().map(|r| r.resource.title).collect::<Vec<_>>();
    assert_eq!(w.ctx(cleo).library(&LibraryQuery::default()).unwrap().records.len(), 2);
    assert_eq!(titles(w.ctx(dan).library(&LibraryQuery::default()).unwrap()), ["Protocol page"]);
    assert_eq!(titles(public_library(w.store.as_ref(), &LibraryQuery::default()).unwrap()), ["Protocol page"]);
    // Asking for Community-only ones as an outsider still gives only public ones.
    let q = LibraryQuery { visibility: "community".into(), ..Default::default() };
    assert_eq!(titles(w.ctx(dan).library(&q).unwrap()), ["Protocol page"]);
    assert_eq!(titles(w.ctx(cleo).library(&q).unwrap()), ["Internal guide"]);
    assert!(w.ctx(dan).resource(public.id).is_ok());
    assert_eq!(code(w.ctx(dan).resource(internal.id).unwrap_err()), "forbidden");
    // The system administrator who is not a member reads the public ones only.
    assert_eq!(code(w.ctx(admin).resource(internal.id).unwrap_err()), "forbidden");

    // The member who added it and the coordinators change it; other members do not.
    let mut changed = ResourceDraft::of(&internal);
    changed.title = "Internal guide (2nd edition)".into();
    assert!(w.ctx(cleo).resource(internal.id).map(|v| !v.can_edit).unwrap());
    assert_eq!(code(w.ctx(cleo).update_resource(internal.id, &changed, None).unwrap_err()), "forbidden");
    assert_eq!(w.ctx(ben).update_resource(internal.id, &changed, None).unwrap().title, "Internal guide (2nd edition)");
    assert!(w.ctx(ana).resource(internal.id).unwrap().can_edit);
    changed.visibility = "public".into();
    assert!(w.ctx(ana).update_resource(internal.id, &changed, None).unwrap().is_public());
    assert!(w.ctx(dan).resource(internal.id).is_ok(), "made public, it is read by all");
    assert_eq!(code(w.ctx(cleo).delete_resource(public.id).unwrap_err()), "forbidden");
    w.ctx(ana).delete_resource(public.id).unwrap();
    assert_eq!(code(w.ctx(ben).resource(public.id).unwrap_err()), "not_found");
    // Every change is in the audit log.
    let audit = w.store.audit_entries(0, 10_000).unwrap();
    let actions: Vec<_> = audit.iter().filter(|e| e.record_type == "resource").map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "create").count(), 2, "{actions:?}");
    assert!(actions.contains(&"update") && actions.contains(&"delete"), "{actions:?}");
}

#[test]
fn search_finds_words_inside_files_and_ranks_them() {
    let w = World::new();
    let admin = principal("root", Role::SystemAdmin);
    let (ana, dan) = (principal("ana", Role::Investigator), principal("dan", Role::Officer));
    w.join(admin, ana, false);

    // A PDF whose only mention of "etching" is inside it (compressed content stream).
    let pdf = simple_pdf(
        "Restoring serial numbers",
        &[
            "Obliterated serial numbers are often recoverable.",
            "Chemical etching reveals the deformed metal under the stamped digits; etching must follow magnetic particle inspection.",
        ],
    );
    let r_pdf = w.ctx(ana).add_resource_file(&resource("Forensic note", "community"), "note.pdf", pdf.clone()).unwrap();
    let Source::File(f) = &r_pdf.source else { panic!("a file") };
    assert_eq!(f.format, DocFormat::Pdf);
    assert!(f.text_chars > 100);
    let r_docx = w
        .ctx(ana)
        .add_resource_file(
            &ResourceDraft { language: "es".into(), ..resource("Guía de rastreo", "public") },
            "guia.docx",
            docx(&["Solicitud de rastreo internacional", "Marcaje de importación y grabado químico (etching)"]),
        )
        .unwrap();
    w.ctx(ana).add_resource_link(&ResourceDraft { url: "https://example.org/x".into(), ..resource("Unrelated link", "public") }).unwrap();

    let search = |who, q: &str| w.ctx(who).library(&LibraryQuery { q: q.into(), ..Default::default() }).unwrap();
    let found = search(ana, "etching");
    assert_eq!(found.records.len(), 2);
    // Ranked by how often the word occurs: twice in the PDF, once in the DOCX.
    assert_eq!(found.records[0].resource.id, r_pdf.id);
    assert_eq!(found.records[0].score, 2);
    assert!(found.records[0].snippet.contains("Chemical etching reveals"), "{}", found.records[0].snippet);
    assert!(found.records[1].snippet.contains("grabado químico (etching)"), "{}", found.records[1].snippet);
    // Words fold: case and accents do not matter; every word must occur.
    assert_eq!(search(ana, "IMPORTACION rastreo").records.len(), 1);
    assert_eq!(search(ana, "etching nonexistentword").records.len(), 0);
    // The outsider finds only the public file.
    assert_eq!(search(dan, "etching").records.iter().map(|r| r.resource.id).collect::<Vec<_>>(), [r_docx.id]);
    // Filters: kind, instrument, language, region; a typed word never matches a facet.
    let q = |f: fn(&mut LibraryQuery)| {
        let mut q = LibraryQuery::default();
        f(&mut q);
        w.ctx(ana).library(&q).unwrap().total
    };
    assert_eq!(q(|q| q.language = "es".into()), 1);
    assert_eq!(q(|q| q.kind = "guidance".into()), 3);
    assert_eq!(q(|q| q.kind = "case_law".into()), 0);
    assert_eq!(q(|q| q.instrument = "Firearms Protocol".into()), 3);
    assert_eq!(q(|q| q.instrument = "att".into()), 0);
    assert_eq!(q(|q| q.region = "Europa".into()), 3);
    assert_eq!(q(|q| q.region = "africa".into()), 0);
    assert_eq!(q(|q| q.q = "kind guidance".into()), 0);
    assert!(w.ctx(ana).library(&LibraryQuery { kind: "poem".into(), ..Default::default() }).unwrap_err().message.contains("kind"));

    // The file comes back as uploaded.
    let (_, a) = w.ctx(ana).resource_file(r_pdf.id).unwrap();
    assert_eq!(a.content, pdf);
    assert_eq!(a.content_type, "application/pdf");
    assert_eq!(code(w.ctx(dan).resource_file(r_pdf.id).unwrap_err()), "forbidden");

    // Editing the description keeps the text searchable; a new file replaces the old one.
    let mut d = ResourceDraft::of(&r_pdf);
    d.title = "Forensic note (revised)".into();
    w.ctx(ana).update_resource(r_pdf.id, &d, None).unwrap();
    assert_eq!(search(ana, "magnetic").records.len(), 1);
    let old_attachment = f.attachment;
    w.ctx(ana).update_resource(r_pdf.id, &d, Some(("new.txt".into(), b"Ballistic imaging with IBIS.".to_vec()))).unwrap();
    assert_eq!(search(ana, "magnetic").records.len(), 0);
    assert_eq!(search(ana, "ibis").records.len(), 1);
    assert!(w.store.attachment(old_attachment).unwrap().is_none(), "the old file is gone");
    // Removing a resource removes its files.
    w.ctx(ana).delete_resource(r_pdf.id).unwrap();
    assert!(w.store.attachments_of(r_pdf.id).unwrap().is_empty());
}

#[test]
fn bad_files_are_refused_and_nothing_is_written() {
    let w = World::new();
    let admin = principal("root", Role::SystemAdmin);
    let ana = principal("ana", Role::Investigator);
    w.join(admin, ana, false);
    let before = w.store.count_community(&armstrace_store::CommunityQuery { kind: "resource".into(), ..Default::default() }).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("photo.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "PNG image"),
        ("old.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0".to_vec(), "save it as .docx or PDF"),
        ("broken.pdf", b"%PDF-1.4\n garbage without objects".to_vec(), "cannot be read"),
        ("broken.docx", b"PK\x03\x04 word/document.xml but no archive".to_vec(), "cannot be read"),
        ("empty.txt", vec![], "empty"),
        ("huge.txt", vec![b'a'; MAX_UPLOAD + 1], "at most 20 MB"),
    ];
    for (name, bytes, says) in cases {
        let e = w.ctx(ana).add_resource_file(&resource("A file", "community"), name, bytes).unwrap_err();
        assert_eq!(e.code.as_str(), "invalid_input", "{name}");
        assert!(e.message.contains(says) && e.message.contains(name), "{name}: {}", e.message);
    }
    // A bad description is refused before the file is read.
    let e = w.ctx(ana).add_resource_file(&resource("", "community"), "a.txt", b"text".to_vec()).unwrap_err();
    assert!(e.message.contains("title"));
    let after = w.store.count_community(&armstrace_store::CommunityQuery { kind: "resource".into(), ..Default::default() }).unwrap();
    assert_eq!(before, after);
    // An encrypted PDF is kept, and says its text could not be read.
    let enc = b"%PDF-1.6\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R /Encrypt 9 0 R >>\n%%EOF".to_vec();
    let r = w.ctx(ana).add_resource_file(&resource("Protected", "community"), "protected.pdf", enc).unwrap();
    assert_eq!(r.file().unwrap().text_note, "encrypted");
}

#[test]
fn headlines_and_demo_resources() {
    let w = World::new();
    let admin = principal("root", Role::SystemAdmin);
    let (ana, dan) = (principal("ana", Role::Investigator), principal("dan", Role::Officer));
    w.join(admin, ana, true);
    let made = create_demo_resources(w.store.as_ref(), w.now).unwrap();
    assert_eq!(made.len(), 6);
    assert!(made.iter().all(|r| r.added_by == ana.user), "added by the coordinator");
    assert!(made.iter().filter(|r| matches!(r.source, Source::Link { .. })).all(|r| r.is_public()));
    // The demo's PDF is found by a word of its text only.
    let found = w.ctx(ana).library(&LibraryQuery { q: "obliterated".into(), ..Default::default() }).unwrap();
    assert_eq!(found.records.len(), 1);
    assert_eq!(found.records[0].resource.file().unwrap().format, DocFormat::Pdf);
    assert_eq!(w.ctx(ana).library(&LibraryQuery { instrument: "att".into(), ..Default::default() }).unwrap().total, 1);

    let day = w.now.unix_millis().div_euclid(86_400_000);
    let h = w.ctx(ana).resource_headlines(day - 7, day).unwrap();
    assert_eq!(h.len(), 6);
    assert!(h.iter().all(|h| h.kind == "resource" && h.link.starts_with("/community/library/") && h.day == day));
    // A non-member's headlines hold public resources only; none outside the window.
    assert_eq!(w.ctx(dan).resource_headlines(day - 7, day).unwrap().len(), 5);
    assert!(w.ctx(ana).resource_headlines(day - 30, day - 8).unwrap().is_empty());
}
