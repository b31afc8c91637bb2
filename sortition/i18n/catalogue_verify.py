"""Catalogue section: the seed sources and the verification of a draw directory, in English and French
(merged into :mod:`sortition.i18n.catalogue`)."""

EN: dict[str, str] = {
    "verify.title": "Verification of {directory}",
    "verify.pass": "PASS",
    "verify.fail": "FAIL",
    "verify.manual": "CHECK BY HAND",
    "verify.summary-ok": "All {count} checks passed.",
    "verify.summary-manual": "All automatic checks passed; {manual} to compare by hand with public records.",
    "verify.summary-fail": "{failed} of {count} checks FAILED.",
    "verify.files": "the draw's files are present and readable {reason}",
    "verify.canonical": "commitment.json and {file} are in canonical JSON",
    "verify.hash": "{file} matches its hash in the commitment ({digest}...)",
    "verify.groups": "the lottery's {groups} groups hold each of the {persons} persons once, with their values",
    "verify.panels": "every one of the {panels} panels has k persons, meets every quota and the household rule",
    "verify.tickets-total": "the tickets add up to {total}, as announced ({announced})",
    "verify.tickets-table": "{file} lists the ticket ranges of lottery.json",
    "verify.probabilities": (
        "probabilities.csv gives each person's probabilities (decimal, exact, optimal) recomputed from the lottery"
    ),
    "verify.not-drawn": "not drawn yet (no audit.json): only the prepared files were checked",
    "verify.audit-readable": "audit.json is readable",
    "verify.audit-canonical": "audit.json is in canonical JSON",
    "verify.commitment": "audit.json refers to this commitment ({hash}...)",
    "verify.seed-unannounced": "the seed source was announced in the commitment (it was not)",
    "verify.seed-drand": "the seed is drand round {round}, as announced, and its randomness matches its signature",
    "verify.seed-signature": "drand {chain} round {round}: check the signature with drand's tools",
    "verify.seed-rehearsal": "rehearsal seed '{seed}': not a public draw",
    "verify.seed-text": "announced source: '{announced}'; seed used: '{seed}': compare with the public record",
    "verify.key": "the key re-derives from the commitment and the seed",
    "verify.ticket": "the ticket re-derives: {ticket} (of 0 to {last})",
    "verify.panel": "the panel re-derives (panel {panel}, {size} persons) and panel.csv matches",
    "verify.reserves": "the reserve order re-derives ({count} reserves) and reserves.csv matches",
    "verify.resolve": (
        "least ticket probability {least} is within the rounding deviation {deviation} of the optimum "
        "{optimum} recomputed here"
    ),
    "seed.source-empty": "the seed source is empty",
    "seed.source-drand": "a drand source is written drand:<chain>:<round>, e.g. drand:quicknet:12345678 (got '{text}')",
    "seed.source-dice": "a dice source is written dice:<count>d<sides>, e.g. dice:5d6 (got '{text}')",
    "seed.source-date": "a lottery source is written euromillions:<YYYY-MM-DD> or loto:<YYYY-MM-DD> (got '{text}')",
    "seed.not-a-number": "{source}: '{token}' is not a number; type only the numbers drawn",
    "seed.wrong-count": "{source}: a result has {expected} numbers, {found} were typed",
    "seed.out-of-range": "{source}: {number} is not a possible number here (from {low} to {high})",
    "seed.repeated": "{source}: {number} appears twice, but a number is drawn only once",
    "seed.free-text": (
        "Warning: a free-text seed source can be spelled many ways after the result is known (spaces, commas, "
        "leading zeros, order), and each spelling gives another panel. Prefer a typed source: {kinds}."
    ),
    "seed.too-few-outcomes": (
        "Warning: {source} has only {outcomes} equally likely results: the least chance a volunteer has "
        "({least}) can differ from its announced value by about {bias} of itself (sqrt((1 - chance) / (results "
        "x chance))). Use a source with more results (e.g. more dice, a lottery, drand)."
    ),
    "verify.not-anchored": (
        "NOT ANCHORED: compare this full commitment hash with the one published, dated, before the seed "
        "existed (or give it with --commitment): {hash}"
    ),
    "verify.anchor": "the commitment hash is the one published before the seed: {hash}",
    "verify.contents": "the directory holds only the files of a draw (and replacement folders linked to it)",
    "verify.unchecked-files": "{names}: the tool's report, not checked here (regenerate it to compare)",
    "verify.schema": "{file} follows its schema (every field known, of its type)",
    "verify.source-form": "the announced seed source '{source}' is written in its one canonical form",
    "verify.file-form": "{file} is exactly the file the tool writes from its hashed document",
    "verify.missing-audit": "the draw's outputs ({files}) are here but its audit record audit.json is missing",
    "verify.audit-record": (
        "audit.json holds exactly the record of this draw (source, link, date, tool, no other field)"
    ),
    "verify.seed-typed": "the seed '{seed}' is the canonical text of a possible result of the announced source",
    "verify.seed-result": "compare the seed '{seed}' with the published result of {source}",
    "verify.unreadable": "{check}: the files cannot be read as a draw ({reason})",
    "verify.summary-unanchored": (
        "Not anchored: without the commitment hash published before the seed, a rewritten directory would "
        "also verify. Run again with --commitment HASH, or compare by hand this full hash: {hash}"
    ),
    "verify.d-missing-file": "{file} is missing",
    "verify.d-unreadable": "{file} cannot be read ({reason})",
    "verify.d-row-missing": "{file}, row {row}: missing (expected '{expected}')",
    "verify.d-row-extra": "{file}, row {row}: unexpected row '{found}'",
    "verify.d-cell": "{file}, row {row}, column '{field}': expected '{expected}', found '{found}'",
    "verify.d-bytes": "{file}: same cells but other bytes than the tool writes (quoting, line ends), at byte {offset}",
    "verify.d-field": "{file}, field '{field}': expected {expected}, found {found}",
    "verify.d-bad-hash": "--commitment '{given}' is not 64 hexadecimal digits",
    "verify.d-anchor": "published commitment hash {expected}, but commitment.json hashes to {found}",
    "verify.d-unexpected": "{count} unexpected file(s) or folder(s): {names}",
    "verify.d-schema": "{file}, field '{field}': expected {expected}, found {found} ({count} problem(s))",
    "verify.d-hash": "{file}: the commitment says {expected}, the file hashes to {found}",
    "verify.d-duplicate": "{file}: the id '{id}' is listed more than once",
    "verify.d-person": "{file}: a person is missing, repeated or has other values ({where})",
    "verify.d-panels": "{file}: panels breaking the rules: {panels}",
    "verify.page": "verify.html is this tool's offline checker, unchanged (it is not part of the commitment)",
    "seed.outcomes": (
        "Seed source {source}: {outcomes} possible results, worth {worth} equally likely ones; the least chance "
        "a volunteer has ({least}) holds to about {bias} of itself (sqrt((1 - chance) / (results x chance)))."
    ),
}

FR: dict[str, str] = {
    "verify.title": "Vérification de {directory}",
    "verify.pass": "OK",
    "verify.fail": "ÉCHEC",
    "verify.manual": "À VÉRIFIER",
    "verify.summary-ok": "Les {count} vérifications sont réussies.",
    "verify.summary-manual": (
        "Toutes les vérifications automatiques sont réussies ; {manual} à comparer à la main avec les "
        "sources publiques."
    ),
    "verify.summary-fail": "{failed} vérification(s) sur {count} en ÉCHEC.",
    "verify.files": "les fichiers du tirage sont présents et lisibles {reason}",
    "verify.canonical": "commitment.json et {file} sont en JSON canonique",
    "verify.hash": "{file} correspond à son empreinte dans l'engagement ({digest}...)",
    "verify.groups": (
        "les {groups} groupes de la loterie contiennent chacune des {persons} personnes une fois, avec ses valeurs"
    ),
    "verify.panels": ("chacun des {panels} panels a k personnes, respecte chaque quota et la règle du foyer"),
    "verify.tickets-total": "les tickets totalisent {total}, comme annoncé ({announced})",
    "verify.tickets-table": "{file} reprend les plages de tickets de lottery.json",
    "verify.probabilities": (
        "probabilities.csv donne les probabilités de chaque personne (décimale, exacte, optimale) recalculées "
        "d'après la loterie"
    ),
    "verify.not-drawn": "pas encore tiré (pas d'audit.json) : seuls les fichiers préparés ont été vérifiés",
    "verify.audit-readable": "audit.json est lisible",
    "verify.audit-canonical": "audit.json est en JSON canonique",
    "verify.commitment": "audit.json renvoie à cet engagement ({hash}...)",
    "verify.seed-unannounced": "la source de la graine a été annoncée dans l'engagement (elle ne l'a pas été)",
    "verify.seed-drand": ("la graine est le tour drand {round}, comme annoncé, et son aléa correspond à sa signature"),
    "verify.seed-signature": "drand {chain} tour {round} : vérifier la signature avec les outils de drand",
    "verify.seed-rehearsal": "graine de répétition « {seed} » : ce n'est pas un tirage public",
    "verify.seed-text": (
        "source annoncée : « {announced} » ; graine utilisée : « {seed} » : à comparer avec la source publique"
    ),
    "verify.key": "la clé se redérive de l'engagement et de la graine",
    "verify.ticket": "le ticket se redérive : {ticket} (parmi 0 à {last})",
    "verify.panel": "le panel se redérive (panel {panel}, {size} personnes) et panel.csv correspond",
    "verify.reserves": "l'ordre des réserves se redérive ({count} réserves) et reserves.csv correspond",
    "verify.resolve": (
        "la plus petite probabilité par tickets {least} est à moins de l'écart d'arrondi {deviation} de "
        "l'optimum {optimum} recalculé ici"
    ),
    "seed.source-empty": "la source de la graine est vide",
    "seed.source-drand": (
        "une source drand s'écrit drand:<chaîne>:<tour>, par ex. drand:quicknet:12345678 (reçu « {text} »)"
    ),
    "seed.source-dice": "une source de dés s'écrit dice:<nombre>d<faces>, par ex. dice:5d6 (reçu « {text} »)",
    "seed.source-date": (
        "une source de loterie s'écrit euromillions:<AAAA-MM-JJ> ou loto:<AAAA-MM-JJ> (reçu « {text} »)"
    ),
    "seed.not-a-number": "{source} : « {token} » n'est pas un nombre ; tapez seulement les numéros tirés",
    "seed.wrong-count": "{source} : un résultat compte {expected} numéros, {found} ont été tapés",
    "seed.out-of-range": "{source} : {number} n'est pas un numéro possible ici (de {low} à {high})",
    "seed.repeated": "{source} : {number} figure deux fois, mais un numéro n'est tiré qu'une fois",
    "seed.free-text": (
        "Attention : une source de graine en texte libre peut s'écrire de bien des façons une fois le résultat "
        "connu (espaces, virgules, zéros, ordre), et chaque écriture donne un autre panel. Préférez une source "
        "typée : {kinds}."
    ),
    "seed.too-few-outcomes": (
        "Attention : {source} n'a que {outcomes} résultats équiprobables : la plus petite chance d'un volontaire "
        "({least}) peut s'écarter de sa valeur annoncée d'environ {bias} d'elle-même (racine de (1 - chance) / "
        "(résultats x chance)). Prenez une source à plus de résultats (plus de dés, une loterie, drand)."
    ),
    "verify.not-anchored": (
        "NON ANCRÉ : comparez cette empreinte complète de l'engagement avec celle publiée, datée, avant que la "
        "graine n'existe (ou donnez-la avec --commitment) : {hash}"
    ),
    "verify.anchor": "l'empreinte de l'engagement est celle publiée avant la graine : {hash}",
    "verify.contents": "le dossier ne contient que les fichiers d'un tirage (et les dossiers de remplacement liés)",
    "verify.unchecked-files": "{names} : le rapport de l'outil, non vérifié ici (régénérez-le pour comparer)",
    "verify.schema": "{file} suit son schéma (chaque champ connu, de son type)",
    "verify.source-form": "la source de graine annoncée « {source} » est écrite sous sa forme canonique unique",
    "verify.file-form": "{file} est exactement le fichier que l'outil écrit à partir de son document haché",
    "verify.missing-audit": "les résultats du tirage ({files}) sont là mais son procès-verbal audit.json manque",
    "verify.audit-record": (
        "audit.json contient exactement le procès-verbal de ce tirage (source, lien, date, outil, aucun autre champ)"
    ),
    "verify.seed-typed": "la graine « {seed} » est le texte canonique d'un résultat possible de la source annoncée",
    "verify.seed-result": "comparer la graine « {seed} » avec le résultat publié de {source}",
    "verify.unreadable": "{check} : les fichiers ne se lisent pas comme un tirage ({reason})",
    "verify.summary-unanchored": (
        "Non ancré : sans l'empreinte de l'engagement publiée avant la graine, un dossier réécrit se vérifierait "
        "aussi. Relancez avec --commitment EMPREINTE, ou comparez à la main cette empreinte complète : {hash}"
    ),
    "verify.d-missing-file": "{file} est absent",
    "verify.d-unreadable": "{file} est illisible ({reason})",
    "verify.d-row-missing": "{file}, ligne {row} : absente (attendu « {expected} »)",
    "verify.d-row-extra": "{file}, ligne {row} : ligne inattendue « {found} »",
    "verify.d-cell": "{file}, ligne {row}, colonne « {field} » : attendu « {expected} », trouvé « {found} »",
    "verify.d-bytes": (
        "{file} : mêmes cellules mais d'autres octets que ceux qu'écrit l'outil (guillemets, fins de ligne), "
        "à l'octet {offset}"
    ),
    "verify.d-field": "{file}, champ « {field} » : attendu {expected}, trouvé {found}",
    "verify.d-bad-hash": "--commitment « {given} » n'est pas fait de 64 chiffres hexadécimaux",
    "verify.d-anchor": "empreinte publiée {expected}, mais commitment.json a pour empreinte {found}",
    "verify.d-unexpected": "{count} fichier(s) ou dossier(s) inattendu(s) : {names}",
    "verify.d-schema": "{file}, champ « {field} » : attendu {expected}, trouvé {found} ({count} problème(s))",
    "verify.d-hash": "{file} : l'engagement indique {expected}, le fichier a pour empreinte {found}",
    "verify.d-duplicate": "{file} : l'identifiant « {id} » figure plus d'une fois",
    "verify.d-person": "{file} : une personne manque, est répétée ou a d'autres valeurs ({where})",
    "verify.d-panels": "{file} : panels qui enfreignent les règles : {panels}",
    "verify.page": "verify.html est la page de vérification hors ligne de cet outil, intacte (hors engagement)",
    "seed.outcomes": (
        "Source de la graine {source} : {outcomes} résultats possibles, qui valent {worth} résultats "
        "équiprobables ; la plus petite chance d'un volontaire ({least}) est tenue à environ {bias} près "
        "(racine de (1 - chance) / (résultats x chance))."
    ),
}
