"""Catalogue section: the report's figures of a draw, merged into :mod:`sortition.i18n.catalogue`.

Sections 2 to 4 of the page: the quota table, the fairness figures with their charts (histogram, Lorenz
curve, the legacy method's estimate), and the representativeness charts. They are kept apart from
``catalogue_report`` (command line, page frame, identity, verification, chain of draws) only so that
neither module outgrows the 500-line limit; the same French typography rules apply (see there).
"""

from __future__ import annotations

EN: dict[str, str] = {
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
}

FR: dict[str, str] = {
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
}
