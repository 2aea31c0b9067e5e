// The publish form shows the fields of the chosen kind only (contract type for a job offer, reserve
// type for a reserve mission…): each such input says its kinds in data-for-kinds (forms.py).
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  if (!kind) {
    return;
  }
  var dependants = Array.prototype.slice.call(document.querySelectorAll("[data-for-kinds]"));

  function groupOf(input) {
    return input.closest(".fr-select-group, .fr-checkbox-group, .fr-input-group, .fr-fieldset") || input;
  }

  function update() {
    dependants.forEach(function (input) {
      var shown = input.getAttribute("data-for-kinds").split(" ").indexOf(kind.value) !== -1;
      groupOf(input).hidden = !shown;
    });
  }

  kind.addEventListener("change", update);
  update();
})();
