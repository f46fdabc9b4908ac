// Draws /v1/ops/stats. The operations token comes from the page's address
// fragment (#token=…, never sent to the server) or the login box, and stays
// in this tab's session storage. Figures carry data-figure attributes: the
// browser test reads them back and compares them with the JSON.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    sessionStorage.setItem("crossdesk-ops", fromHash);
    history.replaceState(null, "", location.pathname);
  }
  const pct = (x) => (x * 100).toFixed(1) + " %";
  const num = (x) => (x === null || x === undefined ? "–" : String(x));
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const cell = (figure, text, cls) => `<td class="${cls || "num"}" data-figure="${esc(figure)}">${esc(text)}</td>`;
  const wait = (w) => (w && w.min ? `${w.min}–${w.max} min` : "unknown");

  function cards(s) {
    const t = s.totals, tr = s.translation;
    const items = [
      ["conversations", "Conversations", num(t.conversations)],
      ["csat", "CSAT (1–5)", num(t.csat)],
      ["bot_resolution_rate", "Resolved by bot", pct(t.bot_resolution_rate)],
      ["agent_resolution_rate", "Resolved by agent", pct(t.agent_resolution_rate)],
      ["handoff_rate", "Hand-off rate", pct(t.handoff_rate)],
      ["translation.failure_rate", "Translation failures", pct(tr.failure_rate)],
      ["translation.latency_p50_ms", "Translation p50", tr.latency_p50_ms === null ? "–" : tr.latency_p50_ms + " ms"],
    ];
    $("cards").innerHTML = items.map(([f, label, v]) =>
      `<div class="card"><div class="label">${label}</div><div class="value" data-figure="totals.${f}">${esc(v)}</div></div>`).join("");
  }

  function bars(rows, width) {
    // rows: [label, [[value, color], …]]; horizontal stacked bars.
    const max = Math.max(1, ...rows.map((r) => r[1].reduce((a, b) => a + b[0], 0)));
    const h = 24, left = 70;
    // The chart's figures as its text alternative, for screen readers.
    const summary = rows.map(([label, parts]) => `${label}: ${parts.reduce((a, b) => a + b[0], 0)}`).join(", ");
    let svg = `<svg width="100%" viewBox="0 0 ${width} ${rows.length * h + 6}" role="img" aria-label="${esc(summary)}">`;
    rows.forEach(([label, parts], i) => {
      let x = left;
      const y = i * h + 4;
      svg += `<text x="0" y="${y + 14}">${esc(label)}</text>`;
      parts.forEach(([v, color]) => {
        const w = ((width - left - 40) * v) / max;
        if (w > 0) svg += `<rect x="${x}" y="${y}" width="${w}" height="${h - 8}" rx="3" fill="${color}"></rect>`;
        x += w;
      });
      const total = parts.reduce((a, b) => a + b[0], 0);
      svg += `<text x="${x + 6}" y="${y + 14}">${total}</text>`;
    });
    return svg + "</svg>";
  }

  function draw(s) {
    $("meta").textContent = `last ${s.window_hours} h · updated ${new Date(s.generated_at).toLocaleString()}`;
    cards(s);
    const langs = {};
    s.regions.forEach((r) => r.languages.forEach((l) => { langs[l.lang] = (langs[l.lang] || 0) + l.conversations; }));
    $("volume").innerHTML = bars(Object.entries(langs).sort((a, b) => b[1] - a[1]).map(([l, n]) => [l, [[n, "var(--bot)"]]]), 560);
    $("resolution").innerHTML = bars(s.regions.map((r) => [r.region, [
      [r.resolved_by_bot, "var(--bot)"], [r.resolved_by_agent, "var(--agent)"],
      [r.abandoned, "var(--abandoned)"], [r.open, "var(--open)"]]]), 460);
    let rows = `<tr><th>region</th><th>language</th><th class="num">conversations</th><th class="num">hand-off rate</th><th class="num">bot</th><th class="num">agent</th><th class="num">abandoned</th><th class="num">CSAT</th><th class="num">ratings</th><th class="num">first response (s)</th><th class="num">translation failures</th></tr>`;
    s.regions.forEach((r) => {
      const line = (lang, f, key) => `<tr><td>${esc(r.region)}</td><td>${esc(lang)}</td>` +
        cell(key + ".conversations", f.conversations) + cell(key + ".handoff_rate", pct(f.handoff_rate)) +
        cell(key + ".resolved_by_bot", f.resolved_by_bot) + cell(key + ".resolved_by_agent", f.resolved_by_agent) +
        cell(key + ".abandoned", f.abandoned) + cell(key + ".csat", num(f.csat)) + cell(key + ".ratings", f.ratings) +
        cell(key + ".first_response_seconds", num(f.first_response_seconds)) +
        cell(key + ".translation_failure_rate", f.translation_failure_rate === null ? "–" : pct(f.translation_failure_rate)) + "</tr>";
      rows += line("all", r, `regions.${r.region}`);
      r.languages.forEach((l) => { rows += line(l.lang, l, `regions.${r.region}.${l.lang}`); });
    });
    $("regions").innerHTML = rows;
    let pools = `<tr><th>pool</th><th>region</th><th>now</th><th>next opening</th><th class="num">waiting</th><th class="num">with agents</th><th class="num">seats</th><th>estimated wait</th></tr>`;
    s.pools.forEach((p) => {
      pools += `<tr><td>${esc(p.pool)}</td><td>${esc(p.region)}</td>` +
        `<td data-figure="pools.${esc(p.pool)}.open"><span class="badge ${p.open ? "open" : "closed"}">${p.open ? "open" : "closed"}</span></td>` +
        `<td>${p.next_opening ? esc(new Date(p.next_opening).toLocaleString()) : "–"}</td>` +
        cell(`pools.${p.pool}.waiting`, p.waiting) + cell(`pools.${p.pool}.active`, p.active) + cell(`pools.${p.pool}.seats`, p.seats) +
        `<td>${esc(wait(p.estimated_wait))}</td></tr>`;
    });
    $("pools").innerHTML = pools;
    $("login").hidden = true;
    $("app").hidden = false;
    document.body.dataset.ready = "yes";
  }

  async function load() {
    const token = sessionStorage.getItem("crossdesk-ops");
    if (!token) { $("login").hidden = false; $("meta").textContent = ""; return; }
    try {
      const res = await fetch("/v1/ops/stats", { headers: { Authorization: "Bearer " + token } });
      if (res.status === 401) { sessionStorage.removeItem("crossdesk-ops"); $("error").textContent = "That token does not open the dashboard."; $("login").hidden = false; return; }
      draw(await res.json());
    } catch (e) {
      $("meta").textContent = "cannot reach the server; retrying";
    }
  }
  $("go").addEventListener("click", () => { sessionStorage.setItem("crossdesk-ops", $("token").value.trim()); load(); });
  load();
  setInterval(load, 15000);
})();
