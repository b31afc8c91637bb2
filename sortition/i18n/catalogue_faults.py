"""Catalogue section: faults, limits and hostile input (merged into :mod:`sortition.i18n.catalogue`)."""

EN: dict[str, str] = {
    # writing files
    "files.cannot-write": "cannot write {path} ({reason}); nothing was written",
    "files.not-a-directory": "{path} exists and is not a folder; choose another --out",
    "files.not-a-file": "{path} is a folder; give a file name",
    "files.bad-target": "{path} cannot be an output folder (it is the current folder or one of its parents)",
    "files.busy": "another run is writing {path} right now; wait until it has finished, then try again",
    "files.malformed": (
        "{path} holds a published file of the wrong form ({kind}): altered, or not written by this tool"
    ),
    # failures caught by the command line
    "fault.file": "{path}: {reason}",
    "fault.interrupted": "interrupted: every output is either complete or not written at all",
    "fault.memory": "not enough memory for this input; try a smaller one",
    "fault.internal": (
        "internal error ({kind}): this is a bug in sortition, not a problem with your files. "
        "A report without personal data was written to {report}; please send it to the maintainers"
    ),
    "fault.internal-no-report": (
        "internal error ({kind}): this is a bug in sortition, not a problem with your files; "
        "please report it to the maintainers with the command you ran"
    ),
    "help.exit-codes": (
        "Exit codes: 0 done, 1 a failed check, 2 bad input, 3 an internal error (a bug: a report file without "
        "personal data is written to send to the maintainers)."
    ),
    # option limits
    "option.whole": "invalid option {option}: give a whole number from {low} to {high}",
    "option.number": "invalid option {option}: give a number of seconds above {low}, at most {high}",
    "option.text": "invalid option {option}: give printable text of at most {high} characters",
    # input problems
    "problem.number-too-large": "the number '{value}' is out of range (at most {high})",
    "problem.invisible-character": (
        "an invisible character ({char}) at position {position}; delete it (it makes equal-looking cells differ)"
    ),
    "problem.category-reserved": (
        "'{column}' cannot be a quota category: the id column and the household columns have that name"
    ),
    "problem.not-portable": (
        "'{value}' cannot be written to the published files and read back the same (it holds {char}); rename it"
    ),
}

FR: dict[str, str] = {
    "files.cannot-write": "impossible d'écrire {path} ({reason}) ; rien n'a été écrit",
    "files.not-a-directory": "{path} existe et n'est pas un dossier ; choisissez un autre --out",
    "files.not-a-file": "{path} est un dossier ; donnez un nom de fichier",
    "files.bad-target": (
        "{path} ne peut pas être un dossier de sortie (c'est le dossier courant ou l'un de ses parents)"
    ),
    "files.busy": "une autre exécution écrit {path} en ce moment ; attendez qu'elle se termine, puis réessayez",
    "files.malformed": (
        "{path} contient un fichier publié de forme incorrecte ({kind}) : modifié, ou pas écrit par cet outil"
    ),
    "fault.file": "{path} : {reason}",
    "fault.interrupted": "interrompu : chaque sortie est soit complète, soit pas écrite du tout",
    "fault.memory": "mémoire insuffisante pour cette entrée ; essayez-en une plus petite",
    "fault.internal": (
        "erreur interne ({kind}) : c'est un défaut de sortition, pas un problème de vos fichiers. "
        "Un rapport sans données personnelles a été écrit dans {report} ; merci de l'envoyer aux mainteneurs"
    ),
    "fault.internal-no-report": (
        "erreur interne ({kind}) : c'est un défaut de sortition, pas un problème de vos fichiers ; "
        "merci de le signaler aux mainteneurs avec la commande lancée"
    ),
    "help.exit-codes": (
        "Codes de sortie : 0 terminé, 1 une vérification échouée, 2 une entrée invalide, 3 une erreur interne "
        "(un défaut : un rapport sans données personnelles est écrit, à envoyer aux mainteneurs)."
    ),
    "option.whole": "option {option} invalide : donnez un nombre entier de {low} à {high}",
    "option.number": "option {option} invalide : donnez un nombre de secondes supérieur à {low}, au plus {high}",
    "option.text": "option {option} invalide : donnez un texte imprimable d'au plus {high} caractères",
    "problem.number-too-large": "le nombre '{value}' est hors limites (au plus {high})",
    "problem.invisible-character": (
        "un caractère invisible ({char}) en position {position} ; supprimez-le (il rend différentes des "
        "cellules qui semblent égales)"
    ),
    "problem.category-reserved": (
        "'{column}' ne peut pas être une catégorie de quotas : la colonne des identifiants ou une colonne "
        "de foyer porte ce nom"
    ),
    "problem.not-portable": (
        "'{value}' ne peut pas être écrit dans les fichiers publiés et relu à l'identique (il contient {char}) ; "
        "renommez-le"
    ),
}
