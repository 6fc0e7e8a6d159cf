// Progressive enhancement of the intake form: every 30 seconds, if something changed, the form is saved as a
// draft in the background. Without JavaScript the "Save draft" button does the same. Files are never sent.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var seconds = parseInt(form.getAttribute("data-autosave"), 10) || 30;
  var status = form.querySelector("[data-autosave-status]");
  var concept = form.querySelector("input[name=concept]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var dirty = false;
  var busy = false;

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });

  function save() {
    if (!dirty || busy) {
      return;
    }
    var data = new FormData(form);
    data.delete("attachments");
    data.set("action", "draft");
    busy = true;
    dirty = false;
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf.value : "", "X-Samen-Autosave": "1" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    }).then(function (answer) {
      if (concept) {
        concept.value = answer.concept;
      }
      if (status) {
        status.textContent = (status.getAttribute("data-saved") || "Draft saved at") + " " + answer.saved_at;
      }
    }).catch(function () {
      dirty = true; // try again next round; the button still works
    }).then(function () {
      busy = false;
    });
  }

  window.setInterval(save, seconds * 1000);
}());
