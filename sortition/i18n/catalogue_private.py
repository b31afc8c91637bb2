"""Catalogue section: the organiser's private side, contact lists and confirmations (merged into
:mod:`sortition.i18n.catalogue`)."""

EN: dict[str, str] = {
    "contacts.sheet-new": "New members",
    "contacts.sheet-changes": "Changes",
    "contacts.sheet-panel": "Panel",
    "contacts.sheet-reserves": "Reserves",
    "contacts.col-published-id": "published id",
    "contacts.col-rank": "rank",
    "contacts.col-change": "change",
    "contacts.col-new": "new member",
    "contacts.yes": "yes",
    "contacts.change-new": "new member",
    "contacts.change-dropped-out": "dropped out",
    "contacts.change-declined": "declined",
    "draw.contacts": "Contact lists (private, never publish): {files}",
    "draw.no-private": "No private side beside {directory}: no contact lists written.",
    "private.missing": "the private side of the first draw of {directory} is not there: the organiser's pool is needed",
    "private.mismatch": "{private} is not the private side of {directory} (other persons): nothing was written",
    "confirm.not-on-panel": (
        "not on the current panel: {ids} (give ids of the pool file, column '{id_column}', or published ids)"
    ),
    "problem.replace-unknown-id-private": (
        "the id '{value}' is neither an id of the pool file (column '{id_column}') nor a published id of this draw"
    ),
    "problem.replace-ambiguous-id": (
        "the id '{value}' is an id of the pool file and another person's published id: write the other form"
    ),
}

FR: dict[str, str] = {
    "contacts.sheet-new": "Nouveaux membres",
    "contacts.sheet-changes": "Changements",
    "contacts.sheet-panel": "Panel",
    "contacts.sheet-reserves": "Réserves",
    "contacts.col-published-id": "identifiant publié",
    "contacts.col-rank": "rang",
    "contacts.col-change": "changement",
    "contacts.col-new": "nouveau membre",
    "contacts.yes": "oui",
    "contacts.change-new": "nouveau membre",
    "contacts.change-dropped-out": "désistement",
    "contacts.change-declined": "refus",
    "draw.contacts": "Listes de contacts (privées, à ne jamais publier) : {files}",
    "draw.no-private": "Pas de partie privée à côté de {directory} : aucune liste de contacts écrite.",
    "private.missing": (
        "la partie privée du premier tirage de {directory} est introuvable : le vivier de l'organisateur est nécessaire"
    ),
    "private.mismatch": (
        "{private} n'est pas la partie privée de {directory} (d'autres personnes) : rien n'a été écrit"
    ),
    "confirm.not-on-panel": (
        "pas dans le panel actuel : {ids} (donnez les identifiants du fichier du vivier, colonne « {id_column} », "
        "ou les identifiants publiés)"
    ),
    "problem.replace-unknown-id-private": (
        "l'identifiant « {value} » n'est ni un identifiant du fichier du vivier (colonne « {id_column} ») ni un "
        "identifiant publié de ce tirage"
    ),
    "problem.replace-ambiguous-id": (
        "l'identifiant « {value} » est un identifiant du fichier du vivier et l'identifiant publié d'une autre "
        "personne : écrivez l'autre forme"
    ),
}
