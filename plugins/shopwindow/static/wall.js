// Filters the testimonial wall in place. Without this script every filter is a link to a
// per-service page that the build wrote, so nothing depends on it.
(function () {
  "use strict";
  var wall = document.getElementById("wall");
  var nav = document.querySelector(".filter");
  var status = document.getElementById("wall-status");
  if (!wall || !nav || !wall.hasAttribute("data-filterable")) return;
  var links = nav.querySelectorAll("a[data-service]");
  var cards = wall.querySelectorAll(".testimonial");

  function show(link) {
    var service = link.getAttribute("data-service");
    for (var i = 0; i < cards.length; i++) {
      var services = " " + cards[i].getAttribute("data-services") + " ";
      cards[i].hidden = service !== "" && services.indexOf(" " + service + " ") === -1;
    }
    for (var j = 0; j < links.length; j++) links[j].removeAttribute("aria-current");
    link.setAttribute("aria-current", "page");
    status.textContent = link.getAttribute("data-status");
  }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-service]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    show(link);
  });
})();
