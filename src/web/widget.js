// The chat on a shop's site, from one script tag:
//
//   <script src="https://desk.example/widget.js" data-country="ES"
//           data-assertion="SIGNED" async></script>
//
// adds a launcher button that opens crossdesk's /chat in a frame from
// crossdesk's own origin (the one this script came from). The country and
// the shop's signed shopper assertion reach the frame by postMessage,
// addressed to that exact origin, once the frame says it is ready: never
// in a URL. The frame's URL fragment (which browsers do not send) names
// this page's origin, so the chat accepts the assertion from this window
// only. Styles are set through the DOM, so the shop's Content-Security-Policy
// needs crossdesk's origin in script-src and frame-src, nothing else.
(() => {
  "use strict";
  const script = document.currentScript ||
    [...document.querySelectorAll("script[src]")].reverse().find((s) => /\/widget\.js(\?|#|$)/.test(s.src));
  if (!script || window.crossdeskWidget) return;
  window.crossdeskWidget = true;
  const desk = new URL(script.src).origin;
  const country = script.dataset.country || "";
  const assertion = script.dataset.assertion || "";
  // The button's name in the shop page's language (data-label overrides).
  const LABELS = {
    en: "Chat with us", es: "Chatea con nosotros", de: "Mit uns chatten", fr: "Discuter avec nous",
    ar: "تحدث معنا", ja: "チャットで問い合わせ", zh: "在线客服", he: "צ'אט איתנו", fa: "گفتگو با ما",
  };
  const pageLang = (document.documentElement.lang || navigator.language || "en").split("-")[0].toLowerCase();
  const label = script.dataset.label || LABELS[pageLang] || LABELS.en;

  let launcher, panel, frame;

  function styled(tag, css) {
    const el = document.createElement(tag);
    el.style.all = "initial";
    Object.assign(el.style, css);
    return el;
  }

  function build() {
    launcher = styled("button", {
      position: "fixed", insetInlineEnd: "16px", bottom: "16px", zIndex: "2147483000",
      padding: "12px 18px", borderRadius: "999px", background: "#1d4ed8", color: "#fff",
      font: "600 16px/1.2 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif", cursor: "pointer",
      boxShadow: "0 4px 14px rgba(0,0,0,.25)", maxWidth: "calc(100vw - 32px)", boxSizing: "border-box",
    });
    launcher.type = "button";
    launcher.id = "crossdesk-launcher";
    launcher.textContent = label;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "crossdesk-panel");
    launcher.addEventListener("click", () => toggle(panel.style.display === "none"));
    launcher.addEventListener("keydown", (ev) => { if (ev.key === "Escape") toggle(false); });
    // Visible focus, whatever the shop's styles.
    launcher.addEventListener("focus", () => { launcher.style.outline = "3px solid #f59e0b"; launcher.style.outlineOffset = "2px"; });
    launcher.addEventListener("blur", () => { launcher.style.outline = "none"; });
    panel = styled("div", {
      display: "none", position: "fixed", insetInlineEnd: "16px", bottom: "76px", zIndex: "2147483000",
      width: "min(400px, calc(100vw - 32px))", height: "min(640px, calc(100vh - 96px))",
      borderRadius: "12px", overflow: "hidden", background: "#fff", boxShadow: "0 8px 30px rgba(0,0,0,.3)",
    });
    panel.id = "crossdesk-panel";
    document.body.append(panel, launcher);
  }

  function toggle(open) {
    if (open && !frame) {
      frame = styled("iframe", { display: "block", width: "100%", height: "100%", border: "0" });
      frame.title = label;
      frame.referrerPolicy = "no-referrer";
      frame.src = `${desk}/chat#host=${encodeURIComponent(location.origin)}`;
      panel.append(frame);
    }
    panel.style.display = open ? "block" : "none";
    launcher.setAttribute("aria-expanded", String(open));
    if (open) frame.focus();
    else launcher.focus();
  }

  addEventListener("message", (ev) => {
    if (!frame || ev.source !== frame.contentWindow || ev.origin !== desk) return;
    const d = ev.data || {};
    if (d.type === "crossdesk:ready") {
      frame.contentWindow.postMessage({ type: "crossdesk:hello", country, assertion }, desk);
    } else if (d.type === "crossdesk:close") {
      toggle(false);
    }
  });

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
