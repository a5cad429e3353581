// Compare page: the checkboxes fill the one `essays=a,b` parameter the URL uses.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    var picked = Array.prototype.map.call(
      form.querySelectorAll("input[name=pick]:checked"),
      function (box) { return box.value; }
    ).slice(0, 4);
    event.preventDefault();
    window.location = form.action + "?essays=" + picked.map(encodeURIComponent).join(",");
  });
})();
