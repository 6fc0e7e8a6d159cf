/* Quick exit for a reporter who is being watched: leave for a neutral site and replace this page in the browser
   history, so "back" does not return here. Without JavaScript the button is a plain link to the same site. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function leave(href) {
    window.location.replace(href);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-quick-exit]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    leave(link.href);
  });

  // Pressing Escape three times in quick succession also leaves.
  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    presses += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { presses = 0; }, 2000);
    if (presses >= 3) {
      var link = document.querySelector("a[data-quick-exit]");
      if (link) {
        leave(link.href);
      }
    }
  });
})();
