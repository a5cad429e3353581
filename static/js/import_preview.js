/* The import preview's fixes that teach (essays/admin/fixups.py).
   Selecting a line or phrase in the preview fills the "mark" form; a title's
   "切分标题" button lays out its characters so the editor clicks where the
   heading ends, which fills the "cut" form. No inline script: the admin runs
   under a strict Content-Security-Policy. Without this file the forms still
   work: the editor types the text. */
(function () {
  "use strict";

  function selectedText() {
    var selection = window.getSelection ? window.getSelection() : null;
    return selection ? String(selection).replace(/\s+/g, " ").trim() : "";
  }

  function setUpMarking(preview, panel) {
    var input = panel.querySelector("[data-kb-selection]");
    if (!input) return;
    var maxLength = Number(input.getAttribute("maxlength")) || 200;
    function take(event) {
      if (panel.contains(event.target)) return;
      var text = selectedText();
      if (!text || text.length > maxLength) return;
      input.value = text;
      panel.classList.add("kb-fixes-filled");
    }
    preview.addEventListener("mouseup", take);
    preview.addEventListener("keyup", take);
  }

  function setUpCutting(preview, panel) {
    var form = panel.querySelector("#kb-cut");
    var input = panel.querySelector("[data-kb-cut-input]");
    var picker = panel.querySelector("[data-kb-cut-picker]");
    if (!form || !input || !picker) return;
    if (!input.value && !form.querySelector(".errorlist")) form.hidden = true;

    function choose(characters, end) {
      input.value = characters.slice(0, end).join("");
      Array.prototype.forEach.call(picker.children, function (button, index) {
        button.classList.toggle("kb-kept", index < end);
      });
    }

    function open(title) {
      var characters = Array.from(title);
      picker.textContent = "";
      characters.forEach(function (character, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "kb-cut-char";
        button.textContent = character;
        button.setAttribute("aria-label", "标题到“" + character + "”（第 " + (index + 1) + " 个字）为止");
        button.addEventListener("click", function () { choose(characters, index + 1); });
        picker.appendChild(button);
      });
      input.value = "";
      picker.hidden = false;
      form.hidden = false;
      form.scrollIntoView({ block: "nearest" });
    }

    Array.prototype.forEach.call(
      preview.querySelectorAll(".kb-cut-open"),
      function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          open(button.getAttribute("data-kb-cut") || "");
        });
      }
    );
  }

  function start() {
    var preview = document.querySelector(".kb-preview");
    var panel = document.getElementById("kb-fixes");
    if (!preview || !panel) return;
    setUpMarking(preview, panel);
    setUpCutting(preview, panel);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
