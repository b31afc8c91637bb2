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
    "prepare.private": "Keep private, never publish: {directory} (the pool with every column; salt and id map)",
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
    "problem.replace-unknown-id": "the id '{value}' is not a published id of this draw (column id of its pool.csv)",
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
        "CSV or XLSX with an id column (or the pool's own id column): ids on the current panel are drop-outs, "
        "other ids have declined and will not be chosen. Ids of the pool file or published ids."
    ),
    "help.mode": "fair (a new fair lottery and public seed, default) or reserves (the ordered reserve list).",
    "help.accept-repair": "Accept repair number N proposed for infeasible residual quotas (recorded).",
    # typed seed sources (sortition.protocol.seed)
    "draw.seed-used": "Seed text used (canonical): {seed}",
    "draw.bad-date": "the date '{date}' is not a day written YYYY-MM-DD",
    # verify: checks added by protocol v2
    "replace.check-pseudonymised": "the replacement records pseudonymisation as the draw it replaces does",
    # verify: what differs
    "page.title": "Check a citizens' panel draw",
    "page.intro": (
        "This page checks a draw directory on this computer, without network: every file against the commitment, "
        "the panel and the reserves re-derived from the public seed. It reads the files you choose and sends "
        "nothing. Choose the first draw's folder: the replacements inside it (replacement-1/ ...) are checked "
        "with it, each with its own verdict, back along their chain."
    ),
    "page.folder": "Draw directory (the first draw's folder)",
    "page.anchor": (
        "Commitment hash published before the seed (64 hexadecimal digits; with replacements, the hash of each "
        "draw you have, separated by spaces)"
    ),
    "page.run": "Check",
    "page.search-too-large": (
        "The reserve walk needs a search too large for this page: check this folder with the command sortition verify."
    ),
    "page.d-pick-first": (
        "it is outside the folder chosen: choose the first draw's folder, which holds its replacements"
    ),
    "page.tree-ok": (
        "{count} draws in this folder (the first draw and its replacements): none failed. Each verdict below."
    ),
    "page.tree-fail": (
        "{count} draws in this folder (the first draw and its replacements): {failed} failed. Each verdict below."
    ),
    "page.not-anchored": (
        "NOT ANCHORED: compare this full commitment hash with the one published, dated, before the seed "
        "existed (or paste it in the hash field above): {hash}"
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
    "prepare.private": (
        "À garder privé, ne jamais publier : {directory} (le vivier avec toutes ses colonnes ; sel et table des "
        "identifiants)"
    ),
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
    "problem.replace-unknown-id": (
        "l'identifiant « {value} » n'est pas un identifiant publié de ce tirage (colonne id de son pool.csv)"
    ),
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
        "CSV ou XLSX avec une colonne id (ou la colonne d'identifiant du vivier) : les identifiants du panel "
        "actuel sont des désistements, les autres ont décliné et ne seront pas tirés. Identifiants du fichier "
        "du vivier ou identifiants publiés."
    ),
    "help.mode": (
        "fair (nouvelle loterie équitable et graine publique, par défaut) ou reserves (liste de réserve ordonnée)."
    ),
    "help.accept-repair": (
        "Accepter la correction numéro N proposée pour des quotas résiduels irréalisables (consignée)."
    ),
    "draw.seed-used": "Texte de graine utilisé (canonique) : {seed}",
    "draw.bad-date": "la date « {date} » n'est pas un jour écrit AAAA-MM-JJ",
    "replace.check-pseudonymised": "le remplacement consigne la pseudonymisation comme le tirage qu'il remplace",
    "page.title": "Vérifier un tirage au sort de panel citoyen",
    "page.intro": (
        "Cette page vérifie un dossier de tirage sur cet ordinateur, sans réseau : chaque fichier par rapport à "
        "l'engagement, le panel et les réserves redérivés de la graine publique. Elle lit les fichiers choisis "
        "et n'envoie rien. Choisissez le dossier du premier tirage : les remplacements qu'il contient "
        "(replacement-1/ ...) sont vérifiés avec lui, chacun avec son verdict, en remontant leur chaîne."
    ),
    "page.folder": "Dossier du tirage (celui du premier tirage)",
    "page.anchor": (
        "Empreinte de l'engagement publiée avant la graine (64 chiffres hexadécimaux ; avec des remplacements, "
        "l'empreinte de chaque tirage dont vous disposez, séparées par des espaces)"
    ),
    "page.run": "Vérifier",
    "page.search-too-large": (
        "Le parcours de la liste de réserve demande une recherche trop grande pour cette page : vérifiez ce "
        "dossier avec la commande sortition verify."
    ),
    "page.d-pick-first": (
        "il est hors du dossier choisi : choisissez le dossier du premier tirage, qui contient ses remplacements"
    ),
    "page.tree-ok": (
        "{count} tirages dans ce dossier (le premier tirage et ses remplacements) : aucun en échec. Chaque verdict "
        "ci-dessous."
    ),
    "page.tree-fail": (
        "{count} tirages dans ce dossier (le premier tirage et ses remplacements) : {failed} en échec. Chaque "
        "verdict ci-dessous."
    ),
    "page.not-anchored": (
        "NON ANCRÉ : comparez cette empreinte complète de l'engagement avec celle publiée, datée, avant que la "
        "graine n'existe (ou collez-la dans le champ de l'empreinte ci-dessus) : {hash}"
    ),
}
