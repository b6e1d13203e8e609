//! Every text of the pages in English, Spanish and French. Templates ask `tr.t("key")`; a test reads
//! the templates and fails on any key missing here or missing a language.

use armstrace_domain::account::Language;

/// key, English, Spanish, French.
pub const TEXTS: &[(&str, &str, &str, &str)] = &[
    ("app.tagline", "Firearms records, checks and tracing", "Registros, verificación y rastreo de armas de fuego", "Registres, vérification et traçage des armes à feu"),
    ("nav.dashboard", "Dashboard", "Inicio", "Tableau de bord"),
    ("nav.items", "Firearms and items", "Armas y artículos", "Armes et articles"),
    ("nav.users", "Users", "Usuarios", "Utilisateurs"),
    ("nav.audit", "Audit log", "Registro de auditoría", "Journal d'audit"),
    ("nav.sign_out", "Sign out", "Cerrar sesión", "Se déconnecter"),
    ("nav.language", "Language", "Idioma", "Langue"),
    ("nav.skip", "Skip to content", "Ir al contenido", "Aller au contenu"),
    ("login.title", "Sign in", "Iniciar sesión", "Connexion"),
    ("login.username", "User name", "Nombre de usuario", "Nom d'utilisateur"),
    ("login.password", "Password", "Contraseña", "Mot de passe"),
    ("login.submit", "Sign in", "Entrar", "Se connecter"),
    ("login.second_factor", "Second factor", "Segundo factor", "Second facteur"),
    ("login.code", "Six-digit code or recovery code", "Código de seis dígitos o código de recuperación", "Code à six chiffres ou code de secours"),
    ("login.verify", "Verify", "Verificar", "Vérifier"),
    ("login.setup", "Your account needs a second factor. Add this key to an authenticator app (TOTP), then enter the code it shows.", "Su cuenta necesita un segundo factor. Añada esta clave a una aplicación de autenticación (TOTP) e introduzca el código que muestra.", "Votre compte exige un second facteur. Ajoutez cette clé à une application d'authentification (TOTP), puis saisissez le code affiché."),
    ("login.key", "Key", "Clave", "Clé"),
    ("dash.title", "Dashboard", "Inicio", "Tableau de bord"),
    ("dash.visible", "Items you can see", "Artículos visibles para usted", "Articles visibles pour vous"),
    ("dash.seized", "Seized", "Incautados", "Saisis"),
    ("dash.stolen", "Reported stolen", "Denunciados como robados", "Déclarés volés"),
    ("dash.lost", "Reported lost", "Denunciados como perdidos", "Déclarés perdus"),
    ("dash.open_hits", "cross-check hits waiting for a decision", "coincidencias del cotejo por decidir", "concordances du contrôle à trancher"),
    ("dash.recent", "Most recent records", "Registros más recientes", "Enregistrements les plus récents"),
    ("items.title", "Firearms and items", "Armas y artículos", "Armes et articles"),
    ("items.filter", "Filter", "Filtrar", "Filtrer"),
    ("items.any", "any", "cualquiera", "tous"),
    ("items.count", "records", "registros", "enregistrements"),
    ("items.none", "No record matches.", "Ningún registro coincide.", "Aucun enregistrement ne correspond."),
    ("items.previous", "Previous", "Anterior", "Précédent"),
    ("items.next", "Next", "Siguiente", "Suivant"),
    ("field.serial", "Serial number", "Número de serie", "Numéro de série"),
    ("field.manufacturer", "Manufacturer", "Fabricante", "Fabricant"),
    ("field.model", "Model", "Modelo", "Modèle"),
    ("field.type", "Type", "Tipo", "Type"),
    ("field.calibre", "Calibre", "Calibre", "Calibre"),
    ("field.status", "Status", "Situación", "Statut"),
    ("field.agency", "Agency", "Organismo", "Organisme"),
    ("field.country", "Country", "País", "Pays"),
    ("field.country_of_manufacture", "Country of manufacture", "País de fabricación", "Pays de fabrication"),
    ("field.year", "Year of manufacture", "Año de fabricación", "Année de fabrication"),
    ("field.handling", "Handling code", "Código de tratamiento", "Code de diffusion"),
    ("field.serial_status", "Serial status", "Estado del número de serie", "État du numéro de série"),
    ("field.recorded", "Recorded", "Registrado", "Enregistré"),
    ("field.role", "Role", "Función", "Rôle"),
    ("field.clearance", "Clearance", "Habilitación", "Habilitation"),
    ("field.name", "Name", "Nombre", "Nom"),
    ("field.when", "When", "Cuándo", "Quand"),
    ("field.who", "Who", "Quién", "Qui"),
    ("field.action", "Action", "Acción", "Action"),
    ("field.record", "Record", "Registro", "Enregistrement"),
    ("field.detail", "Detail", "Detalle", "Détail"),
    ("field.from", "From", "Desde", "Depuis"),
    ("field.event", "Event", "Evento", "Événement"),
    ("field.place", "Place", "Lugar", "Lieu"),
    ("field.date", "Date", "Fecha", "Date"),
    ("field.disabled", "Disabled", "Desactivado", "Désactivé"),
    ("item.markings", "Markings (Firearms Protocol art. 8, ITI §8)", "Marcas (Protocolo sobre armas de fuego art. 8, ITI §8)", "Marquages (Protocole sur les armes à feu art. 8, ITI §8)"),
    ("item.history", "History", "Historial", "Historique"),
    ("item.no_history", "No event recorded.", "Ningún evento registrado.", "Aucun événement enregistré."),
    ("item.as_written", "as written", "tal como se escribió", "tel qu'écrit"),
    ("users.title", "Users", "Usuarios", "Utilisateurs"),
    ("users.add", "Add a user", "Añadir un usuario", "Ajouter un utilisateur"),
    ("users.policy", "Sign-in policy", "Política de inicio de sesión", "Politique de connexion"),
    (
        "users.policy_second_factor",
        "Every user of the agency signs in with a second factor (authenticator app)",
        "Todos los usuarios de la agencia inician sesión con un segundo factor (aplicación de autenticación)",
        "Chaque utilisateur de l'agence se connecte avec un second facteur (application d'authentification)"
    ),
    ("users.display_name", "Full name", "Nombre completo", "Nom complet"),
    ("users.password_hint", "At least 12 characters; a few words make a good password.", "Al menos 12 caracteres; unas cuantas palabras forman una buena contraseña.", "Au moins 12 caractères ; quelques mots font un bon mot de passe."),
    ("users.created", "User created.", "Usuario creado.", "Utilisateur créé."),
    ("audit.title", "Audit log", "Registro de auditoría", "Journal d'audit"),
    ("audit.chain_ok", "The chain is intact", "La cadena está intacta", "La chaîne est intacte"),
    ("audit.chain_broken", "The chain is broken at", "La cadena está rota en", "La chaîne est rompue à"),
    ("error.title", "Something is not right", "Algo no está bien", "Quelque chose ne va pas"),
    ("error.back", "Back to the dashboard", "Volver al inicio", "Retour au tableau de bord"),
    ("common.save", "Save", "Guardar", "Enregistrer"),
    ("common.yes", "yes", "sí", "oui"),
    ("common.no", "no", "no", "non"),
    ("status.unknown", "unknown", "desconocida", "inconnu"),
    ("status.manufactured", "manufactured", "fabricada", "fabriquée"),
    ("status.exported", "exported", "exportada", "exportée"),
    ("status.imported", "imported", "importada", "importée"),
    ("status.registered", "registered", "registrada", "enregistrée"),
    ("status.lost", "reported lost", "denunciada como perdida", "déclarée perdue"),
    ("status.stolen", "reported stolen", "denunciada como robada", "déclarée volée"),
    ("status.seized", "seized", "incautada", "saisie"),
    ("status.found", "found", "hallada", "trouvée"),
    ("status.surrendered", "surrendered", "entregada", "remise"),
    ("status.recovered", "recovered", "recuperada", "récupérée"),
    ("status.deactivated", "deactivated", "desactivada", "neutralisée"),
    ("status.destroyed", "destroyed", "destruida", "détruite"),
    ("nav.record_seizure", "Record a seizure", "Registrar una incautación", "Enregistrer une saisie"),
    ("seizure.title", "Record a seizure", "Registrar una incautación", "Enregistrer une saisie"),
    ("seizure.intro", "The standard template: the incident, then each seized item with its markings, then the persons. Write what is marked on the firearm; the nomenclature suggests names as you type.", "La plantilla estándar: el incidente, luego cada artículo incautado con sus marcas, luego las personas. Escriba lo que está marcado en el arma; la nomenclatura sugiere nombres mientras escribe.", "Le modèle standard : l'incident, puis chaque article saisi avec ses marquages, puis les personnes. Écrivez ce qui est marqué sur l'arme ; la nomenclature propose des noms pendant la saisie."),
    ("seizure.incident", "Incident", "Incidente", "Incident"),
    ("seizure.items", "Seized items", "Artículos incautados", "Articles saisis"),
    ("seizure.persons", "Persons", "Personas", "Personnes"),
    ("seizure.reference", "Case or seizure reference", "Referencia del caso o de la incautación", "Référence de l'affaire ou de la saisie"),
    ("seizure.date_hint", "YYYY-MM-DD; YYYY-MM or YYYY when only that is known", "AAAA-MM-DD; AAAA-MM o AAAA si solo se sabe eso", "AAAA-MM-JJ ; AAAA-MM ou AAAA si seul cela est connu"),
    ("seizure.admin_area", "Region or province", "Región o provincia", "Région ou province"),
    ("seizure.locality", "Town or place", "Localidad o lugar", "Ville ou lieu"),
    ("seizure.contexts", "Criminal context (comma-separated)", "Contexto delictivo (separado por comas)", "Contexte criminel (séparé par des virgules)"),
    ("seizure.summary", "Summary", "Resumen", "Résumé"),
    ("seizure.item", "Item", "Artículo", "Article"),
    ("seizure.person", "Person", "Persona", "Personne"),
    ("seizure.serial_hint", "As marked; type ? for each character you cannot read", "Tal como está marcado; escriba ? por cada carácter ilegible", "Tel que marqué ; tapez ? pour chaque caractère illisible"),
    ("seizure.import_country", "Import marking: country", "Marca de importación: país", "Marquage d'importation : pays"),
    ("seizure.import_year", "Import marking: year", "Marca de importación: año", "Marquage d'importation : année"),
    ("seizure.description", "Description, other marks", "Descripción, otras marcas", "Description, autres marquages"),
    ("seizure.more_rows", "More lines", "Más líneas", "Plus de lignes"),
    ("seizure.save", "Save the seizure", "Guardar la incautación", "Enregistrer la saisie"),
    ("seizure.errors", "Some values need correcting before the seizure can be saved.", "Algunos valores deben corregirse antes de guardar la incautación.", "Certaines valeurs doivent être corrigées avant d'enregistrer la saisie."),
    ("seizure.warnings", "Please check the warnings below; tick the box and save again if the values are right.", "Revise las advertencias; marque la casilla y guarde de nuevo si los valores son correctos.", "Vérifiez les avertissements ; cochez la case et enregistrez à nouveau si les valeurs sont correctes."),
    ("seizure.confirm", "I have checked the warnings", "He revisado las advertencias", "J'ai vérifié les avertissements"),
    ("person.name", "Name", "Nombre", "Nom"),
    ("person.role", "Role in the incident", "Papel en el incidente", "Rôle dans l'incident"),
    ("person.nationality", "Nationality", "Nacionalidad", "Nationalité"),
    ("person.birth_date", "Date of birth", "Fecha de nacimiento", "Date de naissance"),
    ("incident.title", "Incident", "Incidente", "Incident"),
    ("nav.incidents", "Incidents", "Incidentes", "Incidents"),
    ("nav.hits", "Hits", "Coincidencias", "Concordances"),
    ("nav.check", "Check a firearm", "Cotejar un arma", "Contrôler une arme"),
    ("hits.title", "Cross-check hits", "Coincidencias del cotejo", "Concordances du contrôle"),
    (
        "hits.intro",
        "Records of your agency that may be the same firearm as another record: confirm or reject each one.",
        "Registros de su agencia que pueden ser la misma arma que otro registro: confirme o rechace cada uno.",
        "Enregistrements de votre agence qui pourraient être la même arme qu'un autre : confirmez ou rejetez chacun."
    ),
    ("hits.none", "No hits.", "Ninguna coincidencia.", "Aucune concordance."),
    ("hits.one", "Hit", "Coincidencia", "Concordance"),
    ("hits.confidence", "Confidence", "Confianza", "Confiance"),
    ("hits.confidence_confirmed", "confirmed match", "coincidencia confirmada", "concordance confirmée"),
    ("hits.confidence_probable", "probable match", "coincidencia probable", "concordance probable"),
    ("hits.confidence_possible", "possible match", "coincidencia posible", "concordance possible"),
    ("hits.status_new", "waiting for a decision", "pendiente de decisión", "en attente de décision"),
    ("hits.status_confirmed", "confirmed: same firearm", "confirmada: misma arma", "confirmée : même arme"),
    ("hits.status_rejected", "rejected: not the same firearm", "rechazada: no es la misma arma", "rejetée : pas la même arme"),
    ("hits.checked_item", "Checked item", "Artículo cotejado", "Article contrôlé"),
    ("hits.matched_record", "Matching record", "Registro coincidente", "Enregistrement concordant"),
    (
        "hits.restricted",
        "This record is not yours to see; to learn more, contact",
        "Este registro no es visible para usted; para saber más, contacte a",
        "Cet enregistrement ne vous est pas visible ; pour en savoir plus, contactez"
    ),
    ("hits.decided", "Decided by", "Decidido por", "Décidé par"),
    ("hits.decide", "Your decision", "Su decisión", "Votre décision"),
    ("hits.confirm", "The same firearm", "La misma arma", "La même arme"),
    ("hits.reject", "Not the same firearm", "No es la misma arma", "Pas la même arme"),
    ("hits.reason", "Reason (needed to reject)", "Motivo (necesario para rechazar)", "Motif (nécessaire pour rejeter)"),
    ("check.file_title", "Check a file of firearms", "Cotejar un archivo de armas", "Contrôler un fichier d'armes"),
    ("check.file_checked", "firearms checked", "armas cotejadas", "armes contrôlées"),
    ("check.file_alerts", "with an alert", "con alerta", "avec alerte"),
    ("check.file_skipped", "Rows that could not be checked", "Filas que no se pudieron cotejar", "Lignes qui n'ont pas pu être contrôlées"),
    (
        "check.file_intro",
        "Or check a whole spreadsheet (CSV or XLSX) at once, e.g. the seizures of an operation: a serial column, and reference, make, model, type, calibre where known.",
        "O coteje una hoja de cálculo entera (CSV o XLSX), p. ej. las incautaciones de una operación: una columna de número de serie y, si se conocen, referencia, marca, modelo, tipo, calibre.",
        "Ou contrôlez tout un tableur (CSV ou XLSX), par ex. les saisies d'une opération : une colonne de numéro de série et, si connus, référence, marque, modèle, type, calibre."
    ),
    ("check.file_choose", "Spreadsheet", "Hoja de cálculo", "Tableur"),
    ("check.title", "Check a firearm", "Cotejar un arma", "Contrôler une arme"),
    (
        "check.intro",
        "Describe the firearm as marked: it is checked against every registered, lost, stolen, exported and seized record, misread and damaged serials included. Nothing is recorded.",
        "Describa el arma tal como está marcada: se coteja con todos los registros de armas registradas, perdidas, robadas, exportadas e incautadas, incluso con números de serie mal leídos o dañados. No se registra nada.",
        "Décrivez l'arme telle qu'elle est marquée : elle est contrôlée contre tous les enregistrements d'armes enregistrées, perdues, volées, exportées et saisies, numéros de série mal lus ou endommagés compris. Rien n'est enregistré."
    ),
    (
        "check.serial_hint",
        "As marked; write an illegible character as ?",
        "Tal como está marcado; escriba un carácter ilegible como ?",
        "Tel que marqué ; écrivez un caractère illisible avec ?"
    ),
    ("check.submit", "Check", "Cotejar", "Contrôler"),
    ("check.answers", "Candidates", "Candidatos", "Candidats"),
    ("check.nothing", "No record comes close.", "Ningún registro se acerca.", "Aucun enregistrement ne s'en approche."),
    ("check.why", "Why", "Por qué", "Pourquoi"),
    (
        "check.restricted",
        "a record you may not see: contact its agency",
        "un registro que no puede ver: contacte a su agencia",
        "un enregistrement que vous ne pouvez pas voir : contactez son agence"
    ),
    ("incidents.title", "Incidents: seizures, finds, surrenders", "Incidentes: incautaciones, hallazgos, entregas", "Incidents : saisies, découvertes, remises"),
    ("incidents.reference", "Reference", "Referencia", "Référence"),
    ("incidents.kind", "Kind", "Tipo", "Type"),
    ("incidents.items", "Items", "Artículos", "Articles"),
    ("incidents.none", "No incident matches.", "Ningún incidente coincide.", "Aucun incident ne correspond."),
    ("incident_kind.seizure", "Seizure", "Incautación", "Saisie"),
    ("incident_kind.found", "Found", "Hallazgo", "Découverte"),
    ("incident_kind.surrender", "Surrender", "Entrega voluntaria", "Remise volontaire"),
    ("incident_kind.crime", "Crime", "Delito", "Infraction"),
    ("incident.saved", "The seizure is recorded.", "La incautación está registrada.", "La saisie est enregistrée."),
    ("incident.contexts", "Criminal context", "Contexto delictivo", "Contexte criminel"),
    ("nav.import", "Import a file", "Importar un archivo", "Importer un fichier"),
    ("import.title", "Import a file", "Importar un archivo", "Importer un fichier"),
    ("import.intro", "CSV or XLSX: registry extracts, lost and stolen reports, seizures, licensees. Headers are recognised in English, Spanish and French. One bad row and nothing is written, unless you choose to write the good rows; either way every bad row is listed with what to fix.", "CSV o XLSX: extractos del registro, denuncias de pérdida y robo, incautaciones, titulares de licencias. Los encabezados se reconocen en inglés, español y francés. Una fila errónea y no se escribe nada, salvo que elija escribir las filas correctas; en ambos casos cada fila errónea se lista con lo que hay que corregir.", "CSV ou XLSX : extraits du registre, déclarations de perte et de vol, saisies, titulaires de licences. Les en-têtes sont reconnus en anglais, espagnol et français. Une ligne erronée et rien n'est écrit, sauf si vous choisissez d'écrire les lignes correctes ; dans tous les cas chaque ligne erronée est listée avec ce qu'il faut corriger."),
    ("import.kind", "What the file holds", "Contenido del archivo", "Contenu du fichier"),
    ("import.kind.registry", "Registry extract", "Extracto del registro", "Extrait du registre"),
    ("import.kind.lost_stolen", "Lost and stolen reports", "Denuncias de pérdida y robo", "Déclarations de perte et de vol"),
    ("import.kind.seizures", "Seizures", "Incautaciones", "Saisies"),
    ("import.kind.licensees", "Licensees", "Titulares de licencias", "Titulaires de licences"),
    ("import.file", "File (CSV or XLSX)", "Archivo (CSV o XLSX)", "Fichier (CSV ou XLSX)"),
    ("import.partial", "Write the good rows even if some are bad", "Escribir las filas correctas aunque haya filas erróneas", "Écrire les lignes correctes même si certaines sont erronées"),
    ("import.start", "Import", "Importar", "Importer"),
    ("import.running", "Importing…", "Importando…", "Import en cours…"),
    ("import.rows_read", "rows read", "filas leídas", "lignes lues"),
    ("import.done", "Import finished", "Importación terminada", "Import terminé"),
    ("import.rows_written", "rows written", "filas escritas", "lignes écrites"),
    ("import.rows_refused", "rows refused", "filas rechazadas", "lignes refusées"),
    ("import.report", "Rows to correct", "Filas que corregir", "Lignes à corriger"),
    ("import.nothing_written", "Nothing was written. Correct these rows and import the file again.", "No se escribió nada. Corrija estas filas e importe el archivo de nuevo.", "Rien n'a été écrit. Corrigez ces lignes et importez le fichier à nouveau."),
    ("import.row", "Row", "Fila", "Ligne"),
    ("import.column", "Column", "Columna", "Colonne"),
    ("import.problem", "What is wrong, what is expected", "Qué está mal, qué se espera", "Ce qui ne va pas, ce qui est attendu"),
    ("import.warnings", "Warnings", "Advertencias", "Avertissements"),
    ("nav.account", "My account", "Mi cuenta", "Mon compte"),
    ("account.title", "My account", "Mi cuenta", "Mon compte"),
    ("account.email", "Notifications", "Notificaciones", "Notifications"),
    ("account.email_label", "E-mail address", "Correo electrónico", "Adresse électronique"),
    (
        "account.email_hint",
        "New cross-check hits for your agency are also sent here (a link only, never record details). Leave empty for none.",
        "Las nuevas coincidencias del cotejo para su agencia también se envían aquí (solo un enlace, nunca datos de los registros). Déjelo vacío para no recibir nada.",
        "Les nouvelles concordances du contrôle pour votre agence sont aussi envoyées ici (un lien seulement, jamais de données). Laissez vide pour ne rien recevoir."
    ),
    ("account.change_password", "Change the password", "Cambiar la contraseña", "Changer le mot de passe"),
    ("account.current_password", "Current password", "Contraseña actual", "Mot de passe actuel"),
    ("account.new_password", "New password", "Contraseña nueva", "Nouveau mot de passe"),
    ("account.password_changed", "The password is changed; sign in again.", "La contraseña ha cambiado; inicie sesión de nuevo.", "Le mot de passe est changé ; reconnectez-vous."),
    ("account.second_factor_set", "The second factor is set up.", "El segundo factor está configurado.", "Le second facteur est configuré."),
    ("account.recovery_codes", "Recovery codes", "Códigos de recuperación", "Codes de secours"),
    ("account.codes_once", "Each code opens one sign-in without your authenticator app. Keep them somewhere safe: they are shown only now.", "Cada código permite un inicio de sesión sin la aplicación de autenticación. Guárdelos en lugar seguro: solo se muestran ahora.", "Chaque code ouvre une connexion sans votre application d'authentification. Gardez-les en lieu sûr : ils ne sont affichés que maintenant."),
    ("account.new_codes", "New recovery codes", "Nuevos códigos de recuperación", "Nouveaux codes de secours"),
    ("users.disable", "Disable", "Desactivar", "Désactiver"),
    ("users.enable", "Enable", "Activar", "Activer"),
    ("users.reset", "Set password", "Fijar contraseña", "Fixer le mot de passe"),
    ("users.actions", "Actions", "Acciones", "Actions"),
    ("photos.title", "Photos", "Fotos", "Photos"),
    ("photos.none", "No photo yet.", "Todavía no hay fotos.", "Pas encore de photo."),
    ("photos.add", "Photos of the firearm and its markings (JPEG, PNG or WebP)", "Fotos del arma y de sus marcas (JPEG, PNG o WebP)", "Photos de l'arme et de ses marquages (JPEG, PNG ou WebP)"),
    ("photos.upload", "Add the photos", "Añadir las fotos", "Ajouter les photos"),
    ("nav.agencies", "Agencies", "Organismos", "Organismes"),
    ("agencies.title", "Agencies of this node", "Organismos de este nodo", "Organismes de ce nœud"),
    ("agencies.code", "Agency code", "Código del organismo", "Code de l'organisme"),
    ("agencies.add", "Add an agency", "Añadir un organismo", "Ajouter un organisme"),
    ("agencies.added", "Agency added:", "Organismo añadido:", "Organisme ajouté :"),
    ("share.title", "Shared with (need to know)", "Compartido con (necesidad de conocer)", "Partagé avec (besoin d'en connaître)"),
    ("share.none", "Shared by its handling code only.", "Compartido solo según su código de tratamiento.", "Partagé seulement selon son code de diffusion."),
    ("share.agency", "Agency code", "Código del organismo", "Code de l'organisme"),
    ("share.user", "or user name", "o nombre de usuario", "ou nom d'utilisateur"),
    ("share.hint", "RED and AMBER+STRICT records are shared with named users only.", "Los registros RED y AMBER+STRICT solo se comparten con usuarios nominales.", "Les enregistrements RED et AMBER+STRICT ne sont partagés qu'avec des utilisateurs nommés."),
    ("share.submit", "Share", "Compartir", "Partager"),
    ("import.another", "Import another file", "Importar otro archivo", "Importer un autre fichier"),    ("nav.directory", "Directory of authorities", "Directorio de autoridades", "Répertoire des autorités"),
    ("dir.title", "Directory of competent national authorities", "Directorio de autoridades nacionales competentes", "Répertoire des autorités nationales compétentes"),
    ("dir.intro", "Single points of contact and competent authorities per country and per instrument (Firearms Protocol art. 13(2), Arms Trade Treaty art. 5(6), Programme of Action / ITI, UNTOC art. 18(13) central authorities, regional instruments).", "Puntos de contacto únicos y autoridades competentes por país e instrumento (Protocolo sobre armas de fuego art. 13(2), Tratado sobre el Comercio de Armas art. 5(6), Programa de Acción / ITI, autoridades centrales del art. 18(13) de la UNTOC, instrumentos regionales).", "Points de contact uniques et autorités compétentes par pays et par instrument (Protocole sur les armes à feu art. 13(2), Traité sur le commerce des armes art. 5(6), Programme d'action / ITI, autorités centrales de l'art. 18(13) de la UNTOC, instruments régionaux)."),
    ("dir.coverage_link", "Countries without a point of contact", "Países sin punto de contacto", "Pays sans point de contact"),
    ("dir.stale_link", "Entries to verify again", "Entradas por volver a verificar", "Entrées à vérifier de nouveau"),
    ("dir.new", "Add an entry", "Añadir una entrada", "Ajouter une entrée"),
    ("dir.import", "Import a directory file", "Importar un archivo de directorio", "Importer un fichier de répertoire"),
    ("dir.search", "Authority, person or e-mail", "Autoridad, persona o correo", "Autorité, personne ou courriel"),
    ("dir.instrument", "Instrument", "Instrumento", "Instrument"),
    ("dir.instruments", "Instruments", "Instrumentos", "Instruments"),
    ("dir.function", "Function", "Función", "Fonction"),
    ("dir.functions", "Functions", "Funciones", "Fonctions"),
    ("dir.kind", "Kind of entry", "Tipo de entrada", "Type d'entrée"),
    ("dir.only_stale", "Only entries not verified for a year", "Solo entradas sin verificar desde hace un año", "Seulement les entrées non vérifiées depuis un an"),
    ("dir.entries", "entries", "entradas", "entrées"),
    ("dir.authority", "Authority", "Autoridad", "Autorité"),
    ("dir.languages", "Languages", "Idiomas", "Langues"),
    ("dir.contact", "Contact", "Contacto", "Contact"),
    ("dir.contact_person", "Contact person", "Persona de contacto", "Personne de contact"),
    ("dir.email", "E-mail", "Correo electrónico", "Courriel"),
    ("dir.phone", "Telephone", "Teléfono", "Téléphone"),
    ("dir.address", "Address", "Dirección", "Adresse"),
    ("dir.hours", "Office hours", "Horario", "Horaires"),
    ("dir.time_zone", "Time zone", "Zona horaria", "Fuseau horaire"),
    ("dir.note", "Note", "Nota", "Note"),
    ("dir.last_verified", "Last verified", "Última verificación", "Dernière vérification"),
    ("dir.updated", "Last changed", "Último cambio", "Dernière modification"),
    ("dir.stale", "stale", "desactualizada", "périmée"),
    ("dir.stale_rule", "An entry not confirmed with its authority for more than a year is flagged as stale: ATT art. 5(6) asks that entries be kept updated; days", "Una entrada no confirmada con su autoridad desde hace más de un año se marca como desactualizada: el art. 5(6) del TCA pide mantener las entradas al día; días", "Une entrée non confirmée auprès de son autorité depuis plus d'un an est signalée comme périmée : l'art. 5(6) du TCA demande de tenir les entrées à jour ; jours"),
    ("dir.stale_warning", "This entry has not been verified for more than a year: confirm it with the authority before relying on it. Days since verification", "Esta entrada no se ha verificado desde hace más de un año: confírmela con la autoridad antes de utilizarla. Días desde la verificación", "Cette entrée n'a pas été vérifiée depuis plus d'un an : confirmez-la auprès de l'autorité avant de vous y fier. Jours depuis la vérification"),
    ("dir.none", "No entry matches.", "Ninguna entrada coincide.", "Aucune entrée ne correspond."),
    ("dir.saved", "Entry saved.", "Entrada guardada.", "Entrée enregistrée."),
    ("dir.basis", "Legal basis", "Fundamento jurídico", "Base juridique"),
    ("dir.back", "Back to the directory", "Volver al directorio", "Retour au répertoire"),
    ("dir.edit", "Change this entry", "Modificar esta entrada", "Modifier cette entrée"),
    ("dir.form_title", "Directory entry", "Entrada del directorio", "Entrée du répertoire"),
    ("dir.form_intro", "Give a way to reach the authority (e-mail or telephone) and the day the entry was last confirmed with it.", "Indique un medio de contacto (correo o teléfono) y el día en que la entrada se confirmó por última vez con la autoridad.", "Indiquez un moyen de joindre l'autorité (courriel ou téléphone) et le jour où l'entrée a été confirmée pour la dernière fois auprès d'elle."),
    ("dir.instruments_hint", "firearms_protocol, att, poa_iti, untoc or regional:NAME, separated by ;", "firearms_protocol, att, poa_iti, untoc o regional:NOMBRE, separados por ;", "firearms_protocol, att, poa_iti, untoc ou regional:NOM, séparés par ;"),
    ("dir.functions_hint", "tracing, mutual_legal_assistance, licence_verification, information_exchange, border_control_cooperation, reporting", "tracing (rastreo), mutual_legal_assistance, licence_verification, information_exchange, border_control_cooperation, reporting", "tracing (traçage), mutual_legal_assistance, licence_verification, information_exchange, border_control_cooperation, reporting"),
    ("dir.languages_hint", "ISO 639-1 codes: en, fr, es, ar, ru, zh, …", "Códigos ISO 639-1: en, fr, es, ar, ru, zh, …", "Codes ISO 639-1 : en, fr, es, ar, ru, zh, …"),
    ("dir.save", "Save", "Guardar", "Enregistrer"),
    ("dir.cov.title", "Countries without a single point of contact", "Países sin punto de contacto único", "Pays sans point de contact unique"),
    ("dir.cov.intro", "For every country known to this node: whether it has named the contact each instrument asks for. Only 66 of the 122 States parties to the Firearms Protocol had named a single point of contact, as UNODC reported; the Conference of the Parties asks for full and up-to-date entries (CTOC/COP/2018/13).", "Para cada país conocido por este nodo: si ha designado el contacto que pide cada instrumento. Solo 66 de los 122 Estados partes en el Protocolo sobre armas de fuego habían designado un punto de contacto único, según la UNODC; la Conferencia de las Partes pide entradas completas y actualizadas (CTOC/COP/2018/13).", "Pour chaque pays connu de ce nœud : s'il a désigné le contact que demande chaque instrument. Seuls 66 des 122 États parties au Protocole sur les armes à feu avaient désigné un point de contact unique, selon l'ONUDC ; la Conférence des Parties demande des entrées complètes et à jour (CTOC/COP/2018/13)."),
    ("dir.cov.without", "Countries without", "Países sin contacto", "Pays sans contact"),
    ("dir.cov.only_stale", "Only stale entries", "Solo entradas desactualizadas", "Seulement des entrées périmées"),
    ("dir.cov.with_none", "Countries with no contact for any instrument", "Países sin contacto para ningún instrumento", "Pays sans contact pour aucun instrument"),
    ("dir.cov.region", "Region", "Región", "Région"),
    ("dir.cov.show_all", "Show every country", "Mostrar todos los países", "Afficher tous les pays"),
    ("dir.cov.gaps_only", "Show only countries with a gap", "Mostrar solo los países con carencias", "N'afficher que les pays avec une lacune"),
    ("dir.cov.no_gaps", "Every country has a current contact for every instrument.", "Todos los países tienen un contacto vigente para cada instrumento.", "Chaque pays a un contact à jour pour chaque instrument."),
    ("dir.cov.none", "none", "ninguno", "aucun"),
    ("dir.cov.stale", "stale", "desactualizado", "périmé"),
    ("dir.cov.current", "named", "designado", "désigné"),
    ("dir.import.intro", "A CSV file, one row per authority; headers in English, Spanish or French (country, authority, kind, instruments, functions, languages, contact_person, email, phone, address, hours, time_zone, last_verified, note). All or nothing: one bad row and nothing is written.", "Un archivo CSV, una fila por autoridad; encabezados en inglés, español o francés (país, autoridad, tipo, instrumentos, funciones, idiomas, persona de contacto, correo, teléfono, dirección, horario, zona horaria, fecha de verificación, nota). Todo o nada: con una fila errónea no se escribe nada.", "Un fichier CSV, une ligne par autorité ; en-têtes en anglais, espagnol ou français (pays, autorité, type, instruments, fonctions, langues, personne de contact, courriel, téléphone, adresse, horaires, fuseau horaire, vérifié le, note). Tout ou rien : une ligne erronée et rien n'est écrit."),
    ("dir.import.file", "File (CSV)", "Archivo (CSV)", "Fichier (CSV)"),
    ("dir.import.choose", "Choose a CSV file to import.", "Elija un archivo CSV para importar.", "Choisissez un fichier CSV à importer."),
    ("dir.import.rows", "rows", "filas", "lignes"),
    ("dir.import.created", "new entries", "entradas nuevas", "nouvelles entrées"),
    ("dir.import.updated", "entries updated", "entradas actualizadas", "entrées mises à jour"),
    ("dir.import.refused", "Nothing was written: correct these cells and import the file again.", "No se escribió nada: corrija estas celdas e importe de nuevo el archivo.", "Rien n'a été écrit : corrigez ces cellules et importez de nouveau le fichier."),
    ("dir.import.row", "Row", "Fila", "Ligne"),
    ("dir.import.column", "Column", "Columna", "Colonne"),
    ("dir.instrument.firearms_protocol", "Firearms Protocol", "Protocolo sobre armas de fuego", "Protocole sur les armes à feu"),
    ("dir.instrument.att", "Arms Trade Treaty", "Tratado sobre el Comercio de Armas", "Traité sur le commerce des armes"),
    ("dir.instrument.poa_iti", "Programme of Action / ITI", "Programa de Acción / ITI", "Programme d'action / ITI"),
    ("dir.instrument.untoc", "UNTOC (mutual legal assistance)", "UNTOC (asistencia judicial recíproca)", "UNTOC (entraide judiciaire)"),
    ("dir.instrument.regional", "Regional instrument", "Instrumento regional", "Instrument régional"),
    ("dir.function.tracing", "Tracing", "Rastreo", "Traçage"),
    ("dir.function.mutual_legal_assistance", "Mutual legal assistance", "Asistencia judicial recíproca", "Entraide judiciaire"),
    ("dir.function.licence_verification", "Licence verification", "Verificación de licencias", "Vérification des licences"),
    ("dir.function.information_exchange", "Information exchange", "Intercambio de información", "Échange d'informations"),
    ("dir.function.border_control_cooperation", "Border control cooperation", "Cooperación en control fronterizo", "Coopération aux frontières"),
    ("dir.function.reporting", "Reporting (IAFQ)", "Informes (IAFQ)", "Rapports (IAFQ)"),
    ("dir.kind.single_point_of_contact", "Single point of contact", "Punto de contacto único", "Point de contact unique"),
    ("dir.kind.competent_authority", "Competent authority", "Autoridad competente", "Autorité compétente"),
    ("dir.kind.central_authority", "Central authority (MLA)", "Autoridad central (asistencia judicial)", "Autorité centrale (entraide judiciaire)"),
];

/// The texts of one language, for templates.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Language,
}

impl Tr {
    pub fn new(lang: Language) -> Tr {
        Tr { lang }
    }
    /// The text of `key`; the key itself if it is missing (a test makes sure none is).
    /// The text of a key made of a prefix and a code (`hits.confidence_` + `probable`).
    pub fn t_of(&self, prefix: &str, code: &str) -> &'static str {
        self.t(&format!("{prefix}{code}"))
    }

    pub fn t(&self, key: &str) -> &'static str {
        match TEXTS.iter().find(|(k, ..)| *k == key) {
            Some((_, en, es, fr)) => match self.lang {
                Language::En => en,
                Language::Es => es,
                Language::Fr => fr,
            },
            None => "??",
        }
    }
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
}

/// The language a browser asks for (`Accept-Language`), for pages before sign-in.
pub fn from_accept_language(header: &str) -> Language {
    header.split(',').find_map(|part| Language::parse(part.split(';').next().unwrap_or("")).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_used_by_a_template_has_all_three_languages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut used = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut rest = text.as_str();
            while let Some(i) = rest.find("tr.t(\"") {
                rest = &rest[i + 6..];
                let end = rest.find('"').unwrap();
                used.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
        assert!(used.len() > 40, "templates use {} keys", used.len());
        for key in &used {
            let found = TEXTS.iter().find(|(k, ..)| k == key);
            let (_, en, es, fr) = found.unwrap_or_else(|| panic!("key '{key}' is used by a template but has no texts"));
            assert!(!en.is_empty() && !es.is_empty() && !fr.is_empty(), "key '{key}' misses a language");
        }
        let mut keys: Vec<&str> = TEXTS.iter().map(|(k, ..)| *k).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is defined twice");
    }

    #[test]
    fn browsers_languages_are_understood() {
        assert_eq!(from_accept_language("es-AR,es;q=0.9,en;q=0.8"), Language::Es);
        assert_eq!(from_accept_language("de-DE,fr;q=0.7"), Language::Fr);
        assert_eq!(from_accept_language(""), Language::En);
    }
}
