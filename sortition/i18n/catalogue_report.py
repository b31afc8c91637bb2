"""Catalogue section: the report of a draw (``sortition report``), merged into :mod:`sortition.i18n.catalogue`.

The report is read at a town hall as much as by auditors: sentences say what a figure means, not only its
name. French uses plain spaces before ``:`` ``;`` ``%`` and inside guillemets; the report turns them into
the no-break spaces French typography wants (see ``sortition.report.words.typography``).
"""

from __future__ import annotations

EN: dict[str, str] = {
    # command line
    "help.report": (
        "Write the report of a draw: one self-contained HTML page (identity and verification of the draw, "
        "quotas, fairness against the legacy method, representativeness), to publish or print."
    ),
    "help.report-out": (
        "HTML file to write (default: report.html in the draw directory; never replaced without --force)."
    ),
    "help.report-legacy-runs": (
        "Simulated draws of the legacy greedy method, for the fairness comparison (0 to skip it)."
    ),
    "help.report-legacy-seed": "Seed of the legacy simulation (the same seed gives the same figures).",
    "report.file-name": "report.html",
    "report.exists": "{file} already exists; choose another --out or use --force to replace it",
    "report.needs-matplotlib": (
        "The report draws its charts with matplotlib, which is not installed. Install it with: "
        "pip install 'sortition-toolkit[report]'"
    ),
    "report.computing": "Estimating the legacy method over {runs} simulated draws, then verifying the draw...",
    "report.written": "Report written to {file}",
    "report.summary-line": (
        "Panel of {k} from {n} volunteers: least chance {minimum}, Gini {gini}; verification: {failed} failed, "
        "{manual} to check by hand, of {count} checks."
    ),
    "report.summary-line-replacement": (
        "Replacement round {round}: {k} person(s) drawn from {n} eligible volunteers, least chance {minimum}, "
        "Gini {gini}; verification: {failed} failed, {manual} to check by hand, of {count} checks."
    ),
    "report.summary-checks": "Verification: {failed} failed, {manual} to check by hand, of {count} checks.",
    "report.checks-failed": "Some verification checks FAILED: the report shows which; do not publish it as is.",
    # page
    "report.months": "January,February,March,April,May,June,July,August,September,October,November,December",
    "report.html-title": "Report of the draw {directory}",
    "report.title": "Report of the draw by lot",
    "report.lead": "A panel of {k} persons drawn by lot from {n} volunteers.",
    "report.lead-replacement": "Replacement round {round}: {dropouts} member(s) of the panel of {k} replaced.",
    "report.lead-date": "Date: {date}.",
    "report.rehearsal-warning": (
        "REHEARSAL: the seed was known before the commitment was published. This is not a public draw."
    ),
    "report.not-drawn-warning": (
        "Not drawn yet: the seed has not been used. Quotas and chances are those of the prepared lottery."
    ),
    "report.key-panel": "members of the panel",
    "report.key-pool": "volunteers in the pool",
    "report.key-min": "the least chance any volunteer had",
    "report.key-gini": "Gini coefficient of the chances (0 = all equal)",
    "report.key-min-replacement": "the least chance of a volunteer still eligible for this replacement",
    "report.key-min-reachable": "the least chance of a volunteer whom a panel meeting the quotas can hold",
    "report.key-gini-replacement": "Gini coefficient of the chances of this replacement (0 = all equal)",
    "report.footer": (
        "Report made by sortition-toolkit {version} from the published files of {directory} alone; anyone can "
        "make it again with: sortition report {directory}"
    ),
    # 1. identity
    "report.identity-title": "1. The draw and how to check it",
    "report.id-date": "Date",
    "report.id-no-date": "not recorded",
    "report.id-commitment": "Commitment hash",
    "report.id-source": "Announced seed source",
    "report.source-unannounced": "none announced (the seed check fails)",
    "report.source-rehearsal": "rehearsal (seed chosen in advance: {description})",
    "report.id-seed": "Seed",
    "report.id-not-drawn": "not drawn yet",
    "report.id-beacon": "drand round",
    "report.id-beacon-value": "round {round}, randomness {randomness}",
    "report.id-ticket": "Ticket drawn",
    "report.id-ticket-value": "{ticket} (of 0 to {last}), panel number {panel} of the lottery",
    "report.id-panel": "Panel and pool",
    "report.id-panel-value": "{k} persons from {n} volunteers",
    "report.id-households": "Household rule",
    "report.id-households-on": "on: at most one person per household ({households} households)",
    "report.id-households-off": "off",
    "report.id-algorithm": "Lottery",
    "report.id-algorithm-value": "{algorithm}, rounded to {tickets} tickets on {panels} panels",
    "report.id-pseudonyms": "Pseudonymised ids",
    "report.yes": "yes",
    "report.no": "no",
    "report.id-replacement": "Replacement",
    "report.id-replacement-fair": (
        "round {round}, by a new fair lottery: {dropouts} drop-out(s) replaced, {kept} member(s) kept, "
        "{declined} person(s) who declined excluded"
    ),
    "report.id-replacement-reserves": (
        "round {round}, down the reserve list: {dropouts} drop-out(s) replaced, {kept} member(s) kept, "
        "{declined} person(s) who declined excluded"
    ),
    "report.id-dropouts": "Drop-outs",
    "report.id-relaxation": "Quota changes accepted",
    "report.relaxation-min": "minimum of {category} = {value} lowered from {old} to {new} (residual quota)",
    "report.relaxation-max": "maximum of {category} = {value} raised from {old} to {new} (residual quota)",
    "report.id-tool": "Software",
    "report.id-hashes": "Committed file hashes (SHA-256)",
    "report.verify-title": "Verification",
    "report.verify-how": (
        "Anyone can check this draw on their own computer: download the published files into a folder, "
        "install sortition-toolkit, and run:"
    ),
    "report.verify-resolve": (
        "Add --resolve to also recompute the fairest lottery on your machine and compare. The checks below "
        "were run when this report was made."
    ),
    "report.col-status": "Result",
    "report.col-check": "Check",
    # 2. quotas
    "report.quotas-title": "2. Quotas",
    "report.quotas-intro": (
        "Each quota sets how many panel members, of the {k}, must have a value. The pool is who volunteered; "
        "the target, when given, is the share in the population."
    ),
    "report.quotas-summary": "The panel meets its {count} quotas; {binding} of them sit exactly on a limit.",
    "report.quotas-violated": "{count} quota(s) NOT met by this panel.",
    "report.quotas-replacement": (
        "For a replacement, the table shows the whole new panel (members kept and persons drawn) against "
        "the quotas and the pool of the first draw."
    ),
    "report.quotas-residual": (
        "The first draw of this chain was not found here: the table shows the residual quotas and the "
        "persons drawn by this replacement only."
    ),
    "report.quotas-binding-note": (
        "Highlighted rows are binding: the panel sits exactly on the minimum or the maximum. Those quotas are "
        "the ones that shaped the draw."
    ),
    "report.col-category": "Category",
    "report.col-value": "Value",
    "report.col-target": "Population target",
    "report.col-pool": "Volunteers",
    "report.col-pool-share": "Pool share",
    "report.col-band": "Quota",
    "report.col-panel": "Panel",
    "report.col-panel-share": "Panel share",
    "report.col-state": "Limit",
    "report.band": "{min} to {max}",
    "report.state-at-min": "at the minimum",
    "report.state-at-max": "at the maximum",
    "report.state-violated": "NOT MET",
    "report.state-not-drawn": "not drawn yet",
    # 3. fairness
    "report.fairness-title": "3. Fairness: who had a chance",
    "report.fairness-intro": (
        "Without quotas, each of the {n} volunteers would have had the same chance, {k} in {n} ({equal}). "
        "Quotas make some volunteers more likely than others; a fair lottery keeps the least chance as high "
        "as the quotas allow."
    ),
    "report.contrast": (
        "With the old method (estimated over {runs} simulated draws), the least likely volunteer had a "
        "{legacy_min} chance ({confidence} interval up to {legacy_upper}); with this draw, every volunteer "
        "had at least {minimum}."
    ),
    "report.minimum-only": "With this draw, every volunteer had a chance of at least {minimum}.",
    "report.contrast-reachable": (
        "With the old method (estimated over {runs} simulated draws), the least likely of these {reachable} "
        "volunteers had a {legacy_min} chance ({confidence} interval up to {legacy_upper}); with this draw, "
        "each of them had at least {minimum}."
    ),
    "report.minimum-only-reachable": (
        "With this draw, each of these {reachable} volunteers had a chance of at least {minimum}."
    ),
    "report.cannot-fit": (
        "{count} of these {n} volunteers cannot be on any panel that meets the quotas (in a replacement: the "
        "seats left for one of their values are already taken), so their chance is 0 under any method. The "
        "least chances quoted below are those of the {reachable} others."
    ),
    "report.fairness-replacement": (
        "This replacement's lottery drew {k} person(s) from the {n} volunteers still eligible (not on the "
        "panel, not dropped out or declined, not living with a member kept). The chances below are theirs."
    ),
    "report.fairness-reserves": (
        "This replacement walked down the reserve list of the previous draw, in its published order, taking "
        "each reserve who kept the quotas reachable: there was no new lottery, so no new chances to show."
    ),
    "report.legacy-failed": "The old method found no valid panel in its simulated draws: no comparison is possible.",
    "report.method-draw": "This draw ({algorithm})",
    "report.method-legacy": "Old method (legacy greedy, estimated)",
    "report.method-legacy-estimated": "Old method ({runs} simulated draws)",
    "report.fig-min": "Least chance",
    "report.fig-min-legacy": "{value} ({confidence} interval up to {upper})",
    "report.fig-max": "Greatest chance",
    "report.fig-gini": "Gini coefficient (0 = all equal)",
    "report.fig-below-half": "Volunteers with less than half the equal chance (below {half})",
    "report.optimal": "The lottery is proven optimal (gap {gap}).",
    "report.not-optimal": "The lottery is NOT proven optimal (gap {gap}).",
    "report.rounding": (
        "Rounding it to {tickets} public tickets changed no one's chance by more than {deviation} percentage point."
    ),
    "report.histogram-caption": (
        "How many volunteers had each chance of being selected. The solid line marks the least chance, the "
        "dashed line the equal chance without quotas."
    ),
    "report.lorenz-caption": (
        "Lorenz curve: volunteers sorted from least to most likely, against their share of the seats. The "
        "closer to the diagonal, the more equal the chances."
    ),
    "report.legacy-method": (
        "The old method fills the panel one person at a time, always from the quota hardest to meet. Its "
        "chances have no formula: they are estimated from {runs} simulated draws (seed {seed}; {failures} "
        "found no panel), with {confidence} Wilson intervals."
    ),
    "report.plot-least": "least: {value}",
    "report.plot-equal": "equal chance: {value}",
    "report.plot-volunteers": "volunteers",
    "report.plot-probability": "chance of being selected",
    "report.plot-equality": "perfect equality",
    "report.plot-lorenz-label": "{method}, Gini {gini}",
    "report.plot-lorenz-x": "share of volunteers (least likely first)",
    "report.plot-lorenz-y": "share of the seats",
    # 4. representativeness
    "report.representation-title": "4. Representativeness",
    "report.representation-intro": (
        "For each category: the share of each value in the population (target), among the volunteers (pool) "
        "and in the panel. The green band is the quota, in panel shares."
    ),
    "report.representation-intro-no-target": (
        "For each category: the share of each value among the volunteers (pool) and in the panel. The green "
        "band is the quota, in panel shares (no population target was given)."
    ),
    "report.representation-alt": "Shares of each value of {category}: pool, panel and quota",
    "report.plot-target": "population (target)",
    "report.plot-pool": "volunteers (pool)",
    "report.plot-panel": "panel",
    "report.plot-band": "quota",
    # 5. chain of draws
    "report.chain-title": "5. Chain of draws",
    "report.chain-intro": (
        "This draw replaces members of an earlier one. Each draw names the one before it; every directory "
        "found here was checked against its commitment hash."
    ),
    "report.chain-col-order": "#",
    "report.chain-col-directory": "Directory",
    "report.chain-col-commitment": "Commitment hash",
    "report.chain-col-date": "Date",
    "report.chain-col-state": "State",
    "report.chain-current": "this draw",
    "report.chain-found": "found, hash matches",
    "report.chain-not-found": "not found here (check it from its own published files)",
    "report.chain-mismatch": "HASH DOES NOT MATCH",
}

FR: dict[str, str] = {
    "help.report": (
        "Écrire le rapport d'un tirage : une page HTML autonome (identité et vérification du tirage, quotas, "
        "équité comparée à l'ancienne méthode, représentativité), à publier ou imprimer."
    ),
    "help.report-out": (
        "Fichier HTML à écrire (par défaut : rapport.html dans le dossier du tirage ; jamais remplacé sans --force)."
    ),
    "help.report-legacy-runs": (
        "Tirages simulés de l'ancienne méthode gloutonne, pour la comparaison d'équité (0 pour s'en passer)."
    ),
    "help.report-legacy-seed": "Graine de la simulation de l'ancienne méthode (même graine, mêmes chiffres).",
    "report.file-name": "rapport.html",
    "report.exists": "{file} existe déjà ; choisissez un autre --out ou utilisez --force pour le remplacer",
    "report.needs-matplotlib": (
        "Le rapport trace ses graphiques avec matplotlib, qui n'est pas installé. Installez-le avec : "
        "pip install 'sortition-toolkit[report]'"
    ),
    "report.computing": "Estimation de l'ancienne méthode sur {runs} tirages simulés, puis vérification du tirage...",
    "report.written": "Rapport écrit dans {file}",
    "report.summary-line": (
        "Panel de {k} parmi {n} volontaires : plus petite chance {minimum}, Gini {gini} ; vérification : "
        "{failed} en échec, {manual} à vérifier à la main, sur {count} contrôles."
    ),
    "report.summary-line-replacement": (
        "Remplacement n° {round} : {k} personne(s) tirée(s) parmi {n} volontaires éligibles, plus petite chance "
        "{minimum}, Gini {gini} ; vérification : {failed} en échec, {manual} à vérifier à la main, sur {count} "
        "contrôles."
    ),
    "report.summary-checks": "Vérification : {failed} en échec, {manual} à vérifier à la main, sur {count} contrôles.",
    "report.checks-failed": (
        "Des vérifications sont en ÉCHEC : le rapport indique lesquelles ; ne le publiez pas en l'état."
    ),
    "report.months": "janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre",
    "report.html-title": "Rapport du tirage {directory}",
    "report.title": "Rapport du tirage au sort",
    "report.lead": "Un panel de {k} personnes tiré au sort parmi {n} volontaires.",
    "report.lead-replacement": "Remplacement n° {round} : {dropouts} membre(s) du panel de {k} remplacé(s).",
    "report.lead-date": "Date : {date}.",
    "report.rehearsal-warning": (
        "RÉPÉTITION : la graine était connue avant la publication de l'engagement. Ce n'est pas un tirage public."
    ),
    "report.not-drawn-warning": (
        "Pas encore tiré : la graine n'a pas été utilisée. Quotas et chances sont ceux de la loterie préparée."
    ),
    "report.key-panel": "membres du panel",
    "report.key-pool": "volontaires dans le vivier",
    "report.key-min": "la plus petite chance d'un volontaire",
    "report.key-gini": "coefficient de Gini des chances (0 = toutes égales)",
    "report.key-min-replacement": "la plus petite chance d'un volontaire encore éligible pour ce remplacement",
    "report.key-min-reachable": (
        "la plus petite chance d'un volontaire qu'un panel respectant les quotas peut accueillir"
    ),
    "report.key-gini-replacement": "coefficient de Gini des chances de ce remplacement (0 = toutes égales)",
    "report.footer": (
        "Rapport produit par sortition-toolkit {version} à partir des seuls fichiers publiés de {directory} ; "
        "chacun peut le refaire avec : sortition report {directory}"
    ),
    "report.identity-title": "1. Le tirage et comment le vérifier",
    "report.id-date": "Date",
    "report.id-no-date": "non consignée",
    "report.id-commitment": "Empreinte de l'engagement",
    "report.id-source": "Source de la graine annoncée",
    "report.source-unannounced": "aucune annoncée (la vérification de la graine échoue)",
    "report.source-rehearsal": "répétition (graine choisie d'avance : {description})",
    "report.id-seed": "Graine",
    "report.id-not-drawn": "pas encore tiré",
    "report.id-beacon": "Tour drand",
    "report.id-beacon-value": "tour {round}, aléa {randomness}",
    "report.id-ticket": "Ticket tiré",
    "report.id-ticket-value": "{ticket} (parmi 0 à {last}), panel numéro {panel} de la loterie",
    "report.id-panel": "Panel et vivier",
    "report.id-panel-value": "{k} personnes parmi {n} volontaires",
    "report.id-households": "Règle du foyer",
    "report.id-households-on": "active : au plus une personne par foyer ({households} foyers)",
    "report.id-households-off": "inactive",
    "report.id-algorithm": "Loterie",
    "report.id-algorithm-value": "{algorithm}, arrondie à {tickets} tickets sur {panels} panels",
    "report.id-pseudonyms": "Identifiants pseudonymisés",
    "report.yes": "oui",
    "report.no": "non",
    "report.id-replacement": "Remplacement",
    "report.id-replacement-fair": (
        "n° {round}, par une nouvelle loterie équitable : {dropouts} désistement(s) remplacé(s), {kept} "
        "membre(s) conservé(s), {declined} personne(s) ayant décliné exclue(s)"
    ),
    "report.id-replacement-reserves": (
        "n° {round}, en suivant la liste de réserve : {dropouts} désistement(s) remplacé(s), {kept} "
        "membre(s) conservé(s), {declined} personne(s) ayant décliné exclue(s)"
    ),
    "report.id-dropouts": "Désistements",
    "report.id-relaxation": "Modifications de quotas acceptées",
    "report.relaxation-min": "minimum de {category} = {value} abaissé de {old} à {new} (quota résiduel)",
    "report.relaxation-max": "maximum de {category} = {value} relevé de {old} à {new} (quota résiduel)",
    "report.id-tool": "Logiciel",
    "report.id-hashes": "Empreintes des fichiers engagés (SHA-256)",
    "report.verify-title": "Vérification",
    "report.verify-how": (
        "Chacun peut vérifier ce tirage sur son propre ordinateur : télécharger les fichiers publiés dans un "
        "dossier, installer sortition-toolkit, puis lancer :"
    ),
    "report.verify-resolve": (
        "Ajoutez --resolve pour recalculer aussi la loterie la plus équitable sur votre machine et comparer. "
        "Les contrôles ci-dessous ont été faits à la production de ce rapport."
    ),
    "report.col-status": "Résultat",
    "report.col-check": "Contrôle",
    "report.quotas-title": "2. Quotas",
    "report.quotas-intro": (
        "Chaque quota fixe combien de membres du panel, sur {k}, doivent avoir une valeur. Le vivier, ce sont "
        "les volontaires ; la cible, quand elle est donnée, est la part dans la population."
    ),
    "report.quotas-summary": (
        "Le panel respecte ses {count} quotas ; {binding} d'entre eux sont exactement à une limite."
    ),
    "report.quotas-violated": "{count} quota(s) NON respecté(s) par ce panel.",
    "report.quotas-replacement": (
        "Pour un remplacement, le tableau montre tout le nouveau panel (membres conservés et personnes tirées) "
        "face aux quotas et au vivier du premier tirage."
    ),
    "report.quotas-residual": (
        "Le premier tirage de cette chaîne est introuvable ici : le tableau montre les quotas résiduels et "
        "les seules personnes tirées par ce remplacement."
    ),
    "report.quotas-binding-note": (
        "Les lignes surlignées sont contraignantes : le panel est exactement au minimum ou au maximum. Ce sont "
        "ces quotas qui ont pesé sur le tirage."
    ),
    "report.col-category": "Catégorie",
    "report.col-value": "Valeur",
    "report.col-target": "Cible (population)",
    "report.col-pool": "Volontaires",
    "report.col-pool-share": "Part du vivier",
    "report.col-band": "Quota",
    "report.col-panel": "Panel",
    "report.col-panel-share": "Part du panel",
    "report.col-state": "Limite",
    "report.band": "{min} à {max}",
    "report.state-at-min": "au minimum",
    "report.state-at-max": "au maximum",
    "report.state-violated": "NON RESPECTÉ",
    "report.state-not-drawn": "pas encore tiré",
    "report.fairness-title": "3. Équité : qui avait une chance",
    "report.fairness-intro": (
        "Sans quotas, chacun des {n} volontaires aurait eu la même chance, {k} sur {n} ({equal}). Les quotas "
        "rendent certains volontaires plus probables que d'autres ; une loterie équitable garde la plus petite "
        "chance aussi haute que les quotas le permettent."
    ),
    "report.contrast": (
        "Avec l'ancienne méthode (estimée sur {runs} tirages simulés), le volontaire le moins favorisé avait "
        "{legacy_min} de chances (intervalle à {confidence} : jusqu'à {legacy_upper}) ; avec ce tirage, chaque "
        "volontaire avait au moins {minimum}."
    ),
    "report.minimum-only": "Avec ce tirage, chaque volontaire avait au moins {minimum} de chances.",
    "report.contrast-reachable": (
        "Avec l'ancienne méthode (estimée sur {runs} tirages simulés), le moins favorisé de ces {reachable} "
        "volontaires avait {legacy_min} de chances (intervalle à {confidence} : jusqu'à {legacy_upper}) ; avec "
        "ce tirage, chacun d'eux avait au moins {minimum}."
    ),
    "report.minimum-only-reachable": (
        "Avec ce tirage, chacun de ces {reachable} volontaires avait au moins {minimum} de chances."
    ),
    "report.cannot-fit": (
        "{count} de ces {n} volontaires ne peuvent figurer dans aucun panel qui respecte les quotas (dans un "
        "remplacement : les sièges restants pour l'une de leurs valeurs sont déjà pris) ; leur chance est donc "
        "nulle quelle que soit la méthode. Les plus petites chances citées ci-dessous sont celles des "
        "{reachable} autres."
    ),
    "report.fairness-replacement": (
        "La loterie de ce remplacement a tiré {k} personne(s) parmi les {n} volontaires encore éligibles (hors "
        "du panel, sans désistement ni refus, sans lien de foyer avec un membre conservé). Les chances "
        "ci-dessous sont les leurs."
    ),
    "report.fairness-reserves": (
        "Ce remplacement a suivi la liste de réserve du tirage précédent, dans son ordre publié, en prenant "
        "chaque réservé qui laissait les quotas atteignables : pas de nouvelle loterie, donc pas de nouvelles "
        "chances à montrer."
    ),
    "report.legacy-failed": (
        "L'ancienne méthode n'a trouvé aucun panel valide dans ses tirages simulés : pas de comparaison possible."
    ),
    "report.method-draw": "Ce tirage ({algorithm})",
    "report.method-legacy": "Ancienne méthode (gloutonne, estimée)",
    "report.method-legacy-estimated": "Ancienne méthode ({runs} tirages simulés)",
    "report.fig-min": "Plus petite chance",
    "report.fig-min-legacy": "{value} (intervalle à {confidence} : jusqu'à {upper})",
    "report.fig-max": "Plus grande chance",
    "report.fig-gini": "Coefficient de Gini (0 = toutes égales)",
    "report.fig-below-half": "Volontaires ayant moins de la moitié de la chance égale (moins de {half})",
    "report.optimal": "L'optimalité de la loterie est prouvée (écart {gap}).",
    "report.not-optimal": "L'optimalité de la loterie n'est PAS prouvée (écart {gap}).",
    "report.rounding": (
        "L'arrondi à {tickets} tickets publics n'a changé la chance de personne de plus de {deviation} point "
        "de pourcentage."
    ),
    "report.histogram-caption": (
        "Combien de volontaires avaient chaque chance d'être tirés. Le trait plein marque la plus petite "
        "chance, le pointillé la chance égale sans quotas."
    ),
    "report.lorenz-caption": (
        "Courbe de Lorenz : les volontaires rangés du moins au plus favorisé, et leur part des sièges. Plus la "
        "courbe est proche de la diagonale, plus les chances sont égales."
    ),
    "report.legacy-method": (
        "L'ancienne méthode remplit le panel une personne à la fois, toujours dans le quota le plus difficile "
        "à atteindre. Ses chances n'ont pas de formule : elles sont estimées sur {runs} tirages simulés "
        "(graine {seed} ; {failures} sans panel), avec des intervalles de Wilson à {confidence}."
    ),
    "report.plot-least": "minimum : {value}",
    "report.plot-equal": "chance égale : {value}",
    "report.plot-volunteers": "volontaires",
    "report.plot-probability": "chance d'être tiré au sort",
    "report.plot-equality": "égalité parfaite",
    "report.plot-lorenz-label": "{method}, Gini {gini}",
    "report.plot-lorenz-x": "part des volontaires (les moins favorisés d'abord)",
    "report.plot-lorenz-y": "part des sièges",
    "report.representation-title": "4. Représentativité",
    "report.representation-intro": (
        "Pour chaque catégorie : la part de chaque valeur dans la population (cible), parmi les volontaires "
        "(vivier) et dans le panel. La bande verte est le quota, en part du panel."
    ),
    "report.representation-intro-no-target": (
        "Pour chaque catégorie : la part de chaque valeur parmi les volontaires (vivier) et dans le panel. La "
        "bande verte est le quota, en part du panel (aucune cible de population n'a été donnée)."
    ),
    "report.representation-alt": "Parts de chaque valeur de {category} : vivier, panel et quota",
    "report.plot-target": "population (cible)",
    "report.plot-pool": "volontaires (vivier)",
    "report.plot-panel": "panel",
    "report.plot-band": "quota",
    "report.chain-title": "5. Chaîne des tirages",
    "report.chain-intro": (
        "Ce tirage remplace des membres d'un tirage antérieur. Chaque tirage désigne le précédent ; chaque "
        "dossier trouvé ici a été contrôlé par rapport à l'empreinte de son engagement."
    ),
    "report.chain-col-order": "n°",
    "report.chain-col-directory": "Dossier",
    "report.chain-col-commitment": "Empreinte de l'engagement",
    "report.chain-col-date": "Date",
    "report.chain-col-state": "État",
    "report.chain-current": "ce tirage",
    "report.chain-found": "trouvé, empreinte conforme",
    "report.chain-not-found": "introuvable ici (à vérifier à partir de ses propres fichiers publiés)",
    "report.chain-mismatch": "EMPREINTE NON CONFORME",
}
