"""Catalogue section: the report of a draw (``sortition report``), merged into :mod:`sortition.i18n.catalogue`.

The report is read at a town hall as much as by auditors: sentences say what a figure means, not only its
name. French uses plain spaces before ``:`` ``;`` ``%`` and inside guillemets; the report turns them into
the no-break spaces French typography wants (see ``sortition.report.words.typography``). The messages of the
page's sections 2 to 4 (quotas, fairness, representativeness) are in ``catalogue_report_figures``.
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
