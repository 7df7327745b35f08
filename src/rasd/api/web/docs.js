/* Swagger UI from local files (no CDN); a separate file because the CSP allows no inline script. */
(function () {
  "use strict";
  if (typeof window.SwaggerUIBundle === "undefined") {
    document.getElementById("missing").hidden = false;
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: "api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,  // the default validator badge calls an outside server
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
