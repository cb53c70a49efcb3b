// Swagger UI on /admin/api-docs, with a choice of the two documents. A script file rather than
// inline code: the page's Content-Security-Policy allows scripts from this server only.
document.addEventListener('DOMContentLoaded', () => {
  const element = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    urls: [
      { url: element.getAttribute('data-admin'), name: 'Administration API' },
      { url: element.getAttribute('data-scim'), name: 'SCIM API' },
    ],
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    deepLinking: true,
    // Nothing leaves the server: no call to the public validator.
    validatorUrl: null,
  });
});
