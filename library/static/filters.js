// Search filters, enhanced: the page works without this script.
// - Enter on a filter checkbox ticks it and shows the lessons (without it, Enter would
//   send the form with the box still unticked).
// - On a wide screen the filter panel stands open beside the results.
// - Closing the panel applies what changed in it.
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  var form = panel && panel.querySelector("form");
  if (!form) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 48rem)");

  function choices() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  var applied = choices();

  function openWhenWide() {
    if (!narrow.matches) {
      panel.open = true;
    }
  }

  openWhenWide();
  narrow.addEventListener("change", openWhenWide);

  form.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || box.type !== "checkbox") {
      return;
    }
    event.preventDefault();
    box.checked = !box.checked;
    form.requestSubmit();
  });

  panel.addEventListener("toggle", function () {
    if (!panel.open && choices() !== applied) {
      form.requestSubmit();
    }
  });
})();
