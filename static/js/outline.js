// Essay page: mark the outline entry of the part being read, close the outline
// on small screens after a jump so the text is visible, and offer a button back
// to the outline once the reader has scrolled away from it.
(function () {
  "use strict";
  var outline = document.querySelector(".outline");
  if (!outline) return;
  var details = outline.querySelector("details");
  var small = window.matchMedia("(max-width: 999px)");
  if (small.matches && details) details.removeAttribute("open");

  var links = [];
  outline.querySelectorAll("a[href^='#']").forEach(function (link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) links.push({ link: link, target: target });
    link.addEventListener("click", function () {
      if (small.matches && details) details.removeAttribute("open");
    });
  });

  // The part being read is the last one (in reading order) whose top has
  // reached a line just below the top of the window: a jump puts its target
  // there (scroll-margin-top), so after jumping to 一要 it is 一要, not the
  // 二要 that also shows further down. Near the end of the page the last parts
  // can never reach that line; there the part jumped to (the hash) wins.
  var current = null;
  function line() {
    var margin = parseFloat(getComputedStyle(links[0].target).scrollMarginTop) || 0;
    return margin + 24;
  }
  function atBottom() {
    var root = document.scrollingElement || document.documentElement;
    return window.innerHeight + window.scrollY >= root.scrollHeight - 2;
  }
  function reading() {
    var found = null;
    var limit = line();
    for (var i = 0; i < links.length; i++) {
      if (links[i].target.getBoundingClientRect().top > limit) break;
      found = links[i];
    }
    if (atBottom() && location.hash) {
      for (var j = links.length - 1; j >= 0; j--) {
        if (links[j].link.hash !== location.hash) continue;
        var box = links[j].target.getBoundingClientRect();
        if (box.top < window.innerHeight && box.bottom > 0) found = links[j];
        break;
      }
    }
    return found;
  }
  function mark() {
    var found = links.length ? reading() : null;
    var link = found ? found.link : null;
    if (link === current) return;
    if (current) current.removeAttribute("aria-current");
    if (link) {
      link.setAttribute("aria-current", "location");
      keepInView(link);
    }
    current = link;
  }
  // The sticky outline scrolls on its own on wide screens: keep the mark in it.
  function keepInView(link) {
    if (outline.scrollHeight <= outline.clientHeight) return;
    var top = link.offsetTop; // the sticky outline is the link's offsetParent
    if (top < outline.scrollTop || top > outline.scrollTop + outline.clientHeight - 40) {
      outline.scrollTop = Math.max(0, top - outline.clientHeight / 3);
    }
  }

  var button = document.querySelector(".to-outline");
  function showButton() {
    if (!button) return;
    var away = outline.getBoundingClientRect().bottom < 0 || window.scrollY > window.innerHeight;
    button.classList.toggle("is-hidden", !away);
  }
  if (button) {
    button.addEventListener("click", function () {
      if (details) details.setAttribute("open", "");
    });
  }

  var pending = false;
  function update() {
    pending = false;
    mark();
    showButton();
  }
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(update);
  }
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  window.addEventListener("hashchange", schedule);
  update();
})();
