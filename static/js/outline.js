// Essay page: mark the outline entry of the section being read, and close the
// outline on small screens after a jump so the text is visible.
(function () {
  "use strict";
  var outline = document.querySelector(".outline");
  if (!outline) return;
  var details = outline.querySelector("details");
  var small = window.matchMedia("(max-width: 999px)");
  if (small.matches && details) details.removeAttribute("open");

  var links = {};
  outline.querySelectorAll("a[href^='#']").forEach(function (link) {
    links[link.getAttribute("href").slice(1)] = link;
    link.addEventListener("click", function () {
      if (small.matches && details) details.removeAttribute("open");
    });
  });
  if (!("IntersectionObserver" in window)) return;
  var current = null;
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      var link = links[entry.target.id];
      if (!link) return;
      if (current) current.removeAttribute("aria-current");
      link.setAttribute("aria-current", "location");
      current = link;
    });
  }, { rootMargin: "0px 0px -70% 0px" });
  Object.keys(links).forEach(function (id) {
    var target = document.getElementById(id);
    if (target) observer.observe(target);
  });
})();
