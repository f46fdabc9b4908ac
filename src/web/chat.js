// The shopper's chat: opens a conversation in the browser's language and
// time zone, sends messages, and shows every message of the conversation
// as the server stores it (a long-poll: agents' replies and notices arrive
// as they are written). Texts are rendered as text, never as HTML. The
// conversation token lives in this tab's session storage and travels only
// in the Authorization header.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const RTL = new Set(["ar", "he", "fa", "ur"]);
  // The page's own words; the conversation's texts come localized from the server.
  const WORDS = {
    en: { title: "Customer service", send: "Send", message: "Your message", shopper: "You", bot: "Assistant", agent: "Agent", system: "Notice", original: "Show original", hide: "Hide original", translated: "Machine-translated", sending: "Sending…", line: "Your place in line:", opens: "Opens:", failed: "Could not send:" },
    es: { title: "Atención al cliente", send: "Enviar", message: "Su mensaje", shopper: "Usted", bot: "Asistente", agent: "Agente", system: "Aviso", original: "Ver original", hide: "Ocultar original", translated: "Traducción automática", sending: "Enviando…", line: "Su lugar en la fila:", opens: "Abre:", failed: "No se pudo enviar:" },
    de: { title: "Kundenservice", send: "Senden", message: "Ihre Nachricht", shopper: "Sie", bot: "Assistent", agent: "Mitarbeiter", system: "Hinweis", original: "Original anzeigen", hide: "Original ausblenden", translated: "Maschinell übersetzt", sending: "Wird gesendet…", line: "Ihr Platz in der Warteschlange:", opens: "Öffnet:", failed: "Senden fehlgeschlagen:" },
    fr: { title: "Service client", send: "Envoyer", message: "Votre message", shopper: "Vous", bot: "Assistant", agent: "Conseiller", system: "Avis", original: "Voir l’original", hide: "Masquer l’original", translated: "Traduction automatique", sending: "Envoi…", line: "Votre place dans la file :", opens: "Ouvre :", failed: "Échec de l’envoi :" },
    ar: { title: "خدمة العملاء", send: "إرسال", message: "رسالتك", shopper: "أنت", bot: "المساعد", agent: "الموظف", system: "تنبيه", original: "عرض النص الأصلي", hide: "إخفاء النص الأصلي", translated: "ترجمة آلية", sending: "جارٍ الإرسال…", line: "ترتيبك في قائمة الانتظار:", opens: "يفتح:", failed: "تعذّر الإرسال:" },
    ja: { title: "カスタマーサービス", send: "送信", message: "メッセージ", shopper: "あなた", bot: "アシスタント", agent: "担当者", system: "お知らせ", original: "原文を表示", hide: "原文を隠す", translated: "機械翻訳", sending: "送信中…", line: "待ち順:", opens: "開始時刻:", failed: "送信できませんでした:" },
    zh: { title: "客户服务", send: "发送", message: "您的消息", shopper: "您", bot: "助手", agent: "客服", system: "提示", original: "查看原文", hide: "隐藏原文", translated: "机器翻译", sending: "发送中…", line: "您的排队位置：", opens: "开放时间：", failed: "发送失败：" },
  };
  let lang = "en";
  const t = (k) => (WORDS[lang] || WORDS.en)[k];
  const KEY = "crossdesk.chat";
  let conv = JSON.parse(sessionStorage.getItem(KEY) || "null");
  let after = 0;
  const originals = new Map(); // a reply's text → the bot's own words
  const unmarked = new Map(); // a machine-translated text shown before its reply came back → its item

  function speak(locale) {
    if (!locale || locale === "und") return;
    lang = locale.split("-")[0].toLowerCase();
    document.documentElement.lang = locale;
    document.documentElement.dir = RTL.has(lang) ? "rtl" : "ltr";
    document.title = t("title");
    $("title").textContent = t("title");
    $("go").textContent = t("send");
    document.querySelector('label[for="text"]').textContent = t("message");
    $("log").setAttribute("aria-label", t("title"));
  }

  async function api(method, path, body) {
    const headers = { "content-type": "application/json" };
    if (conv) headers.authorization = "Bearer " + conv.token;
    const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((json.error && json.error.message) || String(r.status));
    return json;
  }

  function show(role, text, original) {
    const li = document.createElement("li");
    li.className = "msg " + role;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = t(role) || role;
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
    const who = li.querySelector(".who");
    {
      who.textContent += " · " + t("translated");
      const orig = document.createElement("span");
      orig.className = "original";
      orig.lang = original.lang;
      orig.dir = "auto";
      orig.textContent = original.text;
      orig.hidden = true;
      const toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "toggle";
      toggle.textContent = t("original");
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", () => {
        orig.hidden = !orig.hidden;
        toggle.setAttribute("aria-expanded", String(!orig.hidden));
        toggle.textContent = orig.hidden ? t("original") : t("hide");
      });
      li.append(toggle, orig);
    }
  }

  async function listen() {
    for (;;) {
      try {
        const h = await api("GET", `/v1/conversations/${conv.id}/messages?after=${after}&wait=25`);
        speak(h.lang);
        for (const m of h.messages) {
          after = Math.max(after, m.seq);
          const original = !m.machine_translated ? undefined
            : m.original ? { text: m.original, lang: m.original_lang } : originals.get(m.text);
          const li = show(m.role, m.text, original);
          if (m.machine_translated && !original) unmarked.set(m.text, li);
        }
      } catch (e) {
        $("status").textContent = e.message;
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  }

  async function start() {
    speak(navigator.language || "en");
    if (!conv) {
      const body = { channel: "web", locale: navigator.language, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
      // The demo page may name the shopper's country; never a token.
      const country = new URLSearchParams(location.search).get("country");
      if (country) body.country = country;
      const o = await api("POST", "/v1/conversations", body);
      conv = { id: o.id, token: o.token, greeting: o.greeting, locale: o.locale };
      sessionStorage.setItem(KEY, JSON.stringify(conv));
    }
    speak(conv.locale);
    show("system", conv.greeting);
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
      $("status").textContent = h ? [t("line"), h.position, h.opens_local ? " · " + t("opens") + " " + h.opens_local : ""].join(" ") : "";
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
  start().catch((e) => { $("status").textContent = e.message; });
})();
