"""The lottery's own checks: its groups partition the pool with the pool's values, and every panel has k
persons, meets every quota and the household rule (whatever the tickets say, no invalid panel may be drawn)."""

from __future__ import annotations

from sortition.protocol.checks import Check
from sortition.protocol.compare import short
from sortition.protocol.published import Published, pool_values


def panel_rule_checks(published: Published) -> list[Check]:
    lottery = published.lottery
    values = pool_values(published)
    categories = list(lottery["categories"])
    seen: dict[str, int] = {}
    bad_person = ""
    for g, group in enumerate(lottery["groups"]):
        for pid in group["members"]:
            if pid in seen or pid not in values or [values[pid].get(c) for c in categories] != list(group["profile"]):
                bad_person = bad_person or f"groups[{g}]: {short(pid)}"
            seen[pid] = g
    missing = sorted(set(values) - set(seen))
    if not bad_person and missing:
        bad_person = f"pool.csv: {short(missing[0])}"
    groups_check = Check("verify.groups", "pass", {"groups": len(lottery["groups"]), "persons": len(values)})
    if bad_person:
        groups_check.status, groups_check.detail_key = "fail", "verify.d-person"
        groups_check.detail = {"file": "lottery.json", "where": bad_person}
    bounds = {(q[0], q[1]): (q[2], q[3]) for q in published.quotas}
    households = published.pool_doc()["households"]
    household_groups = [[seen.get(pid, -1) for pid in members] for members in households]
    bad_panels: list[int] = []
    k = int(lottery["k"])
    for j, panel in enumerate(lottery["panels"]):
        counts = {int(g): int(c) for g, c in panel["counts"]}
        ok = sum(counts.values()) == k and len(counts) == len(panel["counts"])
        ok = ok and all(0 <= g < len(lottery["groups"]) for g in counts)
        ok = ok and all(0 < c <= len(lottery["groups"][g]["members"]) for g, c in counts.items())
        tally: dict[tuple[str, str], int] = dict.fromkeys(bounds, 0)
        for g, c in counts.items() if ok else ():
            for category, value in zip(categories, lottery["groups"][g]["profile"], strict=True):
                if (category, value) not in tally:
                    ok = False
                    continue
                tally[(category, value)] += c
        ok = ok and all(bounds[key][0] <= n <= bounds[key][1] for key, n in tally.items())
        ok = ok and all(sum(counts.get(g, 0) for g in members) <= 1 for members in household_groups)
        if not ok:
            bad_panels.append(j)
    panels_check = Check(
        "verify.panels",
        "pass" if not bad_panels else "fail",
        {"panels": len(lottery["panels"]), "bad": ", ".join(map(str, bad_panels[:10]))},
    )
    if bad_panels:
        panels_check.detail_key = "verify.d-panels"
        panels_check.detail = {"file": "lottery.json", "panels": ", ".join(map(str, bad_panels[:10]))}
    return [groups_check, panels_check]
