// The agent workspace: sign in with an agent token, the pool's queue and
// the agent's own conversations, claim, read the shopper's original beside
// its translation into the agent's language, reply with a live preview of
// what the shopper will read (and a warning when no engine can translate
// it), transfer to a partner pool, close, earlier conversations.
//
// The token lives in this tab's session storage and travels only in the
// Authorization header. People's texts are rendered as text.
//
// Element ids the tests use: #signin, #token, #signout, #who, #queue,
// #held (li.entry[data-id] with button.claim / button.open), #conv-meta,
// #messages (li.message.<role> with .original and .translation),
// #reply, #reply-text, #preview, #preview-engine, #untranslatable,
// #send-anyway, #send, #delivery (undelivered channel replies), #transfer, #transfer-to, #close, #resolution,
// #related-box, #related, #status.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const KEY = "crossdesk.agent";
  const RTL = new Set(["ar", "he", "fa", "ur"]);
  let token = sessionStorage.getItem(KEY);
  let words = {};
  let wordsLang = null;
  let current = null; // { id, after, abort, shopperLang }
  let queueTimer = null;
  let previewTimer = null;
  let previewSeq = 0;

  const w = (k) => words[k] || k;

  function applyWords() {
    for (const el of document.querySelectorAll("[data-w]")) el.textContent = w(el.dataset.w);
    document.title = w("title");
  }

  async function loadWords(langs) {
    const key = langs.join(",");
    if (key === wordsLang) return;
    try {
      const r = await fetch(`/v1/pages/agent/words?lang=${encodeURIComponent(key)}`);
      if (!r.ok) return;
      const j = await r.json();
      words = j.words;
      wordsLang = key;
      document.documentElement.lang = j.locale;
      document.documentElement.dir = RTL.has(j.locale.split("-")[0]) ? "rtl" : "ltr";
      applyWords();
    } catch (_) {
      // The page's English words stay.
    }
  }

  async function api(method, path, body, signal) {
    const headers = { authorization: "Bearer " + token };
    if (body) headers["content-type"] = "application/json";
    const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, signal });
    if (r.status === 204) return null;
    const json = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error((json.error && json.error.message) || String(r.status));
      e.status = r.status;
      e.code = json.error && json.error.code;
      throw e;
    }
    return json;
  }

  function say(text, error) {
    $("status").textContent = text;
    $("status").classList.toggle("error", !!error);
  }

  function failed(e) {
    if (e.name === "AbortError") return;
    if (e.status === 401) { signOut(); say(e.message, true); return; }
    say(w("failed") + " " + e.message, true);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function waited(seconds) {
    const m = Math.floor(seconds / 60);
    return `${w("waiting")}: ${m} ${w("minutes")}`;
  }

  // One conversation in a list: language, country, waiting time, priority
  // and emotion, whether translation is needed.
  function entry(c, action) {
    const li = el("li", "entry");
    li.dataset.id = c.id;
    if (current && current.id === c.id) li.classList.add("current");
    const facts = el("div", "facts");
    facts.append(
      el("span", "tag", `${w("language")}: ${c.lang || "?"}`),
      el("span", "tag", `${w("country")}: ${c.country}`),
    );
    const upset = c.priority > 0 || c.emotion >= 0.5;
    facts.append(el("span", upset ? "tag hot" : "tag", `${w("emotion")}: ${upset ? w("upset") : w("calm")} (${Math.round(c.emotion * 100)}%)`));
    facts.append(el("span", c.translation_needed ? "tag tr" : "tag", c.translation_needed ? w("translated") : w("same-language")));
    if (c.reason) facts.append(el("span", "tag", `${w("reason")}: ${w("reason-" + c.reason)}`));
    const button = el("button", action, w(action === "claim" ? "claim" : "open"));
    button.type = "button";
    button.setAttribute("aria-label", `${w(action === "claim" ? "claim" : "open")} ${c.lang || ""} ${c.country} ${c.id.slice(0, 8)}`);
    button.addEventListener("click", () => (action === "claim" ? claim(c.id) : open(c.id)));
    li.append(facts, button);
    if (action === "claim") li.append(el("span", "wait", waited(c.waiting_seconds)));
    return li;
  }

  async function refreshQueue() {
    clearTimeout(queueTimer);
    try {
      const q = await api("GET", "/v1/agent/queue");
      await loadWords([q.agent_lang, ...navigator.languages]);
      $("who").textContent = `${w("signed-in-as")} ${q.agent} · ${w("pool")} ${q.pool} · ${q.agent_lang}`;
      $("queue").replaceChildren(...(q.conversations.length ? q.conversations.map((c) => entry(c, "claim")) : [el("li", "help", w("empty-queue"))]));
      $("held").replaceChildren(...(q.held.length ? q.held.map((c) => entry(c, "open")) : [el("li", "help", w("empty-held"))]));
      $("queue-count").textContent = `(${q.conversations.length})`;
      const partners = q.partners.map((p) => { const o = el("option", "", p); o.value = p; return o; });
      $("transfer-to").replaceChildren(...partners);
      $("transfer").querySelector("button").disabled = !partners.length;
      if (!partners.length) $("transfer-to").title = w("no-partners");
    } catch (e) {
      failed(e);
      if (!token) return;
    }
    queueTimer = setTimeout(refreshQueue, 5000);
  }

  function showMessage(m) {
    const li = el("li", "message " + m.role);
    li.dataset.seq = m.seq;
    li.append(el("span", "role", `${w("role-" + m.role)} · ${new Date(m.at).toLocaleTimeString(document.documentElement.lang)}`));
    const pair = el("div", "pair");
    const original = el("p", "original", m.original);
    original.lang = m.original_lang;
    original.dir = "auto";
    const translation = el("p", "translation", m.machine_translated ? m.text : w("not-translated"));
    if (m.machine_translated) { translation.lang = m.lang; translation.dir = "auto"; }
    else translation.classList.add("help");
    const tag = (p, label, lang) => { const s = el("span", "lang", `${label} · ${lang}`); p.prepend(s); };
    tag(original, w("original"), m.original_lang);
    tag(translation, w("translation"), m.machine_translated ? m.lang : "—");
    pair.append(original, translation);
    li.append(pair);
    $("messages").append(li);
    li.scrollIntoView({ block: "nearest" });
  }

  function showView(v, fresh) {
    if (fresh) $("messages").replaceChildren();
    $("conv-meta").textContent = `${v.conversation_id.slice(0, 8)} · ${v.country} · ${v.shopper_lang} → ${v.agent_lang} · ${v.channel} · ${w("state")}: ${w("state-" + v.state)}`;
    current.shopperLang = v.shopper_lang;
    // A channel the provider does not take replies from right now.
    const d = v.delivery;
    const late = d && d.undelivered > 0 && d.attempts > 0;
    $("delivery").hidden = !late;
    if (late) {
      $("delivery").replaceChildren(
        el("p", "", `${w("undelivered")}: ${d.undelivered}`),
        el("p", "help", `${w("last-error")}: ${d.last_error || "?"} · ${w("next-attempt")}: ${new Date(d.next_attempt_at).toLocaleTimeString(document.documentElement.lang)}`),
      );
    }
    current.state = v.state;
    for (const m of v.messages) {
      current.after = Math.max(current.after, m.seq);
      showMessage(m);
    }
    const mine = v.state === "agent";
    for (const f of ["reply", "transfer", "close"]) {
      for (const c of $(f).elements) c.disabled = !mine;
    }
    if (mine && $("transfer-to").options.length === 0) $("transfer").querySelector("button").disabled = true;
  }

  async function listen(conv) {
    while (current === conv) {
      try {
        const v = await api("GET", `/v1/agent/conversations/${conv.id}/messages?after=${conv.after}&wait=25`, null, conv.abort.signal);
        if (current !== conv) return;
        showView(v, false);
        if (v.state !== "agent") return;
      } catch (e) {
        if (e.name === "AbortError" || current !== conv) return;
        failed(e);
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  }

  async function open(id, view) {
    if (current) current.abort.abort();
    current = { id, after: 0, abort: new AbortController() };
    const conv = current;
    $("none-open").hidden = true;
    $("conv-body").hidden = false;
    $("reply-text").value = "";
    resetPreview();
    $("related").replaceChildren();
    $("related-box").open = false;
    for (const li of document.querySelectorAll(".entry")) li.classList.toggle("current", li.dataset.id === id);
    try {
      showView(view || (await api("GET", `/v1/agent/conversations/${id}/messages`, null, conv.abort.signal)), true);
      listen(conv);
    } catch (e) {
      failed(e);
    }
  }

  async function claim(id) {
    try {
      const v = await api("POST", `/v1/agent/conversations/${id}/claim`);
      say("");
      await open(id, v);
      refreshQueue();
      $("reply-text").focus();
    } catch (e) {
      failed(e);
      refreshQueue();
    }
  }

  function resetPreview() {
    $("preview").textContent = w("preview-empty");
    $("preview").classList.add("help");
    $("preview-engine").textContent = "";
    $("untranslatable").hidden = true;
    $("send-anyway").checked = false;
  }

  // What the shopper would read, a moment after the agent stops typing.
  async function preview() {
    const text = $("reply-text").value.trim();
    const conv = current;
    const seq = ++previewSeq;
    if (!text || !conv) { resetPreview(); return; }
    try {
      const p = await api("POST", `/v1/agent/conversations/${conv.id}/preview`, { text });
      if (seq !== previewSeq || conv !== current) return;
      $("preview").textContent = p.text_for_shopper;
      $("preview").lang = p.shopper_lang;
      $("preview").classList.remove("help");
      $("preview-engine").textContent = p.machine_translated ? `${p.lang} → ${p.shopper_lang} · ${w("machine-translated")} ${p.engine || "?"}` : `${p.shopper_lang}`;
      $("untranslatable").hidden = p.translatable;
      $("untranslatable-why").textContent = p.translatable ? "" : (p.problem || "");
    } catch (e) {
      failed(e);
    }
  }

  $("reply-text").addEventListener("input", () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 350);
  });

  $("reply").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text || !current) return;
    $("send").disabled = true;
    say(w("sending"));
    try {
      await api("POST", `/v1/agent/conversations/${current.id}/messages`, { text, send_untranslated: $("send-anyway").checked });
      $("reply-text").value = "";
      resetPreview();
      say(w("sent"));
    } catch (e) {
      if (e.code === "untranslatable") { $("untranslatable").hidden = false; $("untranslatable-why").textContent = e.message; $("send-anyway").focus(); }
      failed(e);
    } finally {
      $("send").disabled = false;
    }
  });

  $("transfer").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!current) return;
    try {
      await api("POST", `/v1/agent/conversations/${current.id}/transfer`, { pool: $("transfer-to").value });
      say(w("transferred"));
      closeView();
      refreshQueue();
    } catch (e) { failed(e); }
  });

  $("close").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!current) return;
    try {
      await api("POST", `/v1/agent/conversations/${current.id}/close`, { resolution: $("resolution").value });
      say(w("closed"));
      closeView();
      refreshQueue();
    } catch (e) { failed(e); }
  });

  $("related-box").addEventListener("toggle", async () => {
    if (!$("related-box").open || !current) return;
    try {
      const list = await api("GET", `/v1/agent/conversations/${current.id}/related`);
      const out = list.map((r) => {
        const box = el("section");
        box.append(el("h3", "", `${r.created_at.slice(0, 10)} · ${r.channel} · ${w("state-" + r.state)}${r.resolution ? " · " + w("resolution-" + r.resolution) : ""}`));
        const ol = el("ol", "rel-messages");
        for (const m of r.messages) {
          const li = el("li", "message " + m.role);
          li.append(el("span", "role", w("role-" + m.role)));
          const p = el("p", "translation", m.text);
          p.dir = "auto";
          li.append(p);
          ol.append(li);
        }
        box.append(ol);
        return box;
      });
      $("related").replaceChildren(...(out.length ? out : [el("p", "help", w("no-related"))]));
    } catch (e) { failed(e); }
  });

  function closeView() {
    if (current) current.abort.abort();
    current = null;
    $("conv-body").hidden = true;
    $("none-open").hidden = false;
    $("conv-meta").textContent = "";
  }

  function signedIn() {
    $("signin-panel").hidden = true;
    $("desk").hidden = false;
    $("who").hidden = false;
    $("signout").hidden = false;
    refreshQueue();
  }

  function signOut() {
    token = null;
    sessionStorage.removeItem(KEY);
    clearTimeout(queueTimer);
    closeView();
    $("desk").hidden = true;
    $("who").hidden = true;
    $("signout").hidden = true;
    $("signin-panel").hidden = false;
  }

  $("signin").addEventListener("submit", (ev) => {
    ev.preventDefault();
    token = $("token").value.trim();
    $("token").value = "";
    if (!token) return;
    sessionStorage.setItem(KEY, token);
    say("");
    signedIn();
  });
  $("signout").addEventListener("click", signOut);
  $("reply-text").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); $("reply").requestSubmit(); }
  });

  loadWords([...navigator.languages]);
  if (token) signedIn();
})();
