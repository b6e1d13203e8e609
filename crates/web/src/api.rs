//! The JSON API, `/api/v1`. Same services, same policy, same audit as the pages; errors are
//! `{"error": {"code": ..., "message": ...}}` with the codes of `armstrace_app::error::ERROR_TABLE`.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use armstrace_app::error::{ServiceError, ERROR_TABLE};
use armstrace_app::kinds::RecordKind;
use armstrace_app::records::Ctx;
use armstrace_app::seizure::SeizureForm;
use armstrace_domain::access::Role;
use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::HistoryEvent;
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::Incident;
use armstrace_domain::item::Item;
use armstrace_domain::licence::Licence;
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::party::Party;
use armstrace_store::ListFilter;

use crate::auth::{
    AnswerRequests, Anyone, Can, Cooperate, DecideHits, EditRecords, ManageDirectory, ManageLicences, Needs, ReadLicences, ReadPersons,
    ReadRequests, RecordIncidents, RecordPersons, RecordSeizure, ShareRecords, Signed, Trace,
};
use crate::pages::{item_filter, ItemQuery};
use crate::{blocking, now, Shared, WebError};
use armstrace_domain::date::PartialDate;
use armstrace_domain::request::CooperationRequest;

/// One operation of the API: the router and the OpenAPI document are both made from this table,
/// and a test checks that each operation refuses exactly the roles its `needs` leaves out.
pub struct Operation {
    pub method: &'static str,
    /// Under `/api/v1`, with `{id}`-style parameters.
    pub path: &'static str,
    pub summary: &'static str,
    /// Any one of these actions (none: anyone signed in, or no sign-in for `/errors`).
    pub needs: &'static [armstrace_domain::access::Action],
    /// Name of the example request body, if any.
    pub request: Option<&'static str>,
    /// Name of the example response body.
    pub response: &'static str,
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
}

const KIND_LIST: &[(&str, &str)] = &[
    ("kind", "kind of record (e.g. seizure, person, export, cartridge_case)"),
    ("q", "part of the reference, name, licence number or ballistic system, any case"),
    ("country", "ISO 3166 alpha-3 country of the incident, person or issuing authority"),
    ("offset", "records to skip"),
    ("limit", "records to return, at most 500"),
];
const DIRECTORY_LIST: &[(&str, &str)] = &[
    ("country", "ISO 3166 code or name of the country"),
    ("instrument", "firearms_protocol, att, poa_iti, untoc, regional or regional:NAME"),
    ("function", "tracing, mutual_legal_assistance, licence_verification, information_exchange, border_control_cooperation, reporting"),
    ("kind", "single_point_of_contact, competent_authority, central_authority"),
    ("q", "part of the authority, contact person, address, note or e-mail"),
    ("stale", "1: only entries not verified for more than a year"),
    ("offset", "records to skip"),
    ("limit", "records to return, at most 500"),
];
const COMMUNITY_MEMBERS: &[(&str, &str)] = &[
    ("country", "ISO 3166 code or name of the member's country"),
    ("region", "UN M49 region: Africa, Americas, Asia, Europe, Oceania"),
    ("expertise", "an area of expertise: tracing, investigation, prosecution, ballistics_forensics, ..."),
    ("language", "a working language (ISO 639-1 code or name)"),
    ("q", "words of the name, agency, position or profile, any case, without diacritics"),
];
const COMMUNITY_ACTIVITIES: &[(&str, &str)] = &[
    ("when", "upcoming (not over yet), past, or empty for all"),
    ("year", "taking place in this year (four digits)"),
    ("country", "ISO 3166 code or name of a country hosting or taking part"),
    ("type", "institutional_capacity_building, legislative_assistance, sensitization_outreach, technical_assistance, training, expert_meeting, conference"),
    ("focus", "border_controls, enforcement, import_controls, international_instruments, regional_cooperation, regional_instruments, risk_assessments, salw_controls, tracing, transfer_controls, transit_transshipment_controls"),
    ("q", "words of the title, place, description, participants, partners, project"),
    ("language", "the language the record is written in (en, es, fr ...)"),
];
const COMMUNITY_CASES: &[(&str, &str)] = &[
    ("q", "words of the case, any case, without diacritics"),
    ("country", "ISO 3166 code or name"),
    ("region", "UN M49 region"),
    (
        "crime_link",
        "organized_crime, terrorism, drug_trafficking, cybercrime, money_laundering, migrant_smuggling, human_trafficking, corruption",
    ),
    ("technique", "controlled_delivery, tracing, financial_investigation, ..."),
    ("year", "the year of the case"),
    ("language", "ISO 639-1 code of the case's language"),
];
const DISCUSSION_LIST: &[(&str, &str)] = &[
    ("topic", "investigation, prosecution, tracing, ballistics_forensics, legislation, licensing_transfer_controls, border_customs, online_darknet, data_analysis, cooperation_requests, events, general"),
    ("region", "global, africa, americas, asia, europe or oceania (UN M49)"),
    ("language", "the language threads are written in (ISO 639-1 code or name)"),
    ("q", "words of the title or of any visible post, any case, without diacritics"),
    ("offset", "threads to skip"),
    ("limit", "threads to return, at most 200"),
];
const COMMUNITY_LIBRARY: &[(&str, &str)] = &[
    ("kind", "legislation, guidance, tool, training, research or case_law"),
    ("instrument", "firearms_protocol, att, poa_iti, untoc or regional"),
    ("language", "the resource's language (ISO 639-1 code or name)"),
    ("region", "global, africa, americas, asia, europe or oceania"),
    ("visibility", "public or community (members only)"),
    ("q", "words, each of which must occur in the title, author, summary or text; any case, without diacritics"),
    ("offset", "records to skip"),
    ("limit", "records to return, at most 100"),
];
const COMMUNITY_LIBRARY_FILE: &[(&str, &str)] = &[
    ("name", "the file's name"),
    ("title", "the document's title (required)"),
    ("kind", "legislation, guidance, tool, training, research or case_law (required)"),
    ("instruments", "comma-separated: firearms_protocol, att, poa_iti, untoc, regional:NAME"),
    ("language", "ISO 639-1 code of the document's language (required)"),
    ("region", "global (default), africa, americas, asia, europe or oceania"),
    ("date", "the document's date: YYYY, YYYY-MM or YYYY-MM-DD"),
    ("author", "author or publisher"),
    ("summary", "a few lines on what it is"),
    ("visibility", "community (default: members only) or public"),
];
const ITEM_LIST: &[(&str, &str)] = &[
    ("serial", "serial number as marked (normalized before matching)"),
    ("status", "seized, stolen, lost, registered, ..."),
    ("class", "firearm, part, ammunition"),
    ("type", "firearm type code"),
    ("manufacturer", "make as written (resolved through the nomenclature)"),
    ("calibre", "calibre as written"),
    ("country", "ISO alpha-3 country of manufacture"),
    ("agency", "owning agency code"),
    ("offset", "records to skip"),
    ("limit", "records to return, at most 500"),
];

macro_rules! api {
    ($($method:ident $path:literal => $handler:expr, needs $needs:ty, $summary:literal, request $req:expr, response $resp:literal, query $query:expr;)*) => {
        pub fn routes() -> Router<Shared> {
            Router::new() $( .route($path, axum::routing::$method($handler)) )*
        }
        pub const OPERATIONS: &[Operation] = &[$(Operation {
            method: stringify!($method),
            path: $path,
            summary: $summary,
            needs: <$needs as Needs>::ACTIONS,
            request: $req,
            response: $resp,
            query: $query,
        }),*];
    };
}

api! {
    get "/me" => me, needs Anyone, "The signed-in user", request None, response "Me", query &[];
    get "/agencies" => list_agencies, needs Anyone, "The agencies of the node (who can be named in a grant)", request None, response "Agencies", query &[];
    get "/errors" => errors, needs Anyone, "The table of error codes and their HTTP status (no sign-in needed)", request None, response "ErrorTable", query &[];
    get "/items" => list_items, needs Anyone, "Items (firearms, parts, ammunition) the caller may read, newest first; counted up to 1,000", request None, response "ItemList", query ITEM_LIST;
    post "/items" => create_item, needs RecordSeizure, "Record an item for the caller's agency (Firearms Protocol art. 7 records)", request Some("NewItem"), response "ItemView", query &[];
    get "/items/{id}" => get_item, needs Anyone, "An item with its history; a record the caller may not read answers 404, like a missing one", request None, response "ItemView", query &[];
    put "/items/{id}" => update_item, needs EditRecords, "Change an item of the caller's agency", request Some("Item"), response "ItemView", query &[];
    get "/items/{id}/grants" => item_grants, needs Anyone, "With whom an item of the caller's agency is shared", request None, response "Grants", query &[];
    post "/items/{id}/grants" => share_item, needs ShareRecords, "Share an item of the caller's agency with an agency or a named user (RED and AMBER+STRICT: users only)", request Some("Share"), response "Grants", query &[];
    get "/items/{id}/trace" => trace_item, needs Trace, "The national trace of an item (Firearms Protocol art. 3(f) and 12(4), ITI § 17 and after): lines of supply, exporter and importer with licences, last lawful holder, point of diversion or why it is not established, time-to-crime, whom to ask; every trace audited", request None, response "TraceView", query &[];
    post "/items/{id}/events" => add_event, needs RecordIncidents, "Add an event to an item's history (transfer, export, theft report, destruction; ITI §§ 10-12)", request Some("HistoryEvent"), response "ItemView", query &[];
    get "/incidents" => list::<Incident, Anyone>, needs Anyone, "Incidents (seizures, finds, surrenders, crimes) in the caller's scope", request None, response "Incidents", query KIND_LIST;
    post "/incidents" => create::<Incident, RecordIncidents>, needs RecordIncidents, "Record an incident", request Some("NewIncident"), response "Incident", query &[];
    get "/incidents/{id}" => read::<Incident, Anyone>, needs Anyone, "An incident", request None, response "Incident", query &[];
    put "/incidents/{id}" => update::<Incident, RecordIncidents>, needs RecordIncidents, "Change an incident of the caller's agency", request Some("Incident"), response "Incident", query &[];
    get "/parties" => list::<Party, ReadPersons>, needs ReadPersons, "Persons and organisations (personal data: every listing audited)", request None, response "Parties", query KIND_LIST;
    post "/parties" => create::<Party, RecordPersons>, needs RecordPersons, "Record a person or organisation", request Some("NewParty"), response "Party", query &[];
    get "/parties/{id}" => read::<Party, ReadPersons>, needs ReadPersons, "A person or organisation (every read audited)", request None, response "Party", query &[];
    put "/parties/{id}" => update::<Party, RecordPersons>, needs RecordPersons, "Change a person or organisation of the caller's agency", request Some("Party"), response "Party", query &[];
    get "/licences" => list::<Licence, ReadLicences>, needs ReadLicences, "Licences and authorizations (Firearms Protocol art. 10)", request None, response "Licences", query KIND_LIST;
    post "/licences" => create::<Licence, ManageLicences>, needs ManageLicences, "Record a licence", request Some("NewLicence"), response "Licence", query &[];
    get "/licences/{id}" => read::<Licence, ReadLicences>, needs ReadLicences, "A licence", request None, response "Licence", query &[];
    put "/licences/{id}" => update::<Licence, ManageLicences>, needs ManageLicences, "Change a licence of the caller's agency", request Some("Licence"), response "Licence", query &[];
    get "/ballistics/exhibits" => list::<BallisticExhibit, Anyone>, needs Anyone, "Ballistic exhibits (cartridge cases, bullets, test fires)", request None, response "Exhibits", query KIND_LIST;
    post "/ballistics/exhibits" => create::<BallisticExhibit, EditRecords>, needs EditRecords, "Record a ballistic exhibit", request Some("NewExhibit"), response "Exhibit", query &[];
    get "/ballistics/exhibits/{id}" => read::<BallisticExhibit, Anyone>, needs Anyone, "A ballistic exhibit", request None, response "Exhibit", query &[];
    put "/ballistics/exhibits/{id}" => update::<BallisticExhibit, EditRecords>, needs EditRecords, "Change a ballistic exhibit of the caller's agency", request Some("Exhibit"), response "Exhibit", query &[];
    get "/ballistics/hits" => list::<BallisticHit, Anyone>, needs Anyone, "Ballistic hits: two exhibits linked by a correlation system", request None, response "Hits", query KIND_LIST;
    post "/ballistics/hits" => create::<BallisticHit, EditRecords>, needs EditRecords, "Record a ballistic hit", request Some("NewHit"), response "Hit", query &[];
    get "/ballistics/hits/{id}" => read::<BallisticHit, Anyone>, needs Anyone, "A ballistic hit", request None, response "Hit", query &[];
    put "/ballistics/hits/{id}" => update::<BallisticHit, EditRecords>, needs EditRecords, "Change a ballistic hit of the caller's agency (e.g. confirmed by an examiner)", request Some("Hit"), response "Hit", query &[];
    post "/items/{id}/trace-request" => draft_trace_request, needs Trace, "Prepare a tracing request for an item from its national trace (markings, type, calibre, circumstances, the country where the record stops); a draft until the point of contact sends it", request None, response "RequestView", query &[];
    get "/requests" => list::<CooperationRequest, ReadRequests>, needs ReadRequests, "Requests between countries (tracing, information, mutual legal assistance, licence verification) in the caller's scope", request None, response "CooperationRequests", query KIND_LIST;
    post "/requests" => create::<CooperationRequest, ReadRequests>, needs ReadRequests, "Prepare a request (a draft)", request Some("NewRequest"), response "CooperationRequest", query &[];
    get "/requests/pending" => pending_requests, needs ReadRequests, "Drafts, and outgoing and incoming requests still waiting, overdue first", request None, response "Pending", query &[];
    get "/requests/statistics" => request_statistics, needs Trace, "Outgoing tracing requests by requested country: sent, answered, traced, median days to answer, overdue", request None, response "RequestStatistics", query &[];
    post "/requests/incoming" => record_incoming, needs AnswerRequests, "Record a request received from another country; its deadlines run from now (the point of contact; the licensing officer for licence verifications)", request Some("CooperationRequest"), response "RequestView", query &[];
    get "/requests/{id}" => get_request, needs ReadRequests, "A request with what it still lacks before sending and its deadlines; the JSON export of the request", request None, response "RequestView", query &[];
    put "/requests/{id}" => update::<CooperationRequest, ReadRequests>, needs ReadRequests, "Complete a draft (or prepare the answer of an incoming request); its state moves only through steps", request Some("CooperationRequest"), response "CooperationRequest", query &[];
    post "/requests/{id}/steps" => move_request, needs AnswerRequests, "Send, acknowledge, answer (traced, not traced with the reason, refused), withdraw or assign a request (the point of contact; the licensing officer for licence verifications)", request Some("Move"), response "RequestView", query &[];
    get "/requests/{id}/licence-answer" => licence_answer, needs AnswerRequests, "The answer to a licence verification from the licence registry (FP 10(4)-(5)): the licence, what it authorizes, what was exported and imported under it", request None, response "AnswerDraft", query &[];
    get "/requests/{id}/answer-draft" => answer_draft, needs Cooperate, "The answer to an incoming tracing request composed from the national trace of its item, to review before answering", request None, response "AnswerDraft", query &[];
    post "/checks" => run_check, needs Anyone, "Check a described firearm against every record of the node (misread, damaged and obliterated serials found); records the caller may not see are named only by their agency", request Some("CheckRequest"), response "CheckAnswers", query &[("limit", "candidates, at most 50")];
    post "/checks/file" => check_file, needs Anyone, "Check every firearm of a spreadsheet (CSV or XLSX body: a serial column, and reference, manufacturer, model, type, calibre where known) against the node's records; nothing is recorded", request Some("FirearmsFile"), response "FileChecked", query &[("name", "the file's name, for messages"), ("limit", "candidates per firearm, at most 10")];
    get "/checks/hits" => list_check_hits, needs Anyone, "Hits that concern the caller's agency, newest first", request None, response "CheckHits", query &[("status", "new, confirmed or rejected"), ("offset", "records to skip"), ("limit", "records to return, at most 500")];
    get "/checks/hits/{id}" => get_check_hit, needs Anyone, "A hit: both records side by side where the caller may read them, else whom to contact", request None, response "CheckHit", query &[];
    post "/checks/hits/{id}/decision" => decide_check_hit, needs DecideHits, "Confirm or reject a hit (a rejection needs a reason)", request Some("Decision"), response "CheckHit", query &[];
    get "/indicators/sdg-16-4-2" => sdg_indicator, needs Anyone, "SDG indicator 16.4.2 over the caller's scope: the proportion of seized, found or surrendered arms recovered in the period whose illicit origin or context was established, by type, criminal context and country of manufacture, with the time-to-crime distribution", request None, response "Indicator", query &[("from", "first day of the period: YYYY, YYYY-MM or YYYY-MM-DD (default: last year)"), ("to", "last day of the period, as from (default: from's year)")];
    get "/nomenclature/{list}" => nomenclature_list, needs Anyone, "Nomenclature entries matching what has been typed: types, makes, models, calibres, countries, contexts, roles", request None, response "Suggestions", query &[("q", "what has been typed"), ("make", "for models: the make"), ("limit", "at most 50")];
    post "/seizures/check" => check_seizure, needs RecordSeizure, "Check a seizure on the standard template without saving it", request Some("SeizureForm"), response "Checked", query &[];
    post "/seizures" => record_seizure, needs RecordSeizure, "Record a seizure: incident, items, persons in one transaction (warnings need warnings_checked)", request Some("SeizureForm"), response "Recorded", query &[];    get "/directory" => crate::directory::api_list, needs Anyone, "The directory of competent national authorities and single points of contact (FP art. 13(2), ATT art. 5(6), UNTOC art. 18(13)), by country, kind and authority, each with its stale flag", request None, response "ContactPoints", query DIRECTORY_LIST;
    post "/directory" => crate::directory::api_create, needs ManageDirectory, "Add a directory entry (a way to reach the authority and the day it was last verified are required)", request Some("NewContactPoint"), response "ContactPoint", query &[];
    get "/directory/coverage" => crate::directory::api_coverage, needs Anyone, "For every country of the node's nomenclature: whether it has named the contact each instrument asks for (none, stale, current)", request None, response "Coverage", query &[];
    post "/directory/import" => crate::directory::api_import, needs ManageDirectory, "Import a directory file (CSV body, headers in English, Spanish or French); all or nothing, errors as file:row:column", request Some("DirectoryFile"), response "DirectoryImported", query &[("name", "the file's name, for messages")];
    get "/directory/{id}" => crate::directory::api_read, needs Anyone, "A directory entry", request None, response "ContactPoint", query &[];
    get "/community/membership" => crate::community::members::api_me, needs Anyone, "The caller's own membership of the Community of Practitioners (null when they have not asked to join)", request None, response "Membership", query &[];
    post "/community/membership" => crate::community::members::api_join, needs Anyone, "Ask to join the Community of Practitioners with a profile (or correct a pending application); a coordinator vets it", request Some("MemberApplication"), response "Member", query &[];
    get "/community/members" => crate::community::members::api_find, needs Anyone, "Find an expert: approved members by country, region, expertise, language and words, as each member lets the caller see them (members only; every search audited)", request None, response "Members", query COMMUNITY_MEMBERS;
    get "/community/members/{id}" => crate::community::members::api_member, needs Anyone, "A member's profile, if the member lets the caller see it (members and coordinators; audited)", request None, response "Member", query &[];
    get "/community/applications" => crate::community::members::api_applications, needs Anyone, "Applications to join waiting for a decision (coordinators)", request None, response "Applications", query &[];
    post "/community/members/{id}/decision" => crate::community::members::api_decide, needs Anyone, "A coordinator's decision: approve, decline (with a note), suspend (with a note), reinstate, make_coordinator, remove_coordinator", request Some("MemberDecision"), response "Member", query &[];
    get "/community/activities" => crate::community::events::api_list, needs Anyone, "Events and activities of the Community (members): upcoming or past, by year, country (hosting or taking part), type of activity, focus and words; in the order they take place", request None, response "Activities", query COMMUNITY_ACTIVITIES;
    post "/community/activities" => crate::community::events::api_create, needs Anyone, "Record an activity (a coordinator of the Community): dates, place, type, focus, partners, implementers, donors, budget and currency (ISO 4217), contact, participating countries, programme, documents and outcomes; every bad field named", request Some("NewActivity"), response "Activity", query &[];
    get "/community/activities/{id}" => crate::community::events::api_read, needs Anyone, "An activity with the members taking part whom the caller may see (members)", request None, response "ActivityView", query &[];
    put "/community/activities/{id}" => crate::community::events::api_update, needs Anyone, "Correct an activity (a coordinator); who takes part stays", request Some("NewActivity"), response "Activity", query &[];
    delete "/community/activities/{id}" => crate::community::events::api_delete, needs Anyone, "Remove an activity recorded twice or that did not take place (a coordinator); audited", request None, response "Deleted", query &[];
    post "/community/activities/{id}/participation" => crate::community::events::api_participation, needs Anyone, "Say that the caller takes part (true) or withdraw (false), until the activity's last day (members)", request Some("Participation"), response "ActivityView", query &[];
    get "/community/cases" => crate::community::cases::api_list, needs Anyone, "The Digest of Illicit Firearms Cases: published cases by words, country, region, linked crime, technique, year and language (members)", request None, response "DigestCases", query COMMUNITY_CASES;
    post "/community/cases" => crate::community::cases::api_create, needs Anyone, "Write a case (a draft of its editor; members)", request Some("NewDigestCase"), response "DigestCase", query &[];
    post "/community/cases/from-incident/{id}" => crate::community::cases::api_from_incident, needs Anyone, "Draft a case from a case record the caller may read: persons, exact places, references and serial numbers removed; the review shows each change to the editor only", request None, response "DigestCaseView", query &[];
    get "/community/cases/{id}" => crate::community::cases::api_read, needs Anyone, "A case: published ones for members; drafts for their editor (with the review); submitted ones for coordinators (without the record's words)", request None, response "DigestCaseView", query &[];
    put "/community/cases/{id}" => crate::community::cases::api_update, needs Anyone, "The editor changes a draft or a returned case", request Some("NewDigestCase"), response "DigestCaseView", query &[];
    post "/community/cases/{id}/submit" => crate::community::cases::api_submit, needs Anyone, "The editor sends the case for approval (refused while a field still names what was removed from the record)", request None, response "DigestCaseView", query &[];
    post "/community/cases/{id}/review" => crate::community::cases::api_review, needs Anyone, "A coordinator approves (members read it; the review is dropped) or returns it with a note", request Some("CaseReview"), response "DigestCase", query &[];
    get "/community/editions" => crate::community::newsletter::api_list, needs Anyone, "The e-newsletter's editions: those sent (members), and drafts (coordinators)", request None, response "Editions", query &[];
    post "/community/editions" => crate::community::newsletter::api_compose, needs Anyone, "Compose a draft edition from what is new since the last one (coordinators)", request None, response "Edition", query &[];
    get "/community/editions/{id}" => crate::community::newsletter::api_read, needs Anyone, "An edition", request None, response "Edition", query &[];
    put "/community/editions/{id}" => crate::community::newsletter::api_update, needs Anyone, "Edit a draft edition: title, language, introduction, items kept, success stories (coordinators)", request Some("EditionChange"), response "Edition", query &[];
    post "/community/editions/{id}/send" => crate::community::newsletter::api_send, needs Anyone, "Send a draft edition as HTML e-mail to every subscribed member, one message each, through the node's mail relay (coordinators)", request None, response "Edition", query &[];
    get "/community/threads" => crate::community::discussion::api_threads, needs Anyone, "Discussion threads of the Community, the most recently active first, by topic, region, language and words (members and coordinators)", request None, response "DiscussionThreads", query DISCUSSION_LIST;
    post "/community/threads" => crate::community::discussion::api_start, needs Anyone, "Open a thread with its first post (members); each approved member named with @username is notified", request Some("NewDiscussionThread"), response "DiscussionThread", query &[];
    get "/community/threads/{id}" => crate::community::discussion::api_thread, needs Anyone, "A thread and its posts in order; a hidden post without its text unless the caller moderates", request None, response "DiscussionThread", query &[];
    post "/community/threads/{id}/posts" => crate::community::discussion::api_reply, needs Anyone, "Reply to an open thread (members); members named with @username are notified", request Some("NewDiscussionPost"), response "DiscussionPost", query &[];
    put "/community/posts/{id}" => crate::community::discussion::api_edit, needs Anyone, "Change one's own post while the thread is open (its edit time is kept and shown)", request Some("NewDiscussionPost"), response "DiscussionPost", query &[];
    post "/community/posts/{id}/reports" => crate::community::discussion::api_report, needs Anyone, "Report a post to the coordinators, with a reason (members; audited)", request Some("DiscussionReportDraft"), response "DiscussionReport", query &[];
    get "/community/reports" => crate::community::discussion::api_reports, needs Anyone, "The coordinators' queue of reported posts, oldest first (coordinators; audited)", request None, response "DiscussionReports", query &[("closed", "1: the decided reports too")];
    post "/community/moderation" => crate::community::discussion::api_moderate, needs Anyone, "A coordinator's decision with its reason: hide or unhide a post, lock or unlock a thread, dismiss a report (audited)", request Some("DiscussionModeration"), response "DiscussionModerated", query &[];
    get "/community/notifications" => crate::community::discussion::api_notifications, needs Anyone, "The caller's notifications (mentions), newest first, and how many are unread (members)", request None, response "CommunityNotifications", query &[];
    post "/community/notifications/read" => crate::community::discussion::api_mark_read, needs Anyone, "Mark the caller's notifications read: those listed, or all when none is", request Some("NotificationsRead"), response "NotificationsMarked", query &[];
    get "/community/library" => crate::community::library::api_list, needs Anyone, "The Community's resource library: every resource for a member, the public ones for anyone else; filters by kind, instrument, language, region and visibility; words searched in the title, summary and the text of uploaded documents (PDF, DOCX, HTML, text), ranked by hits, each with a snippet", request None, response "Library", query COMMUNITY_LIBRARY;
    post "/community/library" => crate::community::library::api_create_link, needs Anyone, "Add a link to a resource published elsewhere (members of the Community)", request Some("NewResourceLink"), response "Resource", query &[];
    post "/community/library/files" => crate::community::library::api_create_file, needs Anyone, "Add a document (PDF, DOCX, HTML or plain text, at most 20 MB) sent as the request body, described in the query string; its text is read for the search, and a file that cannot be read is refused with nothing written (members of the Community)", request Some("ResourceDocument"), response "Resource", query COMMUNITY_LIBRARY_FILE;
    get "/community/library/{id}" => crate::community::library::api_read, needs Anyone, "A resource, with the start of its text (or, given q, the text around the first searched word); Community-only resources for members only", request None, response "ResourceView", query &[("q", "words to show in the snippet")];
    put "/community/library/{id}" => crate::community::library::api_update, needs Anyone, "Change a resource's description (or a link's address); the member who added it and the coordinators", request Some("NewResourceLink"), response "Resource", query &[];
    delete "/community/library/{id}" => crate::community::library::api_delete, needs Anyone, "Remove a resource and its file; the member who added it and the coordinators; audited", request None, response "Deleted", query &[];
    get "/community/library/{id}/file" => crate::community::library::api_download, needs Anyone, "The document of a resource as uploaded, with its type and as an attachment; downloads of Community-only documents are audited", request None, response "ResourceDocument", query &[];
    put "/community/library/{id}/file" => crate::community::library::api_replace_file, needs Anyone, "A new document for a resource (the request body), its description unchanged; the member who added it and the coordinators", request Some("ResourceDocument"), response "Resource", query &[("name", "the file's name")];
    delete "/directory/{id}" => crate::directory::api_delete, needs ManageDirectory, "Remove a directory entry (an authority that no longer exists or was entered twice); audited", request None, response "Deleted", query &[];
    put "/directory/{id}" => crate::directory::api_update, needs ManageDirectory, "Change a directory entry (say when it was verified)", request Some("NewContactPoint"), response "ContactPoint", query &[];
}

fn id(s: &str, what: &str) -> Result<RecordId, WebError> {
    RecordId::parse(s).map_err(|_| WebError::api(ServiceError::not_found(what)))
}

fn ctx_run<T: Send + 'static>(
    state: &Shared,
    s: &Signed,
    f: impl FnOnce(&Ctx) -> Result<T, ServiceError> + Send + 'static,
) -> impl std::future::Future<Output = Result<T, WebError>> {
    let run = crate::with_ctx(state, s, f);
    async move { run.await.map_err(WebError::api) }
}

#[derive(Serialize)]
struct Me {
    id: RecordId,
    username: String,
    display_name: String,
    agency: String,
    country: String,
    role: Role,
    clearance: HandlingCode,
    language: &'static str,
}

async fn me(s: Signed) -> Json<Me> {
    let u = &s.user;
    Json(Me {
        id: u.id,
        username: u.username.to_string(),
        display_name: u.display_name.clone(),
        agency: u.agency.clone(),
        country: u.country.as_str().to_string(),
        role: u.role,
        clearance: u.clearance,
        language: u.language.code(),
    })
}

/// The published table of error codes (no sign-in needed: clients read it to handle errors).
async fn errors() -> Response {
    let rows: Vec<_> = ERROR_TABLE.iter().map(|(_, code, status)| serde_json::json!({ "code": code, "http_status": status })).collect();
    Json(rows).into_response()
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(flatten)]
    q: ItemQuery,
    #[serde(default)]
    limit: Option<u64>,
}

async fn list_items(State(state): State<Shared>, s: Signed, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let filter = item_filter(&q.q).map_err(WebError::api)?;
    let (offset, limit) = (q.q.offset, q.limit.unwrap_or(50));
    let listed = ctx_run(&state, &s, move |c| c.list_items(filter, offset, limit)).await?;
    Ok(Json(listed).into_response())
}

async fn get_item(State(state): State<Shared>, s: Signed, Path(item): Path<String>) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.item(item)).await?).into_response())
}

async fn trace_item(State(state): State<Shared>, s: Can<Trace>, Path(item): Path<String>) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    Ok(Json(ctx_run(&state, &s.signed, move |c| c.trace(item)).await?).into_response())
}

#[derive(Deserialize)]
struct NewItem {
    item: Item,
    #[serde(default)]
    history: Vec<HistoryEvent>,
    #[serde(default)]
    handling: Option<HandlingCode>,
}

async fn create_item(
    State(state): State<Shared>,
    s: Can<RecordSeizure>,
    body: Result<Json<NewItem>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let Json(n) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not an item: {}", e.body_text()))))?;
    let view = ctx_run(&state, &s, move |c| c.create_item(n.item, n.history, n.handling)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)).into_response())
}

async fn update_item(
    State(state): State<Shared>,
    s: Can<EditRecords>,
    Path(item): Path<String>,
    body: Result<Json<Item>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let item_id = id(&item, "item")?;
    let Json(it) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not an item: {}", e.body_text()))))?;
    Ok(Json(ctx_run(&state, &s, move |c| c.update_item(item_id, it)).await?).into_response())
}

#[derive(Deserialize, Default)]
struct SuggestQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    make: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

/// Nomenclature entries matching what has been typed, in the user's language.
async fn nomenclature_list(s: Signed, Path(list): Path<String>, Query(q): Query<SuggestQuery>) -> Result<Response, WebError> {
    let found = armstrace_app::suggest::suggest(&list, &q.q, q.make.as_deref(), s.lang(), q.limit.unwrap_or(12).min(50))
        .map_err(|e| WebError::api(ServiceError::not_found(&e)))?;
    Ok(Json(found).into_response())
}

/// The checks of the seizure template, without saving (the form calls it while the officer types).
async fn check_seizure(
    s: Can<RecordSeizure>,
    body: Result<Json<SeizureForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let Json(form) =
        body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not a seizure form: {}", e.body_text()))))?;
    let (checked, _) = armstrace_app::seizure::check(&form, &s.principal, now());
    Ok(Json(checked).into_response())
}

#[derive(Deserialize)]
struct RecordSeizureBody {
    #[serde(flatten)]
    form: SeizureForm,
    /// Save despite warnings (the caller has shown them to a person).
    #[serde(default)]
    warnings_checked: bool,
}

async fn record_seizure(
    State(state): State<Shared>,
    s: Can<RecordSeizure>,
    body: Result<Json<RecordSeizureBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let Json(b) = body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not a seizure form: {}", e.body_text()))))?;
    let recorded = ctx_run(&state, &s, move |c| c.record_seizure(&b.form, b.warnings_checked)).await?;
    let status = if recorded.incident.is_some() { axum::http::StatusCode::CREATED } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(recorded)).into_response())
}

#[derive(Deserialize)]
struct ShareBody {
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    user: Option<String>,
}

async fn share_item(
    State(state): State<Shared>,
    s: Can<ShareRecords>,
    Path(item): Path<String>,
    body: Result<Json<ShareBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    let Json(b) =
        body.map_err(|e| WebError::api(ServiceError::invalid(format!("the body names an agency or a user: {}", e.body_text()))))?;
    let grants = ctx_run(&state, &s, move |c| c.share_item(item, b.agency.as_deref(), b.user.as_deref())).await?;
    Ok((axum::http::StatusCode::CREATED, Json(grants)).into_response())
}

async fn item_grants(State(state): State<Shared>, s: Signed, Path(item): Path<String>) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.item_grants(item)).await?).into_response())
}

#[derive(Deserialize, Default)]
struct KindQuery {
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    limit: Option<u64>,
    #[serde(default)]
    kind: Option<String>,
    /// Part of the reference, name, licence number or ballistic system.
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

/// A list of incidents, persons, licences or ballistic records in the reader's scope, newest first.
async fn list<K: RecordKind, N: Needs>(State(state): State<Shared>, s: Can<N>, Query(q): Query<KindQuery>) -> Result<Response, WebError> {
    let (offset, limit) = (q.offset, q.limit.unwrap_or(50));
    let filter = ListFilter { kind: q.kind, search: q.q, country: q.country };
    Ok(Json(ctx_run(&state, &s, move |c| c.list::<K>(filter, offset, limit)).await?).into_response())
}

async fn read<K: RecordKind, N: Needs>(State(state): State<Shared>, s: Can<N>, Path(record): Path<String>) -> Result<Response, WebError> {
    let record = id(&record, K::WHAT)?;
    Ok(Json(ctx_run(&state, &s, move |c| c.get::<K>(record)).await?).into_response())
}

#[derive(Deserialize)]
struct NewRecord {
    record: serde_json::Value,
    /// The handling code (TLP) of the new record; CLEAR when not given.
    #[serde(default)]
    handling: Option<HandlingCode>,
}

fn body_of<T>(body: Result<Json<T>, axum::extract::rejection::JsonRejection>, what: &str) -> Result<T, WebError> {
    body.map(|Json(b)| b).map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not {what}: {}", e.body_text()))))
}

/// A record from a request body. The owner, id and time stamps are the server's to set, so a
/// body may leave `meta` out; the handling code, if the body gives one, is returned apart.
fn record_of<K: RecordKind>(mut v: serde_json::Value, s: &Signed) -> Result<(K, Option<HandlingCode>), WebError> {
    let invalid = |m: String| WebError::api(ServiceError::invalid(m));
    let obj = v.as_object_mut().ok_or_else(|| invalid(format!("the record is not a {} (a JSON object)", K::WHAT)))?;
    let handling = match obj.get("meta").and_then(|m| m.get("handling")) {
        Some(h) => Some(serde_json::from_value::<HandlingCode>(h.clone()).map_err(|e| invalid(format!("meta.handling: {e}")))?),
        None => None,
    };
    let p = &s.principal;
    let placeholder = RecordMeta::new(RecordId::new(), &p.agency, p.country, HandlingCode::Clear, now(), &p.username);
    obj.insert("meta".into(), serde_json::to_value(placeholder).map_err(|e| invalid(e.to_string()))?);
    let record = from_json::<K>(v).map_err(|e| invalid(format!("the record is not a {}: {e}", K::WHAT)))?;
    Ok((record, handling))
}

/// A value read into its type; the error names the field where it went wrong (`lines[0].quantity: ...`).
fn from_json<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.inner().to_string()
        } else {
            format!("{path}: {}", e.inner())
        }
    })
}

async fn create<K: RecordKind, N: Needs>(
    State(state): State<Shared>,
    s: Can<N>,
    body: Result<Json<NewRecord>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let n = body_of(body, &format!("{{\"record\": a {}, \"handling\": ...}}", K::WHAT))?;
    let (record, own) = record_of::<K>(n.record, &s)?;
    let handling = n.handling.or(own);
    let created = ctx_run(&state, &s, move |c| c.create::<K>(record, handling)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(created)).into_response())
}

async fn update<K: RecordKind, N: Needs>(
    State(state): State<Shared>,
    s: Can<N>,
    Path(record): Path<String>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let record_id = id(&record, K::WHAT)?;
    let (r, handling) = record_of::<K>(body_of(body, &format!("a {}", K::WHAT))?, &s)?;
    Ok(Json(ctx_run(&state, &s, move |c| c.update::<K>(record_id, r, handling)).await?).into_response())
}

/// Adds an event (transfer, export, theft report, destruction, ...) to an item's history.
async fn add_event(
    State(state): State<Shared>,
    s: Can<RecordIncidents>,
    Path(item): Path<String>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    let mut v = body_of(body, "a history event")?;
    // The id, the item and the order are the server's to set.
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), serde_json::json!(RecordId::new()));
        o.insert("item".into(), serde_json::json!(item));
        o.insert("seq".into(), serde_json::json!(0));
    }
    let e: HistoryEvent =
        from_json(v).map_err(|e| WebError::api(ServiceError::invalid(format!("the body is not a history event: {e}"))))?;
    let view = ctx_run(&state, &s, move |c| c.add_event(item, e)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)).into_response())
}

/// The agencies of the node (a directory: who can be named in a grant).
async fn list_agencies(State(state): State<Shared>, _s: Signed) -> Result<Response, WebError> {
    let st = state.clone();
    let list = blocking(move || Ok(st.store.agencies()?)).await.map_err(WebError::api)?;
    Ok(Json(list).into_response())
}

#[derive(Deserialize, Default)]
struct CheckLimit {
    #[serde(default)]
    limit: Option<usize>,
}

async fn run_check(
    State(state): State<Shared>,
    s: Signed,
    Query(q): Query<CheckLimit>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let req: armstrace_app::crosscheck::CheckRequest =
        from_json(body_of(body, "a firearm to check")?).map_err(|e| WebError::api(ServiceError::invalid(e)))?;
    let limit = q.limit.unwrap_or(10);
    Ok(Json(ctx_run(&state, &s, move |c| c.check(&req, limit)).await?).into_response())
}

#[derive(Deserialize, Default)]
struct HitsQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    limit: Option<u64>,
}

async fn draft_trace_request(State(state): State<Shared>, s: Can<Trace>, Path(item): Path<String>) -> Result<Response, WebError> {
    let item = id(&item, "item")?;
    let view = ctx_run(&state, &s.signed, move |c| c.draft_trace_request(item)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)).into_response())
}

async fn get_request(State(state): State<Shared>, s: Can<ReadRequests>, Path(rid): Path<String>) -> Result<Response, WebError> {
    let rid = id(&rid, "request")?;
    Ok(Json(ctx_run(&state, &s.signed, move |c| c.request_view(rid)).await?).into_response())
}

async fn pending_requests(State(state): State<Shared>, s: Can<ReadRequests>) -> Result<Response, WebError> {
    Ok(Json(ctx_run(&state, &s.signed, move |c| c.pending_requests()).await?).into_response())
}

async fn request_statistics(State(state): State<Shared>, s: Can<Trace>) -> Result<Response, WebError> {
    Ok(Json(ctx_run(&state, &s.signed, move |c| c.request_statistics()).await?).into_response())
}

async fn record_incoming(
    State(state): State<Shared>,
    s: Can<AnswerRequests>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let (mut request, handling) = record_of::<CooperationRequest>(body_of(body, "a request")?, &s.signed)?;
    // What another country asks is not for everyone: AMBER unless the body says otherwise.
    request.meta.handling = handling.unwrap_or(HandlingCode::Amber);
    let view = ctx_run(&state, &s.signed, move |c| c.record_incoming(request)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)).into_response())
}

async fn move_request(
    State(state): State<Shared>,
    s: Can<AnswerRequests>,
    Path(rid): Path<String>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let rid = id(&rid, "request")?;
    let step: armstrace_app::requests::Move = from_json(body_of(body, "a step (send, acknowledge, answer, withdraw, assign)")?)
        .map_err(|e| WebError::api(ServiceError::invalid(e)))?;
    Ok(Json(ctx_run(&state, &s.signed, move |c| c.move_request(rid, step)).await?).into_response())
}

async fn licence_answer(State(state): State<Shared>, s: Can<AnswerRequests>, Path(rid): Path<String>) -> Result<Response, WebError> {
    let rid = id(&rid, "request")?;
    Ok(Json(ctx_run(&state, &s.signed, move |c| c.verify_licence(rid)).await?).into_response())
}

async fn answer_draft(State(state): State<Shared>, s: Can<Cooperate>, Path(rid): Path<String>) -> Result<Response, WebError> {
    let rid = id(&rid, "request")?;
    Ok(Json(ctx_run(&state, &s.signed, move |c| c.compose_answer(rid)).await?).into_response())
}

#[derive(Deserialize, Default)]
pub(crate) struct PeriodQuery {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// The period of an indicator: `from` and `to` as partial dates (a year means all of it); by
/// default last calendar year, the year SDG reporting asks for.
pub(crate) fn period(q: &PeriodQuery) -> Result<(PartialDate, PartialDate), ServiceError> {
    let parse = |field: &str, v: &str| {
        PartialDate::parse(v).map_err(|_| ServiceError::invalid(format!("{field}: '{v}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")))
    };
    let from = match q.from.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => parse("from", v)?,
        None => {
            let (y, _, _) = armstrace_domain::time::civil_from_days(now().unix_millis().div_euclid(86_400_000));
            PartialDate::year(y as i32 - 1).map_err(|e| ServiceError::invalid(e.to_string()))?
        }
    };
    let to = match q.to.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => parse("to", v)?,
        None => PartialDate::year(from.year_value()).map_err(|e| ServiceError::invalid(e.to_string()))?,
    };
    Ok((from, to))
}

async fn sdg_indicator(State(state): State<Shared>, s: Signed, Query(q): Query<PeriodQuery>) -> Result<Response, WebError> {
    let (from, to) = period(&q).map_err(WebError::api)?;
    Ok(Json(ctx_run(&state, &s, move |c| c.sdg_16_4_2(from, to)).await?).into_response())
}

async fn list_check_hits(State(state): State<Shared>, s: Signed, Query(q): Query<HitsQuery>) -> Result<Response, WebError> {
    use armstrace_domain::check::HitStatus;
    let status = match q.status.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some("new") => Some(HitStatus::New),
        Some("confirmed") => Some(HitStatus::Confirmed),
        Some("rejected") => Some(HitStatus::Rejected),
        Some(other) => return Err(WebError::api(ServiceError::invalid(format!("status: '{other}' is not new, confirmed or rejected")))),
    };
    let (offset, limit) = (q.offset, q.limit.unwrap_or(50));
    Ok(Json(ctx_run(&state, &s, move |c| c.hits(status, offset, limit)).await?).into_response())
}

async fn get_check_hit(State(state): State<Shared>, s: Signed, Path(hit): Path<String>) -> Result<Response, WebError> {
    let hit = id(&hit, "hit")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.hit(hit)).await?).into_response())
}

#[derive(Deserialize)]
struct Decision {
    /// true: the same firearm; false: not the same (say why in `reason`).
    confirm: bool,
    #[serde(default)]
    reason: String,
}

async fn decide_check_hit(
    State(state): State<Shared>,
    s: Can<DecideHits>,
    Path(hit): Path<String>,
    body: Result<Json<Decision>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, WebError> {
    let hit = id(&hit, "hit")?;
    let d = body_of(body, "{\"confirm\": true|false, \"reason\": ...}")?;
    Ok(Json(ctx_run(&state, &s, move |c| c.decide(hit, d.confirm, &d.reason)).await?).into_response())
}

#[derive(Deserialize, Default)]
struct FileQuery {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

async fn check_file(
    State(state): State<Shared>,
    s: Signed,
    Query(q): Query<FileQuery>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    if body.is_empty() {
        return Err(WebError::api(ServiceError::invalid("the body is empty: send the CSV or XLSX file as the request body")));
    }
    let (dir, path) = crate::checks::save_sheet(&body).map_err(WebError::api)?;
    let shown = crate::imports::clean_name(q.name.as_deref().unwrap_or("upload"));
    let limit = q.limit.unwrap_or(3);
    let outcome = ctx_run(&state, &s, move |c| c.check_file(&path, &shown, limit)).await;
    std::fs::remove_dir_all(&dir).ok();
    Ok(Json(outcome?).into_response())
}
