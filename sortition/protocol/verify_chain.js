// --- replacements: the chain (docs/audit-protocol.md, section 6; sortition/protocol/verify_chain.py) -------
// Written into verify.html by sortition/protocol/page.py. A folder is an array of path parts inside the
// folder the auditor picked; `tree` maps "part/part/name" to the file's bytes.

class SearchTooLarge extends Error {}
const SEARCH_BUDGET = 2000000;  // nodes of one completion search; far beyond any pool the corpus holds

function falsy(v) {
  return v === undefined || v === null || v === "" || v === false || v === 0
    || (Array.isArray(v) && !v.length) || (isObject(v) && !Object.keys(v).length);
}
function fileAt(tree, parts, name) { return tree.get([...parts, name].join("/")); }
function folderKey(parts) { return parts.join("/"); }
function needFile(tree, parts, name) {
  const bytes = fileAt(tree, parts, name);
  if (!bytes) throw new Error(`file not found: ${[...parts, name].join("/")}`);
  return bytes;
}
function relativePath(from, to) {
  let common = 0;
  while (common < Math.min(from.length, to.length) && from[common] === to[common]) common++;
  const parts = [...from.slice(common).map(() => ".."), ...to.slice(common)];
  return parts.length ? parts.join("/") : ".";
}
function sortedUnique(items) { return [...new Set(items)].sort(compareText); }
function intOf(text) {
  if (typeof text === "number" && Number.isSafeInteger(text)) return text;
  if (typeof text !== "string" || !/^\s*[+-]?[0-9]+\s*$/.test(text)) throw new Error(`not an integer: ${short(text)}`);
  return Number(text.trim());
}
function shareText(text) {
  // a population share as the exact fraction "p/q" (sortition.protocol.canonical.share_text), "" for none
  if (text === "") return "";
  let m = /^\s*([+-]?[0-9]+)\s*(?:\/\s*([0-9]+)\s*)?$/.exec(text), num, den;
  if (m) { num = BigInt(m[1]); den = BigInt(m[2] || "1"); } else {
    m = /^\s*([+-]?)([0-9]*)\.([0-9]+)\s*$/.exec(text);
    if (!m) throw new Error(`not a fraction: ${short(text)}`);
    num = BigInt(m[1] + (m[2] || "0") + m[3]); den = 10n ** BigInt(m[3].length);
  }
  if (den === 0n) throw new Error("zero denominator");
  const d = gcd(num, den) || 1n;
  return `${num / d}/${den / d}`;
}

// The instance the first draw's published files describe (sortition.protocol.published.published_instance).
function originalInstance(tree, root) {
  const commitment = parseJson(needFile(tree, root, "commitment.json"));
  const lottery = parseJson(needFile(tree, root, "lottery.json"));
  if (commitment.format !== "sortition-commitment/1") throw new Error("not a commitment");
  const householdRule = Boolean(commitment.parameters.household_rule);
  const poolRows = readTable(needFile(tree, root, "pool.csv"));
  const quotaRows = readTable(needFile(tree, root, "quotas.csv")).slice(1);
  const doc = poolDocument(poolRows[0] || [], poolRows.slice(1), householdRule);
  const values = new Map(doc.persons.map((p) => [p[0], Object.fromEntries(doc.categories.map((c, i) => [c, p[i + 1]]))]));
  const household = new Map();
  if (householdRule) doc.households.forEach((ids, h) => ids.forEach((id) => household.set(id, "h" + h)));
  const quotas = quotaRows.map((q) => [q[0], q[1], intOf(q[2]), intOf(q[3]), q.length > 4 ? q[4] : ""]);
  return {
    ids: doc.persons.map((p) => p[0]),
    values,
    household: householdRule ? household : null,  // id -> label ("" or absent: alone), null: no household rule
    quotas,
    categories: sortedUnique(quotas.map((q) => q[0])),
    k: intOf(lottery.k),
    pseudonymised: Boolean(commitment.parameters.pseudonymised),
  };
}
function valueOf(instance, id, category) {
  const row = instance.values.get(id);
  if (!row || !Object.hasOwn(row, category)) throw new Error(`KeyError: ${short(id)}`);
  return row[category];
}

// Where the chain stands after the draw in `folder` (sortition.protocol.replace.draw_state).
async function drawState(tree, folder) {
  const dirs = [folder], seen = new Set([folderKey(folder)]);
  for (;;) {
    const previous = parseJson(needFile(tree, dirs[0], "commitment.json")).previous;
    if (falsy(previous)) break;
    const parent = resolvePath(dirs[0], String(previous.path));
    if (parent === null) throw new Error("the chain leaves the chosen folder");
    if (seen.has(folderKey(parent))) throw new Error("the chain of draws loops");
    seen.add(folderKey(parent));
    dirs.unshift(parent);
  }
  const original = originalInstance(tree, dirs[0]);
  const commitmentBytes = needFile(tree, folder, "commitment.json"), auditBytes = needFile(tree, folder, "audit.json");
  const audit = parseJson(auditBytes), replacement = parseJson(commitmentBytes).replacement || {};
  let reserves = [];
  for (const d of dirs.slice().reverse()) {
    const record = parseJson(needFile(tree, d, "audit.json"));
    if (!falsy(record.reserves)) { reserves = record.reserves; break; }
  }
  return {
    folder, original, reserves,
    panel: audit.full_panel !== undefined ? audit.full_panel : audit.panel !== undefined ? audit.panel : [],
    excluded: replacement.excluded || [],
    round: intOf(replacement.round !== undefined ? replacement.round : 0),
    auditSha: await sha256hex(auditBytes),
    commitmentSha: await sha256hex(commitmentBytes),
  };
}

// The residual problem (sortition.protocol.replace.residual_problem).
function residualProblem(state, dropouts, declined, relaxation) {
  const original = state.original;
  const kept = sortedUnique(state.panel.filter((id) => !dropouts.includes(id)));
  const excluded = sortedUnique([...state.excluded, ...dropouts, ...declined]);
  const blocked = new Set([...state.panel, ...excluded]);
  const unknown = kept.find((id) => !original.values.has(id));
  if (unknown !== undefined) throw new Error(`KeyError: ${short(unknown)}`);  // a kept member the pool does not know
  if (original.household) {
    const homes = new Set(kept.map((id) => original.household.get(id)).filter((home) => home));
    for (const id of original.ids) if (homes.has(original.household.get(id))) blocked.add(id);
  }
  const changes = new Map(relaxation.map(([c, v, side, , now]) => [[c, v, side].join("\u0000"), now]));
  const quotas = original.quotas.map(([c, v, min, max, share]) => {
    const count = kept.filter((id) => valueOf(original, id, c) === v).length;
    const low = changes.get([c, v, "min"].join("\u0000")), high = changes.get([c, v, "max"].join("\u0000"));
    return [c, v, low !== undefined ? low : Math.max(0, min - count), high !== undefined ? high : max - count, share];
  });
  return { kept, excluded, quotas, eligible: original.ids.filter((id) => !blocked.has(id)), k: dropouts.length };
}
function profileRow(original, id) { return [id, ...original.categories.map((c) => valueOf(original, id, c))]; }

// The residual pool.csv and quotas.csv a fair replacement publishes (canonical.instance_pool_document).
function residualFiles(original, residual) {
  const households = new Map();
  if (original.household) for (const id of residual.eligible) {
    const label = original.household.get(id);
    if (label) { if (!households.has(label)) households.set(label, []); households.get(label).push(id); }
  }
  const doc = {
    categories: original.categories,
    persons: residual.eligible.map((id) => profileRow(original, id)).sort(compareValues),
    households: [...households.values()].filter((ids) => ids.length > 1).map((ids) => ids.slice().sort(compareText)).sort(compareValues),
  };
  const quotas = residual.quotas.map(([c, v, min, max, share]) => [c, v, min, max, shareText(share)]).sort(compareValues);
  return [poolCsv(doc, Boolean(original.household)), csvBytes(["category", "value", "min", "max", "share"], quotas)];
}

// Whether `chosen` plus some of `rest` make a residual panel: k persons, every quota, one per household
// (sortition.protocol.replace._completable). An exact search over persons grouped by the quotas they count
// toward, pruned by counting bounds per quota and per category, with failures remembered.
function completable(original, residual, chosen, rest) {
  const need = residual.k - chosen.length;
  if (need < 0) return false;
  const home = (id) => original.household.get(id) || "\u0000" + id;
  if (original.household) {
    const homes = chosen.map(home);
    if (new Set(homes).size < homes.length) return false;
    const taken = new Set(homes);
    rest = rest.filter((id) => !taken.has(home(id)));
  }
  const quotas = residual.quotas.map(([c, v, min, max]) => {
    const count = chosen.filter((id) => valueOf(original, id, c) === v).length;
    return [c, v, Math.max(0, min - count), max - count, count > max];
  });
  if (quotas.some((q) => q[4])) return false;
  if (need === 0) return quotas.every((q) => q[2] === 0);
  if (rest.length < need) return false;
  return completion(original, quotas, rest, need, home);
}
function completion(original, quotas, rest, need, home) {
  const hits = (id) => quotas.map((q, i) => (valueOf(original, id, q[0]) === q[1] ? i : -1)).filter((i) => i >= 0);
  const units = new Map();  // a household (or a person alone): the distinct sets of quotas its members count toward
  for (const id of rest) {
    const key = original.household ? home(id) : "\u0000" + id;
    if (!units.has(key)) units.set(key, new Map());
    const h = hits(id);
    units.get(key).set(h.join(","), h);
  }
  const types = new Map(), slots = [];
  for (const alternatives of units.values()) {
    if (alternatives.size === 1) {
      const [signature, h] = [...alternatives.entries()][0];
      if (!types.has(signature)) types.set(signature, { alternatives: [h], capacity: 0 });
      types.get(signature).capacity++;
    } else slots.push({ alternatives: [...alternatives.values()], capacity: 1 });
  }
  slots.unshift(...types.values());
  const n = slots.length, low = quotas.map((q) => q[2]), high = quotas.map((q) => q[3]);
  const categories = sortedUnique(quotas.map((q) => q[0])).map((c) => quotas.map((q, i) => (q[0] === c ? i : -1)).filter((i) => i >= 0));
  const capacity = new Array(n + 1).fill(0), reach = Array.from({ length: n + 1 }, () => new Array(quotas.length).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    capacity[i] = capacity[i + 1] + slots[i].capacity;
    const touched = new Set(slots[i].alternatives.flat());
    reach[i] = reach[i + 1].map((r, q) => r + (touched.has(q) ? slots[i].capacity : 0));
  }
  const failed = new Set(), counts = new Array(quotas.length).fill(0);
  let nodes = 0;
  const search = (i, left) => {
    if (++nodes > SEARCH_BUDGET) throw new SearchTooLarge("search too large");
    if (left === 0) return counts.every((c, q) => c >= low[q]);
    if (capacity[i] < left) return false;
    for (let q = 0; q < counts.length; q++) if (counts[q] + Math.min(left, reach[i][q]) < low[q]) return false;
    for (const members of categories) if (members.reduce((s, q) => s + Math.max(0, low[q] - counts[q]), 0) > left) return false;
    const key = i + "|" + left + "|" + counts.join(",");
    if (failed.has(key)) return false;
    const slot = slots[i];
    for (const alternative of slot.alternatives) {
      for (let take = Math.min(slot.capacity, left); take >= 1; take--) {
        if (alternative.some((q) => counts[q] + take > high[q])) continue;
        for (const q of alternative) counts[q] += take;
        const found = search(i + 1, left - take);
        for (const q of alternative) counts[q] -= take;
        if (found) return true;
      }
    }
    if (search(i + 1, left)) return true;
    failed.add(key);
    return false;
  };
  return search(0, need);
}
// Mode "reserves": the walk down the reserve list (sortition.protocol.replace.reserve_walk).
function reserveWalk(state, residual) {
  const eligible = new Set(residual.eligible);
  const order = state.reserves.filter((id) => eligible.has(id));
  let taken = [];
  const considered = [];
  for (let i = 0; i < order.length; i++) {
    if (taken.length === residual.k) break;
    considered.push(order[i]);
    const trial = [...taken, order[i]];
    if (completable(state.original, residual, trial, order.slice(i + 1))) taken = trial;
  }
  return taken.length === residual.k ? [taken, considered] : null;
}

function chainCheck(key, status, params = {}, difference = null) {
  return { key, status, params, detail_key: difference ? difference[0] : "", detail: difference ? difference[1] : {} };
}
function outcome(key, params, difference) { return chainCheck(key, difference ? "fail" : "pass", params, difference); }

// Every chain check of the replacement in `folder` (sortition.protocol.verify_chain.chain_checks); `stack`
// holds the folders being verified, so a link that loops is reported instead of followed for ever.
async function chainChecks(tree, folder, commitment, stack) {
  const link = commitment.previous, replacement = commitment.replacement;
  if (!isObject(link) || !isObject(replacement) || typeof link.path !== "string") throw new Error("KeyError: previous");
  const previous = resolvePath(folder, link.path);
  if (previous === null || !fileAt(tree, previous, "audit.json") || !fileAt(tree, previous, "commitment.json"))
    return [chainCheck("replace.check-previous-missing", "fail", { path: link.path }, previous === null ? ["page.d-pick-first", {}] : null)];
  const out = [];
  const linkDifference = jsonDifference("commitment.json", await sha256hex(fileAt(tree, previous, "audit.json")), link.audit_sha256, "previous.audit_sha256")
    || jsonDifference("commitment.json", await sha256hex(fileAt(tree, previous, "commitment.json")), link.commitment_sha256, "previous.commitment_sha256");
  out.push(outcome("replace.check-link", { path: link.path }, linkDifference));
  if ([...stack, folderKey(folder)].includes(folderKey(previous))) throw new Error("the chain of draws loops");
  const earlier = await verifyFolder(tree, previous, null, [...stack, folderKey(folder)]);
  const failed = earlier.filter((c) => c.status === "fail").length;
  out.push(chainCheck("replace.check-previous", failed === 0 ? "pass" : "fail", { failed }));
  // a previous draw this page could not decide is not a verified one
  if (earlier.some((c) => c.status === "unsupported")) out.push(chainCheck("page.search-too-large", "unsupported"));
  const state = await drawState(tree, previous);
  const dropouts = replacement.dropouts.slice(), declined = replacement.declined.slice();
  const relaxation = (replacement.relaxation || []).map((r) => {
    if (!Array.isArray(r) || r.length !== 5) throw new Error("ValueError: a relaxation is (category, value, side, old, new)");
    return r.slice();
  });
  const residual = residualProblem(state, dropouts, declined, relaxation);
  const expected = {
    previous: { path: relativePath(folder, previous), audit_sha256: state.auditSha, commitment_sha256: state.commitmentSha },
    replacement: {
      round: state.round + 1, mode: replacement.mode, dropouts, declined, excluded: residual.excluded,
      kept: residual.kept.map((id) => profileRow(state.original, id)), relaxation,
    },
  };
  let difference = jsonDifference("commitment.json", expected, { previous: link, replacement });
  if (!difference && (!dropouts.every((id) => state.panel.includes(id)) || declined.some((id) => state.panel.includes(id))))
    difference = ["verify.d-field", { file: "commitment.json", field: "replacement.dropouts", expected: "-", found: "-" }];
  out.push(outcome("replace.check-residual", { round: replacement.round }, difference));
  const auditBytes = fileAt(tree, folder, "audit.json");
  if (replacement.mode === "fair") {
    const [pool, quotas] = residualFiles(state.original, residual);
    out.push(outcome("replace.check-residual-files", {}, csvDifference("pool.csv", pool, fileAt(tree, folder, "pool.csv"))
      || csvDifference("quotas.csv", quotas, fileAt(tree, folder, "quotas.csv"))));
    const pseudonymised = Boolean(isObject(commitment.parameters) && commitment.parameters.pseudonymised);
    out.push(outcome("replace.check-pseudonymised", {}, jsonDifference("commitment.json", state.original.pseudonymised, pseudonymised, "parameters.pseudonymised")));
  } else if (auditBytes) out.push(...(await reserveWalkChecks(tree, folder, state, residual, expected, commitment)));
  if (auditBytes) {
    const audit = parseJson(auditBytes);
    out.push(fullPanelCheck(state.original, audit.full_panel !== undefined ? audit.full_panel : [], relaxation));
  }
  return out;
}

// The walk re-derives; commitment.json, audit.json and panel.csv are exactly what `replace --mode reserves`
// writes, with the tool and the date as recorded (verify_chain._reserve_walk_checks).
async function reserveWalkChecks(tree, folder, state, residual, extra, commitment) {
  const audit = parseJson(fileAt(tree, folder, "audit.json"));
  const walked = reserveWalk(state, residual);
  const taken = walked ? walked[0].slice().sort(compareText) : [], considered = walked ? walked[1] : [];
  const out = [outcome("replace.check-reserves", {}, jsonDifference("audit.json", taken, audit.panel, "panel")
    || jsonDifference("audit.json", considered, audit.considered, "considered"))];
  const original = state.original, date = commitment.date || "";
  const wantCommitment = {
    format: "sortition-commitment/1", tool: commitment.tool,
    parameters: { k: residual.k, algorithm: "reserve list", household_rule: Boolean(original.household) },
    seed_source: { kind: "none" }, date, ...extra,
  };
  const commitmentDifference = jsonDifference("commitment.json", wantCommitment, commitment);
  const full = sortedUnique([...residual.kept, ...taken]);
  const wantAudit = {
    format: "sortition-audit/1", tool: commitment.tool,
    commitment_sha256: commitmentDifference ? "-" : await sha256hex(canonicalBytes(commitment)),
    panel: taken, full_panel: full, considered, reserves: [], date, previous: extra.previous,
  };
  out.push(outcome("verify.audit-record", {}, commitmentDifference || jsonDifference("audit.json", wantAudit, audit)));
  const panel = csvBytes(["id", ...original.categories], full.map((id) => profileRow(original, id)));
  out.push(outcome("replace.check-panel-file", {}, csvDifference("panel.csv", panel, fileAt(tree, folder, "panel.csv"))));
  return out;
}

// The whole new panel meets every original quota (relaxed as accepted) and the household rule.
function fullPanelCheck(original, full, relaxation) {
  let ok = Array.isArray(full) && full.length === original.k && new Set(full).size === full.length && full.every((id) => original.values.has(id));
  const loosened = new Map(relaxation.map(([c, v, side, was, now]) => [[c, v, side].join("\u0000"), now - was]));
  for (const [c, v, min, max] of ok ? original.quotas : []) {
    const count = full.filter((id) => valueOf(original, id, c) === v).length;
    const low = min + (loosened.get([c, v, "min"].join("\u0000")) || 0), high = max + (loosened.get([c, v, "max"].join("\u0000")) || 0);
    ok = ok && low <= count && count <= high;
  }
  if (ok && original.household) {
    const homes = full.map((id) => original.household.get(id) || "\u0000" + id);
    ok = new Set(homes).size === homes.length;
  }
  return chainCheck("replace.check-full-panel", ok ? "pass" : "fail", { k: original.k });
}
