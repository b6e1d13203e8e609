//! `armstrace demo`: a realistic, deterministic world for a firearms focal point.
//!
//! About forty countries of every UN M49 region, each with its police, customs and national firearms
//! focal point. Real manufacturers of the nomenclature make real models; their firearms follow legal
//! lines of supply (manufactured → exported under an export licence → imported under an import
//! licence → transferred to a dealer → registered to a licensed holder or to a state entity). About
//! one firearm in ten is diverted: stolen, lost, bought by a straw purchaser, passed on without a
//! record, diverted from an export before it arrived, or leaked from state stocks. Many are later
//! seized in criminal contexts, on trafficking routes, with suspects, couriers, buyers and sellers who
//! come back in several cases. The real point of diversion of each diverted firearm is kept in the
//! ground-truth table, so that tracing and matching can be scored.
//!
//! The world is streamed in batches of [`CHUNK`] firearms so that a national registry of a million
//! firearms never sits in memory at once; persons and incidents grow with the diversion, not with the
//! registry. Everything is drawn from one [`SeededRng`]: the same seed gives the same world.

use std::collections::{BTreeMap, HashMap};

use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit, ExhibitKind};
use armstrace_domain::country::CountryCode;
use armstrace_domain::date::PartialDate;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{derive_status, EventKind, EventParty, EventRole, HistoryEvent};
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::{Incident, IncidentKind, IncidentParty, Place, Route};
use armstrace_domain::item::{Classification, ImportMark, Item, ItemClass, Markings, OtherMark, OtherMarkKind, Resolved};
use armstrace_domain::licence::{Licence, LicenceKind, LicenceLine};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::party::{Address, Identifier, Party, PartyKind, PartyRole};
use armstrace_domain::rng::SeededRng;
use armstrace_domain::serial::SerialNumber;
use armstrace_domain::time::{civil_from_days, days_from_civil, Timestamp};
use armstrace_store::{Agency, GroundTruth, Store, StoreError, WriteBatch};
use serde::Serialize;

/// Firearms per streamed batch (each with its events, holders, licences and incidents).
pub const CHUNK: u64 = 20_000;

/// Identifiers are UUIDv7 whose time part counts up from this instant (2026-01-01T00:00:00Z): ids
/// are unique and time-ordered, so the store appends to its indexes instead of scattering.
const ID_BASE_MS: u64 = 1_767_225_600_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    pub seed: u64,
    pub firearms: u64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig { seed: 2026, firearms: 20_000 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    #[error("the embedded nomenclature lacks what the demo world needs: {0}")]
    Nomenclature(String),
}

impl From<DemoError> for StoreError {
    fn from(e: DemoError) -> Self {
        StoreError::Aborted(e.to_string())
    }
}

/// What was generated. Filled while the world is streamed; complete once the iterator is exhausted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub seed: u64,
    pub countries: usize,
    pub agencies: usize,
    pub firearms: u64,
    pub diverted: u64,
    /// Diverted firearms later seized, found or surrendered.
    pub recovered: u64,
    /// Diverted firearms whose recorded history stops before the point of diversion.
    pub not_established: u64,
    /// Recovered firearms whose serial was ground off or partly illegible.
    pub damaged_serials: u64,
    pub incidents: u64,
    pub persons: u64,
    /// Persons among them who are licensed holders (the rest appear in incidents).
    pub holders: u64,
    pub organisations: u64,
    pub licences: u64,
    pub events: u64,
    pub exhibits: u64,
    pub hits: u64,
    pub ground_truth: u64,
    pub batches: u64,
    /// Entries of the directory of competent national authorities.
    pub contact_points: usize,
    /// Diverted firearms by diversion kind.
    pub by_diversion: BTreeMap<String, u64>,
    /// Firearms by country of the record.
    pub by_country: BTreeMap<String, u64>,
}

// ---------------------------------------------------------------------------------------------
// Reference tables of the world: countries, names, routes. Coordinates are those of real cities.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Region {
    NorthAmerica,
    LatinAmerica,
    Balkans,
    Europe,
    Africa,
    /// Countries whose criminal scene is their own (one pool of persons per country).
    Own,
}

/// Which kinds of diversion are common: weights for theft, loss, straw purchase, unrecorded transfer,
/// export diversion and state-stock leakage.
#[derive(Debug, Clone, Copy)]
enum Profile {
    Us,
    WestEurope,
    Balkans,
    LatAm,
    Africa,
    Producer,
    Other,
}

impl Profile {
    fn weights(self) -> [u32; 6] {
        match self {
            Profile::Us => [40, 12, 35, 10, 3, 1],
            Profile::WestEurope => [45, 25, 2, 18, 3, 7],
            Profile::Balkans => [25, 10, 3, 20, 7, 35],
            Profile::LatAm => [30, 10, 12, 18, 10, 20],
            Profile::Africa => [15, 5, 1, 10, 24, 45],
            Profile::Producer => [25, 10, 3, 15, 30, 17],
            Profile::Other => [35, 12, 8, 20, 8, 17],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Es,
    Pt,
    It,
    De,
    Fr,
    Sl,
    Nl,
    Other,
}

/// City, administrative area, latitude, longitude.
type City = (&'static str, &'static str, f64, f64);

struct CountrySpec {
    a3: &'static str,
    names: usize,
    lang: Lang,
    /// Legal form of companies.
    firm: &'static str,
    /// Relative size of the firearms registry.
    registry: u32,
    /// Percent of firearms held by civilians (the rest are state stocks).
    civil: u32,
    /// Relative propensity of diversion.
    divert: u32,
    region: Region,
    profile: Profile,
    /// Usual sources of imported firearms.
    partners: &'static [&'static str],
    cities: &'static [City],
}

#[rustfmt::skip]
const COUNTRIES: &[CountrySpec] = &[
    CountrySpec { a3: "USA", names: 18, lang: Lang::En, firm: "LLC", registry: 220, civil: 92, divert: 100, region: Region::NorthAmerica, profile: Profile::Us, partners: &["AUT", "ITA", "DEU", "BRA", "TUR", "CZE", "HRV", "PHL"], cities: &[("Houston", "Texas", 29.7604, -95.3698), ("Phoenix", "Arizona", 33.4484, -112.0740), ("Atlanta", "Georgia", 33.7490, -84.3880), ("Chicago", "Illinois", 41.8781, -87.6298), ("Miami", "Florida", 25.7617, -80.1918)] },
    CountrySpec { a3: "MEX", names: 16, lang: Lang::Es, firm: "S.A. de C.V.", registry: 25, civil: 55, divert: 180, region: Region::LatinAmerica, profile: Profile::LatAm, partners: &["USA", "ITA", "AUT", "DEU", "CZE", "BRA"], cities: &[("Ciudad de México", "Ciudad de México", 19.4326, -99.1332), ("Tijuana", "Baja California", 32.5149, -117.0382), ("Ciudad Juárez", "Chihuahua", 31.6904, -106.4245), ("Culiacán", "Sinaloa", 24.8091, -107.3940), ("Nuevo Laredo", "Tamaulipas", 27.4779, -99.5496)] },
    CountrySpec { a3: "GTM", names: 16, lang: Lang::Es, firm: "S.A.", registry: 8, civil: 60, divert: 200, region: Region::LatinAmerica, profile: Profile::LatAm, partners: &["USA", "BRA", "ISR", "ITA", "TUR"], cities: &[("Ciudad de Guatemala", "Guatemala", 14.6349, -90.5069), ("Quetzaltenango", "Quetzaltenango", 14.8347, -91.5181), ("Puerto Barrios", "Izabal", 15.7278, -88.5944)] },
    CountrySpec { a3: "HND", names: 16, lang: Lang::Es, firm: "S. de R.L.", registry: 6, civil: 60, divert: 220, region: Region::LatinAmerica, profile: Profile::LatAm, partners: &["USA", "BRA", "ISR", "ITA"], cities: &[("Tegucigalpa", "Francisco Morazán", 14.0723, -87.1921), ("San Pedro Sula", "Cortés", 15.5042, -88.0250), ("La Ceiba", "Atlántida", 15.7597, -86.7822)] },
    CountrySpec { a3: "SLV", names: 16, lang: Lang::Es, firm: "S.A. de C.V.", registry: 5, civil: 60, divert: 200, region: Region::LatinAmerica, profile: Profile::LatAm, partners: &["USA", "BRA", "ISR", "CZE"], cities: &[("San Salvador", "San Salvador", 13.6929, -89.2182), ("Santa Ana", "Santa Ana", 13.9942, -89.5597), ("San Miguel", "San Miguel", 13.4833, -88.1833)] },
    CountrySpec { a3: "JAM", names: 19, lang: Lang::En, firm: "Ltd.", registry: 3, civil: 55, divert: 250, region: Region::LatinAmerica, profile: Profile::LatAm, partners: &["USA", "AUT", "BRA"], cities: &[("Kingston", "Kingston", 17.9712, -76.7936), ("Montego Bay", "Saint James", 18.4762, -77.8939), ("Spanish Town", "Saint Catherine", 17.9911, -76.9574)] },
    CountrySpec { a3: "COL", names: 16, lang: Lang::Es, firm: "S.A.S.", registry: 15, civil: 45, divert: 200, region: Region::LatinAmerica, profile: Profile::LatAm, partners: &["USA", "ISR", "BRA", "ITA", "ARG"], cities: &[("Bogotá", "Bogotá D.C.", 4.7110, -74.0721), ("Medellín", "Antioquia", 6.2442, -75.5812), ("Cali", "Valle del Cauca", 3.4516, -76.5320), ("Cúcuta", "Norte de Santander", 7.8939, -72.5078)] },
    CountrySpec { a3: "ECU", names: 16, lang: Lang::Es, firm: "Cía. Ltda.", registry: 6, civil: 50, divert: 200, region: Region::LatinAmerica, profile: Profile::LatAm, partners: &["USA", "BRA", "ITA", "TUR"], cities: &[("Guayaquil", "Guayas", -2.1894, -79.8891), ("Quito", "Pichincha", -0.1807, -78.4678), ("Esmeraldas", "Esmeraldas", 0.9682, -79.6517)] },
    CountrySpec { a3: "BRA", names: 17, lang: Lang::Pt, firm: "Ltda.", registry: 40, civil: 70, divert: 150, region: Region::LatinAmerica, profile: Profile::Other, partners: &["USA", "AUT", "ITA", "DEU", "CZE"], cities: &[("São Paulo", "São Paulo", -23.5505, -46.6333), ("Rio de Janeiro", "Rio de Janeiro", -22.9068, -43.1729), ("Foz do Iguaçu", "Paraná", -25.5469, -54.5882), ("Porto Alegre", "Rio Grande do Sul", -30.0346, -51.2177)] },
    CountrySpec { a3: "ARG", names: 16, lang: Lang::Es, firm: "S.R.L.", registry: 18, civil: 75, divert: 100, region: Region::LatinAmerica, profile: Profile::Other, partners: &["USA", "BRA", "ITA", "TUR", "CZE"], cities: &[("Buenos Aires", "Ciudad Autónoma de Buenos Aires", -34.6037, -58.3816), ("Córdoba", "Córdoba", -31.4201, -64.1888), ("Rosario", "Santa Fe", -32.9442, -60.6505)] },
    CountrySpec { a3: "AUT", names: 3, lang: Lang::De, firm: "GmbH", registry: 15, civil: 85, divert: 25, region: Region::Europe, profile: Profile::WestEurope, partners: &["DEU", "ITA", "CZE", "BEL", "USA"], cities: &[("Wien", "Wien", 48.2082, 16.3738), ("Graz", "Steiermark", 47.0707, 15.4395), ("Linz", "Oberösterreich", 48.3069, 14.2858)] },
    CountrySpec { a3: "ITA", names: 2, lang: Lang::It, firm: "S.r.l.", registry: 35, civil: 85, divert: 35, region: Region::Europe, profile: Profile::WestEurope, partners: &["AUT", "DEU", "BEL", "USA", "CZE", "TUR"], cities: &[("Roma", "Lazio", 41.9028, 12.4964), ("Milano", "Lombardia", 45.4642, 9.1900), ("Napoli", "Campania", 40.8518, 14.2681), ("Bari", "Puglia", 41.1171, 16.8719)] },
    CountrySpec { a3: "DEU", names: 3, lang: Lang::De, firm: "GmbH", registry: 45, civil: 85, divert: 25, region: Region::Europe, profile: Profile::WestEurope, partners: &["AUT", "ITA", "BEL", "CZE", "USA", "TUR"], cities: &[("Berlin", "Berlin", 52.5200, 13.4050), ("Frankfurt am Main", "Hessen", 50.1109, 8.6821), ("Hamburg", "Hamburg", 53.5511, 9.9937), ("München", "Bayern", 48.1351, 11.5820)] },
    CountrySpec { a3: "BEL", names: 4, lang: Lang::Fr, firm: "SRL", registry: 8, civil: 80, divert: 40, region: Region::Europe, profile: Profile::WestEurope, partners: &["DEU", "AUT", "ITA", "USA", "CZE"], cities: &[("Bruxelles", "Bruxelles-Capitale", 50.8503, 4.3517), ("Antwerpen", "Antwerpen", 51.2194, 4.4025), ("Liège", "Liège", 50.6326, 5.5797)] },
    CountrySpec { a3: "NLD", names: 5, lang: Lang::Nl, firm: "B.V.", registry: 5, civil: 75, divert: 40, region: Region::Europe, profile: Profile::WestEurope, partners: &["DEU", "AUT", "BEL", "ITA", "USA"], cities: &[("Amsterdam", "Noord-Holland", 52.3676, 4.9041), ("Rotterdam", "Zuid-Holland", 51.9244, 4.4777), ("Utrecht", "Utrecht", 52.0907, 5.1214)] },
    CountrySpec { a3: "FRA", names: 4, lang: Lang::Fr, firm: "SARL", registry: 40, civil: 85, divert: 35, region: Region::Europe, profile: Profile::WestEurope, partners: &["BEL", "DEU", "ITA", "AUT", "USA", "CZE"], cities: &[("Paris", "Île-de-France", 48.8566, 2.3522), ("Marseille", "Provence-Alpes-Côte d'Azur", 43.2965, 5.3698), ("Lyon", "Auvergne-Rhône-Alpes", 45.7640, 4.8357), ("Lille", "Hauts-de-France", 50.6292, 3.0573)] },
    CountrySpec { a3: "ESP", names: 16, lang: Lang::Es, firm: "S.L.", registry: 20, civil: 85, divert: 30, region: Region::Europe, profile: Profile::WestEurope, partners: &["ITA", "DEU", "AUT", "BEL", "USA", "TUR"], cities: &[("Madrid", "Comunidad de Madrid", 40.4168, -3.7038), ("Barcelona", "Cataluña", 41.3874, 2.1686), ("Algeciras", "Andalucía", 36.1408, -5.4562), ("Valencia", "Comunitat Valenciana", 39.4699, -0.3763)] },
    CountrySpec { a3: "SWE", names: 6, lang: Lang::Other, firm: "AB", registry: 12, civil: 85, divert: 40, region: Region::Europe, profile: Profile::WestEurope, partners: &["DEU", "AUT", "ITA", "USA", "CZE"], cities: &[("Stockholm", "Stockholms län", 59.3293, 18.0686), ("Göteborg", "Västra Götalands län", 57.7089, 11.9746), ("Malmö", "Skåne län", 55.6050, 13.0038)] },
    CountrySpec { a3: "POL", names: 7, lang: Lang::Other, firm: "Sp. z o.o.", registry: 10, civil: 60, divert: 25, region: Region::Europe, profile: Profile::WestEurope, partners: &["CZE", "DEU", "AUT", "ITA", "USA"], cities: &[("Warszawa", "Mazowieckie", 52.2297, 21.0122), ("Kraków", "Małopolskie", 50.0647, 19.9450), ("Gdańsk", "Pomorskie", 54.3520, 18.6466)] },
    CountrySpec { a3: "CZE", names: 8, lang: Lang::Other, firm: "s.r.o.", registry: 12, civil: 80, divert: 30, region: Region::Europe, profile: Profile::Producer, partners: &["AUT", "DEU", "ITA", "USA"], cities: &[("Praha", "Hlavní město Praha", 50.0755, 14.4378), ("Brno", "Jihomoravský kraj", 49.1951, 16.6068), ("Ostrava", "Moravskoslezský kraj", 49.8209, 18.2625)] },
    CountrySpec { a3: "SVN", names: 0, lang: Lang::Sl, firm: "d.o.o.", registry: 5, civil: 75, divert: 40, region: Region::Balkans, profile: Profile::WestEurope, partners: &["AUT", "CZE", "ITA", "HRV", "DEU"], cities: &[("Ljubljana", "Osrednjeslovenska", 46.0569, 14.5058), ("Maribor", "Podravska", 46.5547, 15.6459), ("Koper", "Obalno-kraška", 45.5481, 13.7302)] },
    CountrySpec { a3: "HRV", names: 0, lang: Lang::Sl, firm: "d.o.o.", registry: 12, civil: 70, divert: 80, region: Region::Balkans, profile: Profile::Balkans, partners: &["AUT", "CZE", "ITA", "SRB", "DEU", "TUR"], cities: &[("Zagreb", "Grad Zagreb", 45.8150, 15.9819), ("Split", "Splitsko-dalmatinska županija", 43.5081, 16.4402), ("Rijeka", "Primorsko-goranska županija", 45.3271, 14.4422), ("Slavonski Brod", "Brodsko-posavska županija", 45.1603, 18.0156)] },
    CountrySpec { a3: "BIH", names: 0, lang: Lang::Sl, firm: "d.o.o.", registry: 10, civil: 60, divert: 150, region: Region::Balkans, profile: Profile::Balkans, partners: &["SRB", "HRV", "CZE", "TUR", "AUT"], cities: &[("Sarajevo", "Kanton Sarajevo", 43.8563, 18.4131), ("Banja Luka", "Republika Srpska", 44.7722, 17.1910), ("Mostar", "Hercegovačko-neretvanski kanton", 43.3438, 17.8078), ("Tuzla", "Tuzlanski kanton", 44.5384, 18.6763)] },
    CountrySpec { a3: "SRB", names: 0, lang: Lang::Sl, firm: "d.o.o.", registry: 25, civil: 65, divert: 110, region: Region::Balkans, profile: Profile::Balkans, partners: &["CZE", "AUT", "TUR", "ITA", "RUS"], cities: &[("Beograd", "Grad Beograd", 44.7866, 20.4489), ("Novi Sad", "Južnobački okrug", 45.2671, 19.8335), ("Niš", "Nišavski okrug", 43.3209, 21.8958), ("Kragujevac", "Šumadijski okrug", 44.0128, 20.9114)] },
    CountrySpec { a3: "MNE", names: 0, lang: Lang::Sl, firm: "d.o.o.", registry: 5, civil: 65, divert: 130, region: Region::Balkans, profile: Profile::Balkans, partners: &["SRB", "CZE", "TUR", "HRV"], cities: &[("Podgorica", "Glavni grad Podgorica", 42.4304, 19.2594), ("Bar", "Opština Bar", 42.0931, 19.1003), ("Nikšić", "Opština Nikšić", 42.7731, 18.9445)] },
    CountrySpec { a3: "ALB", names: 1, lang: Lang::Other, firm: "sh.p.k.", registry: 8, civil: 55, divert: 200, region: Region::Balkans, profile: Profile::Balkans, partners: &["TUR", "ITA", "CZE", "SRB"], cities: &[("Tiranë", "Qarku i Tiranës", 41.3275, 19.8187), ("Durrës", "Qarku i Durrësit", 41.3246, 19.4565), ("Vlorë", "Qarku i Vlorës", 40.4661, 19.4914), ("Shkodër", "Qarku i Shkodrës", 42.0683, 19.5126)] },
    CountrySpec { a3: "MKD", names: 0, lang: Lang::Sl, firm: "DOOEL", registry: 6, civil: 60, divert: 120, region: Region::Balkans, profile: Profile::Balkans, partners: &["SRB", "TUR", "CZE", "BGR"], cities: &[("Skopje", "Skopje", 41.9981, 21.4254), ("Kumanovo", "Northeastern", 42.1322, 21.7144), ("Tetovo", "Polog", 42.0069, 20.9715)] },
    CountrySpec { a3: "BGR", names: 9, lang: Lang::Other, firm: "EOOD", registry: 8, civil: 60, divert: 70, region: Region::Europe, profile: Profile::Producer, partners: &["CZE", "RUS", "TUR", "ITA"], cities: &[("Sofia", "Sofia-grad", 42.6977, 23.3219), ("Plovdiv", "Plovdiv", 42.1354, 24.7453), ("Burgas", "Burgas", 42.5048, 27.4626)] },
    CountrySpec { a3: "ROU", names: 10, lang: Lang::Other, firm: "S.R.L.", registry: 6, civil: 55, divert: 50, region: Region::Europe, profile: Profile::Producer, partners: &["CZE", "ITA", "TUR", "AUT"], cities: &[("București", "București", 44.4268, 26.1025), ("Cluj-Napoca", "Cluj", 46.7712, 23.6236), ("Constanța", "Constanța", 44.1598, 28.6348)] },
    CountrySpec { a3: "RUS", names: 11, lang: Lang::Other, firm: "OOO", registry: 35, civil: 45, divert: 50, region: Region::Own, profile: Profile::Producer, partners: &["ITA", "TUR", "CZE"], cities: &[("Moskva", "Moskva", 55.7558, 37.6173), ("Sankt-Peterburg", "Sankt-Peterburg", 59.9311, 30.3609), ("Izhevsk", "Udmurtskaya Respublika", 56.8526, 53.2045), ("Rostov-na-Donu", "Rostovskaya oblast", 47.2357, 39.7015)] },
    CountrySpec { a3: "TUR", names: 12, lang: Lang::Other, firm: "Ltd. Şti.", registry: 30, civil: 60, divert: 80, region: Region::Own, profile: Profile::Producer, partners: &["ITA", "USA", "CZE", "DEU"], cities: &[("İstanbul", "İstanbul", 41.0082, 28.9784), ("Ankara", "Ankara", 39.9334, 32.8597), ("Konya", "Konya", 37.8746, 32.4932), ("Edirne", "Edirne", 41.6771, 26.5557)] },
    CountrySpec { a3: "ISR", names: 13, lang: Lang::Other, firm: "Ltd.", registry: 8, civil: 40, divert: 40, region: Region::Own, profile: Profile::Other, partners: &["USA", "AUT", "CZE", "DEU"], cities: &[("Tel Aviv-Yafo", "Tel Aviv District", 32.0853, 34.7818), ("Haifa", "Haifa District", 32.7940, 34.9896), ("Jerusalem", "Jerusalem District", 31.7683, 35.2137)] },
    CountrySpec { a3: "CHN", names: 14, lang: Lang::Other, firm: "Co., Ltd.", registry: 20, civil: 20, divert: 20, region: Region::Own, profile: Profile::Producer, partners: &["RUS"], cities: &[("Beijing", "Beijing", 39.9042, 116.4074), ("Guangzhou", "Guangdong", 23.1291, 113.2644), ("Kunming", "Yunnan", 25.0389, 102.7183)] },
    CountrySpec { a3: "PHL", names: 15, lang: Lang::En, firm: "Inc.", registry: 15, civil: 65, divert: 150, region: Region::Own, profile: Profile::Other, partners: &["USA", "ISR", "TUR", "CZE"], cities: &[("Manila", "National Capital Region", 14.5995, 120.9842), ("Cebu City", "Central Visayas", 10.3157, 123.8854), ("Davao City", "Davao Region", 7.1907, 125.4553)] },
    CountrySpec { a3: "AUS", names: 18, lang: Lang::En, firm: "Pty Ltd", registry: 18, civil: 88, divert: 30, region: Region::Own, profile: Profile::Other, partners: &["USA", "AUT", "ITA", "DEU", "CZE", "TUR"], cities: &[("Sydney", "New South Wales", -33.8688, 151.2093), ("Melbourne", "Victoria", -37.8136, 144.9631), ("Brisbane", "Queensland", -27.4698, 153.0251)] },
    CountrySpec { a3: "ZAF", names: 24, lang: Lang::En, firm: "(Pty) Ltd", registry: 20, civil: 70, divert: 180, region: Region::Own, profile: Profile::Other, partners: &["USA", "AUT", "ITA", "BRA", "CZE", "ISR"], cities: &[("Johannesburg", "Gauteng", -26.2041, 28.0473), ("Cape Town", "Western Cape", -33.9249, 18.4241), ("Durban", "KwaZulu-Natal", -29.8587, 31.0218)] },
    CountrySpec { a3: "NGA", names: 20, lang: Lang::En, firm: "Ltd", registry: 10, civil: 35, divert: 250, region: Region::Africa, profile: Profile::Africa, partners: &["TUR", "CHN", "RUS", "BGR", "CZE", "ISR"], cities: &[("Lagos", "Lagos", 6.5244, 3.3792), ("Abuja", "Federal Capital Territory", 9.0765, 7.3986), ("Kano", "Kano", 12.0022, 8.5920), ("Maiduguri", "Borno", 11.8311, 13.1510)] },
    CountrySpec { a3: "GHA", names: 20, lang: Lang::En, firm: "Ltd", registry: 6, civil: 40, divert: 200, region: Region::Africa, profile: Profile::Africa, partners: &["TUR", "CZE", "ITA", "CHN", "BRA"], cities: &[("Accra", "Greater Accra", 5.6037, -0.1870), ("Kumasi", "Ashanti", 6.6885, -1.6244), ("Tamale", "Northern", 9.4008, -0.8393)] },
    CountrySpec { a3: "CIV", names: 21, lang: Lang::Fr, firm: "SARL", registry: 5, civil: 35, divert: 200, region: Region::Africa, profile: Profile::Africa, partners: &["TUR", "CZE", "BGR", "CHN", "ITA"], cities: &[("Abidjan", "District autonome d'Abidjan", 5.3600, -4.0083), ("Bouaké", "Vallée du Bandama", 7.6906, -5.0391), ("Korhogo", "Savanes", 9.4580, -5.6296)] },
    CountrySpec { a3: "BFA", names: 22, lang: Lang::Fr, firm: "SARL", registry: 4, civil: 30, divert: 300, region: Region::Africa, profile: Profile::Africa, partners: &["TUR", "CHN", "RUS", "BGR"], cities: &[("Ouagadougou", "Centre", 12.3714, -1.5197), ("Bobo-Dioulasso", "Hauts-Bassins", 11.1771, -4.2979), ("Djibo", "Sahel", 14.1022, -1.6306)] },
    CountrySpec { a3: "MLI", names: 22, lang: Lang::Fr, firm: "SARL", registry: 4, civil: 30, divert: 300, region: Region::Africa, profile: Profile::Africa, partners: &["TUR", "CHN", "RUS", "BGR"], cities: &[("Bamako", "District de Bamako", 12.6392, -8.0029), ("Gao", "Gao", 16.2666, -0.0400), ("Mopti", "Mopti", 14.4843, -4.1830), ("Kidal", "Kidal", 18.4411, 1.4078)] },
    CountrySpec { a3: "NER", names: 22, lang: Lang::Fr, firm: "SARL", registry: 3, civil: 25, divert: 300, region: Region::Africa, profile: Profile::Africa, partners: &["TUR", "CHN", "RUS", "BGR"], cities: &[("Niamey", "Niamey", 13.5116, 2.1254), ("Agadez", "Agadez", 16.9742, 7.9865), ("Zinder", "Zinder", 13.8072, 8.9881)] },
    CountrySpec { a3: "LBY", names: 23, lang: Lang::Other, firm: "Co.", registry: 8, civil: 30, divert: 350, region: Region::Africa, profile: Profile::Africa, partners: &["RUS", "BGR", "TUR", "CHN", "ITA"], cities: &[("Tripoli", "Tripoli", 32.8872, 13.1913), ("Benghazi", "Benghazi", 32.1167, 20.0667), ("Sabha", "Sabha", 27.0377, 14.4283)] },
];

/// First names, surnames, and whether the surname comes first or twice.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NameOrder {
    Western,
    SurnameFirst,
    TwoSurnames,
}

#[rustfmt::skip]
const NAMES: &[(&str, &str, NameOrder)] = &[
    ("Marko,Ivan,Luka,Petar,Nikola,Stefan,Milan,Dragan,Goran,Zoran,Ana,Marija,Jelena,Ivana,Mirela,Tomislav,Dario,Dejan,Nenad,Bojan,Vesna,Emir,Adnan,Jasmin", "Horvat,Kovačević,Babić,Marić,Jurić,Novak,Petrović,Jovanović,Nikolić,Marković,Đorđević,Stojanović,Ilić,Popović,Hodžić,Begić,Mehmedović,Delić,Kovač,Pavlović,Vuković,Knežević,Radić,Šarić,Trajkovski,Stojanovski", NameOrder::Western),
    ("Arben,Besnik,Dritan,Ermal,Fatmir,Gent,Ilir,Klodian,Luan,Mimoza,Arta,Elira,Blerina,Agron,Sokol,Edmond", "Hoxha,Shehu,Krasniqi,Gashi,Berisha,Leka,Kola,Marku,Dervishi,Çela,Hysa,Basha,Meta,Kastrati,Dedaj,Muça", NameOrder::Western),
    ("Giuseppe,Marco,Luca,Francesco,Alessandro,Andrea,Giovanni,Salvatore,Antonio,Maria,Giulia,Francesca,Anna,Paolo,Vincenzo,Ciro", "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,De Luca,Costa,Giordano,Mancini,Rizzo,Lombardi", NameOrder::Western),
    ("Thomas,Michael,Andreas,Stefan,Markus,Christian,Jürgen,Klaus,Sabine,Petra,Anna,Julia,Lukas,Florian,Tobias,Sebastian,Dieter,Monika", "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Koch,Bauer,Richter,Klein,Wolf,Gruber,Huber,Steiner,Moser", NameOrder::Western),
    ("Jean,Pierre,Michel,Philippe,Nicolas,Julien,Thomas,Sébastien,Marie,Nathalie,Isabelle,Sophie,Camille,Karim,Mehdi,Luc,Yves", "Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,Lefebvre,Garcia,Fontaine,Peeters,Janssens,Maes", NameOrder::Western),
    ("Jan,Pieter,Kees,Willem,Johannes,Sander,Bram,Daan,Anouk,Sanne,Lotte,Mohamed,Rachid,Thijs,Ruben", "de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Visser,Smit,Meijer,de Boer,Mulder,Bos,Vos,Peters,Hendriks", NameOrder::Western),
    ("Erik,Lars,Anders,Johan,Karl,Per,Mikael,Anna,Eva,Maria,Sara,Ahmed,Ali,Emil,Oscar", "Andersson,Johansson,Karlsson,Nilsson,Eriksson,Larsson,Olsson,Persson,Svensson,Gustafsson,Lindberg,Berg,Hussein,Mohammed", NameOrder::Western),
    ("Piotr,Krzysztof,Andrzej,Tomasz,Paweł,Marcin,Michał,Anna,Katarzyna,Magdalena,Agnieszka,Łukasz,Jakub", "Nowak,Kowalski,Wiśniewski,Wójcik,Kowalczyk,Kamiński,Lewandowski,Zieliński,Szymański,Woźniak,Dąbrowski", NameOrder::Western),
    ("Jan,Petr,Jiří,Josef,Pavel,Martin,Tomáš,Jana,Eva,Hana,Lucie,Lukáš,Jakub,Ondřej", "Novák,Svoboda,Novotný,Dvořák,Černý,Procházka,Kučera,Veselý,Horák,Němec,Marek,Pokorný", NameOrder::Western),
    ("Georgi,Ivan,Dimitar,Nikolay,Petar,Hristo,Stoyan,Maria,Elena,Yordanka,Vasil,Todor", "Ivanov,Georgiev,Dimitrov,Petrov,Nikolov,Hristov,Stoyanov,Todorov,Iliev,Vasilev,Angelov", NameOrder::Western),
    ("Andrei,Alexandru,Ion,Mihai,Gheorghe,Constantin,Florin,Elena,Maria,Ioana,Cristina,Adrian,Vasile", "Popescu,Ionescu,Popa,Pop,Radu,Dumitru,Stan,Stoica,Gheorghe,Matei,Ciobanu,Rusu", NameOrder::Western),
    ("Aleksandr,Sergey,Dmitry,Andrey,Aleksey,Maksim,Ivan,Olga,Tatiana,Elena,Natalia,Vladimir,Nikolai", "Ivanov,Smirnov,Kuznetsov,Popov,Vasiliev,Petrov,Sokolov,Mikhailov,Novikov,Fedorov,Morozov,Volkov", NameOrder::Western),
    ("Mehmet,Mustafa,Ahmet,Ali,Hüseyin,Hasan,İbrahim,Murat,Fatma,Ayşe,Emine,Zeynep,Emre,Burak", "Yılmaz,Kaya,Demir,Şahin,Çelik,Yıldız,Yıldırım,Öztürk,Aydın,Özdemir,Arslan,Doğan", NameOrder::Western),
    ("David,Moshe,Yosef,Avraham,Yaakov,Daniel,Noa,Tamar,Yael,Michal,Itai,Omer,Ahmad,Yusuf", "Cohen,Levi,Mizrahi,Peretz,Biton,Dahan,Avraham,Friedman,Katz,Azoulay,Malka,Haddad", NameOrder::Western),
    ("Wei,Fang,Lei,Jun,Yong,Jie,Min,Li,Jing,Ling,Hao,Qiang,Xiu", "Wang,Li,Zhang,Liu,Chen,Yang,Huang,Zhao,Wu,Zhou,Xu,Sun", NameOrder::SurnameFirst),
    ("Jose,Juan,Mark,John Paul,Ramon,Roberto,Maria,Ana,Rosario,Jericho,Rodrigo,Angelica", "Santos,Reyes,Cruz,Bautista,Ocampo,Garcia,Mendoza,Torres,Tomas,Andrada,Castillo,Villanueva,dela Cruz", NameOrder::Western),
    ("José,Juan,Luis,Carlos,Jorge,Miguel,Jesús,Francisco,Pedro,María,Guadalupe,Rosa,Ana,Luz,Diego,Andrés,Alejandro,Fernando,Óscar,Wilson,Edwin,Kevin", "García,Hernández,Martínez,López,González,Rodríguez,Pérez,Sánchez,Ramírez,Flores,Cruz,Morales,Reyes,Gómez,Díaz,Vásquez,Castillo,Ortiz,Mejía,Rivera,Torres,Jiménez,Guzmán,Zambrano", NameOrder::TwoSurnames),
    ("João,José,Antônio,Francisco,Carlos,Paulo,Pedro,Lucas,Luiz,Marcos,Maria,Ana,Francisca,Juliana,Adriana,Rafael,Thiago", "Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Ribeiro,Carvalho,Almeida,Costa", NameOrder::Western),
    ("James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Christopher,Mary,Patricia,Jennifer,Linda,Jessica,Ashley,Tyler,Brandon,Cody,Luis", "Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Anderson,Taylor,Thomas,Moore,Jackson,Martin,Lee,Thompson,White,Harris,Clark,Lewis,Walker,Hall,Young,Allen,Garcia", NameOrder::Western),
    ("Andre,Omar,Damion,Kevin,Ricardo,Garfield,Devon,Shanice,Keisha,Tamika,Dwayne,Leroy,Winston", "Brown,Williams,Campbell,Smith,Johnson,Thompson,Francis,Reid,Grant,Morgan,McKenzie,Bailey,Gordon", NameOrder::Western),
    ("Chukwuemeka,Oluwaseun,Ibrahim,Musa,Emeka,Tunde,Chinedu,Kwame,Kofi,Kwabena,Yaw,Ama,Abena,Ngozi,Aisha,Fatima,Samuel", "Okafor,Adeyemi,Okonkwo,Ibrahim,Bello,Abubakar,Mensah,Owusu,Boateng,Asante,Osei,Danjuma,Eze,Nwosu,Mohammed,Yusuf,Adebayo", NameOrder::Western),
    ("Kouadio,Yao,Koffi,Konan,Moussa,Seydou,Adama,Aminata,Mariam,Awa,Ibrahima,Bakary,Jean-Baptiste", "Kouassi,Koné,Traoré,Ouattara,Coulibaly,Diallo,Bamba,Touré,N'Guessan,Kouamé,Doumbia", NameOrder::Western),
    ("Moussa,Amadou,Oumar,Boubacar,Hamidou,Issa,Abdoulaye,Salif,Mahamadou,Aïssata,Fatoumata,Hama", "Traoré,Diarra,Keïta,Maïga,Cissé,Sangaré,Ouédraogo,Sawadogo,Kaboré,Zongo,Issoufou,Abdou,Dicko,Touré", NameOrder::Western),
    ("Mohammed,Ahmed,Ali,Omar,Abdullah,Khaled,Mustafa,Salem,Fatima,Aisha,Mahmoud,Ibrahim,Hassan,Youssef", "Al-Zawi,Bensaud,Al-Tarhuni,El-Hasi,Al-Magarief,Abdelaziz,Elmansouri,Shibani,Ben Hamed,Al-Obeidi", NameOrder::Western),
    ("Thabo,Sipho,Johan,Pieter,Sibusiso,Themba,Bongani,Nomvula,Lindiwe,Zanele,Andile,Willem,Precious", "Nkosi,Dlamini,Ndlovu,Khumalo,Mokoena,Botha,van der Merwe,Pretorius,Naidoo,Mahlangu,Zulu,Sithole,Mthembu", NameOrder::Western),
];

/// Overland and sea routes along which firearms move; a firearm diverted in a country is seized there
/// or in a country further along one of its routes, and the countries in between are the transit.
const PATHS: &[&[&str]] = &[
    &["BIH", "HRV", "SVN", "AUT", "DEU", "NLD", "SWE"],
    &["MNE", "BIH", "HRV", "SVN", "ITA", "FRA"],
    &["SRB", "HRV", "SVN", "AUT", "DEU", "BEL"],
    &["MKD", "SRB", "HRV", "SVN", "AUT", "DEU", "SWE"],
    &["ALB", "MNE", "BIH", "HRV", "SVN", "AUT", "DEU", "NLD"],
    &["ALB", "ITA", "FRA", "BEL", "NLD"],
    &["BGR", "SRB", "HRV", "SVN", "ITA", "ESP"],
    &["TUR", "BGR", "SRB", "HRV", "SVN", "AUT", "DEU"],
    &["ROU", "SRB", "HRV", "SVN", "AUT", "DEU"],
    &["CZE", "DEU", "NLD", "SWE"],
    &["CZE", "AUT", "ITA", "FRA", "ESP"],
    &["POL", "DEU", "NLD", "BEL", "FRA"],
    &["USA", "MEX", "GTM", "SLV"],
    &["USA", "MEX", "GTM", "HND"],
    &["USA", "JAM"],
    &["USA", "COL", "ECU"],
    &["ARG", "BRA", "COL", "ECU"],
    &["LBY", "NER", "MLI", "BFA", "CIV", "GHA"],
    &["LBY", "NER", "NGA"],
    &["GHA", "BFA", "MLI", "NER"],
    &["NGA", "NER", "MLI"],
    &["CIV", "MLI", "NER"],
];

/// Export diversions: firearms lawfully exported to a nominal destination, never received there, and
/// seized in a third country.
struct ExportScenario {
    exporters: &'static [&'static str],
    nominal: &'static [&'static str],
    seized: &'static [&'static str],
    /// Military end user (armed forces) rather than a civilian importer.
    military: bool,
}

#[rustfmt::skip]
const EXPORT_SCENARIOS: &[ExportScenario] = &[
    ExportScenario { exporters: &["BGR", "SRB", "ROU", "CZE", "RUS", "CHN"], nominal: &["NGA", "CIV", "GHA", "BFA", "LBY"], seized: &["MLI", "NER", "BFA", "NGA", "LBY"], military: true },
    ExportScenario { exporters: &["USA"], nominal: &["HND", "GTM", "SLV", "ECU"], seized: &["MEX", "GTM", "SLV", "HND", "COL"], military: false },
    ExportScenario { exporters: &["TUR", "CZE", "ITA", "AUT", "HRV"], nominal: &["ALB", "MKD", "MNE", "BIH"], seized: &["DEU", "NLD", "SWE", "FRA", "HRV"], military: false },
    ExportScenario { exporters: &["BRA", "ARG", "ITA", "TUR"], nominal: &["ECU", "HND"], seized: &["COL", "MEX", "GTM"], military: false },
    ExportScenario { exporters: &["ISR", "CHN", "TUR"], nominal: &["NGA", "ZAF"], seized: &["NGA", "GHA", "ZAF"], military: false },
];

/// How popular a maker is, by a fragment of its name (lower case). Others weigh [`DEFAULT_POPULARITY`].
const POPULARITY: &[(&str, u32)] = &[
    ("glock", 60),
    ("smith", 50),
    ("beretta", 45),
    ("ruger", 45),
    ("taurus", 40),
    ("zastava", 40),
    ("česká", 35),
    ("ceska", 35),
    ("sig", 25),
    ("remington", 25),
    ("mossberg", 25),
    ("kalashnikov", 25),
    ("norinco", 25),
    ("canik", 20),
    ("colt", 20),
    ("springfield", 20),
    ("savage", 20),
    ("bersa", 20),
    ("hs produkt", 20),
    ("izhmash", 20),
    ("walther", 18),
    ("armscor", 18),
    ("heckler", 15),
    ("winchester", 15),
    ("baikal", 15),
    ("herstal", 15),
    ("arsenal", 12),
    ("imbel", 12),
    ("browning", 12),
    ("sarsılmaz", 12),
    ("sarsilmaz", 12),
    ("hi-point", 12),
    ("benelli", 10),
    ("steyr", 10),
    ("arcus", 10),
    ("israel weapon", 10),
    ("tisas", 10),
    ("cugir", 8),
];
const DEFAULT_POPULARITY: u32 = 3;

/// How a maker writes its serial numbers.
#[derive(Debug, Clone, Copy)]
enum SerialStyle {
    /// `4821937`
    Digits(u32),
    /// `BKZ412` (Glock), `A123456` (CZ): letters then digits.
    Letters { letters: u32, digits: u32 },
    /// `BER123456`
    Fixed { prefix: &'static str, digits: u32 },
    /// A letter for the year of manufacture, then digits: `K204518`.
    YearLetter { digits: u32 },
    /// Two digits of the year, then digits: `87 123456`.
    YearPrefix { digits: u32 },
    /// `371-40512` (Ruger)
    Dashed { a: u32, b: u32 },
    /// `512339V`
    SuffixLetter { digits: u32 },
}

impl SerialStyle {
    fn for_maker(name_lower: &str, id_hash: u64) -> SerialStyle {
        let known: &[(&str, SerialStyle)] = &[
            ("glock", SerialStyle::Letters { letters: 3, digits: 3 }),
            ("beretta", SerialStyle::Fixed { prefix: "BER", digits: 6 }),
            ("smith", SerialStyle::Letters { letters: 3, digits: 4 }),
            ("ruger", SerialStyle::Dashed { a: 3, b: 5 }),
            ("zastava", SerialStyle::Digits(6)),
            ("česká", SerialStyle::Letters { letters: 1, digits: 6 }),
            ("ceska", SerialStyle::Letters { letters: 1, digits: 6 }),
            ("taurus", SerialStyle::Letters { letters: 3, digits: 6 }),
            ("colt", SerialStyle::SuffixLetter { digits: 6 }),
            ("sig", SerialStyle::Letters { letters: 2, digits: 6 }),
            ("walther", SerialStyle::YearLetter { digits: 6 }),
            ("heckler", SerialStyle::YearPrefix { digits: 6 }),
            ("kalashnikov", SerialStyle::YearPrefix { digits: 6 }),
            ("izhmash", SerialStyle::YearPrefix { digits: 6 }),
            ("norinco", SerialStyle::Digits(8)),
            ("hs produkt", SerialStyle::Fixed { prefix: "HR", digits: 6 }),
        ];
        for (frag, style) in known {
            if name_lower.contains(frag) {
                return *style;
            }
        }
        match id_hash % 7 {
            0 => SerialStyle::Digits(7),
            1 => SerialStyle::Letters { letters: 2, digits: 5 },
            2 => SerialStyle::YearLetter { digits: 5 },
            3 => SerialStyle::YearPrefix { digits: 5 },
            4 => SerialStyle::Dashed { a: 2, b: 5 },
            5 => SerialStyle::SuffixLetter { digits: 6 },
            _ => SerialStyle::Letters { letters: 1, digits: 6 },
        }
    }

    fn capacity(self) -> u64 {
        let p = |d: u32| 10u64.pow(d);
        match self {
            SerialStyle::Digits(d) | SerialStyle::Fixed { digits: d, .. } => p(d),
            SerialStyle::Letters { letters, digits } => 26u64.pow(letters) * p(digits),
            SerialStyle::YearLetter { digits } | SerialStyle::YearPrefix { digits } => p(digits),
            SerialStyle::Dashed { a, b } => p(a + b),
            SerialStyle::SuffixLetter { digits } => p(digits) * 26,
        }
    }

    /// The serial of the `n`-th firearm of the maker, as stamped (with the maker's separators).
    fn format(self, n: u64, year: i32) -> String {
        let letter = |k: u64| char::from(b'A' + (k % 26) as u8);
        let letters = |mut k: u64, count: u32| {
            let mut s = Vec::with_capacity(count as usize);
            for _ in 0..count {
                s.push(letter(k));
                k /= 26;
            }
            s.into_iter().rev().collect::<String>()
        };
        match self {
            SerialStyle::Digits(d) => format!("{:0w$}", n % 10u64.pow(d), w = d as usize),
            SerialStyle::Letters { letters: l, digits } => {
                let p = 10u64.pow(digits);
                format!("{}{:0w$}", letters(n / p, l), n % p, w = digits as usize)
            }
            SerialStyle::Fixed { prefix, digits } => {
                format!("{prefix}{:0w$}", n % 10u64.pow(digits), w = digits as usize)
            }
            SerialStyle::YearLetter { digits } => {
                format!("{}{:0w$}", letter((year - 1960).unsigned_abs() as u64), n % 10u64.pow(digits), w = digits as usize)
            }
            SerialStyle::YearPrefix { digits } => format!("{:02} {:0w$}", year.rem_euclid(100), n % 10u64.pow(digits), w = digits as usize),
            SerialStyle::Dashed { a, b } => {
                let q = 10u64.pow(b);
                format!("{:0wa$}-{:0wb$}", (n / q) % 10u64.pow(a), n % q, wa = a as usize, wb = b as usize)
            }
            SerialStyle::SuffixLetter { digits } => {
                let p = 10u64.pow(digits);
                format!("{:0w$}{}", n % p, letter(n / p), w = digits as usize)
            }
        }
    }
}

const THEFT_NOTES: &[&str] = &[
    "burglary of the holder's residence; gun safe forced open",
    "stolen from a parked vehicle",
    "burglary of the holder's weekend house",
    "stolen during a break-in at a shooting club",
    "burglary of the dealer's shop; display cases broken",
    "stolen together with other valuables during a home invasion",
];
const LOSS_NOTES: &[&str] = &[
    "lost during a hunt; search without result",
    "not found after a house move",
    "lost in transit to a gunsmith",
    "holder deceased; firearm not found by the heirs",
    "lost on a boat trip",
];
const DEACTIVATION_NOTES: &[&str] =
    &["deactivated to EU standard, certificate issued by the proof house", "deactivated for a collection; certificate on file"];

// Code lists of the nomenclature used by the world.
const CTX_TRAFFICKING: &str = "illicit_trafficking";
const CTX_POSSESSION: &str = "illicit_possession";
const CTX_MANUFACTURING: &str = "illicit_manufacturing";
const CTX_VIOLENT: &str = "violent_crime";
const CTX_DRUGS: &str = "drug_trafficking";
const CTX_ORGANIZED: &str = "organized_crime";
const CTX_TERRORISM: &str = "terrorism";
const CTX_OTHER: &str = "other";

const CONCEALMENT_LAND: &[&str] = &[
    "false floor of a lorry trailer",
    "door panels and spare wheel of a passenger car",
    "among household goods in a van",
    "luggage compartment of an international coach",
    "modified fuel tank of a car",
    "carried in backpacks across the green border",
];
const CONCEALMENT_SEA: &[&str] = &[
    "shipping container declared as used vehicle parts",
    "reefer container among frozen fish",
    "bilge of a pleasure boat",
    "car on a ro-ro ferry, weapons behind the dashboard",
];
const CONCEALMENT_AIR: &[&str] = &["checked luggage, disassembled among clothes", "air cargo declared as machine parts"];
const CONCEALMENT_POSTAL: &[&str] = &["parcel declared as car parts", "express courier parcel with disassembled components"];
const CONCEALMENT_LOCAL: &[&str] = &[
    "",
    "",
    "under the driver's seat",
    "in a bag in the boot of a car",
    "hidden in a wardrobe, found during a house search",
    "buried cache in a garden",
];

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/// A cumulative weight table: drawing an index is a binary search.
#[derive(Debug, Clone, Default)]
struct Cum(Vec<u64>);

impl Cum {
    fn new(weights: impl IntoIterator<Item = u64>) -> Cum {
        let mut acc = 0u64;
        Cum(weights
            .into_iter()
            .map(|w| {
                acc += w;
                acc
            })
            .collect())
    }
    fn total(&self) -> u64 {
        self.0.last().copied().unwrap_or(0)
    }
    fn pick(&self, rng: &mut SeededRng) -> usize {
        let x = rng.below(self.total());
        self.0.partition_point(|&c| c <= x)
    }
}

fn pdate(day: i64) -> Option<PartialDate> {
    // Dates of the world, made once: building a date is dearer than looking it up, millions of times.
    static DAYS: std::sync::OnceLock<(i64, Vec<PartialDate>)> = std::sync::OnceLock::new();
    let make = |day: i64| {
        let (y, m, d) = civil_from_days(day);
        PartialDate::ymd(y as i32, m as u8, d as u8).ok()
    };
    let (first, dates) = DAYS.get_or_init(|| {
        let (first, last) = (day_of(1950, 1, 1), day_of(2031, 1, 1));
        (first, (first..last).filter_map(make).collect())
    });
    match usize::try_from(day - first).ok().and_then(|i| dates.get(i)) {
        Some(d) => Some(*d),
        None => make(day),
    }
}

fn year_of(day: i64) -> i32 {
    civil_from_days(day).0 as i32
}

fn day_of(y: i32, m: u32, d: u32) -> i64 {
    days_from_civil(y as i64, m, d)
}

/// A long-tailed delay with the given mean (3·mean·u², u uniform): most delays are short, some long.
fn skewed(rng: &mut SeededRng, mean: i64) -> i64 {
    let u = rng.unit();
    (3.0 * mean as f64 * u * u) as i64
}

fn pick_str<'a>(rng: &mut SeededRng, list: &[&'a str]) -> &'a str {
    rng.pick(list).copied().unwrap_or("")
}

fn stable_hash(s: &str) -> u64 {
    // FNV-1a: stable across platforms and versions, unlike the standard hasher.
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Diversion {
    Theft,
    Loss,
    StrawPurchase,
    UnrecordedTransfer,
    Export,
    StateStockLeakage,
}

impl Diversion {
    const ALL: [Diversion; 6] = [
        Diversion::Theft,
        Diversion::Loss,
        Diversion::StrawPurchase,
        Diversion::UnrecordedTransfer,
        Diversion::Export,
        Diversion::StateStockLeakage,
    ];
    fn code(self) -> &'static str {
        match self {
            Diversion::Theft => "theft",
            Diversion::Loss => "loss",
            Diversion::StrawPurchase => "straw_purchase",
            Diversion::UnrecordedTransfer => "unrecorded_transfer",
            Diversion::Export => "export_diversion",
            Diversion::StateStockLeakage => "state_stock_leakage",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Civil,
    State,
}

// ---------------------------------------------------------------------------------------------
// The prepared world: what does not change while firearms are generated.
// ---------------------------------------------------------------------------------------------

struct CalInfo {
    id: String,
    name: String,
    /// How people often write it (an alias), when the nomenclature has one.
    written: Option<String>,
}

struct ModelInfo {
    name: String,
    type_code: String,
    type_label: String,
    calibres: Vec<usize>,
}

struct Maker {
    id: String,
    name: String,
    alias: Option<String>,
    country: usize,
    town: String,
    party: RecordId,
    style: SerialStyle,
    next_serial: u64,
    civil: Vec<usize>,
    state: Vec<usize>,
    weight: u64,
}

#[derive(Clone)]
struct Org {
    id: RecordId,
    name: String,
    city: usize,
}

struct HolderSlot {
    party: RecordId,
    licence: Option<RecordId>,
    city: usize,
    from: i64,
    until: i64,
    left: u32,
}

struct Ctry {
    spec: &'static CountrySpec,
    code: CountryCode,
    name: String,
    pol: String,
    cus: String,
    nfp: String,
    registry_user: String,
    importers: Vec<Org>,
    dealers: Vec<Org>,
    /// Police, then armed forces.
    state: Vec<Org>,
    cand_civil: Vec<usize>,
    pick_civil: Cum,
    cand_state: Vec<usize>,
    pick_state: Cum,
    rate: f64,
    kinds: Cum,
    outflow: Vec<usize>,
    /// Licensed holders who may register more firearms.
    holders: Vec<HolderSlot>,
    licence_seq: u32,
    incident_seq: u32,
}

struct Shipment {
    exporter: RecordId,
    importer: Org,
    export_licence: RecordId,
    import_licence: RecordId,
    export_day: i64,
    import_day: i64,
    /// (model, calibre, firearms still to come)
    lines: Vec<(usize, usize, u32)>,
}

/// A firearm being generated.
struct Draft {
    id: RecordId,
    /// Country whose records hold the firearm.
    ci: usize,
    maker: usize,
    model: usize,
    cal: usize,
    year: i32,
    serial: String,
    events: Vec<HistoryEvent>,
    /// Day of the latest event.
    day: i64,
    created_day: i64,
    /// At a dealer or a state entity (or an old registration): can be registered.
    ready: bool,
    /// Legacy record: registered without a recorded line of supply.
    legacy: bool,
    possessor: Option<Org>,
    import_mark: Option<(usize, i32)>,
    state_mark: Option<String>,
    handling: HandlingCode,
    description: String,
    /// Registration event, day and holder.
    reg: Option<(RecordId, i64, RecordId, usize)>,
}

struct Ev {
    kind: EventKind,
    day: i64,
    year_only: bool,
    country: Option<CountryCode>,
    place: String,
    parties: Vec<EventParty>,
    licence: Option<RecordId>,
    incident: Option<RecordId>,
    note: String,
}

/// An incident being assembled while its firearms are generated.
struct IncDraft {
    id: RecordId,
    kind: IncidentKind,
    ci: usize,
    day: i64,
    city: usize,
    lat: f64,
    lon: f64,
    agency: String,
    contexts: Vec<&'static str>,
    persons: Vec<IncidentParty>,
    route: Route,
    concealment: String,
    conveyance: Option<&'static str>,
    items: Vec<RecordId>,
    cap: usize,
    reference: String,
    /// Calibre of a recovered firearm, for ballistic exhibits.
    calibre: Option<String>,
    /// Latest day one of its firearms left lawful hands: crimes with them come after it.
    since: i64,
}

impl IncDraft {
    fn suspect(&self) -> Option<RecordId> {
        self.persons.iter().find(|p| p.role != "owner" && p.role != "witness").map(|p| p.party)
    }
}

/// A diverted firearm that the authorities recover.
struct Recovery {
    kind: EventKind,
    /// Day it left lawful hands.
    diverted: i64,
    /// Earliest day it can be recovered.
    earliest: i64,
    seize_ci: usize,
    origin_ci: usize,
    trafficking: bool,
    /// The registered holder, who appears in the case as owner or seller.
    holder: Option<(RecordId, &'static str)>,
}

#[derive(Default)]
struct Chunk {
    batch: WriteBatch,
    firearms: u64,
    incidents: Vec<IncDraft>,
    /// Open trafficking incident per seizure country (index into `incidents`).
    open: HashMap<usize, usize>,
}

/// The demo world, streamed as write batches.
pub struct DemoWorld {
    cfg: DemoConfig,
    rng: SeededRng,
    today: i64,
    ids: u64,
    countries: Vec<Ctry>,
    by_a3: HashMap<&'static str, usize>,
    makers: Vec<Maker>,
    models: Vec<ModelInfo>,
    cals: Vec<CalInfo>,
    names: Vec<(Vec<&'static str>, Vec<&'static str>, NameOrder)>,
    pick_country: Cum,
    years_all: Cum,
    years_modern: Cum,
    shipments: HashMap<(usize, usize, bool), Shipment>,
    /// Criminal persons by pool (region, or country for countries on their own).
    pools: HashMap<usize, Vec<RecordId>>,
    summary: DemoSummary,
    produced: u64,
    started: bool,
    finished: bool,
    /// Base records prepared by `new`, written in the first batch.
    base: Option<WriteBatch>,
}

/// Licensed holders per country who may still register firearms.
const HOLDER_SLOTS: usize = 6;
const YEAR_FIRST: i32 = 1960;
const YEAR_LAST: i32 = 2025;
const MODERN: i32 = 2000;

impl DemoWorld {
    pub fn new(cfg: &DemoConfig) -> Result<DemoWorld, DemoError> {
        let n = nomenclature();
        let mut rng = SeededRng::new(cfg.seed);
        let mut by_a3 = HashMap::new();
        let mut countries = Vec::with_capacity(COUNTRIES.len());
        for (i, spec) in COUNTRIES.iter().enumerate() {
            let code = CountryCode::from_alpha3(spec.a3)
                .map_err(|_| DemoError::Nomenclature(format!("country {} is not in countries.tsv", spec.a3)))?;
            let name = n.country(spec.a3).map(|c| c.name_en.clone()).unwrap_or_else(|| spec.a3.to_string());
            by_a3.insert(spec.a3, i);
            countries.push(Ctry {
                spec,
                code,
                pol: format!("{}-POL", spec.a3),
                cus: format!("{}-CUS", spec.a3),
                nfp: format!("{}-NFP", spec.a3),
                registry_user: format!("{}.registry", spec.a3.to_ascii_lowercase()),
                name,
                importers: Vec::new(),
                dealers: Vec::new(),
                state: Vec::new(),
                cand_civil: Vec::new(),
                pick_civil: Cum::default(),
                cand_state: Vec::new(),
                pick_state: Cum::default(),
                rate: 0.0,
                kinds: Cum::default(),
                outflow: Vec::new(),
                holders: Vec::new(),
                licence_seq: 0,
                incident_seq: 0,
            });
        }

        // Calibres and models of the nomenclature, by index.
        let mut cals = Vec::with_capacity(n.calibres.len());
        let mut cal_ix = HashMap::new();
        for c in &n.calibres {
            cal_ix.insert(c.id.as_str(), cals.len());
            cals.push(CalInfo {
                id: c.id.clone(),
                name: c.name.clone(),
                written: c.aliases.iter().find(|a| a.chars().count() <= 16).cloned(),
            });
        }
        let mut models = Vec::new();
        let mut makers: Vec<Maker> = Vec::new();
        let mut maker_ix: HashMap<&str, usize> = HashMap::new();
        for m in &n.manufacturers {
            let Some(&ci) = by_a3.get(m.country.as_str()) else {
                continue;
            };
            let lower = m.name.to_lowercase();
            let weight = POPULARITY.iter().find(|(f, _)| lower.contains(f)).map(|(_, w)| *w).unwrap_or(DEFAULT_POPULARITY) as u64;
            let style = SerialStyle::for_maker(&lower, stable_hash(&m.id));
            let start = rng.below(style.capacity() / 8);
            maker_ix.insert(m.id.as_str(), makers.len());
            makers.push(Maker {
                id: m.id.clone(),
                name: m.name.clone(),
                alias: m.aliases.iter().find(|a| a.chars().count() >= 2 && a.chars().count() <= 24).cloned(),
                country: ci,
                // The first of the maker's towns (the table lists several, separated by `|`).
                town: match m.town.split('|').map(str::trim).find(|t| !t.is_empty()) {
                    Some(t) => t.to_string(),
                    None => countries[ci].spec.cities.first().map(|c| c.0).unwrap_or("").to_string(),
                },
                party: RecordId::from_parts(0, 0),
                style,
                next_serial: start,
                civil: Vec::new(),
                state: Vec::new(),
                weight,
            });
        }
        for m in &n.models {
            let Some(&mi) = maker_ix.get(m.manufacturer.as_str()) else {
                continue;
            };
            let calibres: Vec<usize> = m.calibres.iter().filter_map(|c| cal_ix.get(c.as_str()).copied()).collect();
            if calibres.is_empty() {
                continue;
            }
            let t = n.firearm_type(&m.type_code);
            let label = t.map(|t| t.en.clone()).unwrap_or_else(|| m.type_code.clone());
            let code = m.type_code.as_str();
            let military = t.is_some_and(|t| t.class == "light_weapon") || code.contains("machine") || code.contains("assault");
            // State stocks hold service pistols and rifles besides military weapons.
            let service = code.contains("pistol") || code.contains("revolver") || code == "rifle";
            let ix = models.len();
            models.push(ModelInfo { name: m.name.clone(), type_code: m.type_code.clone(), type_label: label, calibres });
            if let Some(mk) = makers.get_mut(mi) {
                if !military {
                    mk.civil.push(ix);
                }
                if military || service {
                    mk.state.push(ix);
                }
            }
        }
        makers.retain(|m| !m.civil.is_empty() || !m.state.is_empty());
        if makers.is_empty() {
            return Err(DemoError::Nomenclature(
                "no manufacturer with models in the demo countries (manufacturers.tsv, models.tsv)".into(),
            ));
        }

        // Diversion rates: scaled so that about one firearm in ten is diverted overall.
        let reg_total: f64 = COUNTRIES.iter().map(|c| c.registry as f64).sum();
        let div_total: f64 = COUNTRIES.iter().map(|c| c.registry as f64 * c.divert as f64).sum();
        let scale = if div_total > 0.0 { 0.105 * reg_total / div_total } else { 0.0 };
        let pick_country = Cum::new(COUNTRIES.iter().map(|c| c.registry as u64));

        for (ci, c) in countries.iter_mut().enumerate() {
            let spec = c.spec;
            // Where makers are picked from: home industry first, usual partners next, others rarely.
            let affinity = |m: &Maker| -> u64 {
                let maker_a3 = COUNTRIES.get(m.country).map(|c| c.a3).unwrap_or("");
                if m.country == ci {
                    if spec.a3 == "USA" {
                        60
                    } else {
                        10
                    }
                } else if spec.partners.contains(&maker_a3) {
                    4
                } else {
                    1
                }
            };
            let (mut cc, mut wc, mut cs, mut ws) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (mi, m) in makers.iter().enumerate() {
                let a = affinity(m);
                if !m.civil.is_empty() {
                    cc.push(mi);
                    wc.push(m.weight * a);
                }
                if !m.state.is_empty() {
                    cs.push(mi);
                    ws.push(m.weight * a);
                }
            }
            c.pick_civil = Cum::new(wc);
            c.cand_civil = cc;
            c.pick_state = Cum::new(ws);
            c.cand_state = cs;
            c.rate = (spec.divert as f64 * scale).min(0.6);
            // Group diversions bring several firearms each: their per-draw weight is divided by the
            // group size so that the share of firearms follows the profile.
            let w = spec.profile.weights();
            c.kinds = Cum::new(w.iter().zip(Diversion::ALL).map(|(&w, d)| match d {
                Diversion::StrawPurchase => (w as u64 * 10) / 5,
                Diversion::Export => (w as u64 * 10) / 10,
                _ => w as u64 * 10,
            }));
        }
        for c in countries.iter_mut() {
            let a3 = c.spec.a3;
            let mut out = Vec::new();
            for p in PATHS {
                if let Some(pos) = p.iter().position(|&c| c == a3) {
                    for c in &p[pos + 1..] {
                        if let Some(&i) = by_a3.get(c) {
                            if !out.contains(&i) {
                                out.push(i);
                            }
                        }
                    }
                }
            }
            c.outflow = out;
        }

        let names = NAMES.iter().map(|(f, s, o)| (f.split(',').collect(), s.split(',').collect(), *o)).collect();
        let years_all = Cum::new((YEAR_FIRST..=YEAR_LAST).map(|y| {
            let k = (y - YEAR_FIRST) as u64;
            300 + k * k
        }));
        let years_modern = Cum::new((MODERN..=YEAR_LAST).map(|y| {
            let k = (y - YEAR_FIRST) as u64;
            300 + k * k
        }));

        let mut world = DemoWorld {
            cfg: cfg.clone(),
            rng,
            today: day_of(2026, 3, 31),
            ids: 0,
            countries,
            by_a3,
            makers,
            models,
            cals,
            names,
            pick_country,
            years_all,
            years_modern,
            shipments: HashMap::new(),
            pools: HashMap::new(),
            summary: DemoSummary { seed: cfg.seed, ..DemoSummary::default() },
            produced: 0,
            started: false,
            finished: false,
            base: None,
        };
        world.summary.countries = world.countries.len();
        let base = world.base_records();
        world.base = Some(base);
        Ok(world)
    }

    /// What was generated so far; complete once the iterator is exhausted.
    pub fn summary(&self) -> &DemoSummary {
        &self.summary
    }

    fn id(&mut self) -> RecordId {
        self.ids += 1;
        RecordId::from_parts(ID_BASE_MS + self.ids, (self.rng.next_u64() as u128) << 64)
    }

    fn stamp(&self, day: i64) -> Timestamp {
        // Office hours, varied without drawing from the generator.
        let secs = 8 * 3600 + (self.ids % 36_000) as i64;
        Timestamp::from_unix_millis((day * 86_400 + secs) * 1000)
    }

    fn meta(&mut self, id: RecordId, ci: usize, agency: &str, handling: HandlingCode, day: i64) -> RecordMeta {
        let at = self.stamp(day);
        let by = format!("{}.{}", agency.to_ascii_lowercase(), "officer");
        RecordMeta {
            id,
            agency: agency.to_string(),
            country: self.countries[ci].code,
            handling,
            created_at: at,
            created_by: by.clone(),
            updated_at: at,
            updated_by: by,
        }
    }

    fn city(&self, ci: usize, city: usize) -> &'static City {
        let cities = self.countries[ci].spec.cities;
        &cities[city % cities.len().max(1)]
    }

    fn random_city(&mut self, ci: usize) -> usize {
        // The first city (the capital or largest city) is the most frequent.
        let n = self.countries[ci].spec.cities.len().max(1) as u64;
        let u = self.rng.unit();
        ((u * u * n as f64) as u64).min(n - 1) as usize
    }

    fn person_name(&mut self, ci: usize) -> String {
        let g = self.countries[ci].spec.names;
        let Some((first, last, order)) = self.names.get(g) else {
            return String::from("N.N.");
        };
        let f = first.get(self.rng.below(first.len() as u64) as usize).copied().unwrap_or("");
        let s = last.get(self.rng.below(last.len() as u64) as usize).copied().unwrap_or("");
        match order {
            NameOrder::Western => format!("{f} {s}"),
            NameOrder::SurnameFirst => format!("{s} {f}"),
            NameOrder::TwoSurnames => {
                let s2 = last.get(self.rng.below(last.len() as u64) as usize).copied().unwrap_or("");
                format!("{f} {s} {s2}")
            }
        }
    }

    fn company_name(&mut self, ci: usize, kind: &str) -> String {
        let spec = self.countries[ci].spec;
        let surname = {
            let n = self.person_name(ci);
            match self.names.get(spec.names).map(|x| x.2) {
                Some(NameOrder::SurnameFirst) => n.split(' ').next().unwrap_or("").to_string(),
                _ => n.rsplit(' ').next().unwrap_or("").to_string(),
            }
        };
        let pick = self.rng.below(8) as usize;
        let city = self.city(ci, pick).0;
        let firm = spec.firm;
        let v = self.rng.below(3);
        match (spec.lang, kind, v) {
            (Lang::En, "import", 0) => format!("{surname} International Arms {firm}"),
            (Lang::En, "import", _) => format!("{city} Defense Supply {firm}"),
            (Lang::En, _, 0) => format!("{surname} Firearms {firm}"),
            (Lang::En, _, 1) => format!("{city} Gun Shop {firm}"),
            (Lang::En, _, _) => format!("{surname} Sporting Arms {firm}"),
            (Lang::Es, "import", _) => format!("Importadora {surname} {firm}"),
            (Lang::Es, _, 0) => format!("Armería {surname} {firm}"),
            (Lang::Es, _, _) => format!("Armas y Deportes {city} {firm}"),
            (Lang::Pt, "import", _) => format!("Importadora {surname} {firm}"),
            (Lang::Pt, _, _) => format!("Armaria {surname} {firm}"),
            (Lang::It, "import", _) => format!("{surname} Import Armi {firm}"),
            (Lang::It, _, _) => format!("Armeria {surname} {firm}"),
            (Lang::De, "import", _) => format!("{surname} Waffenhandel {firm}"),
            (Lang::De, _, 0) => format!("Waffen {surname} {firm}"),
            (Lang::De, _, _) => format!("Jagd- und Sportwaffen {surname} {firm}"),
            (Lang::Fr, "import", _) => format!("{surname} Import Armes {firm}"),
            (Lang::Fr, _, _) => format!("Armurerie {surname} {firm}"),
            (Lang::Sl, "import", _) => format!("{surname} Trade {firm}"),
            (Lang::Sl, _, 0) => format!("Oružje {surname} {firm}"),
            (Lang::Sl, _, _) => format!("Lovac {city} {firm}"),
            (Lang::Nl, "import", _) => format!("{surname} Wapenhandel {firm}"),
            (Lang::Nl, _, _) => format!("Wapenhandel {surname} {firm}"),
            (Lang::Other, "import", _) => format!("{surname} Arms Trading {firm}"),
            (Lang::Other, _, _) => format!("{surname} Arms {firm}"),
        }
    }

    fn address(&mut self, ci: usize, city: usize) -> Address {
        let (name, area, _, _) = *self.city(ci, city);
        let street = format!(
            "{} {}",
            pick_str(&mut self.rng, &["Main Street", "Industrial Zone", "Market Square", "Station Road", "Harbour Road", "Avenue 3"]),
            1 + self.rng.below(180)
        );
        Address {
            street,
            city: name.to_string(),
            region: area.to_string(),
            postal_code: format!("{:05}", 10_000 + self.rng.below(89_999)),
            country: Some(self.countries[ci].code),
        }
    }

    /// An organisation of the registry (dealer, importer, state entity, manufacturer).
    fn organisation(
        &mut self,
        out: &mut WriteBatch,
        ci: usize,
        name: String,
        roles: Vec<PartyRole>,
        manufacturer_id: Option<String>,
        handling: HandlingCode,
    ) -> Org {
        let id = self.id();
        let city = self.random_city(ci);
        let addr = self.address(ci, city);
        let a3 = self.countries[ci].spec.a3;
        let reg = format!("{a3}-CR-{:08}", self.rng.below(100_000_000));
        let nfp = self.countries[ci].nfp.clone();
        let meta = self.meta(id, ci, &nfp, handling, day_of(2005, 1, 3));
        let identifiers = vec![Identifier { kind: "company_registration".into(), value: reg, issuer: Some(self.countries[ci].code) }];
        out.parties.push(Party {
            meta,
            kind: PartyKind::Organisation,
            name: name.clone(),
            roles,
            identifiers,
            addresses: vec![addr],
            nationality: None,
            birth_date: None,
            manufacturer_id,
        });
        self.summary.organisations += 1;
        Org { id, name, city }
    }

    /// A manufacturer or dealer with its licence (valid until revoked), whose number it carries.
    fn licensed_org(
        &mut self,
        out: &mut WriteBatch,
        ci: usize,
        name: String,
        roles: Vec<PartyRole>,
        manufacturer_id: Option<String>,
    ) -> Org {
        let kind = if roles.contains(&PartyRole::Manufacturer) { LicenceKind::Manufacturing } else { LicenceKind::Dealing };
        let org = self.organisation(out, ci, name, roles, manufacturer_id, HandlingCode::Green);
        let day = day_of(1990 + self.rng.below(15) as i32, 1 + self.rng.below(12) as u32, 1 + self.rng.below(28) as u32);
        let mut l = LicenceSpec::new(kind, ci, day, HandlingCode::Green);
        l.holder = Some(org.id);
        l.valid_days = 0;
        let (_, number) = self.licence(out, l);
        if let Some(p) = out.parties.iter_mut().rev().find(|p| p.meta.id == org.id) {
            p.identifiers.push(Identifier { kind: "licence".into(), value: number, issuer: Some(self.countries[ci].code) });
        }
        org
    }

    /// Agencies, manufacturers, importers, dealers and state entities, with dealing and manufacturing
    /// licences.
    fn base_records(&mut self) -> WriteBatch {
        let mut out = WriteBatch::default();
        for c in &self.countries {
            let name = &c.name;
            out.agencies.push(Agency { code: c.pol.clone(), name: format!("{name} National Police"), country: c.spec.a3.to_string() });
            out.agencies.push(Agency {
                code: c.cus.clone(),
                name: format!("{name} Customs Administration"),
                country: c.spec.a3.to_string(),
            });
            out.agencies.push(Agency {
                code: c.nfp.clone(),
                name: format!("{name} National Firearms Focal Point"),
                country: c.spec.a3.to_string(),
            });
        }
        self.summary.agencies = out.agencies.len();

        for mi in 0..self.makers.len() {
            let (ci, name, id) = {
                let m = &self.makers[mi];
                (m.country, m.name.clone(), m.id.clone())
            };
            let org = self.licensed_org(&mut out, ci, name, vec![PartyRole::Manufacturer, PartyRole::Exporter], Some(id));
            self.makers[mi].party = org.id;
            // Makers are registered at their works.
            let town = self.makers[mi].town.clone();
            if let Some(a) = out.parties.last_mut().and_then(|p| p.addresses.first_mut()) {
                a.city = town;
                a.region = String::new();
            }
        }

        let total = self.pick_country.total().max(1);
        for ci in 0..self.countries.len() {
            let share = self.countries[ci].spec.registry as u64 * self.cfg.firearms / total;
            let n_imp = 2 + (share / 100_000).min(3) as usize;
            let n_dealers = (3 + share / 4_000).min(60) as usize;
            for _ in 0..n_imp {
                let name = self.company_name(ci, "import");
                let org = self.licensed_org(&mut out, ci, name, vec![PartyRole::Importer, PartyRole::Dealer], None);
                self.countries[ci].importers.push(org);
            }
            for _ in 0..n_dealers {
                let name = self.company_name(ci, "dealer");
                let org = self.licensed_org(&mut out, ci, name, vec![PartyRole::Dealer], None);
                self.countries[ci].dealers.push(org);
            }
            let cname = self.countries[ci].name.clone();
            let police = self.organisation(
                &mut out,
                ci,
                format!("{cname} Ministry of the Interior – Police"),
                vec![PartyRole::StateEntity],
                None,
                HandlingCode::Amber,
            );
            let army = self.organisation(
                &mut out,
                ci,
                format!("{cname} Ministry of Defence – Armed Forces"),
                vec![PartyRole::StateEntity],
                None,
                HandlingCode::Amber,
            );
            self.countries[ci].state = vec![police, army];
        }
        out
    }

    fn licence(&mut self, out: &mut WriteBatch, s: LicenceSpec) -> (RecordId, String) {
        let id = self.id();
        let c = &mut self.countries[s.ci];
        c.licence_seq += 1;
        let a3 = c.spec.a3;
        let year = year_of(s.issued);
        let (tag, authority) = match s.kind {
            LicenceKind::Export => ("EXP", "Ministry of Economy – Export Control"),
            LicenceKind::Import => ("IMP", "Ministry of the Interior – Weapons Licensing"),
            LicenceKind::Transit => ("TRN", "Ministry of the Interior – Weapons Licensing"),
            LicenceKind::Possession => ("POS", "Police Weapons Licensing Office"),
            LicenceKind::Dealing => ("DLR", "Ministry of the Interior – Weapons Licensing"),
            LicenceKind::Manufacturing => ("MFG", "Ministry of Economy – Defence Industry"),
            LicenceKind::Brokering => ("BRK", "Ministry of Economy – Export Control"),
        };
        let number = format!("{a3}-{tag}-{year}-{:06}", c.licence_seq);
        let issuing_country = c.code;
        let nfp = c.nfp.clone();
        let meta = self.meta(id, s.ci, &nfp, s.handling, s.issued);
        out.licences.push(Licence {
            meta,
            kind: s.kind,
            number: number.clone(),
            issuing_authority: authority.to_string(),
            issuing_country,
            issued: pdate(s.issued),
            expires: if s.valid_days > 0 { pdate(s.issued + s.valid_days) } else { None },
            holder: s.holder,
            exporting_country: s.exporting.map(|i| self.countries[i].code),
            importing_country: s.importing.map(|i| self.countries[i].code),
            transit_countries: s.transit.iter().map(|&i| self.countries[i].code).collect(),
            final_recipient: s.final_recipient,
            lines: s.lines,
            temporary: false,
        });
        self.summary.licences += 1;
        (id, number)
    }
}

struct LicenceSpec {
    kind: LicenceKind,
    ci: usize,
    holder: Option<RecordId>,
    issued: i64,
    valid_days: i64,
    handling: HandlingCode,
    exporting: Option<usize>,
    importing: Option<usize>,
    transit: Vec<usize>,
    final_recipient: String,
    lines: Vec<LicenceLine>,
}

impl LicenceSpec {
    fn new(kind: LicenceKind, ci: usize, issued: i64, handling: HandlingCode) -> LicenceSpec {
        LicenceSpec {
            kind,
            ci,
            holder: None,
            issued,
            valid_days: 365,
            handling,
            exporting: None,
            importing: None,
            transit: Vec::new(),
            final_recipient: String::new(),
            lines: Vec::new(),
        }
    }
}

impl Ev {
    fn new(kind: EventKind, day: i64, country: CountryCode, place: &str) -> Ev {
        Ev {
            kind,
            day,
            year_only: false,
            country: Some(country),
            place: place.to_string(),
            parties: Vec::new(),
            licence: None,
            incident: None,
            note: String::new(),
        }
    }
    fn party(mut self, party: RecordId, role: EventRole) -> Ev {
        self.parties.push(EventParty { party, role });
        self
    }
    fn licence(mut self, l: Option<RecordId>) -> Ev {
        self.licence = l;
        self
    }
}

/// What the point of diversion was, for the ground truth.
struct Point {
    kind: Diversion,
    event: RecordId,
    detail: String,
}

impl DemoWorld {
    // ------------------------------------------------------------------ batches

    fn next_chunk(&mut self) -> WriteBatch {
        let target = CHUNK.min(self.cfg.firearms.saturating_sub(self.produced));
        let mut ch = Chunk::default();
        ch.batch.items.reserve(target as usize);
        ch.batch.events.reserve(target as usize * 4);
        while ch.firearms < target {
            let room = target - ch.firearms;
            self.unit(&mut ch, room);
        }
        self.produced += ch.firearms;
        self.close_incidents(&mut ch);
        ch.batch
    }

    fn count(&mut self, b: &WriteBatch) {
        self.summary.batches += 1;
        self.summary.events += b.events.len() as u64;
        self.summary.incidents += b.incidents.len() as u64;
        self.summary.exhibits += b.exhibits.len() as u64;
        self.summary.hits += b.hits.len() as u64;
        self.summary.ground_truth += b.ground_truth.len() as u64;
    }

    /// One firearm, or a group of firearms diverted together.
    fn unit(&mut self, ch: &mut Chunk, room: u64) {
        let ci = self.pick_country.pick(&mut self.rng);
        if self.rng.chance(self.countries[ci].rate) {
            let k = Diversion::ALL[self.countries[ci].kinds.pick(&mut self.rng) % 6];
            match k {
                Diversion::StrawPurchase if room >= 2 => return self.straw_group(ch, ci, room),
                Diversion::Export if room >= 2 => {
                    if self.export_group(ch, ci, room) {
                        return;
                    }
                }
                Diversion::StrawPurchase | Diversion::Export => {}
                Diversion::StateStockLeakage => return self.single(ch, ci, Class::State, Some(k)),
                _ => return self.single(ch, ci, Class::Civil, Some(k)),
            }
        }
        let class = if self.rng.below(100) < self.countries[ci].spec.civil as u64 { Class::Civil } else { Class::State };
        self.single(ch, ci, class, None);
    }

    fn single(&mut self, ch: &mut Chunk, ci: usize, class: Class, div: Option<Diversion>) {
        let mut d = self.chain(ch, ci, class, false);
        let registered = d.ready
            && match class {
                Class::Civil => self.register_civil(ch, &mut d),
                Class::State => self.register_state(&mut d),
            };
        let diverted = match div {
            Some(k) if registered => self.divert(ch, &mut d, k),
            _ => false,
        };
        if registered && !diverted {
            self.legal_end(ch, &mut d, class);
        }
        self.finish(ch, d);
    }

    // ------------------------------------------------------------------ lines of supply

    fn pick_model(&mut self, mi: usize, class: Class) -> (usize, usize) {
        let m = &self.makers[mi];
        let list = match class {
            Class::Civil if !m.civil.is_empty() => &m.civil,
            Class::State if !m.state.is_empty() => &m.state,
            _ if !m.civil.is_empty() => &m.civil,
            _ => &m.state,
        };
        // The first models of a maker in the table are its best known: drawn more often.
        let u = self.rng.unit();
        let model = list.get(((u * u * list.len() as f64) as usize).min(list.len().saturating_sub(1))).copied().unwrap_or(0);
        let cals = &self.models[model].calibres;
        let cal = if cals.len() > 1 && self.rng.chance(0.4) {
            cals[self.rng.below(cals.len() as u64) as usize]
        } else {
            cals.first().copied().unwrap_or(0)
        };
        (model, cal)
    }

    fn pick_maker(&mut self, ci: usize, class: Class) -> usize {
        let c = &self.countries[ci];
        let (cands, cum) = match class {
            Class::State if c.pick_state.total() > 0 => (&c.cand_state, &c.pick_state),
            _ if c.pick_civil.total() > 0 => (&c.cand_civil, &c.pick_civil),
            _ => (&c.cand_state, &c.pick_state),
        };
        let i = cum.pick(&mut self.rng);
        cands.get(i).copied().unwrap_or(0)
    }

    fn serial(&mut self, mi: usize, year: i32) -> String {
        let m = &mut self.makers[mi];
        let n = m.next_serial;
        m.next_serial += 1 + self.rng.below(3);
        m.style.format(n, year)
    }

    fn draft(&mut self, ci: usize, mi: usize, model: usize, cal: usize, year: i32) -> Draft {
        let serial = self.serial(mi, year);
        Draft {
            id: self.id(),
            ci,
            maker: mi,
            model,
            cal,
            year,
            serial,
            events: Vec::with_capacity(6),
            day: 0,
            created_day: 0,
            ready: false,
            legacy: false,
            possessor: None,
            import_mark: None,
            state_mark: None,
            handling: HandlingCode::Green,
            description: String::new(),
            reg: None,
        }
    }

    fn random_day_in(&mut self, year: i32) -> i64 {
        let start = day_of(year, 1, 1);
        let end = day_of(year + 1, 1, 1);
        (start + self.rng.below((end - start) as u64) as i64).min(self.today - 10)
    }

    fn state_org(&mut self, ci: usize, model: usize) -> Org {
        let military = self.models[model].type_code.contains("rifle") || self.models[model].type_code.contains("machine");
        let st = &self.countries[ci].state;
        let i = if military || self.rng.chance(0.25) { 1 } else { 0 };
        st.get(i).or_else(|| st.first()).cloned().unwrap_or(Org { id: RecordId::from_parts(0, 0), name: String::new(), city: 0 })
    }

    fn dealer(&mut self, ci: usize) -> Org {
        let ds = &self.countries[ci].dealers;
        let u = self.rng.unit();
        let i = ((u * u * ds.len() as f64) as usize).min(ds.len().saturating_sub(1));
        ds.get(i).cloned().unwrap_or(Org { id: RecordId::from_parts(0, 0), name: String::new(), city: 0 })
    }

    /// The legal line of supply up to a dealer or a state entity (or an old registry entry).
    fn chain(&mut self, ch: &mut Chunk, ci: usize, class: Class, modern_only: bool) -> Draft {
        let year = if modern_only {
            MODERN + self.years_modern.pick(&mut self.rng) as i32
        } else {
            YEAR_FIRST + self.years_all.pick(&mut self.rng) as i32
        };
        let mi = self.pick_maker(ci, class);
        let mci = self.makers[mi].country;
        let mcode = self.countries[mci].code;
        let maker_party = self.makers[mi].party;
        let town = self.makers[mi].town.clone();
        let code = self.countries[ci].code;
        let today = self.today;

        if year < MODERN {
            // An old firearm: the registry knows the year of manufacture and its registration.
            let (model, cal) = self.pick_model(mi, class);
            let mut d = self.draft(ci, mi, model, cal, year);
            d.legacy = true;
            let mut e = Ev::new(EventKind::Manufactured, day_of(year, 1, 1), mcode, &town);
            e.year_only = true;
            self.push(&mut d, e);
            let from = day_of(year.max(1994) + 1, 1, 1);
            let to = day_of(2012, 12, 31).max(from + 30);
            d.day = (from + self.rng.below((to - from) as u64) as i64).min(today - 30);
            d.created_day = d.day;
            d.ready = true;
            if mci != ci {
                d.import_mark = Some((ci, 0));
            }
            if class == Class::State {
                d.possessor = Some(self.state_org(ci, model));
            }
            return d;
        }

        if mci == ci {
            let (model, cal) = self.pick_model(mi, class);
            let mut d = self.draft(ci, mi, model, cal, year);
            let mday = self.random_day_in(year);
            d.created_day = mday;
            let e = Ev::new(EventKind::Manufactured, mday, mcode, &town);
            self.push(&mut d, e);
            let (to, tday) = match class {
                Class::Civil => (self.dealer(ci), mday + 20 + self.rng.below(280) as i64),
                Class::State => (self.state_org(ci, model), mday + 30 + self.rng.below(170) as i64),
            };
            if tday > today {
                return d;
            }
            let place = self.city(ci, to.city).0;
            let e = Ev::new(EventKind::Transferred, tday, code, place).party(maker_party, EventRole::From).party(to.id, EventRole::To);
            self.push(&mut d, e);
            d.possessor = Some(to);
            d.ready = true;
            return d;
        }

        // Imported in a shipment under an export and an import licence.
        let (model, cal, s) = self.shipment_line(ch, mi, ci, class);
        let mut d = self.draft(ci, mi, model, cal, year);
        let span = 15 + self.rng.below(525) as i64;
        let mday = s.export_day - span;
        d.year = year_of(mday);
        d.serial = self.serial(mi, d.year);
        d.created_day = s.import_day;
        let e = Ev::new(EventKind::Manufactured, mday, mcode, &town);
        self.push(&mut d, e);
        if s.export_day > today {
            return d;
        }
        let e = Ev::new(EventKind::Exported, s.export_day, mcode, &town)
            .party(s.exporter, EventRole::From)
            .party(s.importer.id, EventRole::To)
            .licence(Some(s.export_licence));
        self.push(&mut d, e);
        if s.import_day > today {
            return d;
        }
        let port = self.city(ci, 0).0;
        let e = Ev::new(EventKind::Imported, s.import_day, code, port)
            .party(s.exporter, EventRole::From)
            .party(s.importer.id, EventRole::To)
            .licence(Some(s.import_licence));
        self.push(&mut d, e);
        d.import_mark = Some((ci, year_of(s.import_day)));
        match class {
            // State entities import for themselves; most importers are also retailers.
            Class::State => {
                d.possessor = Some(s.importer);
                d.ready = true;
            }
            Class::Civil if self.rng.chance(0.6) => {
                d.possessor = Some(s.importer);
                d.ready = true;
            }
            Class::Civil => {
                let tday = s.import_day + 10 + self.rng.below(140) as i64;
                if tday <= today {
                    let dealer = self.dealer(ci);
                    let place = self.city(ci, dealer.city).0;
                    let e = Ev::new(EventKind::Transferred, tday, code, place)
                        .party(s.importer.id, EventRole::From)
                        .party(dealer.id, EventRole::To);
                    self.push(&mut d, e);
                    d.possessor = Some(dealer);
                    d.ready = true;
                }
            }
        }
        d
    }

    /// Takes a firearm from the open shipment of a maker to a country, opening one (with its export
    /// and import licences) when there is none.
    fn shipment_line(&mut self, ch: &mut Chunk, mi: usize, ci: usize, class: Class) -> (usize, usize, ShipmentView) {
        let key = (mi, ci, class == Class::State);
        if !self.shipments.contains_key(&key) {
            let s = self.open_shipment(ch, mi, ci, class);
            self.shipments.insert(key, s);
        }
        let Some(s) = self.shipments.get_mut(&key) else {
            return (
                0,
                0,
                ShipmentView {
                    exporter: self.makers[mi].party,
                    importer: Org::default(),
                    export_licence: self.makers[mi].party,
                    import_licence: self.makers[mi].party,
                    export_day: self.today,
                    import_day: self.today,
                },
            );
        };
        let remaining: u64 = s.lines.iter().map(|l| l.2 as u64).sum();
        let mut x = self.rng.below(remaining.max(1));
        let mut pick = 0;
        for (i, l) in s.lines.iter().enumerate() {
            if x < l.2 as u64 {
                pick = i;
                break;
            }
            x -= l.2 as u64;
        }
        let (model, cal) = match s.lines.get_mut(pick) {
            Some(l) => {
                l.2 = l.2.saturating_sub(1);
                (l.0, l.1)
            }
            None => (0, 0),
        };
        let view = ShipmentView {
            exporter: s.exporter,
            importer: s.importer.clone(),
            export_licence: s.export_licence,
            import_licence: s.import_licence,
            export_day: s.export_day,
            import_day: s.import_day,
        };
        if s.lines.iter().all(|l| l.2 == 0) {
            self.shipments.remove(&key);
        }
        (model, cal, view)
    }

    fn open_shipment(&mut self, ch: &mut Chunk, mi: usize, ci: usize, class: Class) -> Shipment {
        let year = MODERN + self.years_modern.pick(&mut self.rng) as i32;
        let export_day = self.random_day_in(year).min(self.today - 5);
        let import_day = export_day + 5 + self.rng.below(40) as i64;
        let n_lines = 1 + self.rng.below(3) as usize;
        let mut lines = Vec::with_capacity(n_lines);
        let mut licence_lines = Vec::with_capacity(n_lines);
        let maker_name = self.makers[mi].name.clone();
        for _ in 0..n_lines {
            let (model, cal) = self.pick_model(mi, class);
            if lines.iter().any(|l: &(usize, usize, u32)| l.0 == model && l.1 == cal) {
                continue;
            }
            let qty = match class {
                Class::Civil => 10 + self.rng.below(140),
                Class::State => 50 + self.rng.below(450),
            } as u32;
            let m = &self.models[model];
            let c = &self.cals[cal];
            licence_lines.push(LicenceLine {
                description: format!("{}, {} {}, {}", m.type_label, maker_name, m.name, c.name),
                firearm_type: Some(m.type_code.clone()),
                calibre: Some(c.id.clone()),
                quantity: qty as u64,
            });
            lines.push((model, cal, qty));
        }
        let importer = match class {
            Class::State => {
                let model = lines.first().map(|l| l.0).unwrap_or(0);
                self.state_org(ci, model)
            }
            Class::Civil => {
                let imps = &self.countries[ci].importers;
                let i = self.rng.below(imps.len() as u64) as usize;
                imps.get(i).cloned().unwrap_or(Org { id: RecordId::from_parts(0, 0), name: String::new(), city: 0 })
            }
        };
        let mci = self.makers[mi].country;
        let handling = match class {
            Class::Civil => HandlingCode::Green,
            Class::State => HandlingCode::Amber,
        };
        let transit = self.transit(mci, ci);
        let mut imp = LicenceSpec::new(LicenceKind::Import, ci, export_day - 30 - self.rng.below(90) as i64, handling);
        imp.holder = Some(importer.id);
        imp.exporting = Some(mci);
        imp.importing = Some(ci);
        imp.transit = transit.clone();
        imp.final_recipient = importer.name.clone();
        imp.lines = licence_lines.clone();
        let (import_licence, _) = self.licence(&mut ch.batch, imp);
        let mut exp = LicenceSpec::new(LicenceKind::Export, mci, export_day - 10 - self.rng.below(40) as i64, handling);
        exp.holder = Some(self.makers[mi].party);
        exp.exporting = Some(mci);
        exp.importing = Some(ci);
        exp.transit = transit;
        exp.final_recipient = importer.name.clone();
        exp.lines = licence_lines;
        let (export_licence, _) = self.licence(&mut ch.batch, exp);
        Shipment { exporter: self.makers[mi].party, importer, export_licence, import_licence, export_day, import_day, lines }
    }

    /// Countries between `from` and `to` on a known route.
    fn transit(&self, from: usize, to: usize) -> Vec<usize> {
        let (a, b) = (self.countries[from].spec.a3, self.countries[to].spec.a3);
        for p in PATHS {
            let (Some(i), Some(j)) = (p.iter().position(|&c| c == a), p.iter().position(|&c| c == b)) else {
                continue;
            };
            if i < j {
                return p[i + 1..j].iter().filter_map(|c| self.by_a3.get(c).copied()).collect();
            }
        }
        Vec::new()
    }

    /// Where a route through `via` from `from` leads further (the intended destination when a
    /// consignment is intercepted in transit).
    fn beyond(&mut self, from: usize, via: usize) -> Option<usize> {
        let (a, b) = (self.countries[from].spec.a3, self.countries[via].spec.a3);
        let mut options = Vec::new();
        for p in PATHS {
            let (Some(i), Some(j)) = (p.iter().position(|&c| c == a), p.iter().position(|&c| c == b)) else {
                continue;
            };
            if i < j && j + 1 < p.len() {
                options.extend(p[j + 1..].iter().filter_map(|c| self.by_a3.get(c).copied()));
            }
        }
        if options.is_empty() {
            None
        } else {
            options.get(self.rng.below(options.len() as u64) as usize).copied()
        }
    }

    // ------------------------------------------------------------------ holders and registration

    fn new_holder(&mut self, ch: &mut Chunk, ci: usize, day: i64) -> HolderSlot {
        let id = self.id();
        let city = self.random_city(ci);
        let name = self.person_name(ci);
        let addr = self.address(ci, city);
        let code = self.countries[ci].code;
        let issued = (day - 10 - self.rng.below(120) as i64).max(day_of(1990, 1, 1));
        let birth = (year_of(issued) - 20 - self.rng.below(45) as i32).max(1920);
        let nfp = self.countries[ci].nfp.clone();
        let meta = self.meta(id, ci, &nfp, HandlingCode::Amber, issued);
        ch.batch.parties.push(Party {
            meta,
            kind: PartyKind::Person,
            name,
            roles: vec![PartyRole::LicensedHolder],
            // Personal data minimised: the possession licence identifies the holder.
            identifiers: Vec::new(),
            addresses: vec![addr],
            nationality: Some(code),
            birth_date: PartialDate::year(birth).ok(),
            manufacturer_id: None,
        });
        self.summary.persons += 1;
        self.summary.holders += 1;
        // The United States have no possession licence: the dealer records the sale.
        let licence = if self.countries[ci].spec.a3 == "USA" {
            None
        } else {
            let mut l = LicenceSpec::new(LicenceKind::Possession, ci, issued, HandlingCode::Amber);
            l.holder = Some(id);
            l.valid_days = 3650;
            Some(self.licence(&mut ch.batch, l).0)
        };
        // Firearms per holder: one for a quarter, four on average, collections of up to fifteen.
        let left = match self.rng.below(100) {
            0..=24 => 0,
            25..=44 => 1,
            45..=59 => 2,
            60..=84 => 3 + self.rng.below(3) as u32,
            _ => 6 + self.rng.below(9) as u32,
        };
        HolderSlot { party: id, licence, city, from: issued, until: issued + 3650, left }
    }

    /// A licensed holder for a registration on or after `natural`: the current holder of the country
    /// while their licence allows, else a new one. Returns holder, licence, city and the day.
    fn holder_for(&mut self, ch: &mut Chunk, ci: usize, natural: i64) -> (RecordId, Option<RecordId>, usize, i64) {
        let today = self.today;
        let fits = |h: &HolderSlot| h.left > 0 && natural <= h.until && h.from + 60 <= today;
        if let Some(i) = self.countries[ci].holders.iter().position(fits) {
            let lag = self.rng.below(60) as i64;
            if let Some(h) = self.countries[ci].holders.get_mut(i) {
                h.left -= 1;
                let day = natural.max(h.from + lag).min(today);
                return (h.party, h.licence, h.city, day);
            }
        }
        let h = self.new_holder(ch, ci, natural);
        let out = (h.party, h.licence, h.city, natural);
        let slots = &mut self.countries[ci].holders;
        if slots.len() < HOLDER_SLOTS {
            slots.push(h);
        } else {
            let i = slots.iter().position(|h| h.left == 0 || natural > h.until).unwrap_or(0);
            slots[i] = h;
        }
        out
    }

    fn register_civil(&mut self, ch: &mut Chunk, d: &mut Draft) -> bool {
        let natural = if d.legacy { d.day } else { d.day + 7 + skewed(&mut self.rng, 150) };
        if natural > self.today || (!d.legacy && self.rng.chance(0.03)) {
            // Still in the dealer's stock.
            return false;
        }
        let (holder, licence, city, day) = self.holder_for(ch, d.ci, natural);
        let ci = d.ci;
        let place = self.city(ci, city).0;
        let mut e = Ev::new(EventKind::Registered, day, self.countries[ci].code, place).party(holder, EventRole::Holder).licence(licence);
        if let Some(p) = d.possessor.take() {
            e = e.party(p.id, EventRole::From);
        }
        let ev = self.push(d, e);
        d.reg = Some((ev, day, holder, city));
        true
    }

    fn register_state(&mut self, d: &mut Draft) -> bool {
        let day = if d.legacy { d.day } else { d.day + 1 + self.rng.below(60) as i64 };
        if day > self.today {
            return false;
        }
        let org = match d.possessor.take() {
            Some(o) => o,
            None => self.state_org(d.ci, d.model),
        };
        let ci = d.ci;
        let place = self.city(ci, org.city).0;
        let e = Ev::new(EventKind::Registered, day, self.countries[ci].code, place).party(org.id, EventRole::Holder);
        let ev = self.push(d, e);
        d.reg = Some((ev, day, org.id, org.city));
        d.handling = HandlingCode::Amber;
        d.state_mark = Some(format!("{} {}", self.countries[ci].spec.a3, if org.name.contains("Defence") { "ARMY" } else { "POLICE" }));
        true
    }

    /// Lawful ends of a registered firearm: resold with a record, deactivated, surrendered, destroyed.
    fn legal_end(&mut self, ch: &mut Chunk, d: &mut Draft, class: Class) {
        let Some((_, reg_day, holder, city)) = d.reg else {
            return;
        };
        let ci = d.ci;
        let code = self.countries[ci].code;
        let u = self.rng.unit();
        let today = self.today;
        match class {
            Class::State => {
                if d.year < 1995 && u < 0.10 {
                    let day = reg_day + 365 + skewed(&mut self.rng, 3000);
                    if day <= today {
                        let place = self.city(ci, 0).0;
                        let mut e = Ev::new(EventKind::Destroyed, day, code, place).party(holder, EventRole::From);
                        e.note = "surplus destruction of state stocks, witnessed by the focal point".into();
                        self.push(d, e);
                    }
                }
            }
            Class::Civil => {
                if u < 0.004 {
                    let day = reg_day + 365 + skewed(&mut self.rng, 2000);
                    if day <= today {
                        let place = self.city(ci, city).0;
                        let mut e = Ev::new(EventKind::Deactivated, day, code, place).party(holder, EventRole::Holder);
                        e.note = pick_str(&mut self.rng, DEACTIVATION_NOTES).to_string();
                        self.push(d, e);
                    }
                } else if u < 0.0055 {
                    let day = reg_day + 365 + skewed(&mut self.rng, 3000);
                    if day <= today {
                        let ix = self.new_incident(
                            ch,
                            IncSpec { kind: IncidentKind::Surrender, ci, origin: ci, day, trafficking: false, via: None },
                        );
                        let inc = &mut ch.incidents[ix];
                        inc.persons.push(IncidentParty { party: holder, role: "owner".into() });
                        inc.items.push(d.id);
                        let (iid, place) = (inc.id, inc.city);
                        let mut e = Ev::new(EventKind::Surrendered, day, code, self.city(ci, place).0).party(holder, EventRole::From);
                        e.incident = Some(iid);
                        e.note = "voluntary surrender by the licensed holder".into();
                        self.push(d, e);
                    }
                } else if u < 0.045 {
                    let natural = reg_day + 180 + skewed(&mut self.rng, 2000);
                    if natural <= today {
                        let (h2, lic, city2, day) = self.holder_for(ch, ci, natural);
                        if h2 != holder {
                            let place = self.city(ci, city2).0;
                            let e =
                                Ev::new(EventKind::Transferred, day, code, place).party(holder, EventRole::From).party(h2, EventRole::To);
                            self.push(d, e);
                            let e = Ev::new(EventKind::Registered, day, code, place).party(h2, EventRole::Holder).licence(lic);
                            let ev = self.push(d, e);
                            d.reg = Some((ev, day, h2, city2));
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ diversion

    fn seizure_country(&mut self, ci: usize, p_home: f64) -> usize {
        let out = &self.countries[ci].outflow;
        if out.is_empty() || self.rng.chance(p_home) {
            ci
        } else {
            out[self.rng.below(out.len() as u64) as usize]
        }
    }

    /// Diverts a registered firearm (theft, loss, unrecorded transfer, state-stock leakage).
    fn divert(&mut self, ch: &mut Chunk, d: &mut Draft, kind: Diversion) -> bool {
        let Some((reg_ev, reg_day, holder, city)) = d.reg else {
            return false;
        };
        let ci = d.ci;
        let code = self.countries[ci].code;
        let a3 = self.countries[ci].spec.a3;
        let today = self.today;
        let place = self.city(ci, city).0;
        let (point, recovery) = match kind {
            Diversion::Theft | Diversion::Loss => {
                let day = reg_day + 30 + skewed(&mut self.rng, 1500);
                if day > today - 5 {
                    return false;
                }
                let (ek, note, verb) = if kind == Diversion::Theft {
                    (EventKind::ReportedStolen, pick_str(&mut self.rng, THEFT_NOTES), "reported stolen")
                } else {
                    (EventKind::ReportedLost, pick_str(&mut self.rng, LOSS_NOTES), "reported lost")
                };
                let mut e = Ev::new(ek, day, code, place).party(holder, EventRole::Holder);
                e.note = note.to_string();
                let ev = self.push(d, e);
                let detail = format!(
                    "{} by the registered holder (party {holder}) in {a3} on {}: {note}",
                    verb,
                    pdate(day).map(|x| x.to_string()).unwrap_or_default()
                );
                let recovered = if kind == Diversion::Theft { 0.55 } else { 0.35 };
                let rec = if self.rng.chance(recovered) {
                    let found = kind == Diversion::Loss && self.rng.chance(0.6);
                    let seize_ci = self.seizure_country(ci, if found { 1.0 } else { 0.7 });
                    Some(Recovery {
                        kind: if found { EventKind::Found } else { EventKind::Seized },
                        diverted: day,
                        earliest: day + 20 + skewed(&mut self.rng, 600),
                        seize_ci,
                        origin_ci: ci,
                        trafficking: seize_ci != ci,
                        holder: (!found && self.rng.chance(0.3)).then_some((holder, "owner")),
                    })
                } else {
                    None
                };
                (Point { kind, event: ev, detail }, rec)
            }
            Diversion::UnrecordedTransfer | Diversion::StateStockLeakage => {
                let state = kind == Diversion::StateStockLeakage;
                let day = if state { reg_day + 200 + skewed(&mut self.rng, 3000) } else { reg_day + 60 + skewed(&mut self.rng, 1500) };
                if day > today - 5 {
                    return false;
                }
                let detail = if state {
                    format!(
                        "leaked from the state stocks of {a3} (holder {holder}), registered on {}; no loss or theft reported",
                        pdate(reg_day).map(|x| x.to_string()).unwrap_or_default()
                    )
                } else {
                    format!(
                        "passed on without a record by the registered holder (party {holder}) in {a3}, registered on {}",
                        pdate(reg_day).map(|x| x.to_string()).unwrap_or_default()
                    )
                };
                let rec = if self.rng.chance(if state { 0.85 } else { 0.8 }) {
                    let seize_ci = self.seizure_country(ci, if state { 0.5 } else { 0.65 });
                    Some(Recovery {
                        kind: EventKind::Seized,
                        diverted: day,
                        earliest: day + 30 + skewed(&mut self.rng, if state { 700 } else { 500 }),
                        seize_ci,
                        origin_ci: ci,
                        trafficking: seize_ci != ci,
                        holder: (!state && self.rng.chance(0.5)).then_some((holder, "seller")),
                    })
                } else {
                    None
                };
                (Point { kind, event: reg_ev, detail }, rec)
            }
            Diversion::StrawPurchase | Diversion::Export => return false,
        };
        self.conclude(ch, d, point, recovery, 0.12);
        true
    }

    /// Records the ground truth of a diverted firearm: possibly cuts its recorded history short (the
    /// point of diversion then cannot be established from the records), and recovers it.
    fn conclude(&mut self, ch: &mut Chunk, d: &mut Draft, mut point: Point, recovery: Option<Recovery>, p_cut: f64) {
        d.handling = HandlingCode::Amber;
        if self.rng.chance(p_cut) {
            // The supply chain after manufacture, export or import was never recorded.
            let keep = d
                .events
                .iter()
                .rposition(|e| {
                    matches!(e.kind, EventKind::Manufactured | EventKind::Imported)
                        || (e.kind == EventKind::Exported && point.kind != Diversion::Export)
                })
                .unwrap_or(0);
            if keep + 1 < d.events.len() || point.kind == Diversion::Export {
                let keep = if point.kind == Diversion::Export { 0 } else { keep };
                d.events.truncate(keep + 1);
                if let Some(last) = d.events.last() {
                    let stop = format!(
                        "not_established: the recorded history stops at {} ({}); real point of diversion ({}): {}",
                        last.kind.code(),
                        last.date.map(|x| x.to_string()).unwrap_or_default(),
                        point.kind.code(),
                        point.detail
                    );
                    point.event = last.id;
                    point.detail = stop;
                    self.summary.not_established += 1;
                }
            }
        }
        self.summary.diverted += 1;
        *self.summary.by_diversion.entry(point.kind.code().to_string()).or_insert(0) += 1;
        let mut detail = point.detail;
        if let Some(rec) = recovery {
            if let Some(outcome) = self.recover(ch, d, &rec, None) {
                detail.push_str("; ");
                detail.push_str(&outcome);
            }
        }
        ch.batch.ground_truth.push(GroundTruth { item: d.id, diversion: point.kind.code().to_string(), event: Some(point.event), detail });
    }

    /// Puts a diverted firearm in the hands of the authorities: in an incident of its own, in an open
    /// trafficking case of the seizure country, or in the given incident. Returns what happened, for
    /// the ground truth.
    fn recover(&mut self, ch: &mut Chunk, d: &mut Draft, rec: &Recovery, into: Option<usize>) -> Option<String> {
        let today = self.today;
        let ix = match into {
            Some(ix) => ix,
            None => {
                if rec.earliest > today {
                    return None;
                }
                let join = (rec.kind == EventKind::Seized)
                    && (rec.trafficking || self.rng.chance(0.25))
                    && ch
                        .open
                        .get(&rec.seize_ci)
                        .is_some_and(|&ix| ch.incidents.get(ix).is_some_and(|i| i.day >= rec.earliest && i.items.len() < i.cap));
                match ch.open.get(&rec.seize_ci) {
                    Some(&ix) if join => {
                        let origin = self.countries[rec.origin_ci].code;
                        if let Some(inc) = ch.incidents.get_mut(ix) {
                            if !inc.route.origin.contains(&origin) {
                                inc.route.origin.push(origin);
                            }
                        }
                        ix
                    }
                    _ => {
                        let kind = match rec.kind {
                            EventKind::Found => IncidentKind::Found,
                            EventKind::Surrendered => IncidentKind::Surrender,
                            _ => IncidentKind::Seizure,
                        };
                        let day = rec.earliest + self.rng.below(20) as i64;
                        let ix = self.new_incident(
                            ch,
                            IncSpec {
                                kind,
                                ci: rec.seize_ci,
                                origin: rec.origin_ci,
                                day: day.min(today),
                                trafficking: rec.trafficking,
                                via: None,
                            },
                        );
                        if kind == IncidentKind::Seizure && (rec.trafficking || self.rng.chance(0.25)) {
                            ch.open.insert(rec.seize_ci, ix);
                        }
                        ix
                    }
                }
            }
        };
        let inc = ch.incidents.get_mut(ix)?;
        if let Some((p, role)) = rec.holder {
            if !inc.persons.iter().any(|x| x.party == p) {
                inc.persons.push(IncidentParty { party: p, role: role.to_string() });
            }
        }
        inc.items.push(d.id);
        inc.since = inc.since.max(rec.diverted);
        if inc.calibre.is_none() {
            inc.calibre = self.cals.get(d.cal).map(|c| c.id.clone());
        }
        let (iid, day, city, sci, suspect, trafficking, kind) = (
            inc.id,
            inc.day,
            inc.city,
            inc.ci,
            inc.suspect(),
            !inc.route.transit.is_empty() || inc.route.origin.iter().any(|o| Some(*o) != inc.route.destination.first().copied()),
            inc.kind,
        );
        let ek = match kind {
            IncidentKind::Found => EventKind::Found,
            IncidentKind::Surrender => EventKind::Surrendered,
            _ => EventKind::Seized,
        };
        let code = self.countries[sci].code;
        let mut e = Ev::new(ek, day, code, self.city(sci, city).0);
        if let Some(s) = suspect {
            e = e.party(s, EventRole::From);
        }
        e.incident = Some(iid);
        self.push(d, e);
        self.summary.recovered += 1;
        let mut outcome = format!(
            "{} in {} on {} (incident {iid})",
            ek.code(),
            self.countries[sci].spec.a3,
            pdate(day).map(|x| x.to_string()).unwrap_or_default()
        );
        if ek == EventKind::Seized && self.rng.chance(if trafficking { 0.25 } else { 0.08 }) {
            let original = d.serial.clone();
            let (damaged, how) = self.damage(&original);
            d.serial = damaged;
            d.description = how;
            self.summary.damaged_serials += 1;
            outcome.push_str(&format!("; serial as stamped before damage: {original}"));
        }
        Some(outcome)
    }

    /// A serial as found on a seized firearm: ground off, or with characters that cannot be read.
    fn damage(&mut self, serial: &str) -> (String, String) {
        let mut chars: Vec<char> = serial.chars().collect();
        let positions: Vec<usize> = chars.iter().enumerate().filter(|(_, c)| c.is_ascii_alphanumeric()).map(|(i, _)| i).collect();
        if positions.is_empty() || self.rng.chance(0.3) {
            let n = positions.len().max(1);
            return ("?".repeat(n), "serial number ground off; laboratory restoration requested".into());
        }
        let k = 1 + self.rng.below(3.min(positions.len() as u64 - 1).max(1)) as usize;
        for _ in 0..k {
            let p = positions[self.rng.below(positions.len() as u64) as usize];
            chars[p] = '?';
        }
        let n = chars.iter().filter(|&&c| c == '?').count();
        (chars.into_iter().collect(), format!("serial number partly filed off: {n} character(s) illegible"))
    }

    /// One buyer registers several firearms within weeks; they turn up in crimes soon after, often
    /// across the border, and no loss or theft is ever reported.
    fn straw_group(&mut self, ch: &mut Chunk, ci: usize, room: u64) {
        let k = (3 + self.rng.below(6)).min(room) as usize;
        let mut drafts: Vec<Draft> = (0..k).map(|_| self.chain(ch, ci, Class::Civil, true)).collect();
        let ready_max = drafts.iter().filter(|d| d.ready).map(|d| d.day).max();
        let base = ready_max.map(|m| m + 1 + self.rng.below(30) as i64);
        let today = self.today;
        let Some(base) = base.filter(|&b| b <= today - 30) else {
            for mut d in drafts {
                if d.ready && self.register_civil(ch, &mut d) {
                    self.legal_end(ch, &mut d, Class::Civil);
                }
                self.finish(ch, d);
            }
            return;
        };
        // The buyer: a clean record and a licence, bought for others.
        let slot = self.new_holder(ch, ci, base);
        let (buyer, licence, city) = (slot.party, slot.licence, slot.city);
        let code = self.countries[ci].code;
        let a3 = self.countries[ci].spec.a3;
        let place = self.city(ci, city).0;
        let n_ready = drafts.iter().filter(|d| d.ready).count();
        // Where the guns go: across the border for most.
        let seize_ci =
            if a3 == "USA" && self.rng.chance(0.55) { self.by_a3.get("MEX").copied().unwrap_or(ci) } else { self.seizure_country(ci, 0.4) };
        let n_inc = 1 + self.rng.below(3.min(n_ready as u64).max(1)) as usize;
        let mut incidents: Vec<Option<usize>> = vec![None; n_inc];
        let first = drafts.iter().filter(|d| d.ready).count();
        let last_day = base + 45;
        let mut j = 0usize;
        for d in drafts.iter_mut() {
            if !d.ready {
                continue;
            }
            let day = (base + self.rng.below(45) as i64).min(today);
            let mut e = Ev::new(EventKind::Registered, day, code, place).party(buyer, EventRole::Holder).licence(licence);
            if let Some(p) = d.possessor.take() {
                e = e.party(p.id, EventRole::From);
            }
            let ev = self.push(d, e);
            d.reg = Some((ev, day, buyer, city));
            let detail = format!(
                "straw purchase: party {buyer} registered {first} firearms in {a3} between {} and {}; none reported lost or stolen",
                pdate(base).map(|x| x.to_string()).unwrap_or_default(),
                pdate(last_day.min(today)).map(|x| x.to_string()).unwrap_or_default()
            );
            let point = Point { kind: Diversion::StrawPurchase, event: ev, detail };
            // Recovered together, in up to three seizures a few months later.
            let slot_ix = j % n_inc;
            j += 1;
            let recovered = self.rng.chance(0.85);
            let earliest = last_day + 15 + skewed(&mut self.rng, 200);
            let rec = Recovery {
                kind: EventKind::Seized,
                diverted: day,
                earliest,
                seize_ci,
                origin_ci: ci,
                trafficking: seize_ci != ci,
                holder: self.rng.chance(0.5).then_some((buyer, "buyer")),
            };
            let into = if recovered && earliest <= today {
                match incidents[slot_ix] {
                    Some(ix) => Some(ix),
                    None => {
                        let ix = self.new_incident(
                            ch,
                            IncSpec {
                                kind: IncidentKind::Seizure,
                                ci: seize_ci,
                                origin: ci,
                                day: (earliest + 60).min(today),
                                trafficking: true,
                                via: None,
                            },
                        );
                        incidents[slot_ix] = Some(ix);
                        Some(ix)
                    }
                }
            } else {
                None
            };
            self.conclude_into(ch, d, point, into.map(|ix| (rec, ix)), 0.10);
        }
        for d in drafts {
            self.finish(ch, d);
        }
    }

    /// Like [`Self::conclude`], with the recovery into a given incident.
    fn conclude_into(&mut self, ch: &mut Chunk, d: &mut Draft, mut point: Point, recovery: Option<(Recovery, usize)>, p_cut: f64) {
        d.handling = HandlingCode::Amber;
        if self.rng.chance(p_cut) {
            let keep = if point.kind == Diversion::Export {
                0
            } else {
                d.events.iter().rposition(|e| matches!(e.kind, EventKind::Manufactured | EventKind::Imported)).unwrap_or(0)
            };
            if keep + 1 < d.events.len() {
                d.events.truncate(keep + 1);
                if let Some(last) = d.events.last() {
                    point.detail = format!(
                        "not_established: the recorded history stops at {} ({}); real point of diversion ({}): {}",
                        last.kind.code(),
                        last.date.map(|x| x.to_string()).unwrap_or_default(),
                        point.kind.code(),
                        point.detail
                    );
                    point.event = last.id;
                    self.summary.not_established += 1;
                }
            }
        }
        self.summary.diverted += 1;
        *self.summary.by_diversion.entry(point.kind.code().to_string()).or_insert(0) += 1;
        let mut detail = point.detail;
        if let Some((rec, ix)) = recovery {
            if let Some(outcome) = self.recover(ch, d, &rec, Some(ix)) {
                detail.push_str("; ");
                detail.push_str(&outcome);
            }
        }
        ch.batch.ground_truth.push(GroundTruth { item: d.id, diversion: point.kind.code().to_string(), event: Some(point.event), detail });
    }

    /// A consignment exported under licence to a nominal destination, never received there (no
    /// import, no delivery verification), and seized in a third country.
    fn export_group(&mut self, ch: &mut Chunk, ci: usize, room: u64) -> bool {
        let a3 = self.countries[ci].spec.a3;
        let fits: Vec<usize> = EXPORT_SCENARIOS
            .iter()
            .enumerate()
            .filter(|(_, s)| s.exporters.contains(&a3) || s.nominal.contains(&a3) || s.seized.contains(&a3))
            .map(|(i, _)| i)
            .collect();
        let si = if fits.is_empty() {
            self.rng.below(EXPORT_SCENARIOS.len() as u64) as usize
        } else {
            fits[self.rng.below(fits.len() as u64) as usize]
        };
        let Some(sc) = EXPORT_SCENARIOS.get(si) else {
            return false;
        };
        let class = if sc.military { Class::State } else { Class::Civil };
        let idx = |list: &[&str], by: &HashMap<&str, usize>| -> Vec<usize> { list.iter().filter_map(|c| by.get(c).copied()).collect() };
        let exporters: Vec<usize> = idx(sc.exporters, &self.by_a3)
            .into_iter()
            .filter(|&x| {
                self.makers.iter().any(|m| {
                    m.country == x
                        && match class {
                            Class::Civil => !m.civil.is_empty(),
                            Class::State => !m.state.is_empty(),
                        }
                })
            })
            .collect();
        if exporters.is_empty() {
            return false;
        }
        let x = if exporters.contains(&ci) { ci } else { exporters[self.rng.below(exporters.len() as u64) as usize] };
        let nominal: Vec<usize> = idx(sc.nominal, &self.by_a3).into_iter().filter(|&n| n != x).collect();
        let nd = if nominal.contains(&ci) {
            ci
        } else if let Some(&n) = nominal.get(self.rng.below(nominal.len().max(1) as u64) as usize) {
            n
        } else {
            return false;
        };
        let seized: Vec<usize> = idx(sc.seized, &self.by_a3).into_iter().filter(|&s| s != nd && s != x).collect();
        let t = if seized.contains(&ci) {
            ci
        } else if let Some(&s) = seized.get(self.rng.below(seized.len().max(1) as u64) as usize) {
            s
        } else {
            return false;
        };
        // The maker: one of the exporting country's.
        let makers: Vec<(usize, u64)> = self
            .makers
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.country == x
                    && match class {
                        Class::Civil => !m.civil.is_empty(),
                        Class::State => !m.state.is_empty(),
                    }
            })
            .map(|(i, m)| (i, m.weight))
            .collect();
        let cum = Cum::new(makers.iter().map(|m| m.1));
        let Some(&(mi, _)) = makers.get(cum.pick(&mut self.rng)) else {
            return false;
        };

        let k = (2 + self.rng.below(23)).min(room) as usize;
        let year = 2005 + self.rng.below(20) as i32;
        let export_day = self.random_day_in(year).min(self.today - 60);
        let recipient = if sc.military {
            self.countries[nd].state.get(1).cloned()
        } else {
            let imps = &self.countries[nd].importers;
            imps.get(self.rng.below(imps.len() as u64) as usize).cloned()
        };
        let Some(recipient) = recipient else {
            return false;
        };
        let n_models = 1 + self.rng.below(2) as usize;
        let picks: Vec<(usize, usize)> = (0..n_models).map(|_| self.pick_model(mi, class)).collect();
        let mut counts = vec![0u64; picks.len()];
        for i in 0..k {
            counts[i % picks.len()] += 1;
        }
        let maker_name = self.makers[mi].name.clone();
        let lines: Vec<LicenceLine> = picks
            .iter()
            .zip(&counts)
            .map(|(&(m, c), &q)| LicenceLine {
                description: format!("{}, {} {}, {}", self.models[m].type_label, maker_name, self.models[m].name, self.cals[c].name),
                firearm_type: Some(self.models[m].type_code.clone()),
                calibre: Some(self.cals[c].id.clone()),
                quantity: q,
            })
            .collect();
        let transit = self.transit(x, nd);
        let mut imp = LicenceSpec::new(LicenceKind::Import, nd, export_day - 40 - self.rng.below(110) as i64, HandlingCode::Amber);
        imp.holder = Some(recipient.id);
        imp.exporting = Some(x);
        imp.importing = Some(nd);
        imp.transit = transit.clone();
        imp.final_recipient = recipient.name.clone();
        imp.lines = lines.clone();
        let (_, import_no) = self.licence(&mut ch.batch, imp);
        let mut exp = LicenceSpec::new(LicenceKind::Export, x, export_day - 10 - self.rng.below(50) as i64, HandlingCode::Amber);
        exp.holder = Some(self.makers[mi].party);
        exp.exporting = Some(x);
        exp.importing = Some(nd);
        exp.transit = transit;
        exp.final_recipient = recipient.name.clone();
        exp.lines = lines;
        let (export_licence, export_no) = self.licence(&mut ch.batch, exp);

        let maker_party = self.makers[mi].party;
        let town = self.makers[mi].town.clone();
        let xcode = self.countries[x].code;
        let (xa3, na3, ta3) = (self.countries[x].spec.a3, self.countries[nd].spec.a3, self.countries[t].spec.a3);
        let n_inc = 1 + self.rng.below(3.min(k as u64)) as usize;
        let mut incidents: Vec<Option<usize>> = vec![None; n_inc];
        let today = self.today;
        for i in 0..k {
            let (model, cal) = picks[i % picks.len()];
            let mday = export_day - 30 - self.rng.below(500) as i64;
            let mut d = self.draft(x, mi, model, cal, year_of(mday));
            d.created_day = export_day;
            let e = Ev::new(EventKind::Manufactured, mday, xcode, &town);
            self.push(&mut d, e);
            let e = Ev::new(EventKind::Exported, export_day, xcode, &town)
                .party(maker_party, EventRole::From)
                .party(recipient.id, EventRole::To)
                .licence(Some(export_licence));
            let ev = self.push(&mut d, e);
            let point = Point {
                kind: Diversion::Export,
                event: ev,
                detail: format!(
                    "exported from {xa3} on {} under export licence {export_no} (import licence {import_no}) to {} in {na3}; never received at destination, no delivery verification; diverted en route and trafficked to {ta3}",
                    pdate(export_day).map(|x| x.to_string()).unwrap_or_default(),
                    recipient.name
                ),
            };
            let slot = i % n_inc;
            let earliest = export_day + 30 + skewed(&mut self.rng, 500);
            let into = if self.rng.chance(0.9) && earliest <= today {
                match incidents[slot] {
                    Some(ix) => Some(ix),
                    None => {
                        let ix = self.new_incident(
                            ch,
                            IncSpec {
                                kind: IncidentKind::Seizure,
                                ci: t,
                                origin: x,
                                day: (earliest + 90).min(today),
                                trafficking: true,
                                via: Some(nd),
                            },
                        );
                        incidents[slot] = Some(ix);
                        Some(ix)
                    }
                }
            } else {
                None
            };
            let rec = Recovery {
                kind: EventKind::Seized,
                diverted: export_day,
                earliest,
                seize_ci: t,
                origin_ci: x,
                trafficking: true,
                holder: None,
            };
            self.conclude_into(ch, &mut d, point, into.map(|ix| (rec, ix)), 0.12);
            self.finish(ch, d);
        }
        true
    }

    // ------------------------------------------------------------------ incidents and persons

    fn pool_key(&self, ci: usize) -> usize {
        match self.countries[ci].spec.region {
            Region::NorthAmerica => 0,
            Region::LatinAmerica => 1,
            Region::Balkans => 2,
            Region::Europe => 3,
            Region::Africa => 4,
            Region::Own => 100 + ci,
        }
    }

    /// A person of the criminal scene around a seizure country: often someone already known.
    fn pool_person(
        &mut self,
        ch: &mut Chunk,
        seize_ci: usize,
        origin_ci: usize,
        (agency, handling, day): (&str, HandlingCode, i64),
    ) -> RecordId {
        let key = self.pool_key(seize_ci);
        let len = self.pools.get(&key).map(|p| p.len()).unwrap_or(0);
        if len > 0 && !self.rng.chance(0.3) {
            let u = self.rng.unit();
            let i = ((u * u * len as f64) as usize).min(len - 1);
            if let Some(&p) = self.pools.get(&key).and_then(|p| p.get(i)) {
                return p;
            }
        }
        let nat = if origin_ci != seize_ci && self.rng.chance(0.4) { origin_ci } else { seize_ci };
        let id = self.id();
        let name = self.person_name(nat);
        let city = self.random_city(nat);
        let addr = self.address(nat, city);
        let code = self.countries[nat].code;
        let birth = 1965 + self.rng.below(40) as i32;
        let meta = self.meta(id, seize_ci, agency, handling, day.min(self.today));
        let (kind, value) = if nat == seize_ci {
            ("national_id", format!("{}{:010}", self.countries[nat].spec.a3, self.rng.below(10_000_000_000)))
        } else {
            ("passport", format!("{}{:08}", &self.countries[nat].spec.a3[..2], self.rng.below(100_000_000)))
        };
        ch.batch.parties.push(Party {
            meta,
            kind: PartyKind::Person,
            name,
            roles: Vec::new(),
            identifiers: vec![Identifier { kind: kind.into(), value, issuer: Some(code) }],
            addresses: vec![addr],
            nationality: Some(code),
            birth_date: PartialDate::year(birth).ok(),
            manufacturer_id: None,
        });
        self.summary.persons += 1;
        self.pools.entry(key).or_default().push(id);
        id
    }

    fn new_incident(&mut self, ch: &mut Chunk, s: IncSpec) -> usize {
        let id = self.id();
        let ci = s.ci;
        let city = self.random_city(ci);
        let (_, _, lat, lon) = *self.city(ci, city);
        let jitter = |rng: &mut SeededRng, x: f64| ((x + (rng.unit() - 0.5) * 0.08) * 10_000.0).round() / 10_000.0;
        let (lat, lon) = (jitter(&mut self.rng, lat), jitter(&mut self.rng, lon));
        let region = self.countries[ci].spec.region;
        let mut contexts: Vec<&'static str> = Vec::new();
        match s.kind {
            IncidentKind::Found | IncidentKind::Surrender => {}
            IncidentKind::Crime => contexts.push(CTX_VIOLENT),
            IncidentKind::Seizure if s.trafficking => {
                contexts.push(CTX_TRAFFICKING);
                if self.rng.chance(0.5) {
                    contexts.push(CTX_ORGANIZED);
                }
                if self.rng.chance(0.3) {
                    contexts.push(CTX_DRUGS);
                }
                if region == Region::Africa && self.rng.chance(0.15) {
                    contexts.push(CTX_TERRORISM);
                }
            }
            IncidentKind::Seizure => {
                let terror = if region == Region::Africa { 6 } else { 1 };
                let w = [45, 25, 15, 8, 3, terror, 4];
                let ctx = [CTX_POSSESSION, CTX_VIOLENT, CTX_DRUGS, CTX_ORGANIZED, CTX_MANUFACTURING, CTX_TERRORISM, CTX_OTHER];
                let primary = ctx[self.rng.weighted(&w) % ctx.len()];
                contexts.push(primary);
                if primary != CTX_POSSESSION && self.rng.chance(0.3) {
                    contexts.push(CTX_POSSESSION);
                }
            }
        }
        let customs = s.kind == IncidentKind::Seizure && s.trafficking && self.rng.chance(0.55);
        let agency = if customs { self.countries[ci].cus.clone() } else { self.countries[ci].pol.clone() };
        let handling = if contexts.contains(&CTX_TERRORISM) || contexts.contains(&CTX_ORGANIZED) {
            HandlingCode::Red
        } else if matches!(s.kind, IncidentKind::Found | IncidentKind::Surrender) {
            HandlingCode::Amber
        } else {
            HandlingCode::AmberStrict
        };
        let mut persons = Vec::new();
        if matches!(s.kind, IncidentKind::Seizure | IncidentKind::Crime) {
            let roles: &[&str] = if s.trafficking {
                match 2 + self.rng.below(3) {
                    2 => &["courier", "suspect"],
                    3 => &["courier", "suspect", "buyer"],
                    _ => &["courier", "suspect", "seller", "buyer"],
                }
            } else if self.rng.chance(0.3) {
                &["suspect", "buyer"]
            } else {
                &["suspect"]
            };
            for role in roles {
                let p = self.pool_person(ch, ci, s.origin, (&agency, handling, s.day));
                if !persons.iter().any(|x: &IncidentParty| x.party == p) {
                    persons.push(IncidentParty { party: p, role: role.to_string() });
                }
            }
        }
        let code = |w: &Self, i: usize| w.countries[i].code;
        let route = if s.kind == IncidentKind::Seizure || s.kind == IncidentKind::Crime {
            let mut transit: Vec<usize> = Vec::new();
            if let Some(v) = s.via {
                // Shipped to the nominal destination, diverted there and trafficked onwards.
                transit.push(v);
                let mut onwards = self.transit(v, ci);
                if onwards.is_empty() {
                    onwards = self.transit(ci, v);
                    onwards.reverse();
                }
                transit.extend(onwards);
            } else {
                transit.extend(self.transit(s.origin, ci));
            }
            let mut seen = Vec::with_capacity(transit.len());
            transit.retain(|&t| {
                let keep = t != ci && t != s.origin && !seen.contains(&t);
                seen.push(t);
                keep
            });
            let mut destination = ci;
            if s.trafficking && self.rng.chance(0.35) {
                if let Some(b) = self.beyond(s.origin, ci) {
                    transit.push(ci);
                    destination = b;
                }
            }
            Route {
                origin: vec![code(self, s.origin)],
                transit: transit.into_iter().map(|t| code(self, t)).collect(),
                destination: vec![code(self, destination)],
            }
        } else {
            Route::default()
        };
        let conveyance: Option<&'static str> = if s.kind != IncidentKind::Seizure {
            None
        } else if s.trafficking {
            Some(match self.rng.weighted(&[70, 15, 5, 10]) {
                0 => "land",
                1 => "sea",
                2 => "air",
                _ => "postal",
            })
        } else if self.rng.chance(0.3) {
            Some("land")
        } else {
            None
        };
        let concealment = match (conveyance, s.trafficking) {
            (Some("land"), true) => pick_str(&mut self.rng, CONCEALMENT_LAND),
            (Some("sea"), _) => pick_str(&mut self.rng, CONCEALMENT_SEA),
            (Some("air"), _) => pick_str(&mut self.rng, CONCEALMENT_AIR),
            (Some("postal"), _) => pick_str(&mut self.rng, CONCEALMENT_POSTAL),
            _ if s.kind == IncidentKind::Seizure => pick_str(&mut self.rng, CONCEALMENT_LOCAL),
            _ => "",
        }
        .to_string();
        let c = &mut self.countries[ci];
        c.incident_seq += 1;
        let reference = format!("{}/{}/{:06}", agency, year_of(s.day), c.incident_seq);
        let cap = if s.trafficking { 3 + self.rng.below(13) as usize } else { 1 + self.rng.below(3) as usize };
        ch.incidents.push(IncDraft {
            id,
            kind: s.kind,
            ci,
            day: s.day,
            city,
            lat,
            lon,
            agency,
            contexts,
            persons,
            route,
            concealment,
            conveyance,
            items: Vec::new(),
            cap,
            reference,
            calibre: None,
            since: i64::MIN,
        });
        ch.incidents.len() - 1
    }

    /// Turns the chunk's incidents into records; links some violent crimes to an earlier shooting by
    /// ballistic exhibits and a hit.
    fn close_incidents(&mut self, ch: &mut Chunk) {
        let drafts = std::mem::take(&mut ch.incidents);
        ch.open.clear();
        for inc in drafts {
            if inc.items.is_empty() && inc.kind != IncidentKind::Crime {
                continue;
            }
            let violent = inc.contexts.contains(&CTX_VIOLENT);
            let first_item = inc.items.first().copied();
            let (ci, day, city, agency, id) = (inc.ci, inc.day, inc.city, inc.agency.clone(), inc.id);
            let suspect = inc.suspect();
            let calibre = inc.calibre.clone();
            // Shootings with the firearm after it left lawful hands and before its seizure.
            let window = (inc.since.saturating_add(1).max(day - 310), day - 10);
            let record = self.incident_record(inc);
            ch.batch.incidents.push(record);
            if let (true, Some(item)) = (violent, first_item) {
                if window.0 <= window.1 && self.rng.chance(0.35) {
                    self.ballistics(ch, ci, window, city, &agency, id, item, suspect, calibre);
                }
            }
        }
    }

    fn incident_record(&mut self, inc: IncDraft) -> Incident {
        let handling = if inc.contexts.contains(&CTX_TERRORISM) || inc.contexts.contains(&CTX_ORGANIZED) {
            HandlingCode::Red
        } else if matches!(inc.kind, IncidentKind::Found | IncidentKind::Surrender) {
            HandlingCode::Amber
        } else {
            HandlingCode::AmberStrict
        };
        let meta = self.meta(inc.id, inc.ci, &inc.agency, handling, inc.day);
        let (cname, area, _, _) = *self.city(inc.ci, inc.city);
        let n = inc.items.len();
        let what = match inc.kind {
            IncidentKind::Seizure => "seized",
            IncidentKind::Found => "found",
            IncidentKind::Surrender => "surrendered",
            IncidentKind::Crime => "shooting; cartridge cases recovered at the scene",
        };
        let route = if inc.route.transit.is_empty() && inc.route.origin == inc.route.destination {
            String::new()
        } else {
            let join = |v: &[CountryCode]| v.iter().map(|c| c.as_str().to_string()).collect::<Vec<_>>().join(", ");
            let mut r = format!("; route {}", join(&inc.route.origin));
            if !inc.route.transit.is_empty() {
                r.push_str(&format!(" via {}", join(&inc.route.transit)));
            }
            r.push_str(&format!(" to {}", join(&inc.route.destination)));
            r
        };
        let summary = if inc.kind == IncidentKind::Crime {
            format!("{what} in {cname}")
        } else {
            format!(
                "{n} firearm{} {what} in {cname}{}{}",
                if n == 1 { "" } else { "s" },
                if inc.persons.is_empty() { String::new() } else { format!(", {} person(s) involved", inc.persons.len()) },
                route
            )
        };
        Incident {
            meta,
            kind: inc.kind,
            reference: inc.reference,
            date: pdate(inc.day),
            place: Place {
                country: Some(self.countries[inc.ci].code),
                admin_area: area.to_string(),
                locality: cname.to_string(),
                lat: Some(inc.lat),
                lon: Some(inc.lon),
            },
            contexts: inc.contexts.iter().map(|c| c.to_string()).collect(),
            persons: inc.persons,
            route: inc.route,
            concealment: inc.concealment,
            conveyance: inc.conveyance.map(String::from),
            items: inc.items,
            summary,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn ballistics(
        &mut self,
        ch: &mut Chunk,
        ci: usize,
        (first, day): (i64, i64),
        city: usize,
        agency: &str,
        seizure: RecordId,
        item: RecordId,
        suspect: Option<RecordId>,
        calibre: Option<String>,
    ) {
        let today = self.today;
        let lab = format!("{}-LAB", self.countries[ci].spec.a3);
        let year = year_of(day);
        let mut seq = 0u32;
        let mut reference = |rng: &mut SeededRng| {
            seq += 1;
            format!("{lab}/{year}/{:05}-{seq}", rng.below(100_000))
        };
        let test_id = self.id();
        let meta = self.meta(test_id, ci, agency, HandlingCode::Amber, (day + 14).min(today));
        ch.batch.exhibits.push(BallisticExhibit {
            meta,
            kind: ExhibitKind::TestFire,
            reference: reference(&mut self.rng),
            incident: Some(seizure),
            item: Some(item),
            calibre: calibre.clone(),
        });
        // One or two earlier shootings with the same firearm.
        let shootings = 1 + self.rng.below(2);
        for _ in 0..shootings {
            let crime_day = first + self.rng.below((day - first + 1) as u64) as i64;
            let ix =
                self.new_incident(ch, IncSpec { kind: IncidentKind::Crime, ci, origin: ci, day: crime_day, trafficking: false, via: None });
            if let Some(inc) = ch.incidents.get_mut(ix) {
                inc.city = city;
                if let Some(s) = suspect.filter(|_| self.rng.chance(0.5)) {
                    inc.persons.truncate(0);
                    inc.persons.push(IncidentParty { party: s, role: "suspect".into() });
                }
            }
            let drafts = std::mem::take(&mut ch.incidents);
            for inc in drafts {
                let crime_id = inc.id;
                let rec = self.incident_record(inc);
                ch.batch.incidents.push(rec);
                let case_id = self.id();
                let meta = self.meta(case_id, ci, agency, HandlingCode::Amber, (crime_day + 3).min(today));
                ch.batch.exhibits.push(BallisticExhibit {
                    meta,
                    kind: ExhibitKind::CartridgeCase,
                    reference: reference(&mut self.rng),
                    incident: Some(crime_id),
                    item: None,
                    calibre: calibre.clone(),
                });
                let hit_id = self.id();
                let hit_day = (day + 20 + self.rng.below(60) as i64).min(today);
                let meta = self.meta(hit_id, ci, agency, HandlingCode::Amber, hit_day);
                ch.batch.hits.push(BallisticHit {
                    meta,
                    exhibit_a: case_id,
                    exhibit_b: test_id,
                    system: pick_str(&mut self.rng, &["IBIS", "Evofinder", "Arsenal"]).to_string(),
                    system_reference: format!("H-{year}-{:06}", self.rng.below(1_000_000)),
                    date: pdate(hit_day),
                    confirmed: self.rng.chance(0.8),
                });
            }
        }
    }

    // ------------------------------------------------------------------ records

    fn push(&mut self, d: &mut Draft, e: Ev) -> RecordId {
        let id = self.id();
        let seq = d.events.len() as u32;
        let date = if e.year_only { PartialDate::year(year_of(e.day)).ok() } else { pdate(e.day) };
        d.events.push(HistoryEvent {
            id,
            item: d.id,
            seq,
            kind: e.kind,
            date,
            country: e.country,
            place: e.place,
            parties: e.parties,
            licence: e.licence,
            incident: e.incident,
            documents: Vec::new(),
            note: e.note,
        });
        if e.day > d.day {
            d.day = e.day;
        }
        id
    }

    fn finish(&mut self, ch: &mut Chunk, d: Draft) {
        let status = derive_status(&d.events);
        let maker = &self.makers[d.maker];
        let model = &self.models[d.model];
        let cal = &self.cals[d.cal];
        let written_maker = match &maker.alias {
            Some(a) if self.rng.chance(0.1) => a.clone(),
            _ => maker.name.clone(),
        };
        let written_cal = match &cal.written {
            Some(a) if self.rng.chance(0.25) => a.clone(),
            _ => cal.name.clone(),
        };
        let serial = SerialNumber::parse(&d.serial, None).unwrap_or_else(|_| SerialNumber::none());
        let import_marks = match d.import_mark {
            Some((ci, year)) => vec![ImportMark {
                country: self.countries[ci].code,
                year: (year > 0).then_some(year),
                text: if year > 0 {
                    format!("{} {:02}", self.countries[ci].spec.a3, year.rem_euclid(100))
                } else {
                    self.countries[ci].spec.a3.to_string()
                },
            }],
            None => Vec::new(),
        };
        let other_marks = match &d.state_mark {
            Some(t) => vec![OtherMark { kind: OtherMarkKind::StateStock, text: t.clone() }],
            None => Vec::new(),
        };
        let markings = Markings {
            manufacturer: Resolved { raw: written_maker, id: Some(maker.id.clone()), canonical: Some(maker.name.clone()), confidence: 1.0 },
            country_of_manufacture: Some(self.countries[maker.country].code),
            serial,
            year_of_manufacture: Some(d.year),
            import_marks,
            other_marks,
        };
        let classification = Classification {
            firearm_type: Resolved {
                raw: model.type_label.clone(),
                id: Some(model.type_code.clone()),
                canonical: Some(model.type_label.clone()),
                confidence: 1.0,
            },
            model: Resolved { raw: model.name.clone(), id: None, canonical: Some(model.name.clone()), confidence: 1.0 },
            calibre: Resolved { raw: written_cal, id: Some(cal.id.clone()), canonical: Some(cal.name.clone()), confidence: 1.0 },
            action: None,
            converted: None,
            privately_made: None,
        };
        let c = &self.countries[d.ci];
        let (nfp, user) = (c.nfp.clone(), c.registry_user.clone());
        let first = if d.created_day > 0 { d.created_day } else { d.day };
        let mut meta = self.meta(d.id, d.ci, &nfp, d.handling, first);
        meta.created_by = user.clone();
        meta.updated_at = self.stamp(d.day.max(first));
        meta.updated_by = user;
        ch.batch.items.push(Item {
            meta,
            class: ItemClass::Firearm,
            part_kind: None,
            markings,
            classification,
            ammunition: None,
            status,
            description: d.description,
        });
        ch.batch.events.extend(d.events);
        ch.firearms += 1;
        self.summary.firearms += 1;
        *self.summary.by_country.entry(self.countries[d.ci].spec.a3.to_string()).or_insert(0) += 1;
    }
}

struct IncSpec {
    kind: IncidentKind,
    ci: usize,
    origin: usize,
    day: i64,
    trafficking: bool,
    /// Nominal destination an export was diverted from.
    via: Option<usize>,
}

struct ShipmentView {
    exporter: RecordId,
    importer: Org,
    export_licence: RecordId,
    import_licence: RecordId,
    export_day: i64,
    import_day: i64,
}

impl Default for Org {
    fn default() -> Self {
        Org { id: RecordId::from_parts(0, 0), name: String::new(), city: 0 }
    }
}

impl Iterator for DemoWorld {
    type Item = Result<WriteBatch, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let batch = if !self.started {
            self.started = true;
            self.base.take().unwrap_or_default()
        } else if self.produced < self.cfg.firearms {
            self.next_chunk()
        } else {
            self.finished = true;
            return None;
        };
        self.count(&batch);
        Some(Ok(batch))
    }
}

/// Writes the whole world through [`Store::write_stream`] (one transaction) and returns the summary.
/// The world is generated on a second thread while the store writes, one batch ahead.
pub fn build(store: &dyn Store, cfg: &DemoConfig) -> Result<DemoSummary, StoreError> {
    let world = DemoWorld::new(cfg)?;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<WriteBatch, StoreError>>(1);
        let producer = scope.spawn(move || {
            let mut world = world;
            for batch in world.by_ref() {
                if tx.send(batch).is_err() {
                    break;
                }
            }
            world.summary
        });
        let mut batches = rx.into_iter();
        let written = store.write_stream(&mut batches);
        drop(batches);
        let mut summary = producer.join().map_err(|_| StoreError::Aborted("the demo world generator failed".into()))?;
        written?;
        let points = contact_points()?;
        store.save_contact_points(&points)?;
        summary.contact_points = points.len();
        Ok(summary)
    })
}

/// A demo account: printed when the demo starts, never created outside the demo.
#[derive(Debug, Clone, Serialize)]
pub struct DemoAccount {
    pub username: String,
    pub role: String,
    pub agency: String,
    pub clearance: String,
    /// TOTP secret of accounts that need a second factor (administrators).
    pub totp_secret: Option<String>,
}

/// The password of every demo account (the demo world is public test data).
pub const DEMO_PASSWORD: &str = "armstrace demo 2026";

/// One account per role, in five agencies of two countries (Croatia and Serbia), so that every
/// sharing rule can be tried: same agency, same country, other country.
pub fn create_demo_accounts(
    store: &dyn armstrace_store::Store,
    audit: &crate::audit::Auditor,
    now: Timestamp,
) -> Result<Vec<DemoAccount>, crate::accounts::AccountError> {
    use crate::accounts::{base32_encode, Accounts, NewUser};
    use armstrace_domain::access::Role;
    use armstrace_domain::account::Language;
    let accounts = Accounts { store, audit };
    let plan: &[(&str, &str, Role, HandlingCode, Language)] = &[
        ("hrv.viewer", "HRV-POL", Role::Viewer, HandlingCode::Amber, Language::En),
        ("hrv.officer", "HRV-POL", Role::Officer, HandlingCode::AmberStrict, Language::En),
        ("hrv.investigator", "HRV-POL", Role::Investigator, HandlingCode::Red, Language::En),
        ("hrv.admin", "HRV-POL", Role::AgencyAdmin, HandlingCode::Red, Language::En),
        ("hrv.customs", "HRV-CUS", Role::Officer, HandlingCode::AmberStrict, Language::En),
        ("hrv.analyst", "HRV-NFP", Role::Analyst, HandlingCode::Amber, Language::En),
        ("hrv.poc", "HRV-NFP", Role::PointOfContact, HandlingCode::Red, Language::En),
        ("hrv.licensing", "HRV-NFP", Role::LicensingOfficer, HandlingCode::Amber, Language::En),
        ("hrv.sysadmin", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red, Language::En),
        ("srb.officer", "SRB-POL", Role::Officer, HandlingCode::AmberStrict, Language::Es),
        ("srb.investigator", "SRB-POL", Role::Investigator, HandlingCode::Red, Language::Fr),
        ("srb.poc", "SRB-NFP", Role::PointOfContact, HandlingCode::Red, Language::En),
    ];
    let mut out = Vec::new();
    // Fixed secrets: the demo is reproducible and its second factor can be typed into an app.
    for (i, (username, agency, role, clearance, language)) in plan.iter().enumerate() {
        let country = &agency[..3];
        let mut user = accounts.create(
            None,
            NewUser {
                username: username.to_string(),
                display_name: String::new(),
                agency: agency.to_string(),
                country: country.to_string(),
                role: *role,
                clearance: *clearance,
                language: *language,
                password: DEMO_PASSWORD.to_string(),
                second_factor_required: false,
            },
            now,
            "demo",
        )?;
        let secret = role.requires_second_factor().then(|| base32_encode(format!("armstrace-demo-{i:02}-secret").as_bytes()));
        if let Some(s) = &secret {
            user.totp_secret = Some(s.clone());
            store.save_user(&user)?;
        }
        out.push(DemoAccount {
            username: username.to_string(),
            role: role.code().to_string(),
            agency: agency.to_string(),
            clearance: clearance.as_str().to_string(),
            totp_secret: secret,
        });
    }
    Ok(out)
}

/// Requests between countries for the demo's points of contact, made through the services as
/// they would have been: tracing requests prepared from the traces of Croatian seizures whose
/// record leads abroad (it stops at manufacture or import there, or at an export never received), one still a draft, one sent long ago and now overdue, one acknowledged,
/// one answered; and the Serbian point of contact's copy of one received. Returns how many.
pub fn create_demo_requests(
    store: &dyn armstrace_store::Store,
    audit: &crate::audit::Auditor,
    now: Timestamp,
) -> Result<usize, crate::error::ServiceError> {
    use crate::requests::Move;
    use armstrace_domain::access::{Principal, Role};
    use armstrace_domain::request::{CooperationRequest, Outcome};
    use armstrace_domain::trace::Diversion;
    let checks = crate::crosscheck::CrossCheck::new();
    let country = |c: &str| CountryCode::from_alpha3(c).map_err(|e| crate::error::ServiceError::invalid(e.to_string()));
    let poc = |agency: &str, c: CountryCode, username: &str| Principal {
        user: RecordId::new(),
        username: username.into(),
        agency: agency.into(),
        country: c,
        role: Role::PointOfContact,
        clearance: HandlingCode::Red,
    };
    let (hrv, srb) = (country("HRV")?, country("SRB")?);
    let hrv_poc = poc("HRV-NFP", hrv, "hrv.poc");
    let srb_poc = poc("SRB-NFP", srb, "srb.poc");
    let day = 86_400_000;
    let at = |days_ago: i64| Timestamp::from_unix_millis(now.unix_millis() - days_ago * day);
    let ctx_at = |who, when| crate::records::Ctx { store, audit, who, source: "demo", now: when, checks: &checks };
    // Croatian and Serbian seizures whose record leads abroad, each asked by its own point of contact.
    let mut chosen = Vec::new();
    for chunk in store.recovered_between(i64::MIN / 4, i64::MAX / 4)?.chunks(500) {
        for it in store.items_by_ids(chunk)? {
            let who = if it.meta.country == hrv {
                &hrv_poc
            } else if it.meta.country == srb {
                &srb_poc
            } else {
                continue;
            };
            if chosen.len() == 5 {
                break;
            }
            let t = ctx_at(who, now).trace(it.meta.id)?;
            // Where the record stops abroad, or the gun was made abroad: another country is asked
            // (for the first sale, when the point of diversion is known at home).
            let abroad = t.trace.ask.iter().any(|a| a.country != it.meta.country)
                || it.markings.country_of_manufacture.is_some_and(|c| c != it.meta.country);
            if !matches!(t.trace.diversion, Diversion::None { .. }) && abroad {
                chosen.push((it.meta.id, who));
            }
        }
    }
    let mut made = 0;
    for (i, (item, who)) in chosen.into_iter().enumerate() {
        // Prepared some weeks ago, so that deadlines have run.
        let then = at(90 - 15 * i as i64);
        let old = ctx_at(who, then);
        let mut draft = old.draft_trace_request(item)?.request;
        made += 1;
        if i == 4 {
            continue; // left a draft: the legal justification is still to be written
        }
        draft.legal_basis = "Criminal procedure code; Firearms Protocol art. 12(4)".into();
        draft.intended_use = "criminal investigation of illicit trafficking in firearms".into();
        let id = draft.meta.id;
        old.update(id, draft, None)?;
        let sent = old.move_request(id, Move::Send)?.request;
        if i >= 1 {
            ctx_at(who, at(85 - 15 * i as i64)).move_request(id, Move::Acknowledge { their_reference: format!("T-2026-{}", 100 + i) })?;
        }
        if i == 1 {
            let answer = "Sold by the manufacturer to a licensed dealer; exported under licence; no later record".to_string();
            ctx_at(who, at(40)).move_request(id, Move::Answer { outcome: Outcome::Traced, answer })?;
        }
        // The requested point of contact's record of it, received, when it is one of the demo's.
        let receiver = if sent.requested_country == srb {
            Some(&srb_poc)
        } else if sent.requested_country == hrv {
            Some(&hrv_poc)
        } else {
            None
        };
        if let Some(r) = receiver {
            ctx_at(r, then).record_incoming(CooperationRequest { item: None, ..sent })?;
            made += 1;
        }
    }
    Ok(made)
}

/// The demo's directory of competent national authorities, made from its country list alone (no
/// draw from the world's generator, so the other figures of a seed stay what they were). Every
/// seventh country has named nobody and every fifth has let its entries go stale, so that the
/// coverage page and the stale flags have something to show.
pub fn contact_points() -> Result<Vec<armstrace_domain::directory::ContactPoint>, StoreError> {
    use armstrace_domain::directory::{ContactKind, ContactPoint, Email, Function, Instrument, LanguageCode, Phone};
    let bad = |e: armstrace_domain::DomainError| StoreError::Aborted(format!("demo directory: {e}"));
    let at = Timestamp::from_ymd_hms(2026, 3, 31, 9, 0, 0);
    let mut out = Vec::new();
    for (i, spec) in COUNTRIES.iter().enumerate() {
        if i % 7 == 3 {
            continue;
        }
        let code = CountryCode::from_alpha3(spec.a3).map_err(bad)?;
        let name = code.name();
        let lower = spec.a3.to_ascii_lowercase();
        let stale = i % 5 == 1;
        let verified = if stale {
            PartialDate::ymd(2024, (i % 12) as u8 + 1, 15).map_err(bad)?
        } else {
            PartialDate::ymd(2026, (i % 3) as u8 + 1, (i % 28) as u8 + 1).map_err(bad)?
        };
        let home = match spec.lang {
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::It => "it",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::Sl => match spec.a3 {
                "SVN" => "sl",
                "HRV" => "hr",
                "BIH" => "bs",
                "MKD" => "mk",
                _ => "sr",
            },
            Lang::En | Lang::Other => "en",
        };
        let mut languages = vec![LanguageCode::parse(home).map_err(bad)?];
        if home != "en" {
            languages.push(LanguageCode::parse("en").map_err(bad)?);
        }
        let mut instruments: std::collections::BTreeSet<Instrument> = [Instrument::ProgrammeOfAction].into_iter().collect();
        // Not every State is party to every instrument: the demo leaves some out.
        if i % 4 != 0 {
            instruments.insert(Instrument::FirearmsProtocol);
        }
        if i % 3 != 2 {
            instruments.insert(Instrument::ArmsTradeTreaty);
        }
        match spec.region {
            Region::Africa => instruments.insert(Instrument::Regional("ECOWAS Convention".into())),
            Region::LatinAmerica => instruments.insert(Instrument::Regional("CIFTA".into())),
            Region::Balkans => instruments.insert(Instrument::Regional("Western Balkans SALW Roadmap".into())),
            _ => false,
        };
        let id = |n: u64| {
            RecordId::from_parts(ID_BASE_MS - 86_400_000 + (i as u64) * 4 + n, (0xD1EC_u128 << 64) | ((i as u128) << 8) | n as u128)
        };
        out.push(ContactPoint {
            id: id(0),
            country: code,
            authority: format!("{name} National Firearms Focal Point"),
            kind: ContactKind::SinglePointOfContact,
            instruments,
            functions: [Function::Tracing, Function::InformationExchange, Function::LicenceVerification, Function::Reporting]
                .into_iter()
                .chain((i % 2 == 0).then_some(Function::BorderControlCooperation))
                .collect(),
            languages: languages.clone(),
            contact_person: String::new(),
            email: Some(Email::parse(&format!("spoc@nfp.{lower}.example")).map_err(bad)?),
            phone: Some(Phone::parse(&format!("+99 {:02} 555 01{:02}", i % 100, i % 100)).map_err(bad)?),
            address: spec.cities.first().map(|c| c.0.to_string()).unwrap_or_default(),
            hours: "Mon-Fri 08:00-16:00".into(),
            time_zone: String::new(),
            last_verified: verified,
            note: "Demo entry: fictional contact details.".into(),
            updated_at: at,
            updated_by: "demo".into(),
        });
        if i % 2 == 0 {
            out.push(ContactPoint {
                id: id(1),
                country: code,
                authority: format!("{name} Ministry of Justice, Central Authority"),
                kind: ContactKind::CentralAuthority,
                instruments: [Instrument::Untoc].into_iter().collect(),
                functions: [Function::MutualLegalAssistance].into_iter().collect(),
                languages,
                contact_person: String::new(),
                email: Some(Email::parse(&format!("mla@justice.{lower}.example")).map_err(bad)?),
                phone: None,
                address: String::new(),
                hours: String::new(),
                time_zone: String::new(),
                last_verified: verified,
                note: "Demo entry: fictional contact details.".into(),
                updated_at: at,
                updated_by: "demo".into(),
            });
        }
    }
    Ok(out)
}
