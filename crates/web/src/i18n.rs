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
    ("item.trace", "Trace this firearm", "Rastrear esta arma", "Tracer cette arme"),
    ("trace.title", "National trace", "Rastreo nacional", "Traçage national"),
    ("nav.sdg", "SDG 16.4.2", "ODS 16.4.2", "ODD 16.4.2"),
    ("nav.requests", "Requests", "Solicitudes", "Demandes"),
    ("requests.title", "Requests between countries", "Solicitudes entre países", "Demandes entre pays"),
    ("requests.help", "Tracing requests (ITI § 17 and after), information requests (Firearms Protocol art. 12), mutual legal assistance (UNTOC art. 18) and licence verification (art. 10): everything pending with other countries, with its deadlines.", "Solicitudes de rastreo (ITI § 17 y siguientes), de información (Protocolo sobre armas de fuego art. 12), asistencia judicial recíproca (UNTOC art. 18) y verificación de licencias (art. 10): todo lo pendiente con otros países, con sus plazos.", "Demandes de traçage (ITI § 17 et suivants), d'information (Protocole sur les armes à feu art. 12), entraide judiciaire (UNTOC art. 18) et vérification de licences (art. 10) : tout ce qui est en attente avec d'autres pays, avec ses délais."),
    ("requests.overdue", "Past their deadline", "Fuera de plazo", "En retard"),
    ("requests.late", "late", "fuera de plazo", "en retard"),
    ("requests.drafts", "Drafts", "Borradores", "Brouillons"),
    ("requests.outgoing", "Sent to other countries", "Enviadas a otros países", "Envoyées à d'autres pays"),
    ("requests.incoming", "Received from other countries", "Recibidas de otros países", "Reçues d'autres pays"),
    ("requests.none", "None.", "Ninguna.", "Aucune."),
    ("requests.reference", "Case reference", "Referencia del caso", "Référence du dossier"),
    ("requests.kind", "Kind", "Tipo", "Type"),
    ("requests.country", "Country", "País", "Pays"),
    ("requests.status", "Status", "Estado", "Statut"),
    ("requests.due", "Due", "Vence", "Échéance"),
    ("requests.statistics", "Tracing requests by requested country", "Solicitudes de rastreo por país requerido", "Demandes de traçage par pays requis"),
    ("requests.sent", "Sent", "Enviadas", "Envoyées"),
    ("requests.answered", "Answered", "Respondidas", "Répondues"),
    ("requests.traced", "Traced", "Rastreadas", "Tracées"),
    ("requests.median_days", "Median days to answer", "Mediana de días hasta la respuesta", "Médiane des jours avant réponse"),
    ("requests.kind.tracing", "Tracing request", "Solicitud de rastreo", "Demande de traçage"),
    ("requests.kind.information", "Information request", "Solicitud de información", "Demande d'information"),
    ("requests.kind.mutual_legal_assistance", "Mutual legal assistance", "Asistencia judicial recíproca", "Entraide judiciaire"),
    ("requests.kind.licence_verification", "Licence verification", "Verificación de licencia", "Vérification de licence"),
    ("requests.status.draft", "draft", "borrador", "brouillon"),
    ("requests.status.sent", "sent", "enviada", "envoyée"),
    ("requests.status.acknowledged", "acknowledged", "acusado recibo", "accusé de réception"),
    ("requests.status.answered", "answered", "respondida", "répondue"),
    ("requests.status.withdrawn", "withdrawn", "retirada", "retirée"),
    ("requests.ack_by", "acknowledge by", "acusar recibo antes del", "accuser réception avant le"),
    ("requests.answer_by", "answer by", "responder antes del", "répondre avant le"),
    ("requests.missing", "Needed before it can be sent", "Necesario antes de enviarla", "Nécessaire avant l'envoi"),
    ("requests.from", "Requesting authority", "Autoridad requirente", "Autorité requérante"),
    ("requests.to", "Requested authority", "Autoridad requerida", "Autorité requise"),
    ("requests.subject", "Subject", "Asunto", "Objet"),
    ("requests.firearm", "Firearm", "Arma de fuego", "Arme à feu"),
    ("requests.serial", "serial", "serie", "numéro"),
    ("requests.circumstances", "Circumstances in which it was found", "Circunstancias en que se encontró", "Circonstances de la découverte"),
    ("requests.legal_basis", "Legal justification", "Fundamento jurídico", "Fondement juridique"),
    ("requests.intended_use", "Intended use of the information", "Uso previsto de la información", "Utilisation prévue des informations"),
    ("requests.answer", "Answer", "Respuesta", "Réponse"),
    ("requests.print", "Print", "Imprimir", "Imprimer"),
    ("requests.assigned_to", "Assigned to", "Asignada a", "Attribuée à"),
    ("requests.urgency", "Urgency", "Urgencia", "Urgence"),
    ("requests.urgency.routine", "routine", "ordinaria", "ordinaire"),
    ("requests.urgency.urgent", "urgent", "urgente", "urgente"),
    ("requests.urgency.immediate", "immediate (life at risk, arrest pending)", "inmediata (vida en riesgo, detención pendiente)", "immédiate (vie en danger, arrestation en cours)"),
    ("requests.save", "Save", "Guardar", "Enregistrer"),
    ("requests.steps", "Point of contact", "Punto de contacto", "Point de contact"),
    ("requests.send", "Send the request", "Enviar la solicitud", "Envoyer la demande"),
    ("requests.their_reference", "Their reference", "Su referencia", "Leur référence"),
    ("requests.acknowledge", "Record the acknowledgment", "Registrar el acuse de recibo", "Enregistrer l'accusé de réception"),
    ("requests.outcome", "Outcome", "Resultado", "Résultat"),
    ("requests.outcome.traced", "traced", "rastreada", "tracée"),
    ("requests.outcome.not_traced", "not traced", "no rastreada", "non tracée"),
    ("requests.outcome.answered", "answered", "respondida", "répondue"),
    ("requests.outcome.refused", "refused", "denegada", "refusée"),
    ("requests.reason", "Reason", "Motivo", "Motif"),
    ("requests.record_answer", "Record the answer", "Registrar la respuesta", "Enregistrer la réponse"),
    ("requests.withdraw", "Withdraw", "Retirar", "Retirer"),
    ("requests.log", "Log", "Registro", "Journal"),
    ("trace.prepare_request", "Prepare a tracing request", "Preparar una solicitud de rastreo", "Préparer une demande de traçage"),
    ("sdg.title", "SDG indicator 16.4.2", "Indicador 16.4.2 de los ODS", "Indicateur 16.4.2 des ODD"),
    ("sdg.from", "From", "Desde", "Du"),
    ("sdg.to", "To", "Hasta", "Au"),
    ("sdg.show", "Show", "Mostrar", "Afficher"),
    ("sdg.indicator", "Indicator", "Indicador", "Indicateur"),
    ("sdg.definition", "Proportion of seized, found or surrendered arms whose illicit origin or context has been traced or established by a competent authority in line with international instruments (SDG target 16.4; UNODC is custodian and collects it through the Illicit Arms Flows Questionnaire).", "Proporción de armas incautadas, encontradas o entregadas cuyo origen o contexto ilícito ha sido rastreado o establecido por una autoridad competente de conformidad con los instrumentos internacionales (meta 16.4 de los ODS; la UNODC es custodia y lo recoge mediante el Cuestionario sobre Flujos Ilícitos de Armas).", "Proportion des armes saisies, trouvées ou remises dont l'origine ou le contexte illicite a été tracé ou établi par une autorité compétente conformément aux instruments internationaux (cible 16.4 des ODD ; l'ONUDC en est gardien et le recueille par le Questionnaire sur les flux illicites d'armes)."),
    ("sdg.denominator", "Recovered", "Recuperadas", "Récupérées"),
    ("sdg.denominator_def", "Arms seized, found or surrendered in the period, each counted once.", "Armas incautadas, encontradas o entregadas en el período, cada una contada una vez.", "Armes saisies, trouvées ou remises pendant la période, chacune comptée une fois."),
    ("sdg.numerator", "Origin established", "Origen establecido", "Origine établie"),
    ("sdg.numerator_def", "Of those, the ones whose national trace names the point of diversion (theft, loss, straw purchase, transfer without record, diversion of an export, leakage from state stocks) or shows a lawful origin (surrendered by the registered holder). A trace that stops before any holder is not established.", "De ellas, aquellas cuyo rastreo nacional indica el punto de desvío (robo, pérdida, compra por testaferro, transferencia sin registro, desvío de una exportación, fuga de existencias del Estado) o muestra un origen lícito (entregada por su tenedor registrado). Un rastreo que se detiene antes de cualquier tenedor no está establecido.", "Parmi elles, celles dont le traçage national nomme le point de détournement (vol, perte, achat par prête-nom, cession non enregistrée, détournement d'une exportation, fuite des stocks de l'État) ou montre une origine licite (remise par son détenteur enregistré). Un traçage qui s'arrête avant tout détenteur n'est pas établi."),
    ("sdg.scope", "Records counted", "Registros contados", "Dossiers comptés"),
    ("sdg.scope_def", "The records you may read (your agency and country, and what is shared with you).", "Los registros que usted puede leer (su organismo y país, y lo compartido con usted).", "Les dossiers que vous pouvez lire (votre agence et votre pays, et ce qui est partagé avec vous)."),
    ("sdg.by_type", "By type of firearm", "Por tipo de arma", "Par type d'arme"),
    ("sdg.by_context", "By criminal context", "Por contexto delictivo", "Par contexte criminel"),
    ("sdg.by_country", "By country of manufacture", "Por país de fabricación", "Par pays de fabrication"),
    ("sdg.ttc", "Time-to-crime", "Tiempo hasta el delito", "Délai jusqu'au crime"),
    ("sdg.ttc_def", "Years from the first retail sale to the recovery, for the arms whose sale is recorded; under three years is taken as a sign of trafficking.", "Años desde la primera venta al por menor hasta la recuperación, para las armas cuya venta está registrada; menos de tres años se considera un indicio de tráfico.", "Années entre la première vente au détail et la récupération, pour les armes dont la vente est enregistrée ; moins de trois ans est pris comme un signe de trafic."),
    ("sdg.none", "nothing recovered in the period", "nada recuperado en el período", "rien de récupéré pendant la période"),
    ("trace.help", "From the recorded history to the last lawful holder and the point of diversion (Firearms Protocol art. 3(f) and 12(4); ITI § 17 and after). A point of diversion is named only when the records show it; otherwise the trace says whom to ask.", "Del historial registrado al último tenedor legal y al punto de desvío (Protocolo sobre armas de fuego art. 3(f) y 12(4); ITI § 17 y siguientes). El punto de desvío se indica solo cuando los registros lo muestran; si no, el rastreo dice a quién preguntar.", "De l'historique enregistré au dernier détenteur légal et au point de détournement (Protocole sur les armes à feu art. 3(f) et 12(4) ; ITI § 17 et suivants). Le point de détournement n'est nommé que si les registres le montrent ; sinon le traçage dit à qui s'adresser."),
    ("trace.diversion", "Point of diversion", "Punto de desvío", "Point de détournement"),
    ("trace.established", "Established", "Establecido", "Établi"),
    ("trace.not_established", "Not established", "No establecido", "Non établi"),
    ("trace.none", "No diversion", "Sin desvío", "Pas de détournement"),
    ("trace.kind.theft", "theft", "robo", "vol"),
    ("trace.kind.loss", "loss", "pérdida", "perte"),
    ("trace.kind.straw_purchase", "suspected straw purchase", "presunta compra por testaferro", "achat par prête-nom présumé"),
    ("trace.kind.unrecorded_transfer", "transfer without a record", "transferencia sin registro", "cession non enregistrée"),
    ("trace.kind.export_diversion", "diversion of an export (no import recorded)", "desvío de una exportación (sin importación registrada)", "détournement d'une exportation (aucune importation enregistrée)"),
    ("trace.kind.state_stock_leakage", "leakage from state stocks", "fuga de existencias del Estado", "fuite des stocks de l'État"),
    ("trace.time_to_crime", "Time-to-crime (first retail sale to recovery)", "Tiempo hasta el delito (primera venta al por menor a recuperación)", "Délai jusqu'au crime (première vente au détail à la récupération)"),
    ("trace.days", "days", "días", "jours"),
    ("trace.lines", "Lines of supply", "Líneas de suministro", "Filières d'approvisionnement"),
    ("trace.manufacturer", "Manufacturer", "Fabricante", "Fabricant"),
    ("trace.exporter", "Export", "Exportación", "Exportation"),
    ("trace.importer", "Import", "Importación", "Importation"),
    ("trace.last_holder", "Last lawful holder", "Último tenedor legal", "Dernier détenteur légal"),
    ("trace.recovery", "Recovered", "Recuperada", "Récupérée"),
    ("trace.ask", "Whom to ask", "A quién preguntar", "À qui s'adresser"),
    ("trace.licence", "licence", "licencia", "licence"),
    ("trace.hidden", "a party of a record you may not see", "una parte de un registro que no puede ver", "une partie d'un dossier que vous ne pouvez pas voir"),
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
    ("import.another", "Import another file", "Importar otro archivo", "Importer un autre fichier"),
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
