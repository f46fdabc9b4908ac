// The compliance console: sign in with a compliance token; the policies in
// force with their version, hash and check; the audit log with filters and
// each region's verification (intact, or the first altered entry); the
// records of transfers and the yearly volumes with their PIPL warnings;
// the policy simulator; erasures; export download.
//
// The token lives in this tab's session storage and travels only in the
// Authorization header (downloads too: fetched, then saved from a Blob).
// Every value from the server is rendered as text.
//
// Element ids the tests use:
//   #sign-in (form), #token, #sign-out, #refresh, #status
//   #policies (table; tr[data-region] with .hash and .check.ok|.check.problems)
//   #verify-status (li.verdict.intact|.altered [data-region][data-seq])
//   #audit-filters, #audit-region, #audit-kind, #audit-from, #audit-to,
//   #audit (table; tr[data-region][data-seq] with td.kind), #audit-count
//   #transfers (table; tr[data-region] with td.processor, .name,
//     .jurisdiction, .outcome, .basis, .messages, .conversations, .subjects)
//   #volumes (.volume[data-region]; li.line.below|.approaching|.reached;
//     .warning for every line approached or reached)
//   #simulate (form: #sim-text, #sim-country, #sim-locale, #sim-timezone,
//     #sim-channel, #sim-at, #sim-run), #simulation (result; .sim-region,
//     .sim-hops tr.hop[data-outcome], .sim-redacted-text, .sim-stored-in)
//   #erasures (table; tr[data-region][data-seq])
//   #export (form: #export-region, #export-format, #export-from,
//     #export-to, #export-go); a finished download is announced in #status
//     and leaves its file name in #export's data-downloaded.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const KEY = "crossdesk.compliance";
  // The log can be long: the newest entries are shown, the export has all.
  const SHOWN = 300;
  let token = sessionStorage.getItem(KEY);
  let words = {};
  let locale = "en-US";

  const w = (k) => words[k] || k;

  function applyWords() {
    for (const el of document.querySelectorAll("[data-w]")) el.textContent = w(el.dataset.w);
    document.title = w("title");
  }

  async function loadWords() {
    const langs = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en-US"]).join(",");
    try {
      const r = await fetch(`/v1/pages/compliance/words?lang=${encodeURIComponent(langs)}`);
      if (!r.ok) return;
      const j = await r.json();
      words = j.words;
      locale = j.locale;
      document.documentElement.lang = j.locale;
      applyWords();
    } catch (_) {
      // The page's English words stay.
    }
  }

  async function call(method, path, body) {
    const headers = { authorization: "Bearer " + token };
    if (body) headers["content-type"] = "application/json";
    const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    if (!r.ok) {
      const json = await r.json().catch(() => ({}));
      const e = new Error((json.error && json.error.message) || String(r.status));
      e.status = r.status;
      throw e;
    }
    return r;
  }

  const api = async (method, path, body) => (await call(method, path, body)).json();

  function say(text, error) {
    $("status").textContent = text;
    $("status").classList.toggle("error", !!error);
  }

  function failed(e) {
    if (e.status === 401) {
      signOut();
      say(e.message, true);
      return;
    }
    say(`${w("failed")} ${e.message}`, true);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function row(cells) {
    const tr = document.createElement("tr");
    for (const [cls, value] of cells) tr.append(value instanceof Node ? wrap(cls, value) : el("td", cls, value));
    return tr;
  }

  function wrap(cls, node) {
    const td = el("td", cls);
    td.append(node);
    return td;
  }

  // Each cell carries its column's name: narrow screens show a row as a
  // card, the names beside the values (compliance.css).
  function label(table) {
    const names = [...table.tHead.rows[0].cells].map((th) => th.textContent);
    for (const tr of table.tBodies[0].rows) {
      [...tr.cells].forEach((td, i) => {
        if (names[i] && td.colSpan === 1) td.dataset.label = names[i];
      });
    }
  }

  function fill(table, rows, columns) {
    const body = table.tBodies[0];
    body.replaceChildren(...rows);
    label(table);
    if (!rows.length) {
      const tr = document.createElement("tr");
      const td = el("td", "empty", w("none"));
      td.colSpan = columns;
      tr.append(td);
      body.append(tr);
    }
  }

  const when = (ms) => new Date(ms).toLocaleString(locale, { dateStyle: "medium", timeStyle: "medium" });
  const number = (n) => Number(n).toLocaleString(locale);
  const outcome = (o) => (words["outcome-" + o] ? `${w("outcome-" + o)} (${o})` : o);

  // Local midnight of an <input type=date> value, in Unix ms; `end`: the
  // last millisecond of that day.
  function day(value, end) {
    if (!value) return null;
    const [y, m, d] = value.split("-").map(Number);
    const t = new Date(y, m - 1, d + (end ? 1 : 0)).getTime();
    return end ? t - 1 : t;
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
    const s = q.toString();
    return s ? "?" + s : "";
  }

  // ---- Policies ----

  function regionsInto(policies) {
    for (const select of document.querySelectorAll("select.regions")) {
      const keep = select.value;
      const options = policies.map((p) => {
        const o = el("option", null, `${p.id} — ${p.name}`);
        o.value = p.id;
        return o;
      });
      if (select.id === "audit-region") {
        const all = el("option", null, w("all"));
        all.value = "";
        options.unshift(all);
      }
      select.replaceChildren(...options);
      if (keep) select.value = keep;
    }
  }

  function showPolicies(policies) {
    regionsInto(policies);
    fill($("policies"), policies.map((p) => {
      const check = el("div", "check " + (p.check.status === "ok" ? "ok" : "problems"));
      check.append(el("strong", null, p.check.status === "ok" ? `✓ ${w("check-ok")}` : `⚠ ${w("check-problems")}`));
      if (p.check.problems.length) {
        const ul = el("ul");
        for (const problem of p.check.problems) ul.append(el("li", null, problem));
        check.append(ul);
      }
      const tr = row([["id", p.id], ["name", p.name], ["version", p.version], ["hash", el("code", null, p.hash)], ["check-cell", check]]);
      tr.dataset.region = p.id;
      return tr;
    }), 5);
  }

  // ---- Audit log and its verification ----

  function showVerdicts(verdicts) {
    $("verify-status").replaceChildren(...verdicts.map((v) => {
      const li = el("li", "verdict " + (v.intact ? "intact" : "altered"));
      li.dataset.region = v.region;
      if (v.intact) {
        li.append(el("strong", null, `✓ ${v.region}`), document.createTextNode(`: ${w("verify-intact")}, ${number(v.entries)} ${w("verify-entries")}`));
      } else {
        li.dataset.seq = v.first_bad_seq;
        li.append(el("strong", null, `⚠ ${v.region}: ${w("verify-altered")} ${v.first_bad_seq}`), el("span", "reason", v.reason));
      }
      return li;
    }));
  }

  function auditRow(e, withKind) {
    const cells = [["region", e.region], ["seq num", e.seq], ["time", when(e.at)]];
    if (withKind) cells.push(["kind", e.kind]);
    cells.push(["subject", el("code", null, e.subject)], ["detail", el("code", null, JSON.stringify(e.detail))]);
    const tr = row(cells);
    tr.dataset.region = e.region;
    tr.dataset.seq = e.seq;
    return tr;
  }

  function showAudit(entries) {
    const newest = entries.slice().sort((a, b) => b.at - a.at || b.seq - a.seq);
    const shown = newest.slice(0, SHOWN);
    fill($("audit"), shown.map((e) => auditRow(e, true)), 6);
    $("audit-count").textContent = `${w("shown")} ${number(shown.length)} ${w("of")} ${number(entries.length)} (${w("newest-first")})`;
  }

  function auditFilter() {
    return query({
      region: $("audit-region").value,
      kind: $("audit-kind").value,
      from: day($("audit-from").value, false),
      to: day($("audit-to").value, true),
    });
  }

  // ---- Transfers and volumes ----

  function showTransfers(records) {
    fill($("transfers"), records.map((r) => {
      const tr = row([
        ["region", r.region], ["processor", r.processor], ["name", r.name],
        ["jurisdiction", r.jurisdiction || w("in-proxy")], ["outcome", outcome(r.outcome)],
        ["basis", r.basis || "—"], ["messages num", number(r.messages)],
        ["conversations num", number(r.conversations)], ["subjects num", number(r.data_subjects)],
      ]);
      tr.dataset.region = r.region;
      if (r.outcome === "deny") tr.classList.add("denied");
      return tr;
    }), 9);
  }

  function showVolumes(volumes) {
    $("volumes").replaceChildren(...volumes.map((v) => {
      const card = el("article", "volume");
      card.dataset.region = v.region;
      card.append(el("h3", null, `${v.region} · ${v.year}`));
      const dl = el("dl", "facts");
      dl.append(el("dt", null, w("data-subjects")), el("dd", "subjects", number(v.data_subjects)));
      dl.append(el("dt", null, w("transfers-count")), el("dd", "transfers", number(v.transfers)));
      card.append(dl);
      if (!v.thresholds.length) {
        card.append(el("p", "help", w("no-lines")));
        return card;
      }
      const ul = el("ul", "lines");
      for (const t of v.thresholds) {
        const li = el("li", "line " + t.status);
        const head = el("p", "line-head");
        if (t.status !== "below") head.append(el("strong", "warning", `⚠ ${w("warning")}: ${w("status-" + t.status)}`), document.createTextNode(" "));
        head.append(document.createTextNode(`${w("line")}: ${number(t.subjects)} · ${Math.round(t.ratio * 100)} %`));
        if (t.status === "below") head.append(document.createTextNode(` · ${w("status-below")}`));
        li.append(head, el("p", "requires", `${w("requires")}: ${t.requires}`));
        ul.append(li);
      }
      card.append(ul);
      return card;
    }));
  }

  // ---- Simulator ----

  function pair(dl, term, value, cls) {
    dl.append(el("dt", null, w(term)));
    const dd = el("dd", cls);
    if (value instanceof Node) dd.append(value);
    else dd.textContent = value;
    dl.append(dd);
  }

  function showSimulation(s) {
    const box = $("simulation");
    const dl = el("dl", "facts");
    pair(dl, "region", `${s.region} (${w("region-source")}: ${s.region_source})`, "sim-region");
    pair(dl, "policy", `${w("policy-version")} ${s.policy_version} · ${s.policy_hash}`, "sim-policy");
    pair(dl, "language", `${s.language.lang} (${w("confidence")} ${Math.round(s.language.confidence * 100)} %, ${s.language.source})`, "sim-language");
    pair(dl, "channel", s.channel, "sim-channel");
    pair(dl, "at", s.at, "sim-at");
    pair(dl, "redacted", s.redacted.length ? s.redacted.join(", ") : w("none"), "sim-redacted");
    pair(dl, "redacted-text", el("span", null, s.redacted_text), "sim-redacted-text text");
    pair(dl, "stored-in", s.stored_in, "sim-stored-in");

    const hops = el("table", "sim-hops");
    const caption = el("caption", null, w("hops"));
    const head = el("thead");
    const hr = document.createElement("tr");
    for (const k of ["processor", "processor-name", "jurisdiction", "outcome", "basis", "redacted", "why"]) {
      const th = el("th", null, w(k));
      th.scope = "col";
      hr.append(th);
    }
    head.append(hr);
    const body = el("tbody");
    for (const h of s.hops) {
      const tr = row([
        ["processor", h.processor], ["name", h.name], ["jurisdiction", h.jurisdiction || w("in-proxy")],
        ["outcome", outcome(h.outcome)], ["basis", h.basis || "—"],
        ["redacted", h.redacted.length ? h.redacted.join(", ") : "—"], ["why", h.why],
      ]);
      tr.classList.add("hop", h.outcome === "deny" ? "denied" : "allowed");
      tr.dataset.outcome = h.outcome;
      body.append(tr);
    }
    hops.append(caption, head, body);
    label(hops);
    const scroll = el("div", "scroll");
    scroll.append(hops);

    const routing = el("dl", "facts sim-routing");
    const d = s.routing.decision || {};
    pair(routing, "trigger", s.routing.trigger || "—");
    pair(routing, "decision", [d.outcome, d.pool, d.why].filter(Boolean).join(" · "), "sim-decision");
    if (s.routing.cross_region) pair(routing, "cross-region", s.routing.cross_region);
    if (s.routing.opens_at) pair(routing, "opens-at", s.routing.opens_at);

    box.replaceChildren(el("h3", null, w("result")), dl, scroll, el("h4", null, w("routing")), routing);
    box.hidden = false;
  }

  async function simulate(ev) {
    ev.preventDefault();
    const opt = (id) => $(id).value.trim() || undefined;
    const at = $("sim-at").value ? new Date($("sim-at").value).toISOString() : undefined;
    const body = {
      text: $("sim-text").value,
      country: $("sim-country").value.trim().toUpperCase(),
      locale: opt("sim-locale"),
      timezone: opt("sim-timezone"),
      channel: $("sim-channel").value,
      at,
    };
    $("sim-run").disabled = true;
    say(w("loading"));
    try {
      showSimulation(await api("POST", "/v1/compliance/simulate", body));
      say(w("loaded"));
    } catch (e) {
      failed(e);
    } finally {
      $("sim-run").disabled = false;
    }
  }

  // ---- Export ----

  async function download(ev) {
    ev.preventDefault();
    const path = "/v1/compliance/audit/export" + query({
      region: $("export-region").value,
      format: $("export-format").value,
      from: day($("export-from").value, false),
      to: day($("export-to").value, true),
    });
    $("export-go").disabled = true;
    try {
      const r = await call("GET", path);
      const disposition = r.headers.get("content-disposition") || "";
      const match = /filename="([^"]+)"/.exec(disposition);
      const name = match ? match[1] : "crossdesk-audit." + $("export-format").value;
      const blob = await r.blob();
      const url = URL.createObjectURL(blob);
      const a = el("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      $("export").dataset.downloaded = name;
      say(`${w("downloaded")} ${name} (${number(blob.size)} B)`);
    } catch (e) {
      failed(e);
    } finally {
      $("export-go").disabled = false;
    }
  }

  // ---- Loading it all ----

  async function refreshAudit() {
    const filter = auditFilter();
    const [entries, verdicts] = await Promise.all([
      api("GET", "/v1/compliance/audit" + filter),
      api("GET", "/v1/compliance/audit/verify"),
    ]);
    showAudit(entries);
    showVerdicts(verdicts);
  }

  async function refresh() {
    say(w("loading"));
    try {
      const [policies, transfers, volumes, erasures] = await Promise.all([
        api("GET", "/v1/compliance/policies"),
        api("GET", "/v1/compliance/transfers"),
        api("GET", "/v1/compliance/volumes"),
        api("GET", "/v1/compliance/erasures"),
      ]);
      showPolicies(policies);
      showTransfers(transfers);
      showVolumes(volumes);
      fill($("erasures"), erasures.slice().reverse().map((e) => auditRow(e, false)), 5);
      await refreshAudit();
      say(w("loaded"));
    } catch (e) {
      failed(e);
    }
  }

  function signedIn(yes) {
    $("signin-panel").hidden = yes;
    $("console").hidden = !yes;
    $("sign-out").hidden = !yes;
    $("refresh").hidden = !yes;
  }

  function signOut() {
    token = null;
    sessionStorage.removeItem(KEY);
    signedIn(false);
    for (const id of ["policies", "audit", "transfers", "erasures"]) $(id).tBodies[0].replaceChildren();
    for (const id of ["verify-status", "volumes", "simulation"]) $(id).replaceChildren();
    $("simulation").hidden = true;
    $("token").value = "";
    $("token").focus();
  }

  document.addEventListener("DOMContentLoaded", async () => {
    await loadWords();
    $("sign-in").addEventListener("submit", (ev) => {
      ev.preventDefault();
      token = $("token").value.trim();
      $("token").value = "";
      if (!token) return;
      sessionStorage.setItem(KEY, token);
      signedIn(true);
      refresh();
    });
    $("sign-out").addEventListener("click", () => {
      signOut();
      say(w("signed-out"));
    });
    $("refresh").addEventListener("click", refresh);
    $("audit-filters").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      say(w("loading"));
      try {
        await refreshAudit();
        say(w("loaded"));
      } catch (e) {
        failed(e);
      }
    });
    $("simulate").addEventListener("submit", simulate);
    $("export").addEventListener("submit", download);
    if (token) {
      signedIn(true);
      refresh();
    } else {
      signedIn(false);
    }
  });
})();
