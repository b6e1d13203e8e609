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
use armstrace_domain::item::{
    Classification, ImportMark, Item, ItemClass, Markings, OtherMark, OtherMarkKind, Resolved,
};
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
        DemoConfig {
            seed: 2026,
            firearms: 20_000,
        }
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
            SerialStyle::YearLetter { digits } => format!(
                "{}{:0w$}",
                letter((year - 1960).unsigned_abs() as u64),
                n % 10u64.pow(digits),
                w = digits as usize
            ),
            SerialStyle::YearPrefix { digits } => format!(
                "{:02} {:0w$}",
                year.rem_euclid(100),
                n % 10u64.pow(digits),
                w = digits as usize
            ),
            SerialStyle::Dashed { a, b } => {
                let q = 10u64.pow(b);
                format!(
                    "{:0wa$}-{:0wb$}",
                    (n / q) % 10u64.pow(a),
                    n % q,
                    wa = a as usize,
                    wb = b as usize
                )
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
const DEACTIVATION_NOTES: &[&str] = &[
    "deactivated to EU standard, certificate issued by the proof house",
    "deactivated for a collection; certificate on file",
];

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
const CONCEALMENT_AIR: &[&str] = &[
    "checked luggage, disassembled among clothes",
    "air cargo declared as machine parts",
];
const CONCEALMENT_POSTAL: &[&str] = &[
    "parcel declared as car parts",
    "express courier parcel with disassembled components",
];
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
    let (y, m, d) = civil_from_days(day);
    PartialDate::ymd(y as i32, m as u8, d as u8).ok()
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
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Diversion {
    Theft,
    Loss,
    StrawPurchase,
    UnrecordedTransfer,
    ExportDiversion,
    StateStockLeakage,
}

impl Diversion {
    const ALL: [Diversion; 6] = [
        Diversion::Theft,
        Diversion::Loss,
        Diversion::StrawPurchase,
        Diversion::UnrecordedTransfer,
        Diversion::ExportDiversion,
        Diversion::StateStockLeakage,
    ];
    fn code(self) -> &'static str {
        match self {
            Diversion::Theft => "theft",
            Diversion::Loss => "loss",
            Diversion::StrawPurchase => "straw_purchase",
            Diversion::UnrecordedTransfer => "unrecorded_transfer",
            Diversion::ExportDiversion => "export_diversion",
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
    holder: Option<HolderSlot>,
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

#[derive(Default)]
struct Ev {
    kind: Option<EventKind>,
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
}

impl IncDraft {
    fn suspect(&self) -> Option<RecordId> {
        self.persons
            .iter()
            .find(|p| p.role != "owner" && p.role != "witness")
            .map(|p| p.party)
    }
}

/// A diverted firearm that the authorities recover.
struct Recovery {
    kind: EventKind,
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
            let code = CountryCode::from_alpha3(spec.a3).map_err(|_| {
                DemoError::Nomenclature(format!("country {} is not in countries.tsv", spec.a3))
            })?;
            let name = n
                .country(spec.a3)
                .map(|c| c.name_en.clone())
                .unwrap_or_else(|| spec.a3.to_string());
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
                holder: None,
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
                written: c
                    .aliases
                    .iter()
                    .find(|a| a.chars().count() <= 16)
                    .cloned(),
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
            let weight = POPULARITY
                .iter()
                .find(|(f, _)| lower.contains(f))
                .map(|(_, w)| *w)
                .unwrap_or(DEFAULT_POPULARITY) as u64;
            let style = SerialStyle::for_maker(&lower, stable_hash(&m.id));
            let start = rng.below(style.capacity() / 8);
            maker_ix.insert(m.id.as_str(), makers.len());
            makers.push(Maker {
                id: m.id.clone(),
                name: m.name.clone(),
                alias: m
                    .aliases
                    .iter()
                    .find(|a| a.chars().count() >= 2 && a.chars().count() <= 24)
                    .cloned(),
                country: ci,
                town: if m.town.is_empty() {
                    countries[ci].spec.cities.first().map(|c| c.0).unwrap_or("").to_string()
                } else {
                    m.town.clone()
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
            let calibres: Vec<usize> = m
                .calibres
                .iter()
                .filter_map(|c| cal_ix.get(c.as_str()).copied())
                .collect();
            if calibres.is_empty() {
                continue;
            }
            let t = n.firearm_type(&m.type_code);
            let label = t.map(|t| t.en.clone()).unwrap_or_else(|| m.type_code.clone());
            let code = m.type_code.as_str();
            let military = t.is_some_and(|t| t.class == "light_weapon")
                || code.contains("machine")
                || code.contains("assault");
            let handgun = code.contains("pistol") || code.contains("revolver");
            let ix = models.len();
            models.push(ModelInfo {
                name: m.name.clone(),
                type_code: m.type_code.clone(),
                type_label: label,
                calibres,
            });
            if let Some(mk) = makers.get_mut(mi) {
                if !military {
                    mk.civil.push(ix);
                }
                if military || handgun {
                    mk.state.push(ix);
                }
            }
        }
        makers.retain(|m| !m.civil.is_empty() || !m.state.is_empty());
        if makers.is_empty() {
            return Err(DemoError::Nomenclature(
                "no manufacturer with models in the demo countries (manufacturers.tsv, models.tsv)"
                    .into(),
            ));
        }
        for (mi, m) in makers.iter().enumerate() {
            if let Some(c) = countries.get_mut(m.country) {
                let _ = mi;
                let _ = c;
            }
        }

        // Diversion rates: scaled so that about one firearm in ten is diverted overall.
        let reg_total: f64 = COUNTRIES.iter().map(|c| c.registry as f64).sum();
        let div_total: f64 = COUNTRIES
            .iter()
            .map(|c| c.registry as f64 * c.divert as f64)
            .sum();
        let scale = if div_total > 0.0 {
            0.105 * reg_total / div_total
        } else {
            0.0
        };
        let pick_country = Cum::new(COUNTRIES.iter().map(|c| c.registry as u64));

        for ci in 0..countries.len() {
            let spec = countries[ci].spec;
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
            let c = &mut countries[ci];
            c.pick_civil = Cum::new(wc);
            c.cand_civil = cc;
            c.pick_state = Cum::new(ws);
            c.cand_state = cs;
            c.rate = (spec.divert as f64 * scale).min(0.6);
            // Group diversions bring several firearms each: their per-draw weight is divided by the
            // group size so that the share of firearms follows the profile.
            let w = spec.profile.weights();
            c.kinds = Cum::new(
                w.iter()
                    .zip(Diversion::ALL)
                    .map(|(&w, d)| match d {
                        Diversion::StrawPurchase => (w as u64 * 10) / 5,
                        Diversion::ExportDiversion => (w as u64 * 10) / 10,
                        _ => w as u64 * 10,
                    }),
            );
        }
        for ci in 0..countries.len() {
            let a3 = countries[ci].spec.a3;
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
            countries[ci].outflow = out;
        }

        let names = NAMES
            .iter()
            .map(|(f, s, o)| (f.split(',').collect(), s.split(',').collect(), *o))
            .collect();
        let years_all = Cum::new((YEAR_FIRST..=YEAR_LAST).map(|y| {
            let k = (y - YEAR_FIRST) as u64;
            200 + k * k
        }));
        let years_modern = Cum::new((MODERN..=YEAR_LAST).map(|y| {
            let k = (y - YEAR_FIRST) as u64;
            200 + k * k
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
            summary: DemoSummary {
                seed: cfg.seed,
                ..DemoSummary::default()
            },
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

    fn meta(
        &mut self,
        id: RecordId,
        ci: usize,
        agency: &str,
        handling: HandlingCode,
        day: i64,
    ) -> RecordMeta {
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
        let f = first
            .get(self.rng.below(first.len() as u64) as usize)
            .copied()
            .unwrap_or("");
        let s = last
            .get(self.rng.below(last.len() as u64) as usize)
            .copied()
            .unwrap_or("");
        match order {
            NameOrder::Western => format!("{f} {s}"),
            NameOrder::SurnameFirst => format!("{s} {f}"),
            NameOrder::TwoSurnames => {
                let s2 = last
                    .get(self.rng.below(last.len() as u64) as usize)
                    .copied()
                    .unwrap_or("");
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
        let city = self.city(ci, self.rng.below(8) as usize).0;
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
        let street = format!("{} {}", pick_str(&mut self.rng, &["Main Street", "Industrial Zone", "Market Square", "Station Road", "Harbour Road", "Avenue 3"]), 1 + self.rng.below(180));
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
        let lic = format!("{a3}-{}-{:05}", if roles.contains(&PartyRole::Manufacturer) { "MFG" } else { "DLR" }, self.rng.below(100_000));
        let nfp = self.countries[ci].nfp.clone();
        let meta = self.meta(id, ci, &nfp, handling, day_of(2005, 1, 3));
        let mut identifiers = vec![Identifier {
            kind: "company_registration".into(),
            value: reg,
            issuer: Some(self.countries[ci].code),
        }];
        if !roles.contains(&PartyRole::StateEntity) {
            identifiers.push(Identifier {
                kind: "licence".into(),
                value: lic,
                issuer: Some(self.countries[ci].code),
            });
        }
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

    /// Agencies, manufacturers, importers, dealers and state entities, with dealing and manufacturing
    /// licences.
    fn base_records(&mut self) -> WriteBatch {
        let mut out = WriteBatch::default();
        for c in &self.countries {
            let name = &c.name;
            out.agencies.push(Agency {
                code: c.pol.clone(),
                name: format!("{name} National Police"),
                country: c.spec.a3.to_string(),
            });
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
            let org = self.organisation(
                &mut out,
                ci,
                name,
                vec![PartyRole::Manufacturer, PartyRole::Exporter],
                Some(id),
                HandlingCode::Green,
            );
            self.makers[mi].party = org.id;
            let day = day_of(2000 + self.rng.below(20) as i32, 1, 15);
            self.licence(
                &mut out,
                LicenceSpec {
                    kind: LicenceKind::Manufacturing,
                    ci,
                    holder: Some(org.id),
                    issued: day,
                    valid_days: 3650,
                    handling: HandlingCode::Green,
                    ..LicenceSpec::default()
                },
            );
        }

        let total = self.pick_country.total().max(1);
        for ci in 0..self.countries.len() {
            let share = self.countries[ci].spec.registry as u64 * self.cfg.firearms / total;
            let n_imp = 2 + (share / 100_000).min(3) as usize;
            let n_dealers = (3 + share / 4_000).min(60) as usize;
            for _ in 0..n_imp {
                let name = self.company_name(ci, "import");
                let org = self.organisation(&mut out, ci, name, vec![PartyRole::Importer, PartyRole::Dealer], None, HandlingCode::Green);
                self.countries[ci].importers.push(org);
            }
            for _ in 0..n_dealers {
                let name = self.company_name(ci, "dealer");
                let org = self.organisation(&mut out, ci, name, vec![PartyRole::Dealer], None, HandlingCode::Green);
                let day = day_of(1995 + self.rng.below(25) as i32, 1 + self.rng.below(12) as u32, 10);
                self.licence(
                    &mut out,
                    LicenceSpec {
                        kind: LicenceKind::Dealing,
                        ci,
                        holder: Some(org.id),
                        issued: day,
                        valid_days: 3650,
                        handling: HandlingCode::Green,
                        ..LicenceSpec::default()
                    },
                );
                self.countries[ci].dealers.push(org);
            }
            let cname = self.countries[ci].name.clone();
            let police = self.organisation(&mut out, ci, format!("{cname} Ministry of the Interior – Police"), vec![PartyRole::StateEntity], None, HandlingCode::Amber);
            let army = self.organisation(&mut out, ci, format!("{cname} Ministry of Defence – Armed Forces"), vec![PartyRole::StateEntity], None, HandlingCode::Amber);
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
            expires: pdate(s.issued + s.valid_days),
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

#[derive(Default)]
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
