// The preview's page script (catalyst/tools/preview.py adds it to every page it serves, and only
// there): reload when this page's quick version is ready or a build has changed it; show the
// French report while a change is refused, and a banner while the warnings of a build that
// passed would make the publication refuse it.
(() => {
  const events = new EventSource("/__apercu/evenements");
  let shown = null;
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (shown === null) {
      shown = state.version;
      if (!state.ok) report(state.report);
      warn(state.warnings);
      return;
    }
    if (state.version === shown) return;
    shown = state.version;
    const here = window.location.pathname.replace(/index\.html$/, "");
    if (state.pages.length > 0) {
      if (state.pages.includes(here)) window.location.reload();
    } else if (state.ok) {
      if (!state.unchanged.includes(here)) window.location.reload();
      else warn(state.warnings);
    } else {
      report(state.report);
    }
  };

  function warn(text) {
    let banner = document.getElementById("apercu-avertissements");
    if (!text) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "apercu-avertissements";
      banner.setAttribute("role", "status");
      banner.style.cssText = "position:sticky;top:0;z-index:9998;padding:.75rem 1rem;" +
        "background:#fff8e1;color:#1d1d1b;border-bottom:3px solid #8a5a00;" +
        "font:1rem/1.5 system-ui,sans-serif";
      document.body.prepend(banner);
    }
    const title = document.createElement("p");
    title.style.fontWeight = "bold";
    title.textContent = "À corriger avant de proposer ce texte\u00a0: la publication le " +
      "refuserait tant que ces avertissements restent.";
    const details = document.createElement("pre");
    details.style.cssText = "white-space:pre-wrap;margin:0";
    details.textContent = text;
    banner.replaceChildren(title, details);
  }

  function report(text) {
    let box = document.getElementById("apercu-refus");
    if (!box) {
      box = document.createElement("div");
      box.id = "apercu-refus";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-labelledby", "apercu-refus-titre");
      box.style.cssText = "position:fixed;inset:1rem;z-index:9999;overflow:auto;padding:1rem;" +
        "background:#fff;color:#1d1d1b;border:3px solid #b00020;font:1rem/1.5 system-ui,sans-serif";
      document.body.append(box);
    }
    const title = document.createElement("h2");
    title.id = "apercu-refus-titre";
    title.textContent = "Modification refusée\u00a0: le site affiché reste la version précédente";
    const details = document.createElement("pre");
    details.style.whiteSpace = "pre-wrap";
    details.textContent = text.trim();
    const next = document.createElement("p");
    next.textContent = "Corrigez le fichier indiqué et enregistrez\u00a0: la page se rechargera d’elle-même.";
    box.replaceChildren(title, details, next);
  }
})();
