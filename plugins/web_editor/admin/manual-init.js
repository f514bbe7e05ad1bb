// Decap CMS waits for init.js, which registers the « pelican » format first.
window.CMS_MANUAL_INIT = true;
