"""Messages of the planner's population built from shares and of its response model, in English and French.

Merged into :mod:`sortition.i18n.catalogue` (see ``_SECTIONS`` there).
"""

from __future__ import annotations

EN: dict[str, str] = {
    "problem.plan-margins-columns": (
        "a margins file needs the columns category,value,share (a count column also works); found: {found}"
    ),
    "problem.plan-margins-zero": "category '{category}': the shares add up to 0",
    "problem.plan-margins-category-missing": (
        "the shares have no category '{column}' of the quotas (the categories are: {available})"
    ),
    "problem.plan-margins-too-many-cells": (
        "the categories' values combine into {cells} cells, more than the limit of {limit}; merge some values"
    ),
    "problem.plan-shares-none": (
        "the quota file gives bands, not shares: give the population's shares with --margins "
        "(category,value,share), or a population with --population"
    ),
    "problem.plan-joint-columns": (
        "a joint figures file needs category columns and a share (or count) column; found: {found}"
    ),
    "problem.plan-joint-category-unknown": (
        "'{column}' is not a category of the shares (the categories are: {available})"
    ),
    "problem.plan-response-model-needed": (
        "no response model: the default French response differentials know none of these categories, and "
        "assuming that everyone answers at the same rate usually underestimates the letters needed; give "
        "--response-rates FILE (category,value,factor), or --response-rates equal to assume equal response"
    ),
    "plan.population-independence": (
        "Population built from the shares per category, assuming the categories are independent (no joint "
        "figures given)."
    ),
    "plan.population-raking": (
        "Population built from the shares per category, raked (iterative proportional fitting) to the joint "
        "figures given (from the default French associations between categories where they apply)."
    ),
    "problem.plan-raking-failed": (
        "the shares and the joint figures contradict each other (the raking does not converge); check that "
        "they describe the same population"
    ),
    "plan.population-associations": (
        "Population built from the shares per category, with the default French associations between "
        "categories (sortition/data/fr/synthetic_model.json: the young are more often students and tenants, "
        "...), raked (iterative proportional fitting) to the shares."
    ),
    "plan.response-file": "Response model: the factors of the response-rates file ({categories}).",
    "plan.response-scenario": "Response model: the scenario's response factors ({categories}).",
    "plan.response-default": (
        "Response model: default French response differentials (sortition/data/fr/synthetic_model.json, "
        "reasoned approximations) for {categories}; older, more educated, home-owning persons answer more. "
        "Give --response-rates to use yours, or --response-rates equal to assume equal response."
    ),
    "plan.response-equal": (
        "Response model: everyone answers at the same rate (chosen with --response-rates equal); with real "
        "differentials, more letters are usually needed."
    ),
    "help.plan-margins": (
        "Population shares per category: CSV or spreadsheet with category,value,share (e.g. census shares); "
        "the population is built from them. Without --population, --scenario or --margins, the shares of "
        "the quota file are used."
    ),
    "help.plan-joint": (
        "Joint figures of a few categories (their columns and a share or count column); the population is "
        "raked to them. Repeat for several tables."
    ),
}

FR: dict[str, str] = {
    "problem.plan-margins-columns": (
        "un fichier de parts demande les colonnes category,value,share (ou categorie,valeur,part ; une "
        "colonne d'effectifs convient aussi) ; trouvées : {found}"
    ),
    "problem.plan-margins-zero": "catégorie « {category} » : les parts totalisent 0",
    "problem.plan-margins-category-missing": (
        "les parts n'ont pas la catégorie « {column} » des quotas (les catégories sont : {available})"
    ),
    "problem.plan-margins-too-many-cells": (
        "les valeurs des catégories se combinent en {cells} cellules, plus que la limite de {limit} ; "
        "regroupez des valeurs"
    ),
    "problem.plan-shares-none": (
        "le fichier de quotas donne des fourchettes, pas des parts : indiquez les parts de la population "
        "avec --margins (categorie,valeur,part), ou une population avec --population"
    ),
    "problem.plan-joint-columns": (
        "un fichier de chiffres croisés demande des colonnes de catégories et une colonne de parts (ou "
        "d'effectifs) ; trouvées : {found}"
    ),
    "problem.plan-joint-category-unknown": (
        "« {column} » n'est pas une catégorie des parts (les catégories sont : {available})"
    ),
    "problem.plan-response-model-needed": (
        "aucun modèle de réponse : les écarts de réponse français par défaut ne connaissent aucune de ces "
        "catégories, et supposer que tout le monde répond au même taux sous-estime en général le nombre de "
        "lettres ; indiquez --response-rates FICHIER (categorie,valeur,facteur), ou --response-rates equal "
        "pour supposer une réponse égale en connaissance de cause"
    ),
    "plan.population-independence": (
        "Population construite à partir des parts par catégorie, en supposant les catégories indépendantes "
        "(aucun chiffre croisé fourni)."
    ),
    "plan.population-raking": (
        "Population construite à partir des parts par catégorie, calée (ajustement proportionnel itératif) "
        "sur les chiffres croisés fournis (à partir des liens français par défaut entre catégories quand ils "
        "s'appliquent)."
    ),
    "problem.plan-raking-failed": (
        "les parts et les chiffres croisés se contredisent (le calage ne converge pas) ; vérifiez qu'ils "
        "décrivent la même population"
    ),
    "plan.population-associations": (
        "Population construite à partir des parts par catégorie, avec les liens français par défaut entre "
        "catégories (sortition/data/fr/synthetic_model.json : les jeunes sont plus souvent étudiants et "
        "locataires, ...), calée (ajustement proportionnel itératif) sur les parts."
    ),
    "plan.response-file": "Modèle de réponse : les facteurs du fichier de taux de réponse ({categories}).",
    "plan.response-scenario": "Modèle de réponse : les facteurs de réponse du scénario ({categories}).",
    "plan.response-default": (
        "Modèle de réponse : écarts de réponse français par défaut (sortition/data/fr/synthetic_model.json, "
        "approximations raisonnées) pour {categories} ; les plus âgés, les plus diplômés et les propriétaires "
        "répondent davantage. Indiquez --response-rates pour utiliser les vôtres, ou --response-rates equal "
        "pour supposer une réponse égale."
    ),
    "plan.response-equal": (
        "Modèle de réponse : tout le monde répond au même taux (choisi avec --response-rates equal) ; avec "
        "les écarts réels, il faut en général davantage de lettres."
    ),
    "help.plan-margins": (
        "Parts de la population par catégorie : CSV ou tableur avec categorie,valeur,part (par ex. parts du "
        "recensement) ; la population en est construite. Sans --population, --scenario ni --margins, les "
        "parts du fichier de quotas sont utilisées."
    ),
    "help.plan-joint": (
        "Chiffres croisés de quelques catégories (leurs colonnes et une colonne de parts ou d'effectifs) ; "
        "la population y est calée. À répéter pour plusieurs tableaux."
    ),
}
