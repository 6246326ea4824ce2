// Loads the app's OpenAPI document with the pasted token and shows it in Swagger UI, already authorized.
// The token stays in this page's memory only.
(function () {
  var form = document.getElementById('rocket-token');
  var input = document.getElementById('rocket-token-input');
  var message = document.getElementById('rocket-message');
  var url = document.body.getAttribute('data-openapi');

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var token = input.value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
      message.textContent = 'Paste an access token first.';
      return;
    }
    message.textContent = 'Loading…';
    fetch(url, { headers: { Authorization: 'Bearer ' + token } })
      .then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, status: res.status, body: body }; });
      })
      .then(function (r) {
        if (!r.ok) {
          message.textContent = (r.body && r.body.error && r.body.error.message) || ('HTTP ' + r.status);
          return;
        }
        message.textContent = '';
        // "Try it out" sends the same token: set now and again once the document is rendered
        var ui = null;
        ui = SwaggerUIBundle({
          spec: r.body, dom_id: '#swagger-ui', deepLinking: true,
          onComplete: function () { if (ui) { ui.preauthorizeApiKey('bearerAuth', token); } }
        });
        ui.preauthorizeApiKey('bearerAuth', token);
      })
      .catch(function (e) { message.textContent = String(e); });
  });
})();
