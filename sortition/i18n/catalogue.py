"""The one message catalogue: every sentence a user can read, in English and French.

Keys are stable; parameters use :meth:`str.format` syntax. Library code stores keys and parameters (see
:class:`sortition.errors.Problem`); only the presentation layer (CLI, report) turns them into text, so one
draw can be explained in either language. Tests check that both languages define the same keys with the
same parameters.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from sortition.i18n.numbers import french_param

LANGUAGES = ("en", "fr")

_EN: dict[str, str] = {
    # locations
    "loc.row": "row {row}",
    "loc.rows": "rows {rows}",
    "loc.rows-more": "rows {rows} and {more} more",
    "loc.column": "column '{column}'",
    "loc.separator": ": ",
    "input.header": "The input has {count} problem(s); nothing was done:",
    # files
    "problem.file-not-found": "file not found",
    "problem.file-unreadable": "cannot read the file ({reason})",
    "problem.file-empty": "the file is empty",
    "problem.file-binary": "the file contains NUL bytes; is it really a CSV export?",
    "problem.file-encoding": (
        "the file is neither UTF-8 nor Windows-1252 (byte 0x{byte} at offset {offset} cannot be decoded); "
        "save it again as CSV UTF-8"
    ),
    "problem.xlsx-missing-dependency": (
        "reading workbooks needs python-calamine: pip install python-calamine, or save the sheet as CSV"
    ),
    "problem.header-empty": "the first row (the column names) is empty",
    "problem.header-duplicate": "the column name '{column}' appears twice (columns {first} and {second})",
    "problem.row-too-long": (
        "this row has {cells} cells but the header has {expected}; the extra cells (columns {extra}) are not "
        "empty: is a value holding the delimiter without quotes?"
    ),
    "problem.missing-column": "no column named '{column}' (the columns are: {available})",
    "problem.no-rows": "the file has a header but no data rows",
    # pool
    "problem.id-empty": "the id is empty",
    "problem.id-duplicate": "the id '{value}' is also used on row {other_row}",
    "problem.value-empty": "no value for the category '{column}'",
    "problem.value-unknown": "'{value}' is not a value of the quotas for '{column}' (they are: {allowed})",
    "problem.pool-empty": "the pool has no volunteers",
    # quotas
    "problem.quota-columns": (
        "a quota file needs the columns category,value,min,max (bands) or category,value,share (target shares); "
        "found: {found}"
    ),
    "problem.quota-empty-field": "the {field} is empty",
    "problem.quota-duplicate": "'{category}' = '{value}' is already defined on row {other_row}",
    "problem.bound-not-integer": "the {bound} '{value}' is not a whole number",
    "problem.bound-negative": "the {bound} {value} is negative",
    "problem.bound-min-greater-max": "the min {min} is greater than the max {max}",
    "problem.quotas-empty": "the quota file has no quota rows",
    "problem.quota-value-absent": ("no volunteer in the pool has '{category}' = '{value}', yet its minimum is {min}"),
    "problem.category-sum-min": ("category '{category}': the minimums add up to {total}, more than the panel size {k}"),
    "problem.category-sum-max": ("category '{category}': the maximums add up to {total}, less than the panel size {k}"),
    "problem.category-household-clash": ("'{column}' is both a quota category and a household column"),
    "problem.k-invalid": "the panel size must be a whole number of at least 1, not {value}",
    "problem.k-too-large": "the panel size {k} is larger than the pool ({n} volunteers)",
    "problem.share-not-number": "the share '{value}' is not a number (write 0.52, 0,52 or 52%)",
    "problem.share-negative": "the share {value} is negative",
    "problem.shares-sum": "category '{category}': the shares add up to {total}, not 1 (or 100%)",
    "problem.shares-need-k": "target shares need the panel size (--k) to be turned into quotas",
    "problem.tolerance-invalid": "the tolerance must be between 0 and 1, not {value}",
    # hints
    "hint.did-you-mean": "; did you mean '{suggestion}'?",
    # quota words
    "word.min": "min",
    "word.max": "max",
    "word.category": "category",
    "word.value": "value",
    "word.share": "share",
    # command line: common
    "cli.pool-line": "Pool {file}: {n} volunteers in {groups} groups of interchangeable persons; panel of {k}.",
    "cli.households-line": "Household rule on ({columns}): {households} households.",
    "cli.error-title": "Error",
    "cli.bad-option": "invalid option {option}: {reason}",
    "col.category": "Category",
    "col.value": "Value",
    "col.volunteers": "Volunteers",
    "col.pool-share": "Pool share",
    "col.target": "Target",
    "col.min": "Min",
    "col.max": "Max",
    # check
    "check.feasible": "FEASIBLE: every quota can be met by a panel of {k} (checked in {seconds} s).",
    "check.infeasible": "INFEASIBLE: no panel of {k} from this pool meets every quota.",
    "check.conflict-intro": "These quotas cannot all hold together, in a panel of exactly {k}{households}:",
    "check.conflict-households": " with at most one person per household",
    "check.bound-min": "{category} = {value}: at least {limit} (the pool has {pool_count})",
    "check.bound-max": "{category} = {value}: at most {limit} (the pool has {pool_count})",
    "check.households-too-few": (
        "The household rule leaves too few households: at most {households} persons can be chosen "
        "(one per household), but the panel needs {k}."
    ),
    "check.repairs-intro": "Smallest repairs (any one of them makes the quotas feasible):",
    "check.change-min": "lower the min of {category} = {value} from {old} to {new}",
    "check.change-max": "raise the max of {category} = {value} from {old} to {new}",
    "check.repair-line": "{index}. {changes} ({seats} seat(s) in all)",
    "check.no-repair": "No change of the quota bounds alone can fix this.",
    "check.and": " and ",
    # help
    "help.app": (
        "Draw citizens' panels by lot: fair (LEXIMIN), fast, and auditable from a public seed. "
        "Start with 'sortition check POOL QUOTAS --k K'."
    ),
    "help.check": (
        "Check that the quotas can be met. Prints each category value with its volunteers and quota; if "
        "the quotas are infeasible, names the quotas that conflict and the smallest repairs. "
        "Exit code 0 feasible, 1 infeasible, 2 bad input."
    ),
    "help.pool": "The pool of volunteers: CSV (, ; or tab; UTF-8 or Windows-1252) or XLSX, one row per person.",
    "help.quotas": (
        "The quotas: CSV or XLSX with columns category,value,min,max, or category,value,share "
        "(target shares, turned into bands for the panel size)."
    ),
    "help.k": "Panel size: how many persons to select.",
    "help.id-column": "Name of the column holding each person's unique id.",
    "help.households": (
        "Columns that identify a household (e.g. address,postcode); at most one person per household is "
        "selected. Repeat the option or separate names with commas."
    ),
    "help.tolerance": (
        "For target shares only: relative width of each quota band around the apportioned count "
        "(0.1 = plus or minus 10%)."
    ),
    "help.json": "Print a machine-readable JSON result instead of tables.",
    "help.lang": "Language of the output: en or fr (default: from the locale).",
    "help.solver": "Integer programming engine: highs (default) or cbc (through PuLP).",
    "help.time-limit": "Stop each solver call after this many seconds.",
}

_FR: dict[str, str] = {
    "loc.row": "ligne {row}",
    "loc.rows": "lignes {rows}",
    "loc.rows-more": "lignes {rows} et {more} autres",
    "loc.column": "colonne « {column} »",
    "loc.separator": " : ",
    "input.header": "Les données comportent {count} problème(s) ; rien n'a été fait :",
    "problem.file-not-found": "fichier introuvable",
    "problem.file-unreadable": "impossible de lire le fichier ({reason})",
    "problem.file-empty": "le fichier est vide",
    "problem.file-binary": "le fichier contient des octets NUL ; est-ce bien un export CSV ?",
    "problem.file-encoding": (
        "le fichier n'est ni en UTF-8 ni en Windows-1252 (l'octet 0x{byte} à la position {offset} est "
        "illisible) ; enregistrez-le à nouveau en CSV UTF-8"
    ),
    "problem.xlsx-missing-dependency": (
        "la lecture des classeurs demande python-calamine : pip install python-calamine, ou enregistrez la "
        "feuille en CSV"
    ),
    "problem.header-empty": "la première ligne (les noms de colonnes) est vide",
    "problem.header-duplicate": "le nom de colonne « {column} » apparaît deux fois (colonnes {first} et {second})",
    "problem.row-too-long": (
        "cette ligne a {cells} cellules mais l'en-tête en a {expected} ; les cellules en trop (colonnes "
        "{extra}) ne sont pas vides : une valeur contient-elle le séparateur sans guillemets ?"
    ),
    "problem.missing-column": "aucune colonne ne s'appelle « {column} » (colonnes présentes : {available})",
    "problem.no-rows": "le fichier a un en-tête mais aucune ligne de données",
    "problem.id-empty": "l'identifiant est vide",
    "problem.id-duplicate": "l'identifiant « {value} » est aussi utilisé ligne {other_row}",
    "problem.value-empty": "aucune valeur pour la catégorie « {column} »",
    "problem.value-unknown": (
        "« {value} » n'est pas une valeur des quotas pour « {column} » (valeurs prévues : {allowed})"
    ),
    "problem.pool-empty": "le vivier ne contient aucun volontaire",
    "problem.quota-columns": (
        "un fichier de quotas doit avoir les colonnes category,value,min,max (fourchettes) ou "
        "category,value,share (parts cibles) ; colonnes trouvées : {found}"
    ),
    "problem.quota-empty-field": "le champ {field} est vide",
    "problem.quota-duplicate": "« {category} » = « {value} » est déjà défini ligne {other_row}",
    "problem.bound-not-integer": "le {bound} « {value} » n'est pas un nombre entier",
    "problem.bound-negative": "le {bound} {value} est négatif",
    "problem.bound-min-greater-max": "le min {min} est supérieur au max {max}",
    "problem.quotas-empty": "le fichier de quotas ne contient aucune ligne de quota",
    "problem.quota-value-absent": (
        "aucun volontaire du vivier n'a « {category} » = « {value} », or son minimum est {min}"
    ),
    "problem.category-sum-min": (
        "catégorie « {category} » : la somme des minimums vaut {total}, plus que la taille du panel {k}"
    ),
    "problem.category-sum-max": (
        "catégorie « {category} » : la somme des maximums vaut {total}, moins que la taille du panel {k}"
    ),
    "problem.category-household-clash": ("« {column} » est à la fois une catégorie de quotas et une colonne de foyer"),
    "problem.k-invalid": "la taille du panel doit être un nombre entier au moins égal à 1, pas {value}",
    "problem.k-too-large": "la taille du panel {k} dépasse celle du vivier ({n} volontaires)",
    "problem.share-not-number": "la part « {value} » n'est pas un nombre (écrire 0.52, 0,52 ou 52%)",
    "problem.share-negative": "la part {value} est négative",
    "problem.shares-sum": "catégorie « {category} » : les parts totalisent {total}, et non 1 (ou 100 %)",
    "problem.shares-need-k": "des parts cibles ne deviennent des quotas qu'avec la taille du panel (--k)",
    "problem.tolerance-invalid": "la tolérance doit être comprise entre 0 et 1, pas {value}",
    "hint.did-you-mean": " ; vouliez-vous dire « {suggestion} » ?",
    "word.min": "minimum",
    "word.max": "maximum",
    "word.category": "catégorie",
    "word.value": "valeur",
    "word.share": "part",
    "cli.pool-line": (
        "Vivier {file} : {n} volontaires en {groups} groupes de personnes interchangeables ; panel de {k}."
    ),
    "cli.households-line": "Règle du foyer active ({columns}) : {households} foyers.",
    "cli.error-title": "Erreur",
    "cli.bad-option": "option {option} invalide : {reason}",
    "col.category": "Catégorie",
    "col.value": "Valeur",
    "col.volunteers": "Volontaires",
    "col.pool-share": "Part du vivier",
    "col.target": "Cible",
    "col.min": "Min",
    "col.max": "Max",
    "check.feasible": ("RÉALISABLE : un panel de {k} peut respecter tous les quotas (vérifié en {seconds} s)."),
    "check.infeasible": "IRRÉALISABLE : aucun panel de {k} tiré de ce vivier ne respecte tous les quotas.",
    "check.conflict-intro": (
        "Ces quotas ne peuvent pas être respectés ensemble, dans un panel d'exactement {k}{households} :"
    ),
    "check.conflict-households": " avec au plus une personne par foyer",
    "check.bound-min": "{category} = {value} : au moins {limit} (le vivier en compte {pool_count})",
    "check.bound-max": "{category} = {value} : au plus {limit} (le vivier en compte {pool_count})",
    "check.households-too-few": (
        "La règle du foyer laisse trop peu de foyers : au plus {households} personnes peuvent être "
        "choisies (une par foyer), mais le panel en demande {k}."
    ),
    "check.repairs-intro": "Corrections les plus petites (une seule suffit à rendre les quotas réalisables) :",
    "check.change-min": "abaisser le minimum de {category} = {value} de {old} à {new}",
    "check.change-max": "relever le maximum de {category} = {value} de {old} à {new}",
    "check.repair-line": "{index}. {changes} ({seats} place(s) en tout)",
    "check.no-repair": "Aucune modification des seuls quotas ne peut corriger cela.",
    "check.and": " et ",
    "help.app": (
        "Tirer au sort des panels citoyens : équitable (LEXIMIN), rapide, et vérifiable à partir d'une "
        "graine publique. Commencez par « sortition check VIVIER QUOTAS --k K »."
    ),
    "help.check": (
        "Vérifier que les quotas sont réalisables. Affiche chaque valeur de catégorie avec ses volontaires "
        "et son quota ; si les quotas sont irréalisables, nomme les quotas en conflit et les plus petites "
        "corrections. Code de sortie 0 réalisable, 1 irréalisable, 2 données invalides."
    ),
    "help.pool": (
        "Le vivier de volontaires : CSV (, ; ou tabulation ; UTF-8 ou Windows-1252) ou XLSX, une ligne par personne."
    ),
    "help.quotas": (
        "Les quotas : CSV ou XLSX avec les colonnes category,value,min,max, ou category,value,share "
        "(parts cibles, converties en fourchettes pour la taille du panel)."
    ),
    "help.k": "Taille du panel : nombre de personnes à tirer.",
    "help.id-column": "Nom de la colonne qui contient l'identifiant unique de chaque personne.",
    "help.households": (
        "Colonnes qui identifient un foyer (par ex. adresse,code_postal) ; au plus une personne par foyer "
        "est tirée. Répéter l'option ou séparer les noms par des virgules."
    ),
    "help.tolerance": (
        "Pour les parts cibles seulement : largeur relative de chaque fourchette autour de l'effectif "
        "réparti (0.1 = plus ou moins 10 %)."
    ),
    "help.json": "Afficher un résultat JSON lisible par une machine au lieu des tableaux.",
    "help.lang": "Langue des sorties : en ou fr (par défaut : selon la locale).",
    "help.solver": "Moteur de programmation en nombres entiers : highs (par défaut) ou cbc (via PuLP).",
    "help.time-limit": "Arrêter chaque appel au solveur après ce nombre de secondes.",
}

# Sections of the catalogue kept beside the feature they belong to; each module defines EN and FR.
_SECTIONS = (
    "sortition.i18n.catalogue_plan",
    "sortition.i18n.catalogue_shares",
    "sortition.i18n.catalogue_tables",
    "sortition.i18n.catalogue_cli",
    "sortition.i18n.catalogue_report",
    "sortition.i18n.catalogue_report_figures",
    "sortition.i18n.catalogue_draw",
    "sortition.i18n.catalogue_verify",
    "sortition.i18n.catalogue_public",
    "sortition.i18n.catalogue_private",
    "sortition.i18n.catalogue_faults",
)


def _merge_sections() -> None:
    import importlib

    for name in _SECTIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        for table, extra in ((_EN, module.EN), (_FR, module.FR)):
            clash = set(table) & set(extra)
            if clash:
                raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
            table.update(extra)


_merge_sections()
CATALOGUE: Mapping[str, Mapping[str, str]] = {"en": _EN, "fr": _FR}


def translate(key: str, lang: str = "en", /, **params: Any) -> str:
    """Render message ``key`` in ``lang`` ("en" or "fr"); unknown languages fall back to English."""
    table = CATALOGUE.get(lang, _EN)
    if lang == "fr":
        params = {name: french_param(name, value) for name, value in params.items()}
    return table[key].format(**params)


def method_name(method: str, lang: str = "en") -> str:
    """A certificate's method (``Certificate.method``, stored in English in the audit record) in ``lang``."""
    key = "certificate." + method
    return translate(key, lang) if key in _EN else method


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """French when the user's locale says so (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), English otherwise."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def format_int(value: int, lang: str = "en") -> str:
    """12345 -> '12,345' (en) or '12 345' (fr, narrow no-break space)."""
    text = f"{value:,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def format_decimal(value: float, digits: int = 2, lang: str = "en") -> str:
    """0.5 -> '0.50' (en) or '0,50' (fr)."""
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def format_percent(fraction: float, digits: int = 1, lang: str = "en") -> str:
    """0.1234 -> '12.3%' (en) or '12,3 %' (fr)."""
    number = format_decimal(100 * fraction, digits, lang)
    return f"{number}\u202f%" if lang == "fr" else f"{number}%"
