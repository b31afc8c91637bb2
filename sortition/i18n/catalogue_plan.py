"""Messages of the invitation planner (``sortition plan``) and of ``sortition sample``, in English and French.

Merged into :mod:`sortition.i18n.catalogue` (see ``_SECTIONS`` there); both tables have the same keys with the
same parameters.
"""

from __future__ import annotations

EN: dict[str, str] = {
    # problems: population and response factors
    "problem.plan-population-empty": "the population has nobody to invite",
    "problem.plan-count-invalid": "the count '{value}' is not a number of at least 0",
    "problem.plan-rates-columns": (
        "a response-rates file needs the columns category,value,factor (the response probability is the "
        "base rate times the factors of the person's values); found: {found}"
    ),
    "problem.plan-rates-empty": "the response-rates file has no rows",
    "problem.plan-rates-empty-field": "the cell '{column}' is empty",
    "problem.plan-rates-category-unknown": (
        "'{value}' is not a column of the population (the columns are: {available})"
    ),
    "problem.plan-rates-value-unknown": "'{value}' is not a value of '{category}' (they are: {allowed})",
    "problem.plan-rates-factor-invalid": "the factor '{value}' is not a number of at least 0 (write 1.5 or 1,5)",
    "problem.plan-rates-duplicate": "'{category}' = '{value}' already has a factor on row {other_row}",
    "problem.plan-rate-both": "give either a base rate (--base-rate) or a mean rate (--mean-rate), not both",
    "problem.plan-base-rate-invalid": "the base rate must be a probability above 0 and at most 1, not {value}",
    "problem.plan-mean-rate-invalid": "the mean rate must be a probability above 0 and at most 1, not {value}",
    "problem.plan-mean-rate-unreachable": (
        "no base rate gives a mean response rate of {value} with these factors (too many persons have "
        "factor 0, or the rate would exceed 1)"
    ),
    "problem.plan-scenario-unknown": "unknown scenario '{value}' (the scenarios are: {known})",
    "problem.plan-mode-none": (
        "give --population, --scenario, or population shares (--margins, or a quota file with shares) with "
        "--quotas and --k"
    ),
    "problem.plan-mode-both": "give one of --population, --scenario or --margins, not several",
    "problem.plan-needs-quotas": "--population needs --quotas",
    "problem.plan-needs-k": "--population needs the panel size --k",
    # problems: plan options
    "problem.plan-invitations-invalid": (
        "the numbers of invitations '{value}' should be start:stop:step (e.g. 1000:6000:500), one number, "
        "or a list such as 500,1000,2000, all at least 1"
    ),
    "problem.plan-invitations-too-many": (
        "{value} invitations are more than the {n} persons of the population (persons are invited at most once)"
    ),
    "problem.plan-trials-invalid": "the number of trials (--trials) must be a whole number of at least 1, not {value}",
    "problem.plan-seed-invalid": "the seed (--seed) must be a whole number of at least 0, not {value}",
    "problem.plan-fairness-trials-invalid": (
        "the number of fairness trials (--fairness-trials) must be a whole number of at least 0, not {value}"
    ),
    "problem.plan-fairness-invalid": "unknown fairness method '{value}' (the methods are: {known})",
    "problem.plan-target-invalid": "the target (--target) must be a probability above 0 and at most 1, not {value}",
    "problem.plan-jobs-invalid": "the number of jobs (--jobs) must be a whole number other than 0, not {value}",
    "problem.plan-plot-format": "a plot is written as {known}, not '{value}'",
    "problem.plan-plot-exists": "the file already exists; use --force to replace it",
    "problem.plan-plot-needs-matplotlib": "plots need matplotlib: pip install 'sortition-toolkit[report]'",
    # plan: output
    "plan.scenario-source": "scenario {name}",
    "plan.header": "Invitation plan for a panel of {k}: {trials} trials per number of invitations, seed {seed}.",
    "plan.population-persons": "Population: {source}, {n} persons (each invited at most once).",
    "plan.population-cells": (
        "Population: {source}, {cells} cells (invitations drawn with replacement, in proportion to the counts)."
    ),
    "plan.response": "Response: {mean} of the invited persons volunteer on average (base rate {base}).",
    "plan.col-invitations": "Invitations",
    "plan.col-feasible": "Feasible",
    "plan.col-interval": "95% interval",
    "plan.col-pool": "Pool",
    "plan.col-min-probability": "LEXIMIN min.",
    "plan.col-lowest": "Lowest",
    "plan.col-fairness-trials": "n",
    "plan.none": "–",
    "plan.range": "{low}–{high}",
    "plan.recommend": (
        "Send {invitations} letters for a {target} chance that all quotas can be met (estimated {probability}, "
        "95% interval {low} to {high}, from {trials} trials)."
    ),
    "plan.recommend-none": (
        "No number of invitations tried (up to {largest}) reaches a {target} chance that all quotas can be met; "
        "the best is {best} letters, with {best_probability}. Send more invitations, or widen the quotas."
    ),
    "plan.fairness-note": (
        "LEXIMIN minimum probability: the smallest selection probability of a fair lottery, averaged over the "
        "first {count} feasible trials of each number of invitations ({method})."
    ),
    "plan.fairness-failures": (
        "{count} LEXIMIN computation(s) failed with a solver error and were left out of the means."
    ),
    "plan.method-leximin": "exact LEXIMIN",
    "plan.method-relaxation": "first level of the LP relaxation: an upper bound, usually equal",
    "plan.impossible-absent": (
        "Nobody in the population has {category} = {value}, yet its minimum is {min}: the quotas can never be met."
    ),
    "plan.impossible-no-response": (
        "Nobody with {category} = {value} ever volunteers (response rate 0), yet its minimum is {min}: "
        "the quotas can never be met."
    ),
    "plan.seconds": "Computed in {seconds} s.",
    "plan.plot-written": "Plot written to {file}.",
    "plan.phase-feasibility": "Simulating invitation rounds",
    "plan.phase-fairness": "Computing LEXIMIN probabilities",
    "plan.dask-missing": "--dask needs dask.distributed: pip install 'sortition-toolkit[dask]'",
    "plan.plot-title": "Invitations for a panel of {k} ({trials} trials per point)",
    "plan.plot-x": "Invitations sent",
    "plan.plot-feasibility": "Chance that all quotas can be met",
    "plan.plot-interval": "95% interval",
    "plan.plot-target": "target {target}",
    "plan.plot-min-probability": "LEXIMIN minimum probability (mean)",
    "plan.plot-lowest": "lowest over the trials",
    "plan.plot-equal": "k / pool size (equal chances)",
    # sample: output
    "sample.written-pool": "Wrote {n} volunteers of scenario {scenario} (panel of {k}, seed {seed}) to {file}.",
    "sample.written-population": (
        "Wrote {n} persons of the population of scenario {scenario} (seed {seed}) to {file}; plan with "
        "'sortition plan --population {file} ...'."
    ),
    "sample.households": "With households: {households} addresses.",
    "sample.written-quotas": "Wrote the quotas ({count} rows, panel of {k}) to {file}.",
    "sample.written-rates": (
        "Wrote the response factors to {file}; the scenario's mean response rate is {rate} (--mean-rate)."
    ),
    "sample.exists": "{file} already exists; nothing was written (use --force to replace it).",
    "sample.same-file": "{file} is named twice; give each output its own file.",
    "sample.scenario-unknown": "unknown scenario '{value}' (the scenarios are: {known})",
    # help
    "help.plan": (
        "Plan how many invitations to send: simulates invitation rounds and estimates, for each number of "
        "invitations, the chance that the quotas can be met, the pool size and the LEXIMIN minimum "
        "probability, then recommends the smallest number reaching the target. Population: a CSV with one "
        "row per person (optional id column, one column per category) or one row per cell with a count "
        "column; response: --base-rate times the factors of --response-rates (category,value,factor), at "
        "most 1. Or take everything from a bundled --scenario."
    ),
    "help.plan-population": (
        "Everyone who could be invited: one row per person (optional 'id', one column per category; drawn "
        "without replacement) or one row per cell with a 'count' column (drawn with replacement)."
    ),
    "help.plan-quotas": "The quotas: CSV or XLSX with category,value,min,max (or category,value,share).",
    "help.plan-k": "Panel size (default with --scenario: the scenario's).",
    "help.plan-scenario": "Take population, quotas, k and response from a bundled scenario: {scenarios}.",
    "help.plan-response-rates": (
        "Response factors: CSV with category,value,factor; a person answers with probability base rate "
        "times the factors of their values (missing factor = 1), at most 1. 'equal' assumes equal response; "
        "without this option the default French differentials apply (older, more educated, home-owning "
        "persons answer more), and the plan is refused if they know none of the categories."
    ),
    "help.plan-base-rate": "Response probability of a person whose factors are all 1 (default 0.06).",
    "help.plan-mean-rate": (
        "Instead of --base-rate: the overall response rate (e.g. from earlier mailings); the base rate is "
        "calibrated so that the population's mean is this (default with --scenario: 0.06)."
    ),
    "help.plan-invitations": (
        "Numbers of invitations to try: start:stop:step (stop included), one number, or a list a,b,c."
    ),
    "help.plan-trials": "Simulated invitation rounds per number of invitations.",
    "help.plan-seed": "Seed of the simulation: the same seed gives the same plan, whatever --jobs.",
    "help.plan-fairness-trials": (
        "Feasible trials per number of invitations on which the LEXIMIN minimum probability is computed "
        "(the first ones by trial number); 0 to skip."
    ),
    "help.plan-fairness": (
        "leximin (exact) or relaxation (first level of the LP relaxation: an upper bound, usually equal, "
        "many times faster on large pools)."
    ),
    "help.plan-fairness-time-limit": "Seconds per LEXIMIN computation before taking the best lottery found.",
    "help.plan-target": "Chance that all quotas can be met that the recommendation must reach.",
    "help.plan-jobs": "Worker processes (default: all local cores; 1 = no parallelism). Results do not depend on it.",
    "help.plan-dask": (
        "Address of a Dask scheduler (e.g. tcp://10.0.0.5:8786) to run the trials on a cluster; needs the 'dask' extra."
    ),
    "help.plan-plot": "Write a plot (PNG, PDF or SVG) of the chance of feasibility and of the minimum probability.",
    "help.plan-force": "Replace the plot file if it exists.",
    "help.sample": (
        "Write a synthetic pool of volunteers (or, with --population, persons of the population) drawn from "
        "a bundled French scenario, for demos, tests and the planner."
    ),
    "help.sample-scenario": "Scenario: {scenarios}.",
    "help.sample-n": "Number of volunteers (or of persons, with --population).",
    "help.sample-seed": "Seed: the same seed gives the same file.",
    "help.sample-out": "CSV file to write.",
    "help.sample-households": "Add a 'household' column: persons sharing an address.",
    "help.sample-quotas-out": "Also write the scenario's quotas (category,value,min,max) to this file.",
    "help.sample-population": "Write persons of the population (everyone who could be invited), not volunteers.",
    "help.sample-rates-out": "Also write the scenario's response factors (category,value,factor) to this file.",
    "help.sample-force": "Replace files that already exist.",
}

FR: dict[str, str] = {
    "problem.plan-population-empty": "la population ne compte personne à inviter",
    "problem.plan-count-invalid": "l'effectif « {value} » n'est pas un nombre supérieur ou égal à 0",
    "problem.plan-rates-columns": (
        "un fichier de taux de réponse doit avoir les colonnes category,value,factor (la probabilité de "
        "réponse est le taux de base multiplié par les facteurs des valeurs de la personne) ; trouvées : {found}"
    ),
    "problem.plan-rates-empty": "le fichier de taux de réponse n'a aucune ligne",
    "problem.plan-rates-empty-field": "la cellule « {column} » est vide",
    "problem.plan-rates-category-unknown": (
        "« {value} » n'est pas une colonne de la population (les colonnes sont : {available})"
    ),
    "problem.plan-rates-value-unknown": "« {value} » n'est pas une valeur de « {category} » (ce sont : {allowed})",
    "problem.plan-rates-factor-invalid": (
        "le facteur « {value} » n'est pas un nombre supérieur ou égal à 0 (écrivez 1,5 ou 1.5)"
    ),
    "problem.plan-rates-duplicate": "« {category} » = « {value} » a déjà un facteur à la ligne {other_row}",
    "problem.plan-rate-both": "indiquez un taux de base (--base-rate) ou un taux moyen (--mean-rate), pas les deux",
    "problem.plan-base-rate-invalid": (
        "le taux de base doit être une probabilité supérieure à 0 et au plus égale à 1, pas {value}"
    ),
    "problem.plan-mean-rate-invalid": (
        "le taux moyen doit être une probabilité supérieure à 0 et au plus égale à 1, pas {value}"
    ),
    "problem.plan-mean-rate-unreachable": (
        "aucun taux de base ne donne un taux de réponse moyen de {value} avec ces facteurs (trop de personnes "
        "ont un facteur 0, ou le taux dépasserait 1)"
    ),
    "problem.plan-scenario-unknown": "scénario « {value} » inconnu (les scénarios sont : {known})",
    "problem.plan-mode-none": (
        "indiquez --population, --scenario, ou les parts de la population (--margins, ou un fichier de "
        "quotas en parts) avec --quotas et --k"
    ),
    "problem.plan-mode-both": "indiquez une seule source parmi --population, --scenario et --margins",
    "problem.plan-needs-quotas": "--population demande --quotas",
    "problem.plan-needs-k": "--population demande la taille du panel --k",
    "problem.plan-invitations-invalid": (
        "les nombres d'invitations « {value} » doivent s'écrire début:fin:pas (par ex. 1000:6000:500), un "
        "nombre, ou une liste comme 500,1000,2000, tous au moins égaux à 1"
    ),
    "problem.plan-invitations-too-many": (
        "{value} invitations, c'est plus que les {n} personnes de la population (chacune est invitée au plus une fois)"
    ),
    "problem.plan-trials-invalid": "le nombre de tirages (--trials) doit être un entier au moins égal à 1, pas {value}",
    "problem.plan-seed-invalid": "la graine (--seed) doit être un entier au moins égal à 0, pas {value}",
    "problem.plan-fairness-trials-invalid": (
        "le nombre de tirages d'équité (--fairness-trials) doit être un entier au moins égal à 0, pas {value}"
    ),
    "problem.plan-fairness-invalid": "méthode d'équité « {value} » inconnue (les méthodes sont : {known})",
    "problem.plan-target-invalid": (
        "la cible (--target) doit être une probabilité supérieure à 0 et au plus égale à 1, pas {value}"
    ),
    "problem.plan-jobs-invalid": "le nombre de processus (--jobs) doit être un entier différent de 0, pas {value}",
    "problem.plan-plot-format": "un graphique s'écrit en {known}, pas en « {value} »",
    "problem.plan-plot-exists": "le fichier existe déjà ; utilisez --force pour le remplacer",
    "problem.plan-plot-needs-matplotlib": (
        "les graphiques demandent matplotlib : pip install 'sortition-toolkit[report]'"
    ),
    "plan.scenario-source": "scénario {name}",
    "plan.header": (
        "Plan d'invitations pour un panel de {k} : {trials} tirages par nombre d'invitations, graine {seed}."
    ),
    "plan.population-persons": "Population : {source}, {n} personnes (chacune invitée au plus une fois).",
    "plan.population-cells": (
        "Population : {source}, {cells} cellules (invitations tirées avec remise, en proportion des effectifs)."
    ),
    "plan.response": "Réponse : {mean} des personnes invitées se portent volontaires en moyenne (taux de base {base}).",
    "plan.col-invitations": "Invitations",
    "plan.col-feasible": "Réalisable",
    "plan.col-interval": "IC 95 %",
    "plan.col-pool": "Vivier",
    "plan.col-min-probability": "LEXIMIN min.",
    "plan.col-lowest": "Pire",
    "plan.col-fairness-trials": "n",
    "plan.none": "–",
    "plan.range": "{low}–{high}",
    "plan.recommend": (
        "Envoyez {invitations} lettres pour {target} de chances que tous les quotas puissent être respectés "
        "(estimation {probability}, intervalle à 95 % de {low} à {high}, sur {trials} tirages)."
    ),
    "plan.recommend-none": (
        "Aucun des nombres d'invitations essayés (jusqu'à {largest}) n'atteint {target} de chances que tous les "
        "quotas puissent être respectés ; le meilleur est {best} lettres, avec {best_probability}. Envoyez plus "
        "d'invitations, ou élargissez les quotas."
    ),
    "plan.fairness-note": (
        "Probabilité minimale LEXIMIN : la plus petite probabilité de sélection d'une loterie équitable, en "
        "moyenne sur les {count} premiers tirages réalisables de chaque nombre d'invitations ({method})."
    ),
    "plan.fairness-failures": (
        "{count} calcul(s) LEXIMIN ont échoué sur une erreur du solveur et sont exclus des moyennes."
    ),
    "plan.method-leximin": "LEXIMIN exact",
    "plan.method-relaxation": "premier niveau de la relaxation linéaire : une borne supérieure, en général égale",
    "plan.impossible-absent": (
        "Personne dans la population n'a {category} = {value}, alors que son minimum est {min} : les quotas "
        "ne pourront jamais être respectés."
    ),
    "plan.impossible-no-response": (
        "Personne avec {category} = {value} ne se porte jamais volontaire (taux de réponse nul), alors que son "
        "minimum est {min} : les quotas ne pourront jamais être respectés."
    ),
    "plan.seconds": "Calculé en {seconds} s.",
    "plan.plot-written": "Graphique écrit dans {file}.",
    "plan.phase-feasibility": "Simulation des vagues d'invitations",
    "plan.phase-fairness": "Calcul des probabilités LEXIMIN",
    "plan.dask-missing": "--dask demande dask.distributed : pip install 'sortition-toolkit[dask]'",
    "plan.plot-title": "Invitations pour un panel de {k} ({trials} tirages par point)",
    "plan.plot-x": "Invitations envoyées",
    "plan.plot-feasibility": "Chance que tous les quotas puissent être respectés",
    "plan.plot-interval": "Intervalle à 95 %",
    "plan.plot-target": "cible {target}",
    "plan.plot-min-probability": "Probabilité minimale LEXIMIN (moyenne)",
    "plan.plot-lowest": "la plus basse des tirages",
    "plan.plot-equal": "k / taille du vivier (chances égales)",
    "sample.written-pool": ("{n} volontaires du scénario {scenario} (panel de {k}, graine {seed}) écrits dans {file}."),
    "sample.written-population": (
        "{n} personnes de la population du scénario {scenario} (graine {seed}) écrites dans {file} ; "
        "planifiez avec « sortition plan --population {file} ... »."
    ),
    "sample.households": "Avec foyers : {households} adresses.",
    "sample.written-quotas": "Quotas ({count} lignes, panel de {k}) écrits dans {file}.",
    "sample.written-rates": (
        "Facteurs de réponse écrits dans {file} ; le taux de réponse moyen du scénario est {rate} (--mean-rate)."
    ),
    "sample.exists": "{file} existe déjà ; rien n'a été écrit (utilisez --force pour le remplacer).",
    "sample.same-file": "{file} est indiqué deux fois ; donnez à chaque sortie son propre fichier.",
    "sample.scenario-unknown": "scénario « {value} » inconnu (les scénarios sont : {known})",
    "help.plan": (
        "Planifier le nombre d'invitations : simule des vagues d'invitations et estime, pour chaque nombre "
        "d'invitations, la chance que les quotas puissent être respectés, la taille du vivier et la probabilité "
        "minimale LEXIMIN, puis recommande le plus petit nombre qui atteint la cible. Population : un CSV avec "
        "une ligne par personne (colonne id facultative, une colonne par catégorie) ou une ligne par cellule "
        "avec une colonne count ; réponse : --base-rate multiplié par les facteurs de --response-rates "
        "(category,value,factor), au plus 1. Ou tout prendre d'un --scenario fourni."
    ),
    "help.plan-population": (
        "Toutes les personnes qui pourraient être invitées : une ligne par personne ('id' facultatif, une "
        "colonne par catégorie ; tirage sans remise) ou une ligne par cellule avec une colonne 'count' "
        "(tirage avec remise)."
    ),
    "help.plan-quotas": "Les quotas : CSV ou XLSX avec category,value,min,max (ou category,value,share).",
    "help.plan-k": "Taille du panel (par défaut avec --scenario : celle du scénario).",
    "help.plan-scenario": "Prendre population, quotas, k et réponse d'un scénario fourni : {scenarios}.",
    "help.plan-response-rates": (
        "Facteurs de réponse : CSV avec category,value,factor ; une personne répond avec la probabilité taux "
        "de base multiplié par les facteurs de ses valeurs (facteur absent = 1), au plus 1. 'equal' suppose "
        "une réponse égale ; sans cette option, les écarts de réponse français par défaut s'appliquent (les "
        "plus âgés, diplômés et propriétaires répondent davantage), et le plan est refusé s'ils ne "
        "connaissent aucune des catégories."
    ),
    "help.plan-base-rate": "Probabilité de réponse d'une personne dont tous les facteurs valent 1 (par défaut 0,06).",
    "help.plan-mean-rate": (
        "Au lieu de --base-rate : le taux de réponse global (par ex. d'envois précédents) ; le taux de base est "
        "calibré pour que la moyenne sur la population soit celle-ci (par défaut avec --scenario : 0,06)."
    ),
    "help.plan-invitations": (
        "Nombres d'invitations à essayer : début:fin:pas (fin incluse), un nombre, ou une liste a,b,c."
    ),
    "help.plan-trials": "Vagues d'invitations simulées par nombre d'invitations.",
    "help.plan-seed": "Graine de la simulation : la même graine donne le même plan, quel que soit --jobs.",
    "help.plan-fairness-trials": (
        "Tirages réalisables par nombre d'invitations sur lesquels la probabilité minimale LEXIMIN est calculée "
        "(les premiers par numéro de tirage) ; 0 pour s'en passer."
    ),
    "help.plan-fairness": (
        "leximin (exact) ou relaxation (premier niveau de la relaxation linéaire : une borne supérieure, en "
        "général égale, bien plus rapide sur les grands viviers)."
    ),
    "help.plan-fairness-time-limit": ("Secondes par calcul LEXIMIN avant de retenir la meilleure loterie trouvée."),
    "help.plan-target": "Chance que tous les quotas puissent être respectés que la recommandation doit atteindre.",
    "help.plan-jobs": (
        "Processus de calcul (par défaut : tous les cœurs locaux ; 1 = pas de parallélisme). "
        "Les résultats n'en dépendent pas."
    ),
    "help.plan-dask": (
        "Adresse d'un ordonnanceur Dask (par ex. tcp://10.0.0.5:8786) pour calculer les tirages sur une grappe ; "
        "demande l'extra 'dask'."
    ),
    "help.plan-plot": (
        "Écrire un graphique (PNG, PDF ou SVG) de la chance de réalisabilité et de la probabilité minimale."
    ),
    "help.plan-force": "Remplacer le fichier du graphique s'il existe.",
    "help.sample": (
        "Écrire un vivier synthétique de volontaires (ou, avec --population, des personnes de la population) "
        "tiré d'un scénario français fourni, pour les démonstrations, les tests et le planificateur."
    ),
    "help.sample-scenario": "Scénario : {scenarios}.",
    "help.sample-n": "Nombre de volontaires (ou de personnes, avec --population).",
    "help.sample-seed": "Graine : la même graine donne le même fichier.",
    "help.sample-out": "Fichier CSV à écrire.",
    "help.sample-households": "Ajouter une colonne 'household' : les personnes qui partagent une adresse.",
    "help.sample-quotas-out": "Écrire aussi les quotas du scénario (category,value,min,max) dans ce fichier.",
    "help.sample-population": (
        "Écrire des personnes de la population (toutes celles qui pourraient être invitées), pas des volontaires."
    ),
    "help.sample-rates-out": (
        "Écrire aussi les facteurs de réponse du scénario (category,value,factor) dans ce fichier."
    ),
    "help.sample-force": "Remplacer les fichiers qui existent déjà.",
}
