//! The columns armstrace understands, and the header names people give them in English, Spanish and
//! French. Headers are compared folded: any case, no accents, spaces and non-breaking spaces
//! trimmed and collapsed, `_`, `-`, `.` and `/` read as spaces.

use std::collections::HashMap;

use armstrace_domain::nomenclature::text::fold_key;

macro_rules! fields {
    ($($variant:ident => $name:literal : [$($alias:literal),* $(,)?]),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $($variant),* }
        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];
            /// The canonical column name, used by exports and accepted by imports.
            pub fn name(&self) -> &'static str { match self { $(Field::$variant => $name),* } }
            fn aliases(&self) -> &'static [&'static str] { match self { $(Field::$variant => &[$($alias),*]),* } }
        }
    };
}

fields! {
    Id => "id": ["record id", "armstrace id", "uuid"],
    Class => "class": ["item class", "item category", "clase", "classe", "categoria de item"],
    PartKind => "part_kind": ["part", "part type", "component", "tipo de pieza", "type de piece"],
    Manufacturer => "manufacturer": ["make", "maker", "brand", "manufacturer name", "marca", "fabricante", "fabricant", "marque", "fabrica"],
    Model => "model": ["modelo", "modele", "model name"],
    FirearmType => "type": ["firearm type", "weapon type", "type of firearm", "kind of firearm", "tipo", "tipo de arma", "type d arme", "type de l arme", "category", "categorie", "categoria"],
    Calibre => "calibre": ["caliber", "cal", "calibre mm", "calibro", "kaliber", "cartridge"],
    Serial => "serial": ["serial number", "serial no", "serial nr", "s n", "sn", "serial num", "numero de serie", "no de serie", "n de serie", "nro de serie", "num serie", "numero serie", "serie", "n serie", "matricule", "numero de matricule"],
    SerialStatus => "serial_status": ["marking status", "serial state", "estado del numero de serie", "estado de marcaje", "etat du numero de serie", "etat du marquage"],
    CountryOfManufacture => "country_of_manufacture": ["country of manufacture", "manufacturing country", "made in", "pais de fabricacion", "pais de manufactura", "pays de fabrication"],
    YearOfManufacture => "year_of_manufacture": ["year", "year of manufacture", "manufacture year", "ano", "ano de fabricacion", "annee", "annee de fabrication"],
    ImportCountry => "import_country": ["country of import", "import marking country", "pais de importacion", "pays d importation"],
    ImportYear => "import_year": ["year of import", "ano de importacion", "annee d importation"],
    OtherMarks => "other_marks": ["other markings", "markings", "proof marks", "marks", "otras marcas", "marcas", "autres marquages", "marquages"],
    Action => "action": ["mechanism", "action type", "mecanismo", "systeme", "fonctionnement"],
    Converted => "converted": ["conversion", "converted from", "convertida", "convertie", "transformee"],
    PrivatelyMade => "privately_made": ["privately made", "homemade", "craft", "3d printed", "artesanal", "fabrication artisanale"],
    Quantity => "quantity": ["qty", "rounds", "number of rounds", "cantidad", "quantite", "nombre de cartouches"],
    Headstamp => "headstamp": ["head stamp", "marcaje del culote", "marquage du culot"],
    Lot => "lot": ["lot number", "batch", "lote", "numero de lot"],
    Status => "status": ["estado", "statut", "situation", "record status", "current status"],
    Date => "date": ["event date", "date of event", "report date", "date of report", "date reported", "reported on", "registration date", "date of registration", "seizure date", "date of seizure", "date seized", "date of theft", "date of loss", "fecha", "fecha del evento", "fecha de registro", "fecha de incautacion", "fecha de denuncia", "fecha de robo", "date de saisie", "date d enregistrement", "date de declaration", "date du vol"],
    Holder => "holder": ["holder name", "owner", "owner name", "registered owner", "licensee", "licensee name", "titular", "propietario", "nombre del titular", "proprietaire", "detenteur", "titulaire", "name", "nombre", "nom", "company", "organisation", "organization", "empresa", "societe", "licence name", "license name"],
    HolderId => "holder_id": ["owner id", "holder id", "licence number", "license number", "licence no", "license no", "licence", "license", "permit number", "permit", "licence key", "license key", "rds key", "national id", "id number", "identity number", "numero de licencia", "licencia", "numero de permiso", "cedula", "dni", "numero de licence", "numero de permis", "permis"],
    HolderKind => "holder_kind": ["party kind", "person or organisation", "tipo de titular", "type de titulaire"],
    Street => "street": ["address", "street address", "premise street", "direccion", "calle", "adresse", "rue"],
    City => "city": ["town", "premise city", "ciudad", "localidad", "ville", "commune"],
    Region => "region": ["state", "province", "department", "premise state", "st", "provincia", "departamento", "province ou etat", "departement"],
    PostalCode => "postal_code": ["zip", "zip code", "postcode", "post code", "codigo postal", "code postal"],
    Country => "country": ["pais", "pays", "country of seizure", "country of event", "pais de incautacion", "pays de saisie", "nation"],
    Place => "place": ["location", "place of event", "place of seizure", "lugar", "lugar de incautacion", "lieu", "lieu de saisie", "locality", "site"],
    AdminArea => "admin_area": ["administrative area", "admin area", "area", "zone", "municipio", "municipalite"],
    Latitude => "lat": ["latitude", "latitud"],
    Longitude => "lon": ["longitude", "longitud", "lng", "long"],
    Agency => "agency": ["reporting agency", "seizing agency", "owning agency", "agencia", "organismo", "institucion", "agence", "service", "unite"],
    Handling => "handling": ["handling code", "tlp", "traffic light protocol", "codigo de manejo", "code de diffusion"],
    OwnerCountry => "owner_country": ["record country", "owning country"],
    IncidentRef => "incident": ["incident reference", "incident ref", "case", "case number", "case no", "case reference", "reference", "seizure reference", "operation", "referencia", "numero de caso", "caso", "expediente", "reference du dossier", "affaire", "dossier", "numero d affaire"],
    IncidentKind => "incident_kind": ["circumstance", "seizure kind", "how recovered", "circunstancia", "circonstance"],
    Context => "criminal_context": ["context", "criminal context", "offence", "offense", "crime", "legal justification", "contexto", "contexto criminal", "delito", "contexte", "infraction"],
    Person => "person": ["person name", "suspect", "suspect name", "persona", "sospechoso", "personne", "suspect nom", "mis en cause"],
    PersonRole => "person_role": ["role", "person role", "rol", "role de la personne"],
    RouteOrigin => "route_origin": ["origin", "origin country", "route origin", "country of origin", "pais de origen", "origen", "pays d origine", "origine"],
    RouteTransit => "route_transit": ["transit", "transit countries", "transit country", "route transit", "pais de transito", "transito", "pays de transit"],
    RouteDestination => "route_destination": ["destination", "destination country", "route destination", "pais de destino", "destino", "pays de destination"],
    Conveyance => "conveyance": ["transport", "mode of transport", "means of transport", "medio de transporte", "moyen de transport"],
    Concealment => "concealment": ["concealment method", "hidden in", "ocultamiento", "metodo de ocultamiento", "dissimulation"],
    LicenceKind => "licence_kind": ["licence type", "license type", "licence kind", "license kind", "type of licence", "tipo de licencia", "type de licence"],
    IssuingAuthority => "issuing_authority": ["issued by", "authority", "autoridad", "autorite", "autorite de delivrance"],
    IssueDate => "issued": ["issue date", "date of issue", "fecha de emision", "fecha de expedicion", "date de delivrance"],
    ExpiryDate => "expires": ["expiry date", "expiry", "expiration date", "valid until", "fecha de vencimiento", "fecha de caducidad", "date d expiration", "valable jusqu au"],
    Roles => "roles": ["party roles", "business", "activity", "actividad", "activite"],
    Description => "description": ["notes", "remarks", "comments", "observaciones", "descripcion", "remarques", "commentaires"],
    CreatedAt => "created_at": ["created"],
    CreatedBy => "created_by": ["author"],
    UpdatedAt => "updated_at": ["updated", "modified"],
    UpdatedBy => "updated_by": ["modified by"],
    ManufacturerId => "manufacturer_id": [],
    CalibreId => "calibre_id": [],
    TypeId => "type_id": [],
    ModelCanonical => "model_canonical": [],
    ItemId => "item_id": ["item"],
    Seq => "seq": ["sequence"],
    EventKind => "event": ["event kind", "event type", "evento", "evenement"],
    LicenceId => "licence_id": [],
    Parties => "parties": [],
}

/// The folded form of a header or alias.
pub fn header_key(h: &str) -> String {
    fold_key(&h.replace(['_', '-', '.', '/', '\u{a0}', '#', '°', 'º'], " "))
}

pub struct Catalog {
    by_key: HashMap<String, Field>,
}

impl Catalog {
    pub fn new() -> Catalog {
        let mut by_key = HashMap::new();
        for f in Field::ALL {
            by_key.insert(header_key(f.name()), *f);
            for a in f.aliases() {
                by_key.entry(header_key(a)).or_insert(*f);
            }
        }
        Catalog { by_key }
    }
    pub fn recognise(&self, header: &str) -> Option<Field> {
        let k = header_key(header);
        self.by_key.get(&k).copied().or_else(|| {
            // "Serial Number (as stamped)": the part before a bracket.
            k.split(['(', '[']).next().map(str::trim).and_then(|p| self.by_key.get(p).copied())
        })
    }
    pub fn by_name(&self, name: &str) -> Option<Field> {
        self.recognise(name)
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn headers_in_three_languages_and_messy_spacing() {
        let c = Catalog::new();
        assert_eq!(c.recognise("  Serial\u{a0}Number\u{a0}\u{a0}"), Some(Field::Serial));
        assert_eq!(c.recognise("NÚMERO DE SERIE"), Some(Field::Serial));
        assert_eq!(c.recognise("N° de série"), Some(Field::Serial));
        assert_eq!(c.recognise("Marca"), Some(Field::Manufacturer));
        assert_eq!(c.recognise("Calibre (mm)"), Some(Field::Calibre));
        assert_eq!(c.recognise("fecha_de_incautacion"), Some(Field::Date));
        assert_eq!(c.recognise("Pays de fabrication"), Some(Field::CountryOfManufacture));
        assert_eq!(c.recognise("unrelated column"), None);
        // Every alias is unambiguous.
        let mut seen: HashMap<String, Field> = HashMap::new();
        for f in Field::ALL {
            for a in f.aliases().iter().chain(std::iter::once(&f.name())) {
                if let Some(prev) = seen.insert(header_key(a), *f) {
                    assert_eq!(prev, *f, "alias {a} is on two fields");
                }
            }
        }
    }
}
