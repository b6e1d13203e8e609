#!/usr/bin/env python3
"""Writes the code-list tables of the nomenclature (firearm_types.tsv, criminal_contexts.tsv,
roles.tsv, conveyances.tsv, actions.tsv, event_kinds.tsv) from the lists below.

The lists are the project's own work (domain knowledge of how officers write these values in
English, Spanish and French); no external source was copied. Run from anywhere:
    python3 crates/domain/data/tools/gen_codes.py
"""
import os

DATA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# (code, en, es, fr, sdg_class, aliases separated by "|")
TYPES = [
    ("pistol", "Pistol", "Pistola", "Pistolet", "small_arm",
     "pistol|pistols|handgun|handguns|hand gun|semi-automatic pistol|semiautomatic pistol|semi-auto pistol|"
     "self-loading pistol|selfloading pistol|automatic pistol|pocket pistol|derringer|pist.|pst|PSTL|"
     "pistola|pistolas|pistola semiautomática|pistola semi-automática|pistola automática|pistola de bolsillo|"
     "arma corta|arma de puño|pistolet|pistolets|pistolet semi-automatique|pistolet automatique|"
     "arme de poing|Pistole|pistola semiautomatica|converted pistol|converted blank pistol|SLP"),
    ("revolver", "Revolver", "Revólver", "Revolver", "small_arm",
     "revolver|revolvers|revólver|revólveres|revolveres|rev.|rev|RVLR|revolv.|double-action revolver|"
     "single-action revolver|DA revolver|SA revolver|snub-nose revolver|snubnose revolver|snub nose|"
     "six-shooter|six gun|sixgun|wheel gun|wheelgun|revólver de tambor|revolver de tambor|"
     "revolver à barillet|revolver de poche|top-break revolver|percussion revolver|cap and ball revolver|"
     "black powder revolver|Trommelrevolver"),
    ("rifle", "Rifle", "Fusil", "Fusil", "small_arm",
     "rifle|rifles|carbine|carbines|carbina|carabina|carabinas|carabine|carabines|carb.|RFL|assault rifle|"
     "long gun|fusil|fusils|fusiles|fusil d'assaut|fusil de asalto|rifle de asalto|automatic rifle|"
     "rifle automático|semi-automatic rifle|bolt-action rifle|fusil à verrou|hunting rifle|carabine de chasse|"
     "sniper rifle|fusil de précision|fusil de tireur d'élite|DMR|SBR|mosquetón|mousqueton|musket|arma larga|"
     "arme d'épaule|Gewehr|Büchse"),
    ("shotgun", "Shotgun", "Escopeta", "Fusil de chasse", "small_arm",
     "shotgun|shotguns|shot gun|scattergun|scatter gun|pump-action shotgun|pump shotgun|riot gun|"
     "semi-automatic shotgun|double-barrel shotgun|over-and-under shotgun|side-by-side shotgun|"
     "sawn-off shotgun|sawed-off shotgun|fowling piece|lupara|SHTG|escopeta|escopetas|escopeta de corredera|"
     "escopeta de bombeo|escopeta recortada|escopeta de dos cañones|escopeta superpuesta|escopeta paralela|"
     "fusil de chasse|fusils de chasse|fusil à pompe|fusil à canon lisse|fusil superposé|fusil juxtaposé|"
     "fusil à canon scié|canon scié|Flinte|Schrotflinte"),
    ("submachine_gun", "Submachine gun", "Subfusil", "Pistolet-mitrailleur", "small_arm",
     "submachine gun|submachine guns|sub-machine gun|sub machine gun|submachine-gun|SMG|SMGs|"
     "machine pistol|machine-pistol|machine carbine|personal defence weapon|personal defense weapon|PDW|"
     "subfusil|subfusiles|subametralladora|sub-ametralladora|pistola ametralladora|metralleta|metralletas|"
     "pistolet-mitrailleur|pistolets-mitrailleurs|mitraillette|mitraillettes|Maschinenpistole|"
     "submetralhadora|pistola-metralhadora|pistola subametralladora"),
    ("machine_gun", "Machine gun", "Ametralladora", "Mitrailleuse", "small_arm",
     "machine gun|machine guns|machine-gun|machinegun|MG|LMG|GPMG|HMG|MMG|light machine gun|"
     "medium machine gun|heavy machine gun|general-purpose machine gun|general purpose machine gun|"
     "squad automatic weapon|SAW|ametralladora|ametralladoras|ametralladora ligera|ametralladora media|"
     "ametralladora pesada|ametralladora de uso general|mitrailleuse|mitrailleuses|mitrailleuse légère|"
     "mitrailleuse lourde|mitrailleuse polyvalente|fusil-mitrailleur|fusils-mitrailleurs|FM|"
     "Maschinengewehr|metralhadora"),
    ("light_weapon", "Light weapon", "Arma ligera", "Arme légère", "light_weapon",
     "light weapons|armas ligeras|armes légères|grenade launcher|grenade launchers|under-barrel grenade launcher|"
     "UGL|automatic grenade launcher|AGL|lance-grenades|lance-grenade|lanzagranadas|lanza granadas|RPG|"
     "RPG launcher|rocket-propelled grenade launcher|rocket launcher|lance-roquettes|lance-roquette|"
     "lanzacohetes|bazooka|mortar|mortars|mortero|morteros|mortier|mortiers|recoilless rifle|recoilless gun|"
     "cañón sin retroceso|canon sans recul|anti-tank weapon|ATGM|MANPADS|portable anti-tank gun|"
     "portable anti-aircraft gun"),
    ("other_firearm", "Other firearm", "Otra arma de fuego", "Autre arme à feu", "small_arm",
     "other|otro|otra|autre|other firearms|otras armas de fuego|autres armes à feu|misc|any other weapon|AOW|"
     "zip gun|improvised firearm|improvised gun|homemade firearm|homemade gun|craft firearm|"
     "artisanal firearm|pipe gun|slam gun|pen gun|cane gun|ghost gun|privately made firearm|PMF|"
     "3D-printed firearm|combination gun|drilling|arma hechiza|hechiza|arma artesanal|"
     "arma de fabricación casera|arma de fuego artesanal|arme artisanale|arme de fabrication artisanale|"
     "arme à feu improvisée|stylo pistolet"),
]

# (code, en, es, fr, aliases separated by "|")
CONTEXTS = [
    ("illicit_trafficking", "Illicit trafficking", "Tráfico ilícito", "Trafic illicite",
     "trafficking|arms trafficking|firearms trafficking|gun trafficking|weapons trafficking|gunrunning|"
     "gun running|smuggling|arms smuggling|gun smuggling|weapons smuggling|firearms smuggling|"
     "illicit transfer|illegal transfer|illegal export|illegal import|diversion|straw purchase|"
     "straw purchasing|contrabando|contrabando de armas|tráfico de armas|tráfico ilícito de armas|"
     "tráfico ilícito de armas de fuego|tráfico de armas de fuego|transferencia ilícita|desvío|"
     "exportación ilegal|importación ilegal|introducción ilegal de armas|trafic d'armes|trafic illicite d'armes|"
     "trafic d'armes à feu|contrebande|contrebande d'armes|transfert illicite|détournement|"
     "exportation illégale|importation illégale|Waffenhandel|Waffenschmuggel"),
    ("illicit_possession", "Illicit possession", "Tenencia ilícita", "Détention illicite",
     "illegal possession|unlawful possession|unlicensed possession|possession|possession without licence|"
     "possession without license|possession of a prohibited weapon|felon in possession|illegal carrying|"
     "unlawful carrying|carrying without licence|carrying without a permit|unregistered firearm|"
     "tenencia|tenencia ilegal|tenencia ilegal de armas|tenencia ilícita de armas|posesión ilegal|"
     "posesión ilícita|porte ilegal|porte ilegal de armas|portación ilegal|portación ilegal de arma de fuego|"
     "portación de arma de fuego sin licencia|arma sin registro|détention illégale|détention d'arme|"
     "détention d'arme prohibée|détention d'arme sans autorisation|port d'arme prohibé|port illégal d'arme|"
     "port d'arme illégal|possession illégale|unerlaubter Waffenbesitz"),
    ("illicit_manufacturing", "Illicit manufacturing", "Fabricación ilícita", "Fabrication illicite",
     "illicit manufacture|illegal manufacturing|illegal manufacture|unlicensed manufacturing|"
     "unlicensed manufacture|illegal assembly|illegal conversion|conversion|reactivation|illegal reactivation|"
     "clandestine workshop|homemade firearms production|fabricación ilegal|fabricación ilícita de armas|"
     "fabricación clandestina|fabricación artesanal ilegal|conversión ilegal|reactivación|taller clandestino|"
     "fabrication illégale|fabrication clandestine|fabrication illicite d'armes|transformation illégale|"
     "conversion illégale|réactivation|atelier clandestin|illegale Herstellung"),
    ("violent_crime", "Violent crime", "Delito violento", "Crime violent",
     "violent crimes|violence|homicide|homicides|murder|attempted murder|manslaughter|robbery|armed robbery|"
     "assault|aggravated assault|armed assault|shooting|kidnapping|carjacking|domestic violence|femicide|"
     "threats|intimidation|delitos violentos|homicidio|homicidio doloso|tentativa de homicidio|asesinato|"
     "feminicidio|femicidio|robo|robo a mano armada|robo con violencia|asalto|asalto a mano armada|atraco|"
     "lesiones|secuestro|amenazas|violencia doméstica|violencia intrafamiliar|crimes violents|meurtre|"
     "tentative de meurtre|assassinat|vol à main armée|vol avec arme|braquage|vol qualifié|agression|"
     "coups et blessures|enlèvement|menaces|violence conjugale|féminicide|Raub|Mord"),
    ("drug_trafficking", "Drug trafficking", "Narcotráfico", "Trafic de stupéfiants",
     "drugs|drug dealing|drug smuggling|drug offence|drug offense|drug-related|narcotics|"
     "narcotics trafficking|drug trade|narcotráfico|narcotrafico|narcomenudeo|microtráfico|narco|"
     "tráfico de drogas|tráfico de estupefacientes|tráfico de narcóticos|delitos contra la salud|"
     "contra la salud|trafic de drogue|trafic de drogues|trafic de stupéfiants|stupéfiants|narcotrafic|"
     "infraction à la législation sur les stupéfiants|ILS|Drogenhandel|Rauschgifthandel"),
    ("organized_crime", "Organized crime", "Crimen organizado", "Crime organisé",
     "organised crime|organized criminal group|organised criminal group|OCG|criminal organization|"
     "criminal organisation|criminal group|gang|gangs|gang-related|street gang|mafia|cartel|cartels|"
     "racketeering|extortion|delincuencia organizada|delincuencia organizada transnacional|"
     "grupo delictivo organizado|organización criminal|banda criminal|bandas criminales|bacrim|pandilla|"
     "pandillas|mara|maras|extorsión|crime organisé|criminalité organisée|bande organisée|"
     "association de malfaiteurs|organisation criminelle|groupe criminel organisé|racket|"
     "organisierte Kriminalität"),
    ("terrorism", "Terrorism", "Terrorismo", "Terrorisme",
     "terrorist|terrorists|terror|terrorist act|terrorist attack|terrorist organization|"
     "terrorist organisation|terrorist financing|violent extremism|extremism|atentado|atentado terrorista|"
     "acto terrorista|terrorista|terroristas|financiamiento del terrorismo|financiación del terrorismo|"
     "extremismo violento|attentat|attentat terroriste|acte de terrorisme|acte terroriste|terroriste|"
     "financement du terrorisme|extrémisme violent|Terrorismus"),
    ("other", "Other", "Otro", "Autre",
     "others|otro delito|otros|otra|autre|autres|autre infraction|miscellaneous|misc|unknown|unspecified|"
     "not specified|desconocido|no especificado|sin especificar|inconnu|non spécifié|non précisé|"
     "money laundering|lavado de dinero|lavado de activos|blanqueo de capitales|blanchiment|"
     "blanchiment d'argent|corruption|corrupción|fraud|fraude|poaching|caza furtiva|braconnage|"
     "hunting offence|infracción de caza|infraction de chasse|administrative offence|infracción administrativa|"
     "infraction administrative|alteration of markings|obliterated serial number|alteración de marcas|"
     "número de serie borrado|altération du marquage|numéro de série effacé|suicide|suicidio|accident|"
     "accidente|sonstige"),
]

ROLES = [
    ("suspect", "Suspect", "Sospechoso", "Suspect",
     "suspects|accused|defendant|offender|perpetrator|perp|arrested person|arrestee|detainee|"
     "person of interest|sospechosa|sospechosos|imputado|imputada|acusado|acusada|detenido|detenida|"
     "aprehendido|presunto responsable|investigado|indiciado|procesado|mis en cause|mise en cause|"
     "personne mise en cause|prévenu|prévenue|accusé|accusée|auteur|interpellé|gardé à vue|Beschuldigter|"
     "Tatverdächtiger"),
    ("owner", "Owner", "Propietario", "Propriétaire",
     "registered owner|legal owner|lawful owner|rightful owner|owner of record|licence holder|"
     "license holder|licensee|holder|registrant|propietaria|dueño|dueña|titular|titular de la licencia|"
     "poseedor legal|tenedor|tenedor legal|titulaire|titulaire du permis|détenteur|détenteur légal|"
     "propriétaire légitime|Eigentümer|Besitzer"),
    ("buyer", "Buyer", "Comprador", "Acheteur",
     "purchaser|acquirer|customer|client|consignee|end user|end-user|recipient|straw purchaser|"
     "compradora|adquirente|adquiriente|cliente|consignatario|destinatario|usuario final|acheteuse|"
     "acquéreur|destinataire|utilisateur final|Käufer|Erwerber"),
    ("seller", "Seller", "Vendedor", "Vendeur",
     "vendor|dealer|arms dealer|gun dealer|firearms dealer|retailer|supplier|broker|arms broker|transferor|"
     "vendedora|proveedor|distribuidor|intermediario|corredor|armería|vendeuse|fournisseur|marchand|"
     "armurier|courtier|intermédiaire|Verkäufer|Händler"),
    ("courier", "Courier", "Correo", "Passeur",
     "mule|drug mule|carrier|transporter|driver|smuggler|runner|correo humano|mula|burrero|burrera|"
     "transportista|conductor|chofer|chófer|mensajero|passeuse|convoyeur|transporteur|chauffeur|porteur|"
     "Kurier|Schmuggler"),
    ("witness", "Witness", "Testigo", "Témoin",
     "witnesses|eyewitness|eye witness|bystander|informant|complainant|reporting person|declarant|"
     "testigos|testigo presencial|informante|denunciante|declarante|témoins|témoin oculaire|informateur|"
     "plaignant|plaignante|déclarant|Zeuge"),
]

CONVEYANCES = [
    ("land", "Land", "Terrestre", "Terrestre",
     "road|by road|by land|overland|land border|border crossing|car|cars|passenger car|truck|lorry|"
     "heavy goods vehicle|HGV|van|pickup|pick-up|SUV|bus|coach|taxi|motorcycle|motorbike|rail|railway|train|"
     "vehicle|motor vehicle|on foot|pedestrian|carretera|vía terrestre|por tierra|por carretera|automóvil|"
     "auto|coche|carro|camión|camioneta|furgoneta|tractocamión|autobús|ómnibus|micro|moto|motocicleta|"
     "tren|ferrocarril|vehículo|a pie|peatón|routier|route|voie terrestre|par route|par voie terrestre|"
     "voiture|camion|camionnette|poids lourd|autocar|car de transport|chemin de fer|ferroviaire|véhicule|"
     "à pied|piéton|Straße|LKW|PKW"),
    ("sea", "Sea", "Marítimo", "Maritime",
     "by sea|maritime transport|vessel|boat|ship|cargo ship|container ship|container|shipping container|"
     "sea container|sea freight|ocean freight|ferry|yacht|sailboat|fishing boat|speedboat|go-fast|"
     "semi-submersible|port|seaport|harbour|harbor|river|inland waterway|waterway|marítimo|marítima|"
     "vía marítima|por mar|barco|buque|embarcación|lancha|lancha rápida|velero|contenedor|puerto|ferri|"
     "transbordador|panga|cayuco|carga marítima|fluvial|vía fluvial|voie maritime|par mer|par voie maritime|"
     "navire|bateau|bateau de pêche|vedette|pirogue|conteneur|fret maritime|voie fluviale|Schiff|Seefracht"),
    ("air", "Air", "Aéreo", "Aérien",
     "by air|aircraft|airplane|aeroplane|plane|flight|airline|airport|air cargo|air freight|"
     "checked baggage|hold baggage|hand luggage|passenger luggage|helicopter|light aircraft|drone|UAV|"
     "aéreo|aérea|vía aérea|por aire|por vía aérea|avión|avioneta|vuelo|aeropuerto|carga aérea|"
     "equipaje|equipaje facturado|helicóptero|dron|aérien|aérienne|voie aérienne|par voie aérienne|avion|"
     "vol|aéroport|fret aérien|bagage|bagages|bagage en soute|hélicoptère|Luftfracht|Flugzeug"),
    ("postal", "Postal", "Postal", "Postal",
     "post|mail|parcel|parcels|package|packet|letter|postal parcel|postal service|postal shipment|"
     "parcel post|small parcel|courier service|courier|express courier|express mail|express delivery|"
     "fast parcel|EMS|airmail|air mail|mail order|correo|correo postal|correo expreso|servicio postal|"
     "paquete|paquetería|encomienda|envío postal|mensajería|courrier|poste|la poste|colis|colis postal|"
     "envoi postal|messagerie|courrier express|Paket|Postsendung"),
]

ACTIONS = [
    ("semi_automatic", "Semi-automatic", "Semiautomática", "Semi-automatique",
     "semi automatic|semiautomatic|semi-auto|semiauto|semi|self-loading|selfloading|autoloading|"
     "auto-loading|autoloader|semiautomático|semi-automática|semi-automático|autocargable|"
     "semi automatique|à chargement automatique|autochargeant|halbautomatisch|"
     "Selbstlader"),
    ("automatic", "Automatic", "Automática", "Automatique",
     "full auto|full-auto|fully automatic|automatic fire|select fire|select-fire|selective fire|burst|"
     "burst fire|automático|ráfaga|fuego automático|tiro automático|fuego selectivo|tir automatique|"
     "rafale|tir en rafale|tir sélectif|vollautomatisch|Dauerfeuer"),
    ("bolt_action", "Bolt action", "Cerrojo", "À verrou",
     "bolt-action|bolt|turn bolt|turn-bolt|straight pull|straight-pull|straight pull bolt|Mauser action|"
     "cerrojo|de cerrojo|acción de cerrojo|cerrojo giratorio|cerrojo lineal|cerrojo recto|verrou|"
     "à verrou rectiligne|verrou rectiligne|culasse à verrou|Repetierer|Zylinderverschluss"),
    ("lever_action", "Lever action", "Palanca", "À levier",
     "lever-action|lever|under-lever|palanca|de palanca|acción de palanca|palanca de guardamonte|levier|"
     "à levier de sous-garde|levier de sous-garde|sous-garde|Unterhebel|Unterhebelrepetierer"),
    ("pump_action", "Pump action", "Corredera", "À pompe",
     "pump-action|pump|slide action|slide-action|trombone|corredera|de corredera|acción de bomba|bomba|"
     "bombeo|de bombeo|pompe|à coulisse|action à pompe|Vorderschaftrepetierer|Pumpgun"),
    ("break_action", "Break action", "Basculante", "Basculant",
     "break-action|break open|break-open|top-break|top break|tip-up|hinged|hinge action|over-under|"
     "over and under|over/under|O/U|side-by-side|side by side|SxS|double barrel|double-barrelled|"
     "double-barreled|basculante|de quiebre|abisagrada|superpuesta|yuxtapuesta|paralela|dos cañones|"
     "à bascule|canon basculant|superposé|juxtaposé|Kipplauf|Bockflinte|Doppelflinte"),
    ("single_shot", "Single shot", "Tiro único", "À un coup",
     "single-shot|singleshot|one shot|single loader|falling block|rolling block|tiro a tiro|monotiro|"
     "un tiro|de un tiro|tiro simple|a un tiro|un coup|monocoup|arme à un coup|Einzellader"),
    ("revolver_double_action", "Revolver, double action", "Revólver de doble acción", "Revolver double action",
     "double action|double-action|DA|DA/SA|DAO|double action only|double-action only|double action revolver|"
     "double-action revolver|revolver DA|doble acción|doble accion|acción doble|revólver doble acción|"
     "double action (revolver)|revolver à double action"),
    ("revolver_single_action", "Revolver, single action", "Revólver de simple acción", "Revolver simple action",
     "single action|single-action|SA|SAO|single action only|single action revolver|single-action revolver|"
     "revolver SA|simple acción|acción simple|revólver simple acción|simple action|action simple|"
     "revolver à simple action"),
    ("other", "Other", "Otro", "Autre",
     "others|otro|otra|autre|autres|unknown|desconocido|inconnu|muzzle-loading|muzzleloading|muzzleloader|"
     "muzzle loader|black powder|percussion|flintlock|matchlock|wheellock|avancarga|de avancarga|pistón|"
     "percusión|pedernal|chispa|chargement par la bouche|poudre noire|à silex|silex|à percussion|"
     "improvised|improvisado|improvisé|Vorderlader"),
]

EVENT_KINDS = [
    ("manufactured", "Manufactured", "Fabricada", "Fabriquée",
     "manufacture|manufacturing|made|produced|production|fabricated|assembled|built|mfd|mfg|"
     "date of manufacture|year of manufacture|fabricado|fabricación|producida|producido|producción|"
     "ensamblada|ensamblado|año de fabricación|fabriqué|fabrication|produite|produit|assemblée|"
     "année de fabrication|hergestellt|Herstellung"),
    ("exported", "Exported", "Exportada", "Exportée",
     "export|exports|exportation|shipped abroad|exportado|exportación|exportar|salida del país|exporté|"
     "sortie du territoire|Ausfuhr|exportiert"),
    ("imported", "Imported", "Importada", "Importée",
     "import|imports|importado|importación|importar|ingreso al país|entrada al país|importé|importation|"
     "entrée sur le territoire|Einfuhr|importiert"),
    ("transferred", "Transferred", "Transferida", "Transférée",
     "transfer|transfers|sold|sale|sold to|change of ownership|ownership transfer|acquired|gifted|inherited|"
     "transferido|transferencia|traspaso|traspasada|vendida|vendido|venta|cesión|cedida|adquirida|donada|"
     "heredada|cambio de titular|cambio de propietario|transféré|transfert|cession|cédée|vendue|vendu|vente|"
     "acquise|héritée|changement de propriétaire|überlassen|Überlassung|verkauft"),
    ("registered", "Registered", "Registrada", "Enregistrée",
     "registration|register|licensed|licence issued|license issued|entered in register|registrado|registro|"
     "inscrita|inscrito|inscripción|empadronada|empadronamiento|matriculada|enregistré|enregistrement|"
     "inscrite|immatriculée|immatriculation|registriert|eingetragen"),
    ("reported_lost", "Reported lost", "Denunciada como perdida", "Déclarée perdue",
     "lost|loss|missing|reported missing|lost firearm|perdida|perdido|pérdida|extraviada|extraviado|"
     "extravío|reportada como perdida|denuncia de pérdida|perdue|perdu|perte|déclaration de perte|"
     "égarée|égaré|disparue|disparu|verloren|abhandengekommen|Verlust"),
    ("reported_stolen", "Reported stolen", "Denunciada como robada", "Déclarée volée",
     "stolen|theft|stolen firearm|burglary|robbed|robada|robado|robo|hurtada|hurtado|hurto|sustraída|"
     "sustraído|sustracción|reportada como robada|denuncia de robo|volée|volé|vol|déclaration de vol|"
     "dérobée|dérobé|cambriolage|gestohlen|Diebstahl"),
    ("seized", "Seized", "Incautada", "Saisie",
     "seizure|seize|confiscated|confiscation|impounded|intercepted|interception|interdicted|"
     "placed under seal|taken into custody|incautada|incautado|incautación|decomisada|decomisado|decomiso|"
     "asegurada|asegurado|aseguramiento|confiscada|confiscado|interceptada|retenida|retenido|saisi|"
     "saisies|confisquée|confisqué|interceptée|mise sous scellés|beschlagnahmt|sichergestellt|"
     "Beschlagnahme|Sicherstellung"),
    ("found", "Found", "Hallada", "Trouvée",
     "discovered|located|abandoned|found abandoned|arms cache|weapons cache|hallado|hallazgo|encontrada|"
     "encontrado|localizada|localizado|abandonada|abandonado|trouvé|découverte|découvert|abandonnée|"
     "abandonné|cache d'armes|gefunden|Fund"),
    ("surrendered", "Surrendered", "Entregada", "Remise",
     "surrender|handed in|handed over|voluntarily surrendered|voluntary surrender|amnesty|buy-back|buyback|"
     "gun buyback|weapons collection|entregado|entrega|entrega voluntaria|canje|canje de armas|"
     "desarme voluntario|amnistía|remis|remise volontaire|remise d'arme|abandon volontaire|"
     "collecte d'armes|amnistie|abgegeben|Abgabe"),
    ("recovered", "Recovered", "Recuperada", "Récupérée",
     "recovery|retrieved|returned to owner|restored to owner|recuperado|recuperación|devuelta|devuelto|"
     "restituida|restituido|récupéré|récupération|restituée|restitué|restitution|wiedererlangt|"
     "zurückgegeben"),
    ("deactivated", "Deactivated", "Inutilizada", "Neutralisée",
     "deactivation|deactivate|rendered inoperable|disabled|demilitarized|demilitarised|demil|inutilizado|"
     "inutilización|desactivada|desactivado|inhabilitada|inhabilitado|neutralisé|neutralisation|"
     "désactivée|désactivé|unbrauchbar gemacht|deaktiviert"),
    ("destroyed", "Destroyed", "Destruida", "Détruite",
     "destruction|destroy|crushed|melted|smelted|cut up|scrapped|disposed of|disposal|destruido|"
     "destrucción|fundida|fundido|chatarrizada|aplastada|détruit|fondue|broyée|ferraillée|zerstört|"
     "Vernichtung"),
]


def clean(cell):
    assert "\t" not in cell and "\n" not in cell and "\r" not in cell, cell
    return cell.strip()


def aliases(labels, raw):
    """Aliases as a "|" list: the labels in the three languages, then the written forms; no empty
    item, no repeat (case-insensitive)."""
    seen = set()
    out = []
    for a in [l.lower() for l in labels[1:]] + raw.split("|"):
        a = clean(a)
        if a and a.casefold() not in seen:
            seen.add(a.casefold())
            out.append(a)
    return "|".join(out)


def write(name, header, rows):
    path = os.path.join(DATA, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(clean(c) for c in r) + "\n")
    print(f"{name}: {len(rows)} rows")


def main():
    write("firearm_types.tsv", ["code", "en", "es", "fr", "sdg_class", "aliases"],
          [(c, en, es, fr, k, aliases([c, en, es, fr], a)) for c, en, es, fr, k, a in TYPES])
    for name, table in [("criminal_contexts.tsv", CONTEXTS), ("roles.tsv", ROLES),
                        ("conveyances.tsv", CONVEYANCES), ("actions.tsv", ACTIONS),
                        ("event_kinds.tsv", EVENT_KINDS)]:
        write(name, ["code", "en", "es", "fr", "aliases"],
              [(c, en, es, fr, aliases([c, en, es, fr], a)) for c, en, es, fr, a in table])


if __name__ == "__main__":
    main()
