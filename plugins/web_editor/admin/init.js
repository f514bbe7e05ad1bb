// Starts the web editor once the project's additions are registered (manual-init.js).
// editor.js, written by the build from the content model, holds the format's options.
(function () {
  "use strict";
  var editor = window.CATALYST_EDITOR || {};
  window.registerPelicanFormat(window.CMS, editor.format || {});
  // The site's stylesheet in the preview pane, beside this page whatever SITEURL's path is.
  window.CMS.registerPreviewStyle(new URL("../theme/css/site.css", document.baseURI).href);
  window.CMS.init();
})();
