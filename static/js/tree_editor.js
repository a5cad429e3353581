/* The tree page (admin/essays/essay/<id>/tree/) and the essay form's guard.
 *
 * The tree page edits a copy of the essay's tree in memory and sends the
 * whole target tree in one POST; the rules for moving, merging, splitting
 * and renumbering are those of essays/services/restructuring.py, which
 * checks and writes what is sent. Dragging uses SortableJS
 * (static/vendor/sortablejs); every move also has keys and buttons, and
 * each is announced in the page's live region.
 *
 * The essay's change form: ↑/↓ in its outline, or leaving the page, with
 * unsaved edits in the form asks first (issue 15, 1); "保存修改后再移动"
 * saves the form and the server makes the move after it.
 */
(function () {
  "use strict";

  var MAX_DEPTH = 6; // points below a section (decisions.md, "Bounds")
  var NUMERAL = /[0-9]+|[０-９]+|[一二三四五六七八九十百]+|[壹贰叁肆伍陆柒捌玖拾]+/g;
  var DIGITS = "零一二三四五六七八九";
  var FINANCIAL = "零壹贰叁肆伍陆柒捌玖";

  // --- labels: the same rules as essays/services/labels.py ---------------------

  function chinese(number, financial) {
    var digits = financial ? FINANCIAL : DIGITS;
    var ten = financial ? "拾" : "十";
    var hundred = financial ? "佰" : "百";
    var hundreds = Math.floor(number / 100);
    var rest = number % 100;
    var tens = Math.floor(rest / 10);
    var units = rest % 10;
    var text = hundreds ? digits[hundreds] + hundred : "";
    if (tens) {
      text += (tens === 1 && !hundreds ? "" : digits[tens]) + ten;
    } else if (hundreds && units) {
      text += digits[0];
    }
    return text + (units ? digits[units] : "");
  }

  function relabel(label, number) {
    var matches = label.match(NUMERAL);
    if (!matches) return label;
    var numeral = matches[matches.length - 1];
    var at = label.lastIndexOf(numeral);
    var written;
    if (/^[0-9]+$/.test(numeral)) {
      written = String(number);
    } else if ("０１２３４５６７８９".indexOf(numeral[0]) >= 0) {
      written = String(number).replace(/[0-9]/g, function (d) {
        return String.fromCharCode(d.charCodeAt(0) + 0xfee0);
      });
    } else {
      written = chinese(number, "壹贰叁肆伍陆柒捌玖拾".indexOf(numeral[0]) >= 0);
    }
    return label.slice(0, at) + written + label.slice(at + numeral.length);
  }

  function paragraphs(text) {
    return (text || "").split(/\r?\n/).map(function (line) {
      return line.trim();
    }).filter(Boolean);
  }

  // --- the tree page --------------------------------------------------------------

  function TreeEditor(root) {
    var data = JSON.parse(document.getElementById("tree-data").textContent);
    this.root = root;
    this.list = root.querySelector("#tree-root");
    this.status = root.querySelector("#tree-status");
    this.error = root.querySelector("#tree-error");
    this.state = root.querySelector("#tree-state");
    this.styleSelect = root.querySelector("#tree-style");
    this.autoNumber = root.querySelector("#tree-autonumber");
    this.csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    this.version = data.version;
    this.nodes = data.nodes;
    this.merged = {};
    this.categories = data.categories;
    this.saved = this.snapshot();
    this.current = this.nodes.length ? this.nodes[0].key : null;
    this.saving = false;
    this.bind();
    this.render();
  }

  TreeEditor.prototype.snapshot = function () {
    return JSON.stringify({ nodes: this.nodes, merged: this.merged });
  };

  TreeEditor.prototype.isDirty = function () {
    return this.snapshot() !== this.saved;
  };

  // Every node with its parent, list and depth (sections are depth 0).
  TreeEditor.prototype.locate = function (key) {
    var stack = [{ list: this.nodes, parent: null, depth: 0 }];
    while (stack.length) {
      var frame = stack.pop();
      for (var i = 0; i < frame.list.length; i++) {
        var node = frame.list[i];
        if (node.key === key) {
          return { node: node, list: frame.list, index: i, parent: frame.parent, depth: frame.depth };
        }
        stack.push({ list: node.children, parent: node, depth: frame.depth + 1 });
      }
    }
    return null;
  };

  TreeEditor.prototype.visible = function () {
    var keys = [];
    (function walk(list) {
      list.forEach(function (node) {
        keys.push(node.key);
        walk(node.children);
      });
    })(this.nodes);
    return keys;
  };

  function height(node) {
    var deepest = 0;
    node.children.forEach(function (child) {
      deepest = Math.max(deepest, height(child) + 1);
    });
    return deepest;
  }

  function contains(node, key) {
    if (node.key === key) return true;
    return node.children.some(function (child) {
      return contains(child, key);
    });
  }

  function nameOf(node) {
    var name = ((node.label || "") + (node.title || "")).trim();
    return name.length > 30 ? name.slice(0, 30) + "…" : name || "（无标题）";
  }

  function kindOf(depth) {
    if (depth === 0) return "部分";
    if (depth === 1) return "要点";
    return depth === 2 ? "子要点" : "第 " + depth + " 级要点";
  }

  // Move `key` under `parentKey` (null: a section) at `index`; false if refused.
  TreeEditor.prototype.moveTo = function (key, parentKey, index) {
    var here = this.locate(key);
    var parent = parentKey ? this.locate(parentKey) : null;
    if (!here || (parentKey && !parent)) return false;
    if (parentKey && contains(here.node, parentKey)) {
      this.say("不能把“" + nameOf(here.node) + "”移到它自己的下级里。");
      return false;
    }
    var depth = parent ? parent.depth + 1 : 0;
    if (depth + height(here.node) > MAX_DEPTH) {
      this.say("移不过去：要点最多 " + MAX_DEPTH + " 级，“" + nameOf(here.node) + "”的下级会超出。");
      return false;
    }
    here.list.splice(here.index, 1);
    var list = parent ? parent.node.children : this.nodes;
    index = Math.max(0, Math.min(index, list.length));
    list.splice(index, 0, here.node);
    if (this.autoNumber && this.autoNumber.checked) {
      // Both lists keep their numbers in order, each in its own style.
      renumberInStyle(here.list);
      if (list !== here.list) renumberInStyle(list);
    }
    var where = parent ? "“" + nameOf(parent.node) + "”之下" : "最上一级";
    this.say("已把“" + nameOf(here.node) + "”移到" + where + "第 " + (index + 1) +
      " 条，现在是" + kindOf(depth) + "。");
    return true;
  };

  TreeEditor.prototype.step = function (key, op) {
    var here = this.locate(key);
    if (!here) return;
    var parentKey = here.parent ? here.parent.key : null;
    if (op === "up" || op === "down") {
      var to = here.index + (op === "up" ? -1 : 1);
      if (to < 0 || to >= here.list.length) {
        this.say("“" + nameOf(here.node) + "”已经在这一组的最" + (op === "up" ? "前" : "后") + "。");
        return;
      }
      this.change(this.moveTo(key, parentKey, to));
    } else if (op === "indent") {
      if (here.index === 0) {
        this.say("“" + nameOf(here.node) + "”前面没有同级条目，不能降一级。");
        return;
      }
      var previous = here.list[here.index - 1];
      this.change(this.moveTo(key, previous.key, previous.children.length));
    } else if (op === "outdent") {
      if (!here.parent) {
        this.say("“" + nameOf(here.node) + "”已经是部分，不能再升级。");
        return;
      }
      var up = this.locate(here.parent.key);
      this.change(this.moveTo(key, up.parent ? up.parent.key : null, up.index + 1));
    } else if (op === "merge") {
      this.mergeUp(here);
    }
  };

  // Join a node onto its previous sibling (restructuring.merge).
  TreeEditor.prototype.mergeUp = function (here) {
    if (here.index === 0) {
      this.say("“" + nameOf(here.node) + "”前面没有同级条目，无法合并。");
      return;
    }
    var node = here.node;
    var into = here.list[here.index - 1];
    var head = ((node.label || "") + (node.title || "")).trim();
    into.body = [(into.body || "").trim(), head, node.body || ""].filter(Boolean).join("\n");
    into.children = into.children.concat(node.children);
    here.list.splice(here.index, 1);
    var merged = this.merged;
    Object.keys(merged).forEach(function (absorbed) {
      if (merged[absorbed] === node.key) merged[absorbed] = into.key;
    });
    if (node.key[0] !== "n") merged[node.key] = into.key;
    this.current = into.key;
    this.say("已把“" + nameOf(node) + "”并入“" + nameOf(into) + "”：标题和正文接在它的正文后，下级条目排在它的下级之后。");
    this.change(true);
  };

  // Cut a node before paragraph `at` of its body (restructuring.split).
  TreeEditor.prototype.split = function (key, at) {
    var here = this.locate(key);
    var parts = paragraphs(here.node.body);
    if (at < 0 || at >= parts.length) return;
    var taken = this.visible().filter(function (k) { return k[0] === "n"; })
      .map(function (k) { return parseInt(k.slice(1), 10); });
    var second = {
      key: "n" + (taken.length ? Math.max.apply(null, taken) + 1 : 1),
      label: "", number: null, title: parts[at], body: parts.slice(at + 1).join("\n"),
      category: "", declared_count: null, children: here.node.children,
    };
    here.node.body = parts.slice(0, at).join("\n");
    here.node.children = [];
    here.list.splice(here.index + 1, 0, second);
    this.current = second.key;
    this.say("已从第 " + (at + 1) + " 段拆分：“" + nameOf(second) + "”成为“" + nameOf(here.node) + "”之后的新条目。");
    this.change(true);
  };

  var HAS_NUMERAL = /[0-9０-９一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾]/;

  function renumberInStyle(list) {
    var first = list.filter(function (n) { return HAS_NUMERAL.test(n.label || ""); })[0];
    if (!first) return;
    list.forEach(function (node, index) {
      if (!HAS_NUMERAL.test(node.label || "")) return; // an unnumbered item stays so
      node.label = relabel(first.label, index + 1);
      node.number = index + 1;
    });
  }

  TreeEditor.prototype.renumber = function () {
    var here = this.current && this.locate(this.current);
    if (!here) {
      this.say("请先选中一个条目：重编的是它所在的这一组。");
      return;
    }
    var template = this.styleSelect.value;
    if (!template) {
      var first = here.list.filter(function (n) { return /[0-9０-９一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾]/.test(n.label || ""); })[0];
      template = first ? first.label : "";
    }
    if (!template) {
      this.say("这一组条目还没有带数字的编号，请先在“编号样式”里选一种。");
      return;
    }
    here.list.forEach(function (node, index) {
      node.label = relabel(template, index + 1);
      node.number = index + 1;
    });
    this.say("已按“" + template + "”的样式重编这一组 " + here.list.length + " 条的编号。");
    this.change(true);
  };

  TreeEditor.prototype.addSection = function () {
    var taken = this.visible().filter(function (k) { return k[0] === "n"; })
      .map(function (k) { return parseInt(k.slice(1), 10); });
    var node = {
      key: "n" + (taken.length ? Math.max.apply(null, taken) + 1 : 1),
      label: "", number: null, title: "新部分", body: "", category: "",
      declared_count: null, children: [],
    };
    this.nodes.push(node);
    this.current = node.key;
    this.change(true);
    this.say("已在最后新建一个部分，请填写标题；可以把要点拖进来。");
    var input = this.list.querySelector("li[data-key='" + node.key + "'] .kb-tn-title");
    if (input) { input.focus(); input.select(); }
  };

  TreeEditor.prototype.change = function (changed) {
    if (changed) this.render();
    this.refreshState();
  };

  TreeEditor.prototype.refreshState = function () {
    var dirty = this.isDirty();
    this.state.textContent = dirty ? "有未保存的修改" : "没有未保存的修改";
    this.state.classList.toggle("kb-dirty", dirty);
    this.root.querySelectorAll("[data-tree-action=save], [data-tree-action=reset]").forEach(function (b) {
      b.disabled = !dirty || this.saving;
    }, this);
  };

  TreeEditor.prototype.say = function (text) {
    // A new text node each time, so screen readers announce a repeated message.
    this.status.textContent = "";
    this.status.appendChild(document.createTextNode(text));
  };

  // --- drawing ----------------------------------------------------------------------

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function button(op, text, title) {
    var element = make("button", "kb-tn-op", text);
    element.type = "button";
    element.dataset.op = op;
    element.title = title;
    return element;
  }

  TreeEditor.prototype.render = function () {
    var focusedKey = null;
    var active = document.activeElement;
    if (active && this.list.contains(active) && active.matches("li.kb-tn")) {
      focusedKey = active.dataset.key;
    }
    this.list.textContent = "";
    this.drawList(this.list, this.nodes, 0);
    if (!this.nodes.length) {
      this.list.appendChild(make("li", "kb-tn-empty", "这篇文章还没有部分。点“新建部分”添加。"));
    }
    this.sortables();
    if (focusedKey) this.focusNode(focusedKey);
    else this.markCurrent();
  };

  TreeEditor.prototype.drawList = function (list, nodes, depth) {
    nodes.forEach(function (node, index) {
      list.appendChild(this.drawNode(node, depth, index, nodes.length));
    }, this);
  };

  TreeEditor.prototype.drawNode = function (node, depth, index, count) {
    var item = make("li", "kb-tn " + (depth === 0 ? "kb-tn-section" : "kb-tn-point"));
    item.dataset.key = node.key;
    item.setAttribute("role", "treeitem");
    item.setAttribute("aria-level", String(depth + 1));
    item.setAttribute("aria-posinset", String(index + 1));
    item.setAttribute("aria-setsize", String(count));
    item.setAttribute("aria-label", kindOf(depth) + "：" + nameOf(node));
    item.tabIndex = -1;

    var row = make("div", "kb-tn-row");
    var handle = make("span", "kb-tn-handle", "⠿");
    handle.title = "按住拖动";
    handle.setAttribute("aria-hidden", "true");
    row.appendChild(handle);
    row.appendChild(make("span", "kb-tn-kind kb-tn-depth-" + depth, kindOf(depth)));
    var label = make("input", "kb-tn-label");
    label.value = node.label || "";
    label.setAttribute("aria-label", "编号");
    label.dataset.field = "label";
    row.appendChild(label);
    var title = make("input", "kb-tn-title");
    title.value = node.title || "";
    title.setAttribute("aria-label", "标题");
    title.dataset.field = "title";
    row.appendChild(title);
    if (depth === 0) {
      var category = make("span", "kb-tn-category", this.categories[node.category] || "按标题归类");
      category.title = "部分的类别；新部分保存时按标题归类，之后可在部分页修改";
      row.appendChild(category);
    }
    var tools = make("span", "kb-tn-tools");
    tools.appendChild(button("up", "↑", "上移（Alt+↑）"));
    tools.appendChild(button("down", "↓", "下移（Alt+↓）"));
    tools.appendChild(button("outdent", "←", "升一级（Alt+←）"));
    tools.appendChild(button("indent", "→", "降一级，成为上一条的下级（Alt+→）"));
    tools.appendChild(button("merge", "并入上一条", "把这一条的标题、正文和下级并入上一条"));
    row.appendChild(tools);
    item.appendChild(row);

    var parts = paragraphs(node.body);
    if (parts.length) {
      var details = make("details", "kb-tn-body");
      details.appendChild(make("summary", "", (depth === 0 ? "开头 " : "正文 ") + parts.length + " 段"));
      var list = make("ol", "kb-tn-paragraphs");
      parts.forEach(function (text, at) {
        var paragraph = make("li");
        var cut = button("split", "从此段拆分", "这一段成为新条目的标题，后面的段落和下级随它走");
        cut.dataset.paragraph = String(at);
        paragraph.appendChild(cut);
        paragraph.appendChild(make("span", "kb-tn-paragraph", text));
        list.appendChild(paragraph);
      });
      details.appendChild(list);
      item.appendChild(details);
    }
    var children = make("ol", "kb-tree-list");
    children.setAttribute("role", "group");
    this.drawList(children, node.children, depth + 1);
    item.appendChild(children);
    return item;
  };

  TreeEditor.prototype.sortables = function () {
    if (!window.Sortable) return;
    var editor = this;
    this.root.querySelectorAll(".kb-tree-list").forEach(function (list) {
      window.Sortable.create(list, {
        group: "essay-tree",
        handle: ".kb-tn-handle",
        draggable: "li.kb-tn",
        animation: 120,
        fallbackOnBody: true,
        swapThreshold: 0.6,
        emptyInsertThreshold: 10,
        onEnd: function (event) {
          var key = event.item.dataset.key;
          var parentItem = event.to.closest("li.kb-tn");
          var moved = editor.moveTo(key, parentItem ? parentItem.dataset.key : null, event.newIndex);
          editor.current = key;
          editor.render(); // the model decides; a refused drop springs back
          editor.focusNode(key);
          editor.refreshState();
          if (!moved) editor.refreshState();
        },
      });
    });
  };

  TreeEditor.prototype.markCurrent = function () {
    var current = this.current;
    var any = false;
    this.list.querySelectorAll("li.kb-tn").forEach(function (item) {
      var on = item.dataset.key === current;
      item.tabIndex = on ? 0 : -1;
      item.classList.toggle("kb-tn-current", on);
      any = any || on;
    });
    if (!any) {
      var first = this.list.querySelector("li.kb-tn");
      if (first) { first.tabIndex = 0; this.current = first.dataset.key; }
    }
  };

  TreeEditor.prototype.focusNode = function (key) {
    this.current = key;
    this.markCurrent();
    var item = this.list.querySelector("li.kb-tn[data-key='" + key + "']");
    if (item) item.focus();
  };

  // --- events -------------------------------------------------------------------------

  TreeEditor.prototype.bind = function () {
    var editor = this;
    this.list.addEventListener("input", function (event) {
      var field = event.target.dataset.field;
      var item = event.target.closest("li.kb-tn");
      if (!field || !item) return;
      editor.locate(item.dataset.key).node[field] = event.target.value;
      editor.refreshState();
    });
    this.list.addEventListener("focusin", function (event) {
      var item = event.target.closest("li.kb-tn");
      if (item && item.dataset.key !== editor.current) {
        editor.current = item.dataset.key;
        editor.markCurrent();
      }
    });
    this.list.addEventListener("click", function (event) {
      var target = event.target.closest("button[data-op]");
      if (!target) return;
      var key = target.closest("li.kb-tn").dataset.key;
      editor.current = key;
      if (target.dataset.op === "split") {
        editor.split(key, parseInt(target.dataset.paragraph, 10));
      } else {
        editor.step(key, target.dataset.op);
      }
      editor.focusNode(editor.current);
    });
    this.list.addEventListener("keydown", function (event) {
      editor.keydown(event);
    });
    this.root.querySelector(".kb-tree-bar").addEventListener("click", function (event) {
      var action = event.target.closest("[data-tree-action]");
      if (!action) return;
      var name = action.dataset.treeAction;
      if (name === "save") editor.save();
      else if (name === "reset") editor.reset();
      else if (name === "add-section") editor.addSection();
      else if (name === "renumber") {
        editor.renumber();
        if (editor.current) editor.focusNode(editor.current);
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (editor.isDirty() && !editor.leaving) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  };

  var KEY_OPS = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "outdent", ArrowRight: "indent" };

  TreeEditor.prototype.keydown = function (event) {
    var item = event.target.closest("li.kb-tn");
    if (!item) return;
    var key = item.dataset.key;
    if (event.altKey && KEY_OPS[event.key]) {
      event.preventDefault();
      this.current = key;
      this.step(key, KEY_OPS[event.key]);
      this.focusNode(key);
      return;
    }
    var onItem = event.target === item;
    if (event.target.matches("input") && event.key === "Escape") {
      event.preventDefault();
      item.focus();
      return;
    }
    if (!onItem) return;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      var keys = this.visible();
      var next = keys[keys.indexOf(key) + (event.key === "ArrowUp" ? -1 : 1)];
      if (next) this.focusNode(next);
    } else if (event.key === "Enter" || event.key === "F2") {
      event.preventDefault();
      item.querySelector(".kb-tn-title").focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      var all = this.visible();
      this.focusNode(event.key === "Home" ? all[0] : all[all.length - 1]);
    }
  };

  TreeEditor.prototype.reset = function () {
    if (!window.confirm("放弃本页所有未保存的修改，重新载入文章结构？")) return;
    this.leaving = true;
    window.location.reload();
  };

  TreeEditor.prototype.save = function () {
    var editor = this;
    editor.saving = true;
    editor.refreshState();
    editor.error.hidden = true;
    editor.say("正在保存……");
    fetch(window.location.pathname, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": editor.csrf },
      body: JSON.stringify({ version: editor.version, nodes: editor.nodes, merged: editor.merged }),
    }).then(function (response) {
      return response.json().catch(function () {
        return { detail: "保存失败（服务器返回 " + response.status + "），修改仍在本页，请稍后再试。" };
      }).then(function (answer) {
        if (!response.ok) throw new Error(answer.detail);
        editor.leaving = true; // saved: the page reloads with the new ids
        window.location.reload();
      });
    }).catch(function (error) {
      editor.saving = false;
      editor.refreshState();
      var text = error.message && /[\u4e00-\u9fff]/.test(error.message)
        ? error.message : "保存失败：连不上服务器。修改仍在本页，请稍后再试。";
      editor.error.textContent = text;
      editor.error.hidden = false;
      editor.say("未保存，修改仍在本页。");
    });
  };

  // --- the essay's change form: no edit lost to ↑/↓ or a link -----------------------

  function formState(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || field.type === "file") return;
      if (field.type === "submit" || field.type === "button") return;
      if (field.type === "checkbox" || field.type === "radio") {
        parts.push(field.name + "=" + field.checked);
      } else if (field.tagName === "SELECT") {
        parts.push(field.name + "=" + Array.prototype.map.call(field.selectedOptions, function (o) { return o.value; }).join(","));
      } else {
        parts.push(field.name + "=" + field.value);
      }
    });
    return parts.join("\u0000");
  }

  function hidden(form, name, value) {
    var input = form.querySelector("input[type=hidden][name='" + name + "']");
    if (!input) {
      input = make("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function Guard(form, moveForm) {
    var guard = this;
    this.form = form;
    this.moveForm = moveForm;
    this.initial = formState(form);
    this.leaving = false;
    form.addEventListener("submit", function () { guard.leaving = true; });
    document.addEventListener("click", function (event) {
      var moveButton = event.target.closest("button[form='" + moveForm.id + "']");
      if (!moveButton || guard.leaving || !guard.isDirty()) return;
      event.preventDefault();
      event.stopPropagation();
      guard.ask(moveButton);
    }, true);
    window.addEventListener("beforeunload", function (event) {
      if (!guard.leaving && guard.isDirty()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  Guard.prototype.isDirty = function () {
    return formState(this.form) !== this.initial;
  };

  Guard.prototype.ask = function (moveButton) {
    var guard = this;
    var dialog = make("dialog", "kb-unsaved");
    dialog.setAttribute("aria-labelledby", "kb-unsaved-title");
    var heading = make("h2", "", "有未保存的修改");
    heading.id = "kb-unsaved-title";
    dialog.appendChild(heading);
    dialog.appendChild(make("p", "", "这个页面上有还没保存的修改（比如作者、编号或标题）。直接移动会丢掉它们。"));
    var row = make("div", "kb-unsaved-buttons");
    var save = make("button", "default", "保存修改后再移动");
    var discard = make("button", "", "放弃修改，直接移动");
    var cancel = make("button", "", "取消");
    [save, discard, cancel].forEach(function (b) { b.type = "button"; row.appendChild(b); });
    dialog.appendChild(row);
    document.body.appendChild(dialog);
    save.addEventListener("click", function () {
      var renumber = guard.moveForm.ownerDocument.querySelector("input[name=renumber][form='" + guard.moveForm.id + "']");
      hidden(guard.form, "_kb_then_move", moveButton.value);
      hidden(guard.form, "_kb_then_renumber", renumber && renumber.checked ? "on" : "");
      hidden(guard.form, "_continue", "1");
      guard.leaving = true;
      dialog.close();
      guard.form.requestSubmit ? guard.form.requestSubmit() : guard.form.submit();
    });
    discard.addEventListener("click", function () {
      guard.leaving = true;
      dialog.close();
      guard.moveForm.requestSubmit(moveButton);
    });
    cancel.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); });
    dialog.showModal();
    save.focus();
  };

  // The label rules, for tests that hold them to essays/services/labels.py.
  window.kbLabels = { relabel: relabel };

  document.addEventListener("DOMContentLoaded", function () {
    var treeRoot = document.querySelector(".kb-tree-editor");
    if (treeRoot) {
      window.kbTree = new TreeEditor(treeRoot);
      return;
    }
    var moveForm = document.getElementById("outline-move");
    var form = document.getElementById("essay_form");
    if (moveForm && form) {
      // After the admin's own scripts have set their widgets up.
      window.addEventListener("load", function () {
        window.kbGuard = new Guard(form, moveForm);
      });
    }
  });
})();
