/* "Afdrukken" prints the page at hand. Without JavaScript the lesson page's link opens the
   print view, whose button stays hidden and whose Ctrl+P hint says what to do. */
document.querySelectorAll("[data-print]").forEach(function (control) {
  control.hidden = false;
  control.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
document.querySelectorAll(".no-script").forEach(function (hint) {
  hint.hidden = true;
});
