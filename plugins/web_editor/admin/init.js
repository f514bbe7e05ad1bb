// Starts the web editor once the project's additions are registered (manual-init.js).
// editor.js, written by the build from the content model, holds the format's options and the
// sign-in proxy's address.
(function () {
  "use strict";
  var editor = window.CATALYST_EDITOR || {};

  // Framed by another page, the editor could be clicked through without the volunteer seeing
  // it (a GitHub Pages site cannot send frame-ancestors, which a <meta> policy cannot carry):
  // it then refuses to start, and says why.
  if (window.top !== window.self) {
    document.body.textContent =
      "L’éditeur du site ne s’ouvre pas à l’intérieur d’une autre page\u00a0: ouvrez directement " +
      "son adresse.";
    return;
  }

  // Decap shows nothing when the proxy refuses a sign-in (its message has an `errorCode`, not
  // the `message` Decap reads): say in French what happened and who can fix it.
  var REFUSALS = {
    UNSUPPORTED_DOMAIN:
      "Le service de connexion n’accepte pas encore ce site (réglage ALLOWED_DOMAINS)\u00a0: prévenez l’équipe du site.",
    MISCONFIGURED_CLIENT:
      "Le service de connexion n’est pas réglé (identifiant ou secret de l’application GitHub)\u00a0: prévenez l’équipe du site.",
    CSRF_DETECTED: "La connexion a été interrompue par sécurité\u00a0: réessayez.",
    AUTH_CODE_REQUEST_FAILED: "GitHub n’a pas donné son accord\u00a0: réessayez.",
    TOKEN_REQUEST_FAILED: "GitHub n’a pas répondu\u00a0: réessayez dans un moment.",
    MALFORMED_RESPONSE: "GitHub n’a pas répondu\u00a0: réessayez dans un moment.",
  };
  var GENERIC = "La connexion à GitHub a échoué\u00a0: réessayez, ou prévenez l’équipe du site.";
  var PREFIX = "authorization:github:error:";

  window.addEventListener("message", function (event) {
    if (!editor.auth || event.origin !== editor.auth) return;
    if (typeof event.data !== "string" || event.data.indexOf(PREFIX) !== 0) return;
    var code = "";
    try {
      code = JSON.parse(event.data.slice(PREFIX.length)).errorCode || "";
    } catch (error) {
      code = "";
    }
    var banner = document.getElementById("catalyst-connexion") || document.createElement("p");
    banner.id = "catalyst-connexion";
    banner.setAttribute("role", "alert");
    banner.style.cssText =
      "position:fixed;top:0;left:0;right:0;z-index:100000;margin:0;padding:1em;" +
      "background:#fff3cd;color:#1a1a1a;font:1rem/1.4 system-ui,sans-serif;text-align:center";
    banner.textContent = REFUSALS[code] || GENERIC;
    document.body.appendChild(banner);
  });

  window.registerPelicanFormat(window.CMS, editor.format || {});
  // The site's stylesheet in the preview pane, beside this page whatever SITEURL's path is.
  window.CMS.registerPreviewStyle(new URL("../theme/css/site.css", document.baseURI).href);
  window.CMS.init();
})();
