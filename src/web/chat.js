// The shopper's chat: opens a conversation in the browser's language and
// time zone, sends messages, and shows every message of the conversation
// as the server stores it (a long-poll: agents' replies and notices arrive
// as they are written, with the conversation's state: an agent joined, the
// conversation closed and may be rated). Texts are rendered as text, never
// as HTML. The conversation token lives in this tab's session storage and
// travels only in the Authorization header.
//
// In a frame that /widget.js put on a shop's site, the page waits for the
// shop's country and signed shopper assertion, sent by postMessage from
// the parent window whose origin the frame's URL fragment names (a
// fragment never reaches a server).
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const RTL = new Set(["ar", "he", "fa", "ur"]);
  // The page's own words come from locales/<locale>/chat.ftl (GET
  // /v1/pages/chat/words); these stand in until they arrive, or if they
  // cannot. The conversation's texts come localized from the server.
  const ENGLISH = {
    title: "Customer service", send: "Send", message: "Your message", shopper: "You", bot: "Assistant",
    agent: "Agent", system: "Notice", joined: "Agent joined", original: "Show original", hide: "Hide original",
    translated: "Machine-translated", sending: "Sending…", line: "Your place in line:", opens: "Opens:",
    failed: "Could not send:", "end-chat": "End chat", ended: "The chat has ended.",
    "rating-legend": "How would you rate this conversation?", "score-1": "1 – Poor", "score-2": "2 – Fair",
    "score-3": "3 – Good", "score-4": "4 – Very good", "score-5": "5 – Excellent", "rating-send": "Send rating",
    "rating-failed": "Could not send the rating:", "rating-thanks": "Thank you for your rating.", connecting: "Connecting…",
  };
  let words = ENGLISH;
  let wordsFor = null; // the locales the words were asked for
  const t = (k) => words[k] || ENGLISH[k] || k;

  const KEY = "crossdesk.chat";
  let conv = JSON.parse(sessionStorage.getItem(KEY) || "null");
  const save = () => sessionStorage.setItem(KEY, JSON.stringify(conv));
  let after = 0;
  let state = null; // the conversation's state, as the history last said
  let line = ""; // the place in line, as the last answer said
  let joinedText = ""; // the notice that an agent joined
  const originals = new Map(); // a reply's text → the bot's own words
  const unmarked = new Map(); // a machine-translated text shown before its reply came back → its item
  const framed = window.parent !== window;
  const shop = framed ? origin(new URLSearchParams(location.hash.slice(1)).get("host")) : null;

  function origin(text) {
    try {
      return text && new URL(text).origin === text ? text : null;
    } catch (e) {
      return null;
    }
  }

  // Every element marked with data-w shows that word.
  function render() {
    for (const el of document.querySelectorAll("[data-w]")) el.textContent = t(el.dataset.w);
    document.title = t("title");
    $("log").setAttribute("aria-label", t("title"));
  }

  async function loadWords(locales) {
    if (!locales || locales === wordsFor) return;
    wordsFor = locales;
    try {
      const r = await fetch(`/v1/pages/chat/words?lang=${encodeURIComponent(locales)}`);
      if (!r.ok) throw new Error(String(r.status));
      const j = await r.json();
      if (wordsFor === locales) {
        words = j.words;
        render();
      }
    } catch (e) {
      // The words shown stay (English at worst).
    }
  }

  // `lang` for the document (and its direction), `locale(s)` for the words.
  function speak(lang, locales) {
    if (!lang || lang === "und") return;
    document.documentElement.lang = lang;
    document.documentElement.dir = RTL.has(lang.split("-")[0].toLowerCase()) ? "rtl" : "ltr";
    loadWords(locales || lang);
  }

  async function api(method, path, body) {
    const headers = { "content-type": "application/json" };
    if (conv) headers.authorization = "Bearer " + conv.token;
    const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((json.error && json.error.message) || String(r.status));
    return json;
  }

  function word(key) {
    const span = document.createElement("span");
    span.dataset.w = key;
    span.textContent = t(key);
    return span;
  }

  function show(role, text, original) {
    const li = document.createElement("li");
    li.className = "msg " + role;
    const who = document.createElement("span");
    who.className = "who";
    who.append(word(role));
    const body = document.createElement("span");
    body.className = "text";
    body.dir = "auto"; // each message in its own direction, whatever the page's
    body.textContent = text;
    li.append(who, body);
    if (original) withOriginal(li, original);
    $("log").append(li);
    li.scrollIntoView({ block: "end" });
    return li;
  }

  // Marks a machine-translated message and lets the shopper read the bot's
  // own words.
  function withOriginal(li, original) {
    li.querySelector(".who").append(" · ", word("translated"));
    const orig = document.createElement("span");
    orig.className = "original";
    orig.lang = original.lang;
    orig.dir = "auto";
    orig.textContent = original.text;
    orig.hidden = true;
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "toggle";
    toggle.dataset.w = "original";
    toggle.textContent = t("original");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", () => {
      orig.hidden = !orig.hidden;
      toggle.setAttribute("aria-expanded", String(!orig.hidden));
      toggle.dataset.w = orig.hidden ? "original" : "hide";
      toggle.textContent = t(toggle.dataset.w);
    });
    li.append(toggle, orig);
  }

  // The status line says where the conversation stands; sending and
  // errors write over it for a while.
  function standing() {
    if (state === "closed") return t("ended");
    if (state === "agent") return joinedText;
    return line;
  }

  // The notice that an agent joined stands apart from the others, and the
  // status line (a live region) says it instead of the place in line.
  function joined(li, text) {
    li.classList.add("joined");
    li.querySelector(".who").replaceChildren(word("joined"));
    joinedText = text;
  }

  // The conversation's state changed (the history or a close says so).
  function became(next) {
    const was = state;
    state = next;
    $("end").hidden = next === "closed";
    if (next !== "handoff") line = "";
    if (next === "closed" && was !== "closed" && !conv.rated) $("rating").hidden = false;
    if (next !== "closed" && was === "closed") {
      // A new message reopened it: a later close may be rated again.
      conv.rated = false;
      save();
      $("rating").hidden = true;
      $("thanks").hidden = true;
    }
    $("status").textContent = standing();
  }

  function took(h) {
    speak(h.lang, h.locale);
    const notices = [];
    for (const m of h.messages) {
      after = Math.max(after, m.seq);
      const original = !m.machine_translated ? undefined
        : m.original ? { text: m.original, lang: m.original_lang } : originals.get(m.text);
      const li = show(m.role, m.text, original);
      if (m.machine_translated && !original) unmarked.set(m.text, li);
      if (m.role === "system") notices.push([li, m.text]);
    }
    // The notice names the agent; without a match, the last notice of the
    // batch in which the agent came.
    const naming = h.agent ? notices.filter(([, text]) => text.includes(h.agent)) : [];
    const arrived = h.state === "agent" && state !== "agent";
    const notice = naming.pop() || (arrived ? notices.pop() : undefined);
    if (notice) joined(...notice);
    became(h.state);
  }

  async function listen() {
    for (;;) {
      try {
        took(await api("GET", `/v1/conversations/${conv.id}/messages?after=${after}&wait=25`));
      } catch (e) {
        $("status").textContent = e.message;
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  }

  // The shop's country and assertion, from the parent window of the
  // origin /widget.js named: the frame says it is ready, the shop answers.
  function fromShop() {
    return new Promise((resolve) => {
      addEventListener("message", function heard(ev) {
        if (ev.source !== window.parent || ev.origin !== shop) return;
        const d = ev.data;
        if (!d || d.type !== "crossdesk:hello") return;
        removeEventListener("message", heard);
        const text = (v) => (typeof v === "string" && v ? v : undefined);
        resolve({ country: text(d.country), assertion: text(d.assertion) });
      });
      window.parent.postMessage({ type: "crossdesk:ready" }, shop);
    });
  }

  async function start() {
    speak(navigator.language || "en", (navigator.languages || []).join(",") || navigator.language);
    if (!conv) {
      const body = { channel: "web", locale: navigator.language, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
      if (shop) {
        $("status").textContent = t("connecting");
        const s = await fromShop();
        if (s.country) body.country = s.country;
        if (s.assertion) body.shopper_assertion = s.assertion;
      } else {
        // The demo page may name the shopper's country; never a token.
        const country = new URLSearchParams(location.search).get("country");
        if (country) body.country = country;
      }
      const o = await api("POST", "/v1/conversations", body);
      conv = { id: o.id, token: o.token, greeting: o.greeting, locale: o.locale };
      save();
      $("status").textContent = "";
    }
    speak(conv.locale);
    show("system", conv.greeting);
    $("end").hidden = false;
    listen();
  }

  $("send").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("text").value.trim();
    if (!text || !conv) return;
    $("go").disabled = true;
    $("status").textContent = t("sending");
    try {
      const r = await api("POST", `/v1/conversations/${conv.id}/messages`, { text });
      if (r.machine_translated && r.bot_text) {
        const original = { text: r.bot_text, lang: r.bot_lang };
        const li = unmarked.get(r.text);
        if (li) { unmarked.delete(r.text); withOriginal(li, original); } else originals.set(r.text, original);
      }
      $("text").value = "";
      const h = r.handoff;
      if (h) line = [t("line"), h.position, h.opens_local ? " · " + t("opens") + " " + h.opens_local : ""].join(" ");
      $("status").textContent = standing();
    } catch (e) {
      $("status").textContent = t("failed") + " " + e.message;
    } finally {
      $("go").disabled = false;
      $("text").focus();
    }
  });
  $("text").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("send").requestSubmit(); }
  });

  $("end").addEventListener("click", async () => {
    if (!conv) return;
    $("end").disabled = true;
    try {
      await api("POST", `/v1/conversations/${conv.id}/close`, {});
      became("closed");
      if (!$("rating").hidden) $("rating").querySelector("input").focus();
    } catch (e) {
      $("status").textContent = e.message;
    } finally {
      $("end").disabled = false;
    }
  });

  $("rating").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const picked = $("rating").querySelector("input[name=score]:checked");
    if (!picked || !conv) return;
    $("rate").disabled = true;
    try {
      const r = await api("POST", `/v1/conversations/${conv.id}/rating`, { score: Number(picked.value) });
      conv.rated = true;
      save();
      $("rating").hidden = true;
      $("thanks").textContent = (r.notice && r.notice.text) || t("rating-thanks");
      $("thanks").hidden = false;
      $("thanks").focus();
    } catch (e) {
      $("status").textContent = t("rating-failed") + " " + e.message;
    } finally {
      $("rate").disabled = false;
    }
  });

  // In a shop's frame, Escape asks the shop's page to close the chat.
  if (shop) {
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") window.parent.postMessage({ type: "crossdesk:close" }, shop);
    });
  }

  start().catch((e) => { $("status").textContent = e.message; });
})();
