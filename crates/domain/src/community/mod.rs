//! The Community of Practitioners Against Firearms Trafficking and Related Crimes (seed 000): an
//! informal platform where criminal justice officers and firearms control authorities share
//! experience and good practices, find local and international experts, reach resources and receive
//! the e-newsletter. Its records: members and their expertise (here), activities, a digest of cases,
//! a resource library, newsletter editions and discussion (in the submodules).
//!
//! Everything is the Community's own: approved members read it; content shown outside it (a public
//! resource) says so explicitly. Nothing of a national case record reaches the Community except
//! through the digest's anonymisation and a coordinator's approval.

pub mod activity;
pub mod digest;
pub mod discussion;
pub mod ical;
pub mod member;
pub mod newsletter;
pub mod region;
pub mod resource;

pub use activity::{Activity, ActivityDraft, ActivityType, Focus};
pub use member::{ContactPreference, Expertise, Member, MemberDraft, MemberStatus, Visibility};
pub use resource::{Region, Resource, ResourceDraft, ResourceKind, ResourceVisibility, Source, StoredFile};
