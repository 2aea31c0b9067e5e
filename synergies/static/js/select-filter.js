// A long list to choose from (select[data-filterable]) gets a search box above it: typing keeps the
// options whose text contains every word typed (accents and case ignored). Without script, the list.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-filterable]"), function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "fr-input fr-mb-1w";
    input.id = select.id + "-search";
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.className = "fr-label";
    label.htmlFor = input.id;
    label.textContent = select.getAttribute("data-filterable");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option) {
        var text = fold(option.text);
        option.hidden = option.value !== "" && !words.every(function (word) { return text.indexOf(word) !== -1; });
      });
    });
  });
})();
