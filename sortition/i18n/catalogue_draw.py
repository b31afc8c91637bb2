"""Catalogue section: prepare, draw, verify and rehearse (merged into :mod:`sortition.i18n.catalogue`)."""

EN: dict[str, str] = {
    # draw errors
    "draw.unreadable-json": "a JSON file of the draw cannot be read ({reason})",
    "draw.not-a-commitment": "{file} is not a commitment written by this tool",
    "draw.bad-quotas-file": "quotas.csv has an unreadable row: {row}",
    "draw.bad-beacon": "the beacon file is not a drand round (needs round, randomness, signature): {reason}",
    "draw.tickets-do-not-cover": "the tickets of lottery.json do not cover 0..{total}",
    "draw.beacon-not-announced": "a beacon was given but the announced seed source is: {announced}",
    "draw.wrong-round": "the beacon is round {got}, but round {announced} was announced: refusing to draw",
    "draw.beacon-randomness": "the beacon's randomness is not the SHA-256 of its signature: refusing to draw",
    "draw.no-seed": "give the public seed with --seed (or --beacon for a drand round)",
    "draw.drand-needs-beacon": "the announced source is {description}: give that round's JSON with --beacon",
    "draw.empty-seed": "the seed is empty",
    "draw.tampered": "these files no longer match the commitment: {files}; refusing to draw",
    "draw.already-drawn": (
        "{directory} already holds a draw ({files}): a commitment is drawn once. To replace drop-outs, use "
        "sortition replace"
    ),
    "draw.exists": "{directory} already exists; choose another --out or use --force to replace it",
    # prepare
    "prepare.solving": "Solving {algorithm} for {n} volunteers ({groups} groups), panel of {k}...",
    "prepare.summary": (
        "{algorithm}: minimum probability {min}, maximum {max}, Gini {gini}, {panels} panels, {seconds} s"
    ),
    "prepare.certificate": "Certificate: {method}; optimality gap {gap}{optimal}",
    "prepare.not-optimal": " (not proven optimal: {notes})",
    "prepare.tickets": (
        "Tickets: {total} ({method}), on {panels} panels; least positive probability {least} after rounding, "
        "{loss} below the lottery's; largest change of a probability {deviation} (proven bound {bound})"
    ),
    "prepare.tickets-too-few": (
        "Warning: with {total} tickets the least positive probability falls from {min} to {least} ({loss} lost, "
        "more than {fair}). Use more tickets (e.g. --tickets {suggested}, the count chosen when --tickets is "
        "left out): the seed can pick any number."
    ),
    "prepare.cannot-fit": (
        "{count} of {n} persons are on no panel that meets the quotas: their probability is 0 under any method."
    ),
    "prepare.written": "Written to {directory}: {files}",
    "prepare.private": "Keep private, never publish: {directory} (salt and id map)",
    "prepare.commitment": "Commitment hash: {hash}",
    "prepare.publish-now": (
        "Publish now, BEFORE the seed exists: the full commitment hash above (and the files of {directory}) in "
        "a dated public record (official notice, newspaper, town-hall board, timestamped post). The result of "
        "{source} must not exist yet on that date. Then: sortition draw {directory} --seed ... ; auditors "
        "run: sortition verify {directory} --commitment {hash}"
    ),
    "prepare.unannounced": (
        "No seed source was announced (--seed-source): the draw can be rehearsed but 'verify' will fail its seed check."
    ),
    # draw
    "draw.result": "Ticket {ticket} (of 0 to {last}): panel {panel} ({size} persons). Written: {files}",
    "draw.key": "Derived key: {key}",
    "draw.signature-unchecked": (
        "The drand round's signature was NOT checked (no BLS verifier installed); its randomness does match "
        "its signature. Check the signature with drand's own tools or at the beacon's website."
    ),
    # rehearse
    "rehearse.warning": (
        "REHEARSAL ONLY: the seed was known before the commitment. A real draw publishes commitment.json "
        "first and takes its seed afterwards from a public source (sortition prepare, then sortition draw)."
    ),
    # verify
    "verify.title": "Verification of {directory}",
    "verify.pass": "PASS",
    "verify.fail": "FAIL",
    "verify.manual": "CHECK BY HAND",
    "verify.summary-ok": "All {count} checks passed.",
    "verify.summary-manual": "All automatic checks passed; {manual} to compare by hand with public records.",
    "verify.summary-fail": "{failed} of {count} checks FAILED.",
    "verify.files": "the draw's files are present and readable {reason}",
    "verify.canonical": "commitment.json and lottery.json are in canonical JSON",
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
    # help
    "help.prepare": (
        "Compute the fair lottery and prepare a draw: writes the lottery, the tickets, each person's "
        "probability, the pseudonymised pool and the commitment to publish before the seed exists."
    ),
    "help.algorithm": "Fairness algorithm: leximin (default), maximin, nash, or legacy (the old greedy baseline).",
    "help.out": "Directory to write (must not exist, unless --force).",
    "help.force": "Replace an existing directory (a published draw is a record: think twice).",
    "help.tickets": (
        "Number of tickets the lottery is rounded to (a public draw picks one of 0..N-1). Default: the smallest "
        "of 1,000, 10,000, 100,000... whose rounding lowers the least positive probability by at most 0.1%."
    ),
    "help.seed-source": (
        "Where the seed will come from, announced in the commitment: euromillions:<YYYY-MM-DD>, "
        "loto:<YYYY-MM-DD>, dice:<count>d<sides>, drand:<chain>:<round>, or a free description (discouraged: "
        "it can be spelled many ways)."
    ),
    "help.pseudonymise": "Publish salted-hash pseudonyms instead of the pool's ids (salt kept in OUT.private/).",
    "help.date": "Date to record (an explicit input, so that two honest runs give the same bytes).",
    "help.legacy-runs": "Legacy only: number of seeded runs that estimate its probabilities.",
    "help.draw": "Draw the panel from the public seed (or drand beacon round) for a prepared directory.",
    "help.directory": "The draw directory written by 'sortition prepare'.",
    "help.seed": (
        "The public seed: for a typed source the numbers drawn, in any order and spelling (they are "
        "rewritten canonically); otherwise the text."
    ),
    "help.commitment": "The commitment hash published before the seed (64 hexadecimal digits): anchors the check.",
    "help.beacon": "JSON file of the announced drand round (round, randomness, signature).",
    "help.verify": (
        "Check a draw from its published files alone: hashes, quotas of every panel, exact probabilities, "
        "and the ticket, panel and reserves re-derived from the seed. Exit code 0 only if every check passes."
    ),
    "help.resolve": "Also recompute the LEXIMIN optimum here and compare the lottery's least probability.",
    "help.rehearse": "Prepare and draw in one go, to try things out (NOT a real draw: the seed is known in advance).",
    "help.rehearse-seed": "Rehearsal seed (any text).",
    "help.quiet": "Print only errors and the final line.",
    # replacement
    "problem.replace-unknown-id": "the id '{value}' is not in the pool of this draw",
    "problem.replace-duplicate-id": "the id '{value}' is listed twice",
    "problem.replace-no-dropout": "none of the listed ids is on the current panel: nobody to replace",
    "replace.not-drawn": "{directory} has no draw yet (no audit.json): draw it first",
    "replace.table-title": (
        "Residual problem, round {round}: {dropouts} drop-out(s) to replace, {kept} members kept, "
        "{eligible} eligible persons"
    ),
    "col.kept": "Kept",
    "col.residual-min": "New min",
    "col.residual-max": "New max",
    "replace.infeasible": (
        "The residual quotas cannot be met. Accept one of the repairs with --accept-repair N (it is recorded "
        "in the commitment), or change the list."
    ),
    "replace.accepted": "Accepted repair {index}, recorded in the commitment: {changes}",
    "replace.bad-repair": "--accept-repair {index}: there is no such repair (there are {count})",
    "replace.reserves-taken": "Taken from the reserve list, in order: {ids}. New panel written to {directory}.",
    "replace.reserves-exhausted": (
        "The reserve list cannot complete the panel within the quotas: use the fair mode (--mode fair)."
    ),
    "replace.check-previous-missing": "the previous draw is at {path} (it is missing)",
    "replace.check-link": "the previous draw ({path}) is the one this replacement committed to, by hash",
    "replace.check-previous": "the previous draw verifies ({failed} failed check(s))",
    "replace.check-residual": (
        "round {round}: the kept members, drop-outs, exclusions and residual quotas follow from the previous draw"
    ),
    "replace.check-residual-files": "pool.csv and quotas.csv are the residual pool and quotas",
    "replace.check-reserves": "the walk down the reserve list re-derives the persons taken",
    "replace.check-panel-file": "panel.csv lists the whole new panel",
    "replace.check-full-panel": "the whole new panel has {k} persons and meets every quota and the household rule",
    "help.replace": (
        "Replace drop-outs: derive the residual quotas and eligible pool, then prepare a fair, committed "
        "replacement draw (or take reserves in order with --mode reserves)."
    ),
    "help.dropouts": (
        "CSV with an id column: ids on the current panel are drop-outs, other ids have declined and will not be chosen."
    ),
    "help.mode": "fair (a new fair lottery and public seed, default) or reserves (the ordered reserve list).",
    "help.accept-repair": "Accept repair number N proposed for infeasible residual quotas (recorded).",
    # typed seed sources (sortition.protocol.seed)
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
        "Warning: {source} has only {outcomes} equally likely results for {tickets} tickets: a ticket's chance "
        "can differ from its announced value by about {bias} (sqrt(tickets / results)). Use a source with "
        "more results (e.g. more dice, a lottery, drand) or fewer tickets."
    ),
    "draw.seed-used": "Seed text used (canonical): {seed}",
    "draw.bad-date": "the date '{date}' is not a day written YYYY-MM-DD",
    # verify: checks added by protocol v2
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
    "replace.check-pseudonymised": "the replacement records pseudonymisation as the draw it replaces does",
    # verify: what differs
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
    "page.title": "Check a citizens' panel draw",
    "page.intro": (
        "This page checks a draw directory on this computer, without network: every file against the commitment, "
        "the panel and the reserves re-derived from the public seed. It reads the files you choose and sends "
        "nothing. A replacement's chain is checked by the command sortition verify."
    ),
    "page.folder": "Draw directory",
    "page.anchor": "Commitment hash published before the seed (64 hexadecimal digits)",
    "page.run": "Check",
    "page.unsupported": "This directory is a replacement: check it and its chain with the command sortition verify.",
    "seed.outcomes": (
        "Seed source {source}: {outcomes} possible results, worth {worth} equally likely ones; a ticket's chance "
        "holds to about {bias} of itself (sqrt(tickets / results))."
    ),
}

FR: dict[str, str] = {
    "draw.unreadable-json": "un fichier JSON du tirage est illisible ({reason})",
    "draw.not-a-commitment": "{file} n'est pas un engagement écrit par cet outil",
    "draw.bad-quotas-file": "quotas.csv contient une ligne illisible : {row}",
    "draw.bad-beacon": "le fichier de balise n'est pas un tour drand (il faut round, randomness, signature) : {reason}",
    "draw.tickets-do-not-cover": "les tickets de lottery.json ne couvrent pas 0..{total}",
    "draw.beacon-not-announced": "une balise a été fournie mais la source de graine annoncée est : {announced}",
    "draw.wrong-round": "la balise est le tour {got}, mais le tour {announced} avait été annoncé : tirage refusé",
    "draw.beacon-randomness": "l'aléa de la balise n'est pas le SHA-256 de sa signature : tirage refusé",
    "draw.no-seed": "donnez la graine publique avec --seed (ou --beacon pour un tour drand)",
    "draw.drand-needs-beacon": "la source annoncée est {description} : donnez le JSON de ce tour avec --beacon",
    "draw.empty-seed": "la graine est vide",
    "draw.tampered": "ces fichiers ne correspondent plus à l'engagement : {files} ; tirage refusé",
    "draw.already-drawn": (
        "{directory} contient déjà un tirage ({files}) : un engagement ne se tire qu'une fois. Pour remplacer "
        "des désistements, utilisez sortition replace"
    ),
    "draw.exists": "{directory} existe déjà ; choisissez un autre --out ou utilisez --force pour le remplacer",
    "prepare.solving": "Calcul {algorithm} pour {n} volontaires ({groups} groupes), panel de {k}...",
    "prepare.summary": (
        "{algorithm} : probabilité minimale {min}, maximale {max}, Gini {gini}, {panels} panels, {seconds} s"
    ),
    "prepare.certificate": "Certificat : {method} ; écart d'optimalité {gap}{optimal}",
    "prepare.not-optimal": " (optimalité non prouvée : {notes})",
    "prepare.tickets": (
        "Tickets : {total} ({method}), sur {panels} panels ; plus petite probabilité non nulle après l'arrondi "
        "{least}, {loss} sous celle de la loterie ; plus grand écart de probabilité {deviation} (borne prouvée "
        "{bound})"
    ),
    "prepare.tickets-too-few": (
        "Attention : avec {total} tickets, la plus petite probabilité non nulle passe de {min} à {least} "
        "({loss} de perte, plus de {fair}). Utilisez plus de tickets (par ex. --tickets {suggested}, le nombre "
        "choisi quand --tickets est omis) : la graine peut désigner n'importe quel numéro."
    ),
    "prepare.cannot-fit": (
        "{count} personnes sur {n} ne figurent dans aucun panel qui respecte les quotas : leur probabilité est "
        "0 quelle que soit la méthode."
    ),
    "prepare.written": "Écrit dans {directory} : {files}",
    "prepare.private": "À garder privé, ne jamais publier : {directory} (sel et table des identifiants)",
    "prepare.commitment": "Empreinte de l'engagement : {hash}",
    "prepare.publish-now": (
        "Publiez maintenant, AVANT que la graine n'existe : l'empreinte complète ci-dessus (et les fichiers de "
        "{directory}) dans un support public daté (avis officiel, journal, panneau de la mairie, message "
        "horodaté). Le résultat de {source} ne doit pas encore exister à cette date. Puis : sortition draw "
        "{directory} --seed ... ; les auditeurs lancent : sortition verify {directory} --commitment {hash}"
    ),
    "prepare.unannounced": (
        "Aucune source de graine annoncée (--seed-source) : le tirage peut être répété, mais « verify » "
        "échouera sur la vérification de la graine."
    ),
    "draw.result": "Ticket {ticket} (parmi 0 à {last}) : panel {panel} ({size} personnes). Écrit : {files}",
    "draw.key": "Clé dérivée : {key}",
    "draw.signature-unchecked": (
        "La signature du tour drand n'a PAS été vérifiée (aucun vérificateur BLS installé) ; son aléa "
        "correspond bien à sa signature. Vérifiez la signature avec les outils de drand ou sur son site."
    ),
    "rehearse.warning": (
        "RÉPÉTITION SEULEMENT : la graine était connue avant l'engagement. Un vrai tirage publie d'abord "
        "commitment.json puis prend sa graine d'une source publique (sortition prepare, puis sortition draw)."
    ),
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
    "verify.canonical": "commitment.json et lottery.json sont en JSON canonique",
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
    "help.prepare": (
        "Calculer la loterie équitable et préparer un tirage : écrit la loterie, les tickets, la probabilité "
        "de chacun, le vivier pseudonymisé et l'engagement à publier avant que la graine n'existe."
    ),
    "help.algorithm": (
        "Algorithme d'équité : leximin (par défaut), maximin, nash, ou legacy (l'ancienne méthode gloutonne)."
    ),
    "help.out": "Dossier à écrire (il ne doit pas exister, sauf avec --force).",
    "help.force": "Remplacer un dossier existant (un tirage publié fait foi : réfléchissez).",
    "help.tickets": (
        "Nombre de tickets de la loterie arrondie (un tirage public en choisit un parmi 0..N-1). Par défaut : le "
        "plus petit de 1 000, 10 000, 100 000... dont l'arrondi abaisse la plus petite probabilité non nulle de "
        "0,1 % au plus."
    ),
    "help.seed-source": (
        "D'où viendra la graine, annoncé dans l'engagement : euromillions:<AAAA-MM-JJ>, loto:<AAAA-MM-JJ>, "
        "dice:<nombre>d<faces>, drand:<chaîne>:<tour>, ou une description libre (déconseillé : elle peut "
        "s'écrire de bien des façons)."
    ),
    "help.pseudonymise": (
        "Publier des pseudonymes (hachage salé) au lieu des identifiants (sel gardé dans OUT.private/)."
    ),
    "help.date": "Date à consigner (une entrée explicite, pour que deux exécutions honnêtes donnent les mêmes octets).",
    "help.legacy-runs": "Pour legacy seulement : nombre de tirages simulés qui estiment ses probabilités.",
    "help.draw": "Tirer le panel à partir de la graine publique (ou d'un tour drand) pour un dossier préparé.",
    "help.directory": "Le dossier de tirage écrit par « sortition prepare ».",
    "help.seed": (
        "La graine publique : pour une source typée, les numéros tirés, dans n'importe quel ordre et "
        "n'importe quelle écriture (ils sont réécrits sous forme canonique) ; sinon le texte."
    ),
    "help.commitment": (
        "L'empreinte de l'engagement publiée avant la graine (64 chiffres hexadécimaux) : ancre la vérification."
    ),
    "help.beacon": "Fichier JSON du tour drand annoncé (round, randomness, signature).",
    "help.verify": (
        "Vérifier un tirage à partir de ses seuls fichiers publiés : empreintes, quotas de chaque panel, "
        "probabilités exactes, et ticket, panel et réserves redérivés de la graine. Code de sortie 0 "
        "seulement si tout est vérifié."
    ),
    "help.resolve": "Recalculer aussi l'optimum LEXIMIN ici et comparer la plus petite probabilité de la loterie.",
    "help.rehearse": (
        "Préparer et tirer d'un coup, pour essayer (PAS un vrai tirage : la graine est connue d'avance)."
    ),
    "help.rehearse-seed": "Graine de répétition (n'importe quel texte).",
    "help.quiet": "N'afficher que les erreurs et la dernière ligne.",
    "problem.replace-unknown-id": "l'identifiant « {value} » n'est pas dans le vivier de ce tirage",
    "problem.replace-duplicate-id": "l'identifiant « {value} » figure deux fois",
    "problem.replace-no-dropout": "aucun des identifiants n'est dans le panel actuel : personne à remplacer",
    "replace.not-drawn": "{directory} n'a pas encore été tiré (pas d'audit.json) : faites d'abord le tirage",
    "replace.table-title": (
        "Problème résiduel, tour {round} : {dropouts} désistement(s) à remplacer, {kept} membres conservés, "
        "{eligible} personnes éligibles"
    ),
    "col.kept": "Conservés",
    "col.residual-min": "Nouveau min",
    "col.residual-max": "Nouveau max",
    "replace.infeasible": (
        "Les quotas résiduels sont irréalisables. Acceptez une des corrections avec --accept-repair N (elle "
        "est consignée dans l'engagement), ou modifiez la liste."
    ),
    "replace.accepted": "Correction {index} acceptée, consignée dans l'engagement : {changes}",
    "replace.bad-repair": "--accept-repair {index} : cette correction n'existe pas (il y en a {count})",
    "replace.reserves-taken": (
        "Pris dans la liste de réserve, dans l'ordre : {ids}. Nouveau panel écrit dans {directory}."
    ),
    "replace.reserves-exhausted": (
        "La liste de réserve ne permet pas de compléter le panel dans les quotas : utilisez le mode équitable "
        "(--mode fair)."
    ),
    "replace.check-previous-missing": "le tirage précédent est dans {path} (il est absent)",
    "replace.check-link": "le tirage précédent ({path}) est celui auquel ce remplacement s'est engagé, par empreinte",
    "replace.check-previous": "le tirage précédent se vérifie ({failed} vérification(s) en échec)",
    "replace.check-residual": (
        "tour {round} : membres conservés, désistements, exclusions et quotas résiduels découlent du tirage précédent"
    ),
    "replace.check-residual-files": "pool.csv et quotas.csv sont le vivier et les quotas résiduels",
    "replace.check-reserves": "le parcours de la liste de réserve redonne les personnes prises",
    "replace.check-panel-file": "panel.csv liste tout le nouveau panel",
    "replace.check-full-panel": (
        "le nouveau panel complet a {k} personnes et respecte chaque quota et la règle du foyer"
    ),
    "help.replace": (
        "Remplacer des désistements : calculer les quotas résiduels et le vivier éligible, puis préparer un "
        "tirage de remplacement équitable et engagé (ou prendre les réserves dans l'ordre avec --mode reserves)."
    ),
    "help.dropouts": (
        "CSV avec une colonne id : les identifiants du panel actuel sont des désistements, les autres ont "
        "décliné et ne seront pas tirés."
    ),
    "help.mode": (
        "fair (nouvelle loterie équitable et graine publique, par défaut) ou reserves (liste de réserve ordonnée)."
    ),
    "help.accept-repair": (
        "Accepter la correction numéro N proposée pour des quotas résiduels irréalisables (consignée)."
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
        "Attention : {source} n'a que {outcomes} résultats équiprobables pour {tickets} tickets : la chance d'un "
        "ticket peut s'écarter de sa valeur annoncée d'environ {bias} (racine de tickets / résultats). Prenez "
        "une source à plus de résultats (plus de dés, une loterie, drand) ou moins de tickets."
    ),
    "draw.seed-used": "Texte de graine utilisé (canonique) : {seed}",
    "draw.bad-date": "la date « {date} » n'est pas un jour écrit AAAA-MM-JJ",
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
    "replace.check-pseudonymised": "le remplacement consigne la pseudonymisation comme le tirage qu'il remplace",
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
    "page.title": "Vérifier un tirage au sort de panel citoyen",
    "page.intro": (
        "Cette page vérifie un dossier de tirage sur cet ordinateur, sans réseau : chaque fichier par rapport à "
        "l'engagement, le panel et les réserves redérivés de la graine publique. Elle lit les fichiers choisis "
        "et n'envoie rien. La chaîne d'un remplacement se vérifie avec la commande sortition verify."
    ),
    "page.folder": "Dossier du tirage",
    "page.anchor": "Empreinte de l'engagement publiée avant la graine (64 chiffres hexadécimaux)",
    "page.run": "Vérifier",
    "page.unsupported": (
        "Ce dossier est un remplacement : vérifiez-le, avec sa chaîne, par la commande sortition verify."
    ),
    "seed.outcomes": (
        "Source de la graine {source} : {outcomes} résultats possibles, qui valent {worth} résultats "
        "équiprobables ; la chance d'un ticket est tenue à environ {bias} près (racine de tickets / résultats)."
    ),
}
