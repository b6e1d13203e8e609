//! The Community's discussion in the service layer: who may read and write, threads and replies,
//! mentions and their notifications, locked threads, hidden posts, the reports queue, the audit of
//! every moderation decision, headlines and the demo's threads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use armstrace_app::audit::Auditor;
use armstrace_app::community::discussion::{
    create_demo_discussion, ModerationAction, ModerationRequest, PostDraft, ReportDraft, ThreadQuery,
};
use armstrace_app::community::member::Decision;
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::records::Ctx;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::account::{Language, UserAccount, Username};
use armstrace_domain::community::discussion::{ReportStatus, ThreadDraft};
use armstrace_domain::community::MemberDraft;
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use armstrace_store::Store;

fn account(store: &dyn Store, name: &str, country: &str, role: Role) -> &'static Principal {
    let now = Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0);
    let u = UserAccount {
        id: RecordId::new(),
        username: Username::parse(name).unwrap(),
        display_name: name.into(),
        agency: format!("{country}-POL"),
        country: CountryCode::from_alpha3(country).unwrap(),
        role,
        clearance: HandlingCode::Red,
        language: Language::En,
        email: None,
        password_hash: String::new(),
        totp_secret: None,
        second_factor_required: false,
        recovery_codes: vec![],
        failed_logins: 0,
        locked_until: None,
        disabled: false,
        created_at: now,
        updated_at: now,
    };
    store.save_user(&u).unwrap();
    Box::leak(Box::new(u.principal()))
}

fn profile(name: &str, country: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        agency: "National police".into(),
        country: country.into(),
        languages: "en".into(),
        expertise: "tracing".into(),
        ..Default::default()
    }
}

fn thread_draft(title: &str, body: &str) -> ThreadDraft {
    ThreadDraft { title: title.into(), topic: "tracing".into(), region: "europe".into(), language: "en".into(), body: body.into() }
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
    fn at(&self, who: &'static Principal, minutes: i64) -> Ctx<'_> {
        Ctx { now: Timestamp::from_unix_millis(self.now.unix_millis() + minutes * 60_000), ..self.ctx(who) }
    }
    /// A member approved by the node's administrator (`coordinator` appointed too).
    fn member(&self, admin: &'static Principal, who: &'static Principal, name: &str, coordinator: bool) {
        let m = self.ctx(who).apply_to_join(&profile(name, who.country.as_str())).unwrap();
        self.ctx(admin).decide_member(m.id, Decision::Approve, "").unwrap();
        if coordinator {
            self.ctx(admin).decide_member(m.id, Decision::MakeCoordinator, "").unwrap();
        }
    }
}

#[test]
fn members_discuss_mention_each_other_and_coordinators_moderate() {
    let w = World::new();
    let s = w.store.as_ref();
    let admin = account(s, "root", "HRV", Role::SystemAdmin);
    let ana = account(s, "ana.kovac", "HRV", Role::Investigator);
    let ben = account(s, "ben.ortiz", "MEX", Role::Analyst);
    let cleo = account(s, "cleo", "AUT", Role::Officer);
    let dana = account(s, "dana", "SRB", Role::Officer);
    let outsider = account(s, "zed", "SRB", Role::Officer);
    w.member(admin, ana, "Ana Kovač", true);
    w.member(admin, ben, "Ben Ortiz", false);
    w.member(admin, cleo, "Cleo Huber", false);
    w.member(admin, dana, "Dana Petrović", false);
    // Zed applied but was not approved: not a member.
    w.ctx(outsider).apply_to_join(&profile("Zed", "SRB")).unwrap();

    // Non-members neither read nor write.
    let draft = thread_draft("Converted alarm pistols", "Has anyone traced one? @cleo @Zed @nobody, and write to spoc@mup.hr");
    assert_eq!(w.ctx(outsider).start_thread(&draft).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(w.ctx(outsider).discussion_threads(&ThreadQuery::default(), 0, 50).unwrap_err().code.as_str(), "forbidden");
    // A bad draft names its fields.
    let bad = w.ctx(ben).start_thread(&ThreadDraft { topic: "gossip".into(), ..Default::default() }).unwrap_err();
    assert!(bad.message.contains("title") && bad.message.contains("topic") && bad.message.contains("body"), "{}", bad.message);

    // Ben opens a thread naming Cleo (a member), Zed (not a member) and nobody (no account).
    let view = w.ctx(ben).start_thread(&draft).unwrap();
    let tid = view.thread.id;
    let opening = view.posts[0].clone();
    assert!(opening.opening);
    assert_eq!(opening.mentions.iter().map(|m| m.username.as_str()).collect::<Vec<_>>(), vec!["cleo"]);
    let cleo_notes = w.ctx(cleo).my_notifications().unwrap();
    assert_eq!((cleo_notes.unread, cleo_notes.notifications.len()), (1, 1), "exactly one notification for the member named");
    assert_eq!(cleo_notes.notifications[0].thread_title, "Converted alarm pistols");
    assert_eq!(cleo_notes.notifications[0].by_name, "Ben Ortiz");
    assert_eq!(w.ctx(outsider).unread_notifications().unwrap(), 0, "none for a non-member");
    assert!(w.ctx(outsider).my_notifications().is_err());
    assert_eq!(w.ctx(ben).unread_notifications().unwrap(), 0);

    // Replies, in order; a mention of oneself and of an already named member counts once.
    w.at(cleo, 5).reply(tid, &PostDraft { body: "Yes, @ana.kovac and I did.\n@ana.kovac has the report. @cleo".into() }).unwrap();
    let r2 = w.at(ana, 10).reply(tid, &PostDraft { body: "Attached below.".into() }).unwrap();
    assert_eq!(w.ctx(ana).unread_notifications().unwrap(), 1);
    assert_eq!(w.ctx(cleo).unread_notifications().unwrap(), 1, "naming oneself notifies no one");
    let v = w.ctx(dana).discussion_thread(tid).unwrap();
    assert_eq!(v.posts.len(), 3);
    assert_eq!(v.thread.replies, 2);
    assert_eq!(v.posts.iter().map(|p| p.author_name.as_str()).collect::<Vec<_>>(), vec!["Ben Ortiz", "Cleo Huber", "Ana Kovač"]);
    assert!(v.may_reply && !v.coordinator);

    // Only its author edits a post; an edit keeps its time and notifies only the newly named.
    assert_eq!(w.ctx(dana).edit_post(r2.id, &PostDraft { body: "mine now".into() }).unwrap_err().code.as_str(), "forbidden");
    let edited = w.at(ana, 20).edit_post(r2.id, &PostDraft { body: "Attached below, @dana and @cleo.".into() }).unwrap();
    assert_eq!(edited.edited_at, Some(Timestamp::from_unix_millis(w.now.unix_millis() + 20 * 60_000)));
    assert_eq!(w.ctx(dana).unread_notifications().unwrap(), 1);
    assert_eq!(w.ctx(cleo).unread_notifications().unwrap(), 2);
    w.at(ana, 21).edit_post(r2.id, &PostDraft { body: "Attached below, @dana and @cleo (again).".into() }).unwrap();
    assert_eq!(w.ctx(dana).unread_notifications().unwrap(), 1, "no second notification for the same post");
    assert_eq!(w.ctx(cleo).mark_notifications_read(&[]).unwrap(), 2);
    assert_eq!(w.ctx(cleo).unread_notifications().unwrap(), 0);

    // The list: filters and newest activity first.
    let other = w
        .at(dana, 30)
        .start_thread(&ThreadDraft {
            topic: "legislation".into(),
            region: "global".into(),
            ..thread_draft("Deactivation standards", "Which standard do you apply?")
        })
        .unwrap();
    let all = w.ctx(ben).discussion_threads(&ThreadQuery::default(), 0, 50).unwrap();
    assert_eq!(all.records.iter().map(|t| t.id).collect::<Vec<_>>(), vec![other.thread.id, tid]);
    let q = |topic: &str, region: &str, words: &str| {
        let q = ThreadQuery { topic: topic.into(), region: region.into(), q: words.into(), ..Default::default() };
        w.ctx(ben).discussion_threads(&q, 0, 50).unwrap().records.iter().map(|t| t.id).collect::<Vec<_>>()
    };
    assert_eq!(q("tracing", "", ""), vec![tid]);
    assert_eq!(q("", "global", ""), vec![other.thread.id]);
    assert_eq!(q("", "", "standard"), vec![other.thread.id]);
    assert_eq!(q("", "", "report"), vec![tid], "words of a reply find its thread");
    assert!(w.ctx(ben).discussion_threads(&ThreadQuery { topic: "gossip".into(), ..Default::default() }, 0, 50).is_err());

    // Reports: any member; the queue is the coordinators'.
    let reply = w.at(dana, 40).reply(tid, &PostDraft { body: "The suspect lives at Ilica 12, Zagreb.".into() }).unwrap();
    assert_eq!(w.ctx(cleo).report_post(reply.id, &ReportDraft { reason: " ".into() }).unwrap_err().code.as_str(), "invalid_input");
    w.ctx(cleo).report_post(reply.id, &ReportDraft { reason: "a home address".into() }).unwrap();
    assert_eq!(w.ctx(cleo).report_post(reply.id, &ReportDraft { reason: "again".into() }).unwrap_err().code.as_str(), "conflict");
    let rep2 = w.ctx(ben).report_post(opening.id, &ReportDraft { reason: "off topic?".into() }).unwrap();
    assert_eq!(w.ctx(ben).discussion_reports(false).unwrap_err().code.as_str(), "forbidden");
    let queue = w.ctx(ana).discussion_reports(false).unwrap();
    assert_eq!(queue.len(), 2);
    assert_eq!(queue[0].post.id, reply.id);
    assert_eq!(queue[0].thread_title, "Converted alarm pistols");
    assert_eq!(w.ctx(ana).discussion_thread(tid).unwrap().open_reports, 2);

    // Only coordinators moderate, always with a reason.
    let hide = ModerationRequest { action: ModerationAction::Hide, id: reply.id, reason: "personal data of a suspect".into() };
    assert_eq!(w.ctx(ben).moderate(&hide).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(w.ctx(ana).moderate(&ModerationRequest { reason: "".into(), ..hide.clone() }).unwrap_err().code.as_str(), "invalid_input");
    let done = w.ctx(ana).moderate(&hide).unwrap();
    assert_eq!(done.reports_closed, 1, "hiding answers the open report");
    assert_eq!(w.ctx(ana).moderate(&hide).unwrap_err().code.as_str(), "conflict");
    // The hidden post: kept, shown as hidden to members, in full to coordinators; not found by its words.
    let seen = |who| w.ctx(who).discussion_thread(tid).unwrap().posts.into_iter().find(|p| p.id == reply.id).unwrap();
    let by_ben = seen(ben);
    assert!(by_ben.hidden.is_some() && by_ben.body.is_empty());
    assert!(by_ben.hidden.as_ref().unwrap().reason.is_empty());
    assert_eq!(seen(dana).hidden.unwrap().reason, "personal data of a suspect", "its author reads why");
    assert_eq!(seen(ana).body, "The suspect lives at Ilica 12, Zagreb.");
    assert_eq!(seen(admin).body, "The suspect lives at Ilica 12, Zagreb.", "the node's administrator moderates too");
    assert!(q("", "", "Ilica").is_empty());
    assert_eq!(w.ctx(dana).edit_post(reply.id, &PostDraft { body: "sorry".into() }).unwrap_err().code.as_str(), "conflict");
    // Dismissing the other report; the queue empties and keeps the decided ones.
    w.ctx(ana).moderate(&ModerationRequest { action: ModerationAction::Dismiss, id: rep2.id, reason: "on topic".into() }).unwrap();
    assert!(w.ctx(ana).discussion_reports(false).unwrap().is_empty());
    let closed = w.ctx(ana).discussion_reports(true).unwrap();
    assert_eq!(closed.len(), 2);
    assert!(
        closed.iter().any(|r| r.report.status == ReportStatus::Acted) && closed.iter().any(|r| r.report.status == ReportStatus::Dismissed)
    );

    // A locked thread takes no reply and no edit; unlocked, it does again.
    let lock = ModerationRequest { action: ModerationAction::Lock, id: tid, reason: "answered; see the resource library".into() };
    w.ctx(ana).moderate(&lock).unwrap();
    assert_eq!(w.ctx(ben).reply(tid, &PostDraft { body: "one more".into() }).unwrap_err().code.as_str(), "conflict");
    assert_eq!(w.ctx(ana).edit_post(r2.id, &PostDraft { body: "late edit".into() }).unwrap_err().code.as_str(), "conflict");
    assert!(!w.ctx(ben).discussion_thread(tid).unwrap().may_reply);
    w.ctx(ana).moderate(&ModerationRequest { action: ModerationAction::Unlock, reason: "a new question came".into(), ..lock }).unwrap();
    w.ctx(ben).reply(tid, &PostDraft { body: "one more".into() }).unwrap();
    w.ctx(ana).moderate(&ModerationRequest { action: ModerationAction::Unhide, reason: "address was public".into(), ..hide }).unwrap();
    assert_eq!(seen(ben).body, "The suspect lives at Ilica 12, Zagreb.");

    // A suspended member reads nothing any more.
    let dana_member = w.ctx(dana).my_membership().unwrap().unwrap();
    w.ctx(ana).decide_member(dana_member.id, Decision::Suspend, "shared a suspect's address").unwrap();
    assert_eq!(w.ctx(dana).discussion_thread(tid).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(w.ctx(dana).reply(tid, &PostDraft { body: "hello".into() }).unwrap_err().code.as_str(), "forbidden");

    // Headlines: the threads started in the window, with their replies.
    let today = w.now.unix_millis().div_euclid(86_400_000);
    let h = w.ctx(ben).discussion_headlines(today, today).unwrap();
    assert_eq!(h.len(), 2);
    assert!(h.iter().any(|h| h.title == "Converted alarm pistols"
        && h.summary.contains("4 replies")
        && h.link == format!("/community/discussion/{tid}")));
    assert!(w.ctx(ben).discussion_headlines(today + 1, today + 7).unwrap().is_empty());
    assert!(w.ctx(outsider).discussion_headlines(today, today).is_err());

    // Every change and every moderation decision is audited, with its reason.
    w.audit.flush(s).unwrap();
    let log = s.audit_entries(0, 10_000).unwrap();
    let has = |action: &str, record: RecordId, detail: &str| {
        log.iter().any(|e| e.action == action && e.record == Some(record) && e.detail.contains(detail))
    };
    assert!(has("create", tid, "Converted alarm pistols"));
    assert!(has("reply", reply.id, ""));
    assert!(has("edit", r2.id, ""));
    assert!(has("report", reply.id, "a home address"));
    assert!(has("hide", reply.id, "personal data of a suspect"));
    assert!(has("unhide", reply.id, "address was public"));
    assert!(has("lock", tid, "answered"));
    assert!(has("unlock", tid, "a new question came"));
    assert!(has("dismiss", rep2.id, "on topic"));
    assert!(log.iter().any(|e| e.action == "list" && e.record_type == "report" && e.username == "ana.kovac"));
}

#[test]
fn the_demo_discussion_is_written_between_existing_members() {
    let w = World::new();
    let s = w.store.as_ref();
    assert_eq!(create_demo_discussion(s, w.now).unwrap(), 0, "no members, no discussion");
    let admin = account(s, "root", "HRV", Role::SystemAdmin);
    let ana = account(s, "ana.kovac", "HRV", Role::Investigator);
    let ben = account(s, "ben.ortiz", "MEX", Role::Analyst);
    w.member(admin, ana, "Ana Kovač", true);
    w.member(admin, ben, "Ben Ortiz", false);
    assert_eq!(create_demo_discussion(s, w.now).unwrap(), 7);
    let threads = w.ctx(ana).discussion_threads(&ThreadQuery::default(), 0, 50).unwrap();
    assert_eq!(threads.total, 3);
    assert!(threads.records.iter().any(|t| t.language.as_str() == "es"));
    // Mentions in the demo notify, as real ones do.
    assert!(w.ctx(ana).unread_notifications().unwrap() >= 2);
    assert!(w.ctx(ben).unread_notifications().unwrap() >= 1);
    for t in &threads.records {
        let v = w.ctx(ben).discussion_thread(t.id).unwrap();
        assert_eq!(v.posts.len() as u32, t.replies + 1);
        assert!(v.posts[0].opening);
    }
}
