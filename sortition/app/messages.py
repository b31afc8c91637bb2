"""The application's own words, in French (first) and English. Library messages (problems of a file,
refusals of a draw, verification checks) come from the library's catalogue, :mod:`sortition.i18n`."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("fr", "en")

_M: dict[str, tuple[str, str]] = {
    "app.title": ("Tirage au sort d'un panel citoyen", "Drawing a citizens' panel by lot"),
    "app.skip": ("Aller au contenu", "Skip to content"),
    "app.other-lang": ("English", "Français"),
    "app.project": ("Dossier du projet : {folder}", "Project folder: {folder}"),
    "app.steps": ("Étapes", "Steps"),
    "app.save": ("Enregistrer", "Save"),
    "app.next": ("Étape suivante", "Next step"),
    "app.saved": ("Enregistré dans le dossier du projet.", "Saved in the project folder."),
    "app.error": ("Quelque chose s'est mal passé", "Something went wrong"),
    "app.error-text": (
        "L'opération n'a pas abouti. Rien n'a été écrit à moitié ; vous pouvez revenir en arrière et réessayer.",
        "The operation did not complete. Nothing was half written; you can go back and try again.",
    ),
    "app.back": ("Retour à l'accueil", "Back to the start"),
    "app.cli-help": ("Ouvre l'application web locale (en français).", "Open the local web application."),
    "step.volunteers": ("Volontaires", "Volunteers"),
    "step.quotas": ("Quotas", "Quotas"),
    "step.lottery": ("Loterie", "Lottery"),
    "step.commitment": ("Engagement", "Commitment"),
    "step.ceremony": ("Tirage public", "Public draw"),
    "step.after": ("Après le tirage", "After the draw"),
    "step.verify": ("Vérifier", "Verify"),
    "home.intro": (
        "Cette application vous guide pas à pas, du fichier des volontaires jusqu'au panel tiré au sort et "
        "vérifiable par tous. Chaque étape est enregistrée dans le dossier du projet : vous pouvez fermer le "
        "navigateur à tout moment.",
        "This application walks you step by step from the volunteers' file to a panel drawn by lot that anyone "
        "can verify. Every step is saved in the project folder: you may close the browser at any time.",
    ),
    "home.start": ("Commencer par les volontaires", "Start with the volunteers"),
    "vol.title": ("1. Le fichier des volontaires", "1. The volunteers' file"),
    "vol.file": (
        "Fichier des volontaires (CSV ou XLSX, première feuille)",
        "Volunteers' file (CSV or XLSX, first sheet)",
    ),
    "vol.upload": ("Téléverser", "Upload"),
    "vol.current": ("Fichier actuel : {name} ({rows} lignes)", "Current file: {name} ({rows} rows)"),
    "vol.roles": ("Rôle de chaque colonne", "Role of each column"),
    "vol.column": ("Colonne", "Column"),
    "vol.example": ("Exemple", "Example"),
    "vol.role": ("Rôle", "Role"),
    "role.id": ("Identifiant", "Identifier"),
    "role.category": ("Catégorie de quota", "Quota category"),
    "role.household": ("Adresse du foyer", "Household address"),
    "role.private": ("Privée (jamais publiée)", "Private (never published)"),
    "role.ignore": ("Ignorée", "Ignored"),
    "vol.private-note": (
        "Les colonnes privées (noms, téléphones, courriels) restent sur cet ordinateur : elles ne sont jamais "
        "publiées, ni écrites dans un journal. Les fichiers publiés ne contiennent que des identifiants "
        "pseudonymes et les catégories.",
        "Private columns (names, phones, e-mails) stay on this computer: they are never published nor logged. "
        "The published files hold only pseudonymous ids and the categories.",
    ),
    "vol.id-note": (
        "L'identifiant est publié avec le panel : un numéro de dossier convient, un nom ou un téléphone non.",
        "The id is published with the panel: a file number will do, a name or a phone will not.",
    ),
    "vol.problems": ("{count} problème(s) dans le fichier", "{count} problem(s) in the file"),
    "vol.need-id": ("Choisissez exactement une colonne « Identifiant ».", "Choose exactly one 'Identifier' column."),
    "vol.need-category": ("Choisissez au moins une catégorie de quota.", "Choose at least one quota category."),
    "vol.ok": ("{rows} volontaires lus, sans problème.", "{rows} volunteers read, no problem."),
    "quotas.title": ("2. Les quotas", "2. The quotas"),
    "quotas.table": ("tableau des quotas", "quota table"),
    "quotas.k": ("Taille du panel", "Panel size"),
    "quotas.tolerance": (
        "Tolérance autour des parts (ex. 0,1 = ±10 %)",
        "Tolerance around the shares (e.g. 0.1 = ±10%)",
    ),
    "quotas.category": ("Catégorie", "Category"),
    "lottery.detail": ("Date, tour ou description du résultat", "Date, round or description of the result"),
    "quotas.value": ("Valeur", "Value"),
    "quotas.volunteers": ("Volontaires", "Volunteers"),
    "quotas.share": ("Part dans la population", "Population share"),
    "quotas.min": ("Minimum", "Minimum"),
    "quotas.max": ("Maximum", "Maximum"),
    "quotas.from-shares": ("Calculer min/max à partir des parts", "Compute min/max from the shares"),
    "quotas.check": ("Vérifier la faisabilité", "Check feasibility"),
    "quotas.file": ("Ou charger un fichier de quotas (CSV/XLSX)", "Or load a quota file (CSV/XLSX)"),
    "quotas.load": ("Charger", "Load"),
    "quotas.need-volunteers": ("Commencez par le fichier des volontaires.", "Start with the volunteers' file."),
    "check.feasible": (
        "Faisable : au moins un panel de {k} personnes respecte tous les quotas.",
        "Feasible: at least one panel of {k} persons meets every quota.",
    ),
    "check.infeasible": (
        "Impossible : aucun panel de {k} personnes ne respecte ces quotas ensemble.",
        "Infeasible: no panel of {k} persons meets these quotas together.",
    ),
    "check.conflict": ("Les quotas en conflit :", "The conflicting quotas:"),
    "check.bound-min": (
        "au moins {limit} « {category} = {value} » ({count} volontaires)",
        "at least {limit} '{category} = {value}' ({count} volunteers)",
    ),
    "check.bound-max": (
        "au plus {limit} « {category} = {value} » ({count} volontaires)",
        "at most {limit} '{category} = {value}' ({count} volunteers)",
    ),
    "check.households": (
        "Il y a moins de foyers que de places : une personne par foyer ne suffit pas.",
        "There are fewer households than seats: one person per household is not enough.",
    ),
    "check.repairs": ("Réparations possibles (un clic les applique) :", "Possible repairs (one click applies them):"),
    "check.change": (
        "{side} de « {category} = {value} » : {old} → {new}",
        "{side} of '{category} = {value}': {old} → {new}",
    ),
    "check.apply": ("Appliquer la réparation {n}", "Apply repair {n}"),
    "word.min": ("minimum", "minimum"),
    "word.max": ("maximum", "maximum"),
    "lottery.title": ("3. La loterie", "3. The lottery"),
    "lottery.algorithm": ("Méthode", "Method"),
    "alg.leximin": (
        "LEXIMIN (recommandé) : donne à chaque volontaire la plus grande chance possible d'être tiré, en "
        "commençant par les moins favorisés. Aucune autre loterie respectant les quotas n'est plus équitable.",
        "LEXIMIN (recommended): gives every volunteer the greatest possible chance, starting with the least "
        "favoured. No other lottery meeting the quotas is fairer.",
    ),
    "alg.maximin": ("MAXIMIN : maximise la plus petite chance seulement.", "MAXIMIN: maximises the least chance only."),
    "alg.nash": ("Nash : maximise le produit des chances.", "Nash: maximises the product of the chances."),
    "alg.legacy": (
        "Ancienne méthode (tirage séquentiel) : pour comparaison, moins équitable.",
        "Legacy method (sequential draw): for comparison, less fair.",
    ),
    "lottery.source": (
        "Source publique du tirage (annoncée dans l'engagement)",
        "Public source of the draw (announced in the commitment)",
    ),
    "lottery.source-help": (
        "Choisissez un résultat public futur et décrivez-le précisément, par exemple « loto:2026-12-05 » "
        "(Loto du 5 décembre 2026), « euromillions:2026-12-04 », « drand:quicknet:12345678 » ou « dice:5d6 ».",
        "Choose a future public result and describe it precisely, e.g. 'loto:2026-12-05', "
        "'euromillions:2026-12-04', 'drand:quicknet:12345678' or 'dice:5d6'.",
    ),
    "source.loto": ("Loto (FDJ), tirage du …", "Loto (FDJ), draw of …"),
    "source.euromillions": ("EuroMillions, tirage du …", "EuroMillions, draw of …"),
    "source.drand": ("drand (balise publique), tour n° …", "drand (public beacon), round …"),
    "source.dice": ("Dés lancés en public", "Dice thrown in public"),
    "lottery.pseudonymise": (
        "Publier des pseudonymes à la place de vos identifiants (si vos identifiants disent qui est qui)",
        "Publish pseudonyms instead of your ids (if your ids tell who is who)",
    ),
    "lottery.run": ("Calculer la loterie", "Compute the lottery"),
    "lottery.running": ("Calcul en cours…", "Computing…"),
    "lottery.cancel": ("Annuler", "Cancel"),
    "lottery.cancelled": ("Calcul annulé.", "Computation cancelled."),
    "lottery.refresh": ("Actualiser", "Refresh"),
    "lottery.need-quotas": ("Les quotas doivent d'abord être faisables.", "The quotas must first be feasible."),
    "lottery.drawn": (
        "Le panel de ce projet est déjà tiré : la loterie publiée ne peut plus changer. Créez un nouveau projet.",
        "This project's panel is already drawn: the published lottery can no longer change. Start a new project.",
    ),
    "lottery.results": ("Résultats", "Results"),
    "lottery.least": (
        "Chance minimale : {least}. Chaque volontaire a au moins cette chance d'être tiré.",
        "Least chance: {least}. Every volunteer has at least this chance of being drawn.",
    ),
    "lottery.legacy": (
        "Avec l'ancienne méthode, la personne la moins favorisée aurait eu environ {legacy} (au plus {upper}, "
        "estimation par simulation).",
        "With the legacy method, the least favoured person would have had about {legacy} (at most {upper}, "
        "estimated by simulation).",
    ),
    "lottery.gini": (
        "Indice de Gini des chances : {gini} (0 = chances égales ; ancienne méthode : {legacy}).",
        "Gini index of the chances: {gini} (0 = equal chances; legacy method: {legacy}).",
    ),
    "lottery.optimal": ("Optimalité prouvée par le solveur.", "Optimality proved by the solver."),
    "lottery.again": (
        "Vous pouvez changer la méthode ou la source et recalculer tant que rien n'est publié.",
        "You may change the method or the source and compute again as long as nothing is published.",
    ),
    "lottery.certain": ("Volontaires tirés à coup sûr ou presque", "Volunteers certain or nearly certain to be drawn"),
    "lottery.certain-none": (
        "Aucun volontaire n'a plus de 90 % de chances.",
        "No volunteer has more than a 90% chance.",
    ),
    "lottery.certain-why": (
        "{id} : {chance} — seulement {count} volontaire(s) « {category} = {value} » pour un minimum de {min}",
        "{id}: {chance} — only {count} volunteer(s) '{category} = {value}' for a minimum of {min}",
    ),
    "lottery.certain-plain": ("{id} : {chance}", "{id}: {chance}"),
    "commit.title": ("4. L'engagement public", "4. The public commitment"),
    "commit.hash": ("Empreinte de l'engagement (SHA-256)", "Commitment hash (SHA-256)"),
    "commit.source": ("Le panel sera tiré à partir de : {source}", "The panel will be drawn from: {source}"),
    "commit.publish": (
        "Publiez ces fichiers et l'annonce AVANT le résultat public : ils fixent la loterie, et le hasard "
        "viendra d'un résultat que personne ne connaît encore.",
        "Publish these files and the announcement BEFORE the public result: they fix the lottery, and chance "
        "will come from a result nobody knows yet.",
    ),
    "commit.download": ("Télécharger les fichiers à publier (zip)", "Download the files to publish (zip)"),
    "commit.announce": ("Annonce imprimable (A4)", "Printable announcement (A4)"),
    "commit.none": ("Calculez d'abord la loterie (étape 3).", "Compute the lottery first (step 3)."),
    "announce.title": ("Annonce du tirage au sort", "Announcement of the draw by lot"),
    "announce.body": (
        "Un panel de {k} personnes sera tiré au sort parmi {n} volontaires, en respectant les quotas publiés.",
        "A panel of {k} persons will be drawn by lot among {n} volunteers, meeting the published quotas.",
    ),
    "announce.source": (
        "Le hasard viendra de ce résultat public futur : {source}.",
        "Chance will come from this future public result: {source}.",
    ),
    "announce.hash": (
        "Les fichiers publiés aujourd'hui ont cette empreinte ; chacun pourra vérifier le tirage avec elle :",
        "The files published today have this hash; anyone can verify the draw with it:",
    ),
    "announce.print": ("Imprimer", "Print"),
    "ceremony.title": ("5. Le tirage public", "5. The public draw"),
    "ceremony.result": ("Résultat officiel, tel que publié", "Official result, as published"),
    "ceremony.confirm": ("Retapez le résultat pour confirmer", "Type the result again to confirm"),
    "ceremony.draw": ("Tirer le panel", "Draw the panel"),
    "ceremony.mismatch": (
        "Les deux saisies du résultat diffèrent : rien n'a été tiré. Vérifiez le résultat officiel.",
        "The two entries of the result differ: nothing was drawn. Check the official result.",
    ),
    "ceremony.canonical": ("Forme canonique du résultat", "Canonical form of the result"),
    "ceremony.ticket": ("Billet tiré : {ticket} sur {total}", "Ticket drawn: {ticket} of {total}"),
    "ceremony.panel": ("Le panel ({size} personnes)", "The panel ({size} persons)"),
    "ceremony.minutes": ("Imprimer le procès-verbal", "Print the minutes"),
    "ceremony.minutes-title": ("Procès-verbal du tirage au sort", "Minutes of the draw by lot"),
    "ceremony.none": ("Il faut d'abord un engagement (étape 4).", "A commitment is needed first (step 4)."),
    "ceremony.fullscreen": ("Plein écran", "Full screen"),
    "after.title": ("6. Après le tirage", "6. After the draw"),
    "after.confirm": ("Confirmations", "Confirmations"),
    "after.confirmed": ("Confirmé", "Confirmed"),
    "after.declined": ("Décliné", "Declined"),
    "after.pending": ("En attente", "Pending"),
    "after.save": ("Enregistrer les réponses", "Save the answers"),
    "after.replace": ("Remplacer les {count} personnes qui déclinent", "Replace the {count} persons who declined"),
    "after.mode": ("Mode de remplacement", "Replacement mode"),
    "mode.fair": (
        "Loterie équitable (nouvel engagement et nouveau tirage public)",
        "Fair lottery (new commitment and new public draw)",
    ),
    "mode.reserves": ("Liste de réserve (dans l'ordre tiré)", "Reserve list (in the drawn order)"),
    "after.rounds": ("Remplacements", "Replacements"),
    "after.round": ("{directory} : {mode}", "{directory}: {mode}"),
    "after.taken": ("Réservistes appelés : {ids}", "Reserves called: {ids}"),
    "after.draw-round": ("Tirage public de ce remplacement", "Public draw of this replacement"),
    "after.infeasible": (
        "Les quotas restants n'admettent aucun remplaçant : essayez l'autre mode, ou la ligne de commande "
        "« sortition replace » qui propose des réparations.",
        "The remaining quotas admit no replacement: try the other mode, or the command line 'sortition replace', "
        "which offers repairs.",
    ),
    "after.report": ("Rapport public en français", "Public report in French"),
    "after.make-report": ("Écrire le rapport", "Write the report"),
    "after.open-report": ("Ouvrir le rapport", "Open the report"),
    "after.contacts": ("Listes de contacts (privées)", "Contact lists (private)"),
    "after.contacts-note": (
        "Ces fichiers contiennent les noms et coordonnées des personnes tirées : gardez-les pour vous, ne les "
        "publiez jamais.",
        "These files hold the names and contact details of the persons drawn: keep them to yourself, never "
        "publish them.",
    ),
    "after.contacts-of": ("{directory} (privé)", "{directory} (private)"),
    "after.none": ("Le panel n'est pas encore tiré (étape 5).", "The panel is not drawn yet (step 5)."),
    "after.ids-note": (
        "Les personnes sont désignées par vos propres identifiants (ceux du fichier des volontaires) ; les "
        "identifiants publiés sont des pseudonymes, dont la correspondance reste dans le dossier privé.",
        "Persons are named by your own ids (those of the volunteers' file); the published ids are pseudonyms, "
        "whose map stays in the private folder.",
    ),
    "verify.title": ("7. Vérifier un tirage", "7. Verify a draw"),
    "verify.file": ("Dossier de tirage publié, en zip", "Published draw directory, as a zip"),
    "verify.run": ("Vérifier", "Verify"),
    "verify.project": ("Vérifier le tirage de ce projet", "Verify this project's draw"),
    "verify.passed": ("Toutes les vérifications automatiques sont réussies.", "Every automatic check passed."),
    "verify.failed": ("{failed} vérification(s) échouée(s).", "{failed} check(s) failed."),
    "verify.bad-zip": ("Ce fichier n'est pas un zip lisible.", "This file is not a readable zip."),
    "status.pass": ("réussi", "passed"),
    "status.fail": ("échoué", "failed"),
    "status.manual": ("à vérifier à la main", "to check by hand"),
}


def t(key: str, lang: str = "fr", /, **params: Any) -> str:
    """The text of ``key`` in ``lang`` (French unless "en"), with ``params`` filled in."""
    french, english = _M[key]
    text = english if lang == "en" else french
    return text.format(**params) if params else text
