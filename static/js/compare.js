// Compare page: the checkboxes fill the one `essays=a,b` parameter the URL uses.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) return;
  var MAX = 4;
  var boxes = form.querySelectorAll("input[name=pick]");
  var order = Array.prototype.filter.call(boxes, function (box) { return box.checked; })
    .map(function (box) { return box.value; });
  function limit() {
    var full = order.length >= MAX;
    boxes.forEach(function (box) { box.disabled = full && !box.checked; });
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      order = order.filter(function (value) { return value !== box.value; });
      if (box.checked) order.push(box.value);
      limit();
    });
  });
  limit();
  form.addEventListener("submit", function (event) {
    var picked = order.slice(0, MAX);  // in the order they were ticked
    event.preventDefault();
    window.location = form.action + "?essays=" + picked.map(encodeURIComponent).join(",");
  });
})();
