//! Who may see and change what: the one access policy of armstrace.
//!
//! Decided from the user's role, agency, country and clearance, the record's owning agency, country
//! and handling code (TLP 2.0), and need-to-know grants. The service layer asks [`may_read`] and
//! [`may`] for single records; lists and searches ask the store to apply the same [`Scope`], so a
//! record a user may not read is never counted, faceted or exported either. Both are written from
//! the same table ([`Scope::of`]) so that they cannot disagree.
//!
//! The rules follow the handling codes as the Traffic Light Protocol 2.0 defines them, in the form
//! the Firearms Protocol art. 12(4) and the ITI §27 ask of information exchanged for tracing: kept
//! confidential, used only for the purpose given, shared no further than the source allows.
//! - CLEAR and GREEN: every signed-in user of the node.
//! - AMBER: the agencies of the owning country, and agencies or users named in a grant.
//! - AMBER+STRICT and RED: the owning agency only, and users named in a grant.
//! - Above all that, nobody reads a record whose handling code is above their clearance, in their own
//!   agency too.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::country::CountryCode;
use crate::handling::HandlingCode;
use crate::id::RecordId;
use crate::meta::RecordMeta;
use crate::DomainError;

/// The roles of DESIGN.md, in the users' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads records of their scope; changes nothing.
    Viewer,
    /// Front-line or customs officer: records seizures, found and surrendered firearms.
    Officer,
    /// Works cases: records, edits case records, reads persons, traces.
    Investigator,
    /// Reads across the scope for trends and reports; reads persons only in aggregate.
    Analyst,
    /// National point of contact (ITI §25, FP art. 13(2)): tracing requests and cooperation.
    PointOfContact,
    /// Licensing authority: licences and licensed holders (FP art. 10).
    LicensingOfficer,
    /// Manages the users of one agency and reads its audit log.
    AgencyAdmin,
    /// Manages agencies and the node; no wider access to case records than anyone else.
    SystemAdmin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Viewer,
        Role::Officer,
        Role::Investigator,
        Role::Analyst,
        Role::PointOfContact,
        Role::LicensingOfficer,
        Role::AgencyAdmin,
        Role::SystemAdmin,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Officer => "officer",
            Role::Investigator => "investigator",
            Role::Analyst => "analyst",
            Role::PointOfContact => "point_of_contact",
            Role::LicensingOfficer => "licensing_officer",
            Role::AgencyAdmin => "agency_admin",
            Role::SystemAdmin => "system_admin",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Role::Viewer => "Viewer",
            Role::Officer => "Officer",
            Role::Investigator => "Investigator",
            Role::Analyst => "Analyst",
            Role::PointOfContact => "Point of contact",
            Role::LicensingOfficer => "Licensing officer",
            Role::AgencyAdmin => "Agency administrator",
            Role::SystemAdmin => "System administrator",
        }
    }
    pub fn parse(s: &str) -> Result<Role, DomainError> {
        let k = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Role::ALL.into_iter().find(|r| r.code() == k || r.label().to_ascii_lowercase().replace(' ', "_") == k).ok_or_else(|| {
            DomainError::invalid(
                "role",
                s,
                "one of viewer, officer, investigator, analyst, point_of_contact, licensing_officer, agency_admin, system_admin",
            )
        })
    }
    /// Administrators must use a second factor whatever their agency's policy says.
    pub fn requires_second_factor(&self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::SystemAdmin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a user asks to do. Reading records of one's scope needs no action: every role may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Record a seizure, a found or surrendered firearm, an incident (FP art. 7 records).
    RecordSeizure,
    /// Change records of one's own agency.
    EditRecords,
    /// Import registry extracts, reports and seizure lists.
    ImportFiles,
    /// Read persons (owners, suspects, holders): personal data, every read audited.
    ReadPersons,
    /// Issue and change licences of one's own agency (FP art. 10).
    ManageLicences,
    /// Send and answer tracing requests (ITI §§ 17–23).
    Trace,
    /// Manage the users of one's own agency.
    ManageAgencyUsers,
    /// Manage agencies and users of every agency of the node.
    ManageNode,
    /// Read the audit log (own agency; the whole node for system administrators).
    ReadAudit,
    /// Share a record of one's own agency with named agencies or users (need to know).
    ShareRecords,
    /// Send, acknowledge and answer requests between countries as the point of contact (FP 13(2);
    /// UNTOC 18(13) for the central authority; ITI § 17 and after for tracing).
    Cooperate,
    /// Add, change and import entries of the directory of competent national authorities and single
    /// points of contact (FP art. 13(2), ATT art. 5(6)); reading it needs no action.
    ManageDirectory,
}

/// Which roles may do what. One table, read by the service layer and shown on the help page.
pub fn allowed_roles(action: Action) -> &'static [Role] {
    use Role::*;
    match action {
        Action::RecordSeizure => &[Officer, Investigator, PointOfContact, AgencyAdmin],
        Action::EditRecords => &[Officer, Investigator, AgencyAdmin],
        Action::ImportFiles => &[Investigator, Analyst, LicensingOfficer, AgencyAdmin],
        Action::ReadPersons => &[Investigator, PointOfContact, LicensingOfficer, AgencyAdmin],
        Action::ManageLicences => &[LicensingOfficer, AgencyAdmin],
        Action::Trace => &[Investigator, PointOfContact],
        Action::ManageAgencyUsers => &[AgencyAdmin, SystemAdmin],
        Action::ManageNode => &[SystemAdmin],
        Action::ReadAudit => &[AgencyAdmin, SystemAdmin],
        Action::ShareRecords => &[Investigator, PointOfContact, AgencyAdmin],
        Action::Cooperate => &[PointOfContact],
        Action::ManageDirectory => &[PointOfContact, SystemAdmin],
    }
}

/// A signed-in user as the policy sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user: RecordId,
    pub username: String,
    pub agency: String,
    pub country: CountryCode,
    pub role: Role,
    pub clearance: HandlingCode,
}

impl Principal {
    pub fn may(&self, action: Action) -> bool {
        allowed_roles(action).contains(&self.role)
    }
}

/// A need-to-know grant on one record: to an agency or to a named user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub record: RecordId,
    pub agency: Option<String>,
    pub user: Option<RecordId>,
}

/// How far a record of a handling code travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every signed-in user of the node.
    Node,
    /// The owning country's agencies, and agencies or users named in a grant.
    Country,
    /// The owning agency, and users named in a grant.
    Agency,
}

pub fn reach(h: HandlingCode) -> Reach {
    match h {
        HandlingCode::Clear | HandlingCode::Green => Reach::Node,
        HandlingCode::Amber => Reach::Country,
        HandlingCode::AmberStrict | HandlingCode::Red => Reach::Agency,
    }
}

/// What a principal may read, in a form a store can turn into a query condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub user: RecordId,
    pub agency: String,
    pub country: CountryCode,
    /// Handling codes readable by every signed-in user (within the clearance).
    pub node: Vec<HandlingCode>,
    /// Readable when the record's country is the principal's, or a grant names their agency or them.
    pub country_wide: Vec<HandlingCode>,
    /// Readable when the record's agency is the principal's, or a grant names them.
    pub agency_only: Vec<HandlingCode>,
}

impl Scope {
    pub fn of(p: &Principal) -> Scope {
        let mut s =
            Scope { user: p.user, agency: p.agency.clone(), country: p.country, node: vec![], country_wide: vec![], agency_only: vec![] };
        for h in HandlingCode::ALL.into_iter().filter(|h| *h <= p.clearance) {
            match reach(h) {
                Reach::Node => s.node.push(h),
                Reach::Country => s.country_wide.push(h),
                Reach::Agency => s.agency_only.push(h),
            }
        }
        s
    }

    /// The record as the scope sees it. `grants` are the record's grants.
    pub fn admits(&self, meta: &RecordMeta, grants: &[Grant]) -> bool {
        let to_me = |g: &Grant| g.user == Some(self.user);
        let to_my_agency = |g: &Grant| g.agency.as_deref() == Some(self.agency.as_str());
        if self.node.contains(&meta.handling) {
            return true;
        }
        if self.country_wide.contains(&meta.handling) {
            return meta.country == self.country || grants.iter().any(|g| to_me(g) || to_my_agency(g));
        }
        if self.agency_only.contains(&meta.handling) {
            return meta.agency == self.agency || grants.iter().any(to_me);
        }
        false
    }
}

/// Whether the principal may read the record (`grants`: the record's need-to-know grants).
pub fn may_read(p: &Principal, meta: &RecordMeta, grants: &[Grant]) -> bool {
    Scope::of(p).admits(meta, grants)
}

/// Whether the principal may change the record: only its owning agency changes it, by a role allowed
/// to, and only within their clearance.
pub fn may_change(p: &Principal, meta: &RecordMeta, action: Action) -> bool {
    p.may(action) && meta.agency == p.agency && meta.handling <= p.clearance
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use proptest::prelude::*;

    fn country(s: &str) -> CountryCode {
        CountryCode::from_alpha3(s).unwrap()
    }
    fn principal(agency: &str, c: &str, role: Role, clearance: HandlingCode) -> Principal {
        Principal { user: RecordId::new(), username: "u".into(), agency: agency.into(), country: country(c), role, clearance }
    }
    fn record(agency: &str, c: &str, h: HandlingCode) -> RecordMeta {
        RecordMeta::new(RecordId::new(), agency, country(c), h, Timestamp::parse("2026-01-01T00:00:00Z").unwrap(), "t")
    }

    #[test]
    fn handling_codes_reach_as_tlp_says() {
        let me = principal("DEU-BKA", "DEU", Role::Investigator, HandlingCode::Red);
        use HandlingCode::*;
        // (record agency, record country, handling, expected)
        let cases = [
            ("DEU-BKA", "DEU", Red, true),
            ("DEU-ZOLL", "DEU", Red, false),
            ("DEU-ZOLL", "DEU", AmberStrict, false),
            ("DEU-ZOLL", "DEU", Amber, true),
            ("FRA-PN", "FRA", Amber, false),
            ("FRA-PN", "FRA", Green, true),
            ("FRA-PN", "FRA", Clear, true),
        ];
        for (a, c, h, want) in cases {
            assert_eq!(may_read(&me, &record(a, c, h), &[]), want, "{a} {c} {h}");
        }
    }

    #[test]
    fn clearance_caps_even_the_own_agency() {
        let me = principal("DEU-BKA", "DEU", Role::Officer, HandlingCode::Amber);
        assert!(may_read(&me, &record("DEU-BKA", "DEU", HandlingCode::Amber), &[]));
        assert!(!may_read(&me, &record("DEU-BKA", "DEU", HandlingCode::AmberStrict), &[]));
        assert!(!may_read(&me, &record("DEU-BKA", "DEU", HandlingCode::Red), &[]));
    }

    #[test]
    fn grants_open_amber_to_agencies_and_red_only_to_named_users() {
        let me = principal("FRA-PN", "FRA", Role::Investigator, HandlingCode::Red);
        let amber = record("DEU-BKA", "DEU", HandlingCode::Amber);
        let red = record("DEU-BKA", "DEU", HandlingCode::Red);
        let to_agency = Grant { record: amber.id, agency: Some("FRA-PN".into()), user: None };
        let to_me = Grant { record: red.id, agency: None, user: Some(me.user) };
        assert!(may_read(&me, &amber, std::slice::from_ref(&to_agency)));
        assert!(!may_read(&me, &red, &[Grant { record: red.id, ..to_agency.clone() }]), "an agency grant does not open RED");
        assert!(may_read(&me, &red, &[to_me]));
    }

    #[test]
    fn only_the_owning_agency_changes_a_record() {
        let officer = principal("DEU-BKA", "DEU", Role::Officer, HandlingCode::Amber);
        let viewer = principal("DEU-BKA", "DEU", Role::Viewer, HandlingCode::Red);
        let own = record("DEU-BKA", "DEU", HandlingCode::Amber);
        let other = record("DEU-ZOLL", "DEU", HandlingCode::Green);
        assert!(may_change(&officer, &own, Action::EditRecords));
        assert!(!may_change(&officer, &other, Action::EditRecords));
        assert!(!may_change(&viewer, &own, Action::EditRecords));
        assert!(!may_change(&officer, &record("DEU-BKA", "DEU", HandlingCode::Red), Action::EditRecords));
    }

    #[test]
    fn roles_parse_from_codes_and_labels() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()).unwrap(), r);
            assert_eq!(Role::parse(r.label()).unwrap(), r);
        }
        assert!(Role::parse("superuser").is_err());
    }

    fn handling() -> impl Strategy<Value = HandlingCode> {
        prop::sample::select(HandlingCode::ALL.to_vec())
    }

    proptest! {
        /// A record readable at some clearance stays readable at every higher one, and no record is
        /// readable above the clearance.
        #[test]
        fn clearance_is_monotone(h in handling(), c1 in handling(), c2 in handling(), same_agency: bool, same_country: bool) {
            let (lo, hi) = if c1 <= c2 { (c1, c2) } else { (c2, c1) };
            let rec = record(if same_agency { "DEU-BKA" } else { "DEU-ZOLL" }, if same_country || same_agency { "DEU" } else { "FRA" }, h);
            let p_lo = principal("DEU-BKA", "DEU", Role::Viewer, lo);
            let p_hi = Principal { clearance: hi, ..p_lo.clone() };
            if may_read(&p_lo, &rec, &[]) { prop_assert!(may_read(&p_hi, &rec, &[])); }
            if h > lo { prop_assert!(!may_read(&p_lo, &rec, &[])); }
        }
    }
}
