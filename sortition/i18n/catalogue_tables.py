"""Messages of the spreadsheet reader (workbooks, sheets, encodings), in English and French.

Merged into :mod:`sortition.i18n.catalogue` (see ``_SECTIONS`` there).
"""

from __future__ import annotations

EN: dict[str, str] = {
    "problem.file-encoding-mixed": (
        "the file is UTF-8 except {count} line(s) in another encoding (lines {rows}), probably pasted from "
        "another file; fix those lines or save the whole file again as CSV UTF-8"
    ),
    "problem.workbook-password": (
        "the workbook is protected by a password (encrypted); open it, remove the password and save it again, "
        "or save the sheet as CSV"
    ),
    "problem.workbook-damaged": (
        "the workbook is damaged or incomplete (an interrupted download or copy?) and cannot be read ({reason}); "
        "open it and save it again, or save the sheet as CSV"
    ),
    "problem.workbook-too-large": (
        "sheet '{sheet}': its cells reach {cell} ({rows} rows, {columns} columns), beyond the limits of "
        "{max_rows} rows, {max_columns} columns and {max_cells} cells; delete the stray cells far from the "
        "table (Ctrl+End shows the last one) and save again"
    ),
    "problem.sheet-empty": (
        "sheet '{sheet}' is empty (the sheets are: {sheets}; hidden: {hidden}); choose one with --sheet"
    ),
    "problem.sheet-not-found": "no sheet named '{value}' (the sheets are: {sheets}; hidden: {hidden})",
    "problem.sheet-hint": (
        "sheet '{sheet}' was read; the workbook's sheets are: {sheets} (hidden: {hidden}); choose another one "
        "with --sheet"
    ),
    "problem.missing-id-column": (
        "no column named '{column}' for the ids (the columns are: {available}); did you mean --id-column "
        "'{candidate}'? (its values are all present and unique)"
    ),
    "note.sheet-read": "Sheet '{sheet}' was read (the workbook's sheets: {sheets}; hidden: {hidden}).",
    "note.empty-rows-dropped": "{count} empty row(s) at the end of the sheet were ignored.",
    "help.sheet": "Sheet of the workbook to read (default: the active sheet, else the first visible one).",
}

FR: dict[str, str] = {
    "problem.file-encoding-mixed": (
        "le fichier est en UTF-8 sauf {count} ligne(s) dans un autre encodage (lignes {rows}), sans doute "
        "collées depuis un autre fichier ; corrigez ces lignes ou réenregistrez tout le fichier en CSV UTF-8"
    ),
    "problem.workbook-password": (
        "le classeur est protégé par un mot de passe (chiffré) ; ouvrez-le, retirez le mot de passe et "
        "réenregistrez-le, ou enregistrez la feuille en CSV"
    ),
    "problem.workbook-damaged": (
        "le classeur est endommagé ou incomplet (téléchargement ou copie interrompus ?) et ne peut pas être "
        "lu ({reason}) ; ouvrez-le et réenregistrez-le, ou enregistrez la feuille en CSV"
    ),
    "problem.workbook-too-large": (
        "feuille « {sheet} » : ses cellules vont jusqu'à {cell} ({rows} lignes, {columns} colonnes), au-delà "
        "des limites de {max_rows} lignes, {max_columns} colonnes et {max_cells} cellules ; supprimez les "
        "cellules égarées loin du tableau (Ctrl+Fin montre la dernière) et réenregistrez"
    ),
    "problem.sheet-empty": (
        "la feuille « {sheet} » est vide (les feuilles sont : {sheets} ; masquées : {hidden}) ; choisissez-en "
        "une avec --sheet"
    ),
    "problem.sheet-not-found": "aucune feuille nommée « {value} » (les feuilles sont : {sheets} ; masquées : {hidden})",
    "problem.sheet-hint": (
        "la feuille « {sheet} » a été lue ; les feuilles du classeur sont : {sheets} (masquées : {hidden}) ; "
        "choisissez-en une autre avec --sheet"
    ),
    "problem.missing-id-column": (
        "aucune colonne nommée « {column} » pour les identifiants (les colonnes sont : {available}) ; "
        "vouliez-vous dire --id-column '{candidate}' ? (ses valeurs sont toutes présentes et uniques)"
    ),
    "note.sheet-read": "La feuille « {sheet} » a été lue (feuilles du classeur : {sheets} ; masquées : {hidden}).",
    "note.empty-rows-dropped": "{count} ligne(s) vide(s) en fin de feuille ont été ignorées.",
    "help.sheet": "Feuille du classeur à lire (par défaut : la feuille active, sinon la première visible).",
}
