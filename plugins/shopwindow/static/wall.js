// Filters the testimonial wall in place, by service or by language (one at a time: choosing one
// shows every testimonial of it, and the other filter goes back to "All"). Without this script every
// filter is a link to a page that the build wrote, so nothing depends on it.
(function () {
  "use strict";
  var wall = document.getElementById("wall");
  var status = document.getElementById("wall-status");
  var navs = document.querySelectorAll(".filter");
  if (!wall || !navs.length || !wall.hasAttribute("data-filterable")) return;
  var cards = wall.querySelectorAll(".testimonial");

  function show(link) {
    var kind = link.getAttribute("data-filter");
    var value = link.getAttribute("data-value");
    for (var i = 0; i < cards.length; i++) {
      var values = " " + cards[i].getAttribute("data-" + kind) + " ";
      cards[i].hidden = value !== "" && values.indexOf(" " + value + " ") === -1;
    }
    var links = document.querySelectorAll(".filter a[data-filter]");
    for (var j = 0; j < links.length; j++) {
      var same = links[j].getAttribute("data-filter") === kind;
      var current = same ? links[j] === link : links[j].getAttribute("data-value") === "";
      if (current) links[j].setAttribute("aria-current", "page");
      else links[j].removeAttribute("aria-current");
    }
    status.textContent = link.getAttribute("data-status");
  }

  for (var n = 0; n < navs.length; n++) {
    navs[n].addEventListener("click", function (event) {
      var link = event.target.closest("a[data-filter]");
      if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      show(link);
    });
  }
})();
