"""Catalogue section: explained outcomes (who is certain, which quotas force it) and the public report's
presentation (title, purpose, organiser, what to publish) (merged into :mod:`sortition.i18n.catalogue`)."""

EN: dict[str, str] = {
    # explained outcomes
    "explain.high": (
        "{count} of {n} volunteers have a chance of at least 90% ({certain} of them are certain to sit); "
        "their profiles, and the quotas that force them:"
    ),
    "explain.forced": "{count} of {n} volunteers sit on every possible panel; their profiles, and the quotas that "
    "force them:",
    "explain.profile": "{count} × {profile}",
    "explain.force-value": "the minimum of {needed} for {values} can only be met by {volunteers} volunteers",
    "explain.force-intersection": (
        "the quotas need at least {needed} panel members with {values}, and only {volunteers} volunteers have both"
    ),
    "explain.conflict": "without one of them, these quotas could not all be met: {bounds}",
    "explain.bound-min": "{category} = {value}: at least {limit}",
    "explain.bound-max": "{category} = {value}: at most {limit}",
    "explain.and": " and ",
    "explain.sep": "; ",
    "explain.scarce": (
        "counts towards {count} scarce minimums at once ({quotas}); volunteers of the pool with all these values: "
        "{combined}"
    ),
    "explain.scarce-value": "{category} = {value}: at least {minimum} of {volunteers} volunteers",
    "explain.scarce-note": (
        "A minimum is scarce when it needs its volunteers at 1.5 times the average chance or more. Seating a "
        "volunteer who counts towards several of them meets these minimums at once and leaves more seats to "
        "raise everyone else's chance: that is why the fairest lottery makes them certain."
    ),
    "explain.more": "... and {count} other profiles",
    "explain.low": "{count} of {n} volunteers have a chance of at most 1% (those no panel can hold included).",
    "explain.title": "Who was certain, or nearly, to be drawn",
    "explain.none": "No volunteer has a chance of 90% or more.",
    # check: a conflict caused by an intersection
    "check.intersection-intro": "The cause is an intersection of two quotas:",
    "check.intersection": (
        "{first} and {second}: the quotas need at least {needed} panel members with both values, but at most "
        "{allowed} can have them (the pool has {volunteers} volunteers with both, of {first_count} and "
        "{second_count})"
    ),
    # the public report
    "public.purpose": "Purpose",
    "public.organiser": "Organiser",
    "public.least-chance": "Least chance of a volunteer (with the published tickets)",
    "public.least-optimal": "{optimal} in the optimal lottery before rounding to tickets",
    "public.fig-min-optimal": "Least chance in the optimal lottery, before rounding to tickets",
    "public.publish-title": "What to publish now",
    "public.publish-intro": (
        "The draw is done. Publish these files, unchanged, where the commitment was announced (the town hall's "
        "website, the notice board), so that anyone can check the draw:"
    ),
    "public.publish-file": "{file}: {what}",
    "public.publish-commitment": (
        "The commitment published before the seed: {hash} (dated {date}). Say where and when it was published."
    ),
    "public.publish-private": (
        "Do not publish the contact lists or the private directory (names, phone numbers): only the files above."
    ),
    "public.file-commitment": "the commitment, published before the seed",
    "public.file-pool": "the pool, by id and category values (no names)",
    "public.file-quotas": "the quotas",
    "public.file-lottery": "the lottery and its tickets",
    "public.file-tickets": "the ticket ranges of every panel",
    "public.file-probabilities": "each volunteer's chance",
    "public.file-panel": "the panel drawn (ids)",
    "public.file-reserves": "the ordered reserves (ids)",
    "public.file-audit": "the audit record: seed, ticket, panel",
    "public.file-report": "this report",
    "prepare.least-chance": "Least chance (published tickets): {published}; in the optimal lottery: {optimal}.",
    "help.report-title": "Title of the draw shown in the report (also recorded by prepare --title).",
    "help.report-purpose": "What the panel is drawn for, shown in the report.",
    "help.report-organiser": "Who organises the draw, shown in the report.",
    "help.report-labels": "CSV file category,value,label of display labels (value empty: the category's label).",
}

FR: dict[str, str] = {
    "explain.high": (
        "{count} volontaires sur {n} ont une chance d'au moins 90 % (dont {certain} sont sûrs de siéger) ; "
        "leurs profils, et les quotas qui les imposent :"
    ),
    "explain.forced": "{count} volontaires sur {n} siègent dans tout panel possible ; leurs profils, et les quotas "
    "qui les imposent :",
    "explain.profile": "{count} × {profile}",
    "explain.force-value": "le minimum de {needed} pour {values} ne peut être atteint que par {volunteers} volontaires",
    "explain.force-intersection": (
        "les quotas exigent au moins {needed} membres du panel avec {values}, et seuls {volunteers} volontaires "
        "ont les deux"
    ),
    "explain.conflict": "sans l'un d'eux, ces quotas ne pourraient pas tous être respectés : {bounds}",
    "explain.bound-min": "{category} = {value} : au moins {limit}",
    "explain.bound-max": "{category} = {value} : au plus {limit}",
    "explain.and": " et ",
    "explain.sep": " ; ",
    "explain.scarce": (
        "compte pour {count} minimums rares à la fois ({quotas}) ; volontaires du vivier ayant toutes ces valeurs : "
        "{combined}"
    ),
    "explain.scarce-value": "{category} = {value} : au moins {minimum} sur {volunteers} volontaires",
    "explain.scarce-note": (
        "Un minimum est rare quand il exige de ses volontaires une chance d'au moins 1,5 fois la chance moyenne. "
        "Faire siéger un volontaire qui compte pour plusieurs d'entre eux atteint ces minimums d'un coup et laisse "
        "plus de places pour augmenter la chance de tous les autres : c'est pourquoi la loterie la plus équitable "
        "les rend certains."
    ),
    "explain.more": "… et {count} autres profils",
    "explain.low": "{count} volontaires sur {n} ont une chance d'au plus 1 % (y compris ceux qu'aucun panel ne "
    "peut accueillir).",
    "explain.title": "Qui était sûr, ou presque, d'être tiré au sort",
    "explain.none": "Aucun volontaire n'a une chance de 90 % ou plus.",
    "check.intersection-intro": "La cause est l'intersection de deux quotas :",
    "check.intersection": (
        "{first} et {second} : les quotas exigent au moins {needed} membres du panel ayant les deux valeurs, mais "
        "au plus {allowed} peuvent les avoir (le vivier compte {volunteers} volontaires avec les deux, sur "
        "{first_count} et {second_count})"
    ),
    "public.purpose": "Objet",
    "public.organiser": "Organisateur",
    "public.least-chance": "Plus petite chance d'un volontaire (avec les tickets publiés)",
    "public.least-optimal": "{optimal} dans la loterie optimale avant l'arrondi en tickets",
    "public.fig-min-optimal": "Plus petite chance dans la loterie optimale, avant l'arrondi en tickets",
    "public.publish-title": "Ce qu'il faut publier maintenant",
    "public.publish-intro": (
        "Le tirage est fait. Publiez ces fichiers, sans les modifier, là où l'engagement a été annoncé (site de "
        "la mairie, panneau d'affichage), pour que chacun puisse vérifier le tirage :"
    ),
    "public.publish-file": "{file} : {what}",
    "public.publish-commitment": (
        "L'engagement publié avant la graine : {hash} (daté du {date}). Indiquez où et quand il a été publié."
    ),
    "public.publish-private": (
        "Ne publiez ni les listes de contacts ni le dossier privé (noms, téléphones) : seulement les fichiers "
        "ci-dessus."
    ),
    "public.file-commitment": "l'engagement, publié avant la graine",
    "public.file-pool": "le vivier, par identifiant et valeurs des catégories (sans nom)",
    "public.file-quotas": "les quotas",
    "public.file-lottery": "la loterie et ses tickets",
    "public.file-tickets": "les plages de tickets de chaque panel",
    "public.file-probabilities": "la chance de chaque volontaire",
    "public.file-panel": "le panel tiré (identifiants)",
    "public.file-reserves": "les réserves, dans l'ordre (identifiants)",
    "public.file-audit": "le procès-verbal du tirage : graine, ticket, panel",
    "public.file-report": "ce rapport",
    "prepare.least-chance": (
        "Plus petite chance (tickets publiés) : {published} ; dans la loterie optimale : {optimal}."
    ),
    "help.report-title": "Titre du tirage affiché dans le rapport (aussi enregistré par prepare --title).",
    "help.report-purpose": "Ce pour quoi le panel est tiré, affiché dans le rapport.",
    "help.report-organiser": "Qui organise le tirage, affiché dans le rapport.",
    "help.report-labels": "Fichier CSV category,value,label de libellés (value vide : libellé de la catégorie).",
}
