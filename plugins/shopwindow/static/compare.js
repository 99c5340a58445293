// Before/after comparison slider. Without this script both photos stand side by side; with it, the
// "after" photo is revealed over the "before" one by a range input (arrow keys, drag, tap).
(function () {
  "use strict";

  function init(root) {
    root.querySelectorAll("[data-compare]:not(.is-slider)").forEach(function (box) {
      var after = box.querySelector(".compare-after");
      if (!after) return;
      var input = document.createElement("input");
      input.type = "range";
      input.min = "0";
      input.max = "100";
      input.step = "1";
      input.value = "50";
      input.className = "compare-range";
      input.setAttribute("aria-label", box.getAttribute("data-label") || "");
      function place() {
        after.style.clipPath = "inset(0 0 0 " + input.value + "%)";
        input.setAttribute("aria-valuetext", input.value + "%");
      }
      input.addEventListener("input", place);
      box.classList.add("is-slider");
      box.appendChild(input);
      place();
    });
  }

  init(document);
  document.addEventListener("shopwindow:view", function () { init(document); });
})();
