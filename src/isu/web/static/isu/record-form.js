/* ISU data collection: skip rules in the record form, the personnummer preview in its first
   step, and the progress bar of an import. Loaded as a static file (the Content-Security-Policy
   forbids inline scripts); each part starts only when its element is on the page.

   Skip rules are the subset of XLSForm `relevant` that isu.codebook.relevance supports:
   ${x} = 'a', != < <= > >=, and, or, not(), selected(${m}, 'c'), count-selected(${m}),
   string-length(${x}), true(), false(), numbers and parentheses. The server checks every answer
   again with the same rules, so this file only spares the user questions that do not apply;
   a rule it cannot read leaves its question visible. */
(function () {
  "use strict";

  // --- Parsing ------------------------------------------------------------------------------

  var TOKEN = new RegExp(
    "\\s*(?:" +
      "\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}" + // 1 reference
      "|'([^']*)'|\"([^\"]*)\"" + //            2, 3 text
      "|(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+))" + //   4 number
      "|(!=|<=|>=|=|<|>)" + //                  5 comparison
      "|([(),])" + //                           6 punctuation
      "|([A-Za-z_][A-Za-z0-9_-]*)" + //         7 word
      ")",
    "y"
  );

  function tokenize(source) {
    var tokens = [];
    var position = 0;
    source = source.replace(/\s+$/, "");
    while (position < source.length) {
      TOKEN.lastIndex = position;
      var m = TOKEN.exec(source);
      if (!m) throw new Error("unreadable rule");
      position = TOKEN.lastIndex;
      if (m[1] !== undefined) tokens.push({ kind: "ref", text: m[1] });
      else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ kind: "str", text: m[2] !== undefined ? m[2] : m[3] });
      else if (m[4] !== undefined) tokens.push({ kind: "num", text: m[4] });
      else if (m[5] !== undefined) tokens.push({ kind: "op", text: m[5] });
      else if (m[6] !== undefined) tokens.push({ kind: m[6], text: m[6] });
      else tokens.push({ kind: "word", text: m[7] });
    }
    return tokens;
  }

  function parse(source) {
    var tokens = tokenize(source);
    var i = 0;
    function peek() { return tokens[i]; }
    function take(kind) {
      var token = tokens[i];
      if (!token || (kind && token.kind !== kind)) throw new Error("unexpected token");
      i += 1;
      return token;
    }
    function isWord(word) {
      var token = peek();
      return token && token.kind === "word" && token.text.toLowerCase() === word;
    }
    function orExpression() {
      var node = andExpression();
      while (isWord("or")) { take(); node = { type: "or", left: node, right: andExpression() }; }
      return node;
    }
    function andExpression() {
      var node = comparison();
      while (isWord("and")) { take(); node = { type: "and", left: node, right: comparison() }; }
      return node;
    }
    function comparison() {
      var node = primary();
      if (peek() && peek().kind === "op") {
        var op = take().text;
        node = { type: "compare", op: op, left: node, right: primary() };
      }
      return node;
    }
    function primary() {
      var token = take();
      if (token.kind === "(") { var inner = orExpression(); take(")"); return inner; }
      if (token.kind === "ref") return { type: "ref", name: token.text };
      if (token.kind === "str") return { type: "str", value: token.text };
      if (token.kind === "num") return { type: "num", value: parseFloat(token.text) };
      if (token.kind === "word") {
        take("(");
        var args = [];
        if (peek() && peek().kind !== ")") {
          args.push(orExpression());
          while (peek() && peek().kind === ",") { take(); args.push(orExpression()); }
        }
        take(")");
        return { type: "call", name: token.text, args: args };
      }
      throw new Error("unexpected token");
    }
    var tree = orExpression();
    if (i !== tokens.length) throw new Error("trailing tokens");
    return tree;
  }

  // --- Evaluating ---------------------------------------------------------------------------
  // Semantics as in isu.codebook.relevance: X = '' is true when X is missing, X != '' when it
  // is present; any other comparison with a missing value is false.

  var NUMBER = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

  function Evaluator(valueOf, typeOf) {
    this.valueOf = valueOf;
    this.typeOf = typeOf;
  }

  Evaluator.prototype.condition = function (node) {
    switch (node.type) {
      case "or": return this.condition(node.left) || this.condition(node.right);
      case "and": return this.condition(node.left) && this.condition(node.right);
      case "compare": return this.compare(node);
      case "call":
        if (node.name === "not") return !this.condition(node.args[0]);
        if (node.name === "true") return true;
        if (node.name === "false") return false;
        if (node.name === "selected") {
          var codes = this.valueOf(node.args[0].name).split(/\s+/);
          return codes.indexOf(node.args[1].value) !== -1;
        }
    }
    throw new Error("not a condition");
  };

  Evaluator.prototype.operand = function (node) {
    if (node.type === "ref") {
      var text = this.valueOf(node.name);
      var type = this.typeOf(node.name);
      if (type === "integer" || type === "decimal") {
        return { domain: "num", value: parseFloat(text), present: NUMBER.test(text) };
      }
      return { domain: type === "date" ? "date" : "str", value: text, present: text !== "" };
    }
    if (node.type === "str") return { domain: "str", value: node.value, present: node.value !== "", literal: true };
    if (node.type === "num") return { domain: "num", value: node.value, present: true };
    if (node.type === "call" && node.name === "count-selected") {
      var cell = this.valueOf(node.args[0].name).trim();
      return { domain: "num", value: cell ? cell.split(/\s+/).length : 0, present: true };
    }
    if (node.type === "call" && node.name === "string-length") {
      return { domain: "num", value: this.valueOf(node.args[0].name).length, present: true };
    }
    return { domain: "bool", value: this.condition(node), present: true };
  };

  Evaluator.prototype.compare = function (node) {
    var left = this.operand(node.left);
    var right = this.operand(node.right);
    if (left.literal && left.value === "") return node.op === "!=" ? right.present : !right.present;
    if (right.literal && right.value === "") return node.op === "!=" ? left.present : !left.present;
    var domains = [left.domain, right.domain];
    var domain = ["bool", "date", "num", "str"].filter(function (d) { return domains.indexOf(d) !== -1; })[0];
    left = convert(left, domain);
    right = convert(right, domain);
    if (!left.present || !right.present) return false;
    var a = left.value;
    var b = right.value;
    switch (node.op) {
      case "=": return a === b;
      case "!=": return a !== b;
      case "<": return a < b;
      case "<=": return a <= b;
      case ">": return a > b;
      case ">=": return a >= b;
    }
    return false;
  };

  function convert(operand, domain) {
    if (operand.domain === domain || domain === "str" || domain === "bool") return operand;
    if (domain === "num") {
      var ok = operand.present && NUMBER.test(String(operand.value));
      return { domain: "num", value: ok ? parseFloat(operand.value) : NaN, present: ok };
    }
    // Dates compare as ISO text (YYYY-MM-DD sorts like the dates it names).
    return { domain: "date", value: String(operand.value).trim().slice(0, 10), present: operand.present };
  }

  // --- The record form ----------------------------------------------------------------------

  function fieldValue(form, name) {
    var element = form.elements.namedItem(name);
    if (!element) return null;
    var inputs = element.length !== undefined && !element.options ? Array.prototype.slice.call(element) : [element];
    var chosen = [];
    inputs.forEach(function (input) {
      if (input.disabled) return;
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) chosen.push(input.value);
      } else if (input.value !== "") {
        chosen.push(input.value.trim());
      }
    });
    return chosen.join(" ");
  }

  function setRelevant(form, name, relevant) {
    var element = form.elements.namedItem(name);
    if (!element) return;
    var inputs = element.length !== undefined && !element.options ? Array.prototype.slice.call(element) : [element];
    var wrapper = inputs[0] && inputs[0].closest(".field");
    if (wrapper) wrapper.hidden = !relevant;
    inputs.forEach(function (input) { input.disabled = !relevant; });
  }

  function startRecordForm(form, data) {
    var context = data.context || {};
    var types = data.types || {};
    var rules = [];
    (data.rules || []).forEach(function (pair) {
      try {
        rules.push({ name: pair[0], tree: parse(pair[1]) });
      } catch (error) {
        // A rule this file cannot read: the question stays visible, the server decides.
      }
    });
    var evaluator = new Evaluator(
      function (name) {
        var value = fieldValue(form, name);
        if (value === null) value = context[name] !== undefined ? String(context[name]) : "";
        return value;
      },
      function (name) { return types[name] || "text"; }
    );
    function apply() {
      // In codebook order, so a question hidden by one rule counts as unanswered in the next.
      rules.forEach(function (rule) {
        var relevant = true;
        try { relevant = evaluator.condition(rule.tree); } catch (error) { relevant = true; }
        setRelevant(form, rule.name, relevant);
      });
    }
    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    apply();
  }

  // --- Personnummer preview (step 1) --------------------------------------------------------

  function startIdentityPreview(form) {
    var output = document.getElementById("identity-preview");
    var numberField = form.elements.namedItem(form.dataset.personnummerField || "");
    if (!output || !numberField || !window.fetch) return;
    var dateField = form.elements.namedItem(form.dataset.dateField || "");
    var token = form.elements.namedItem("csrfmiddlewaretoken");
    function show(text, isError) {
      output.textContent = text;
      output.classList.toggle("identity-preview--error", Boolean(isError));
    }
    function preview() {
      if (!numberField.value.trim()) { show(""); return; }
      var body = new FormData();
      body.append(numberField.name, numberField.value);
      if (dateField) body.append(dateField.name, dateField.value);
      fetch(form.dataset.previewUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" }
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.fel) { show(data.fel, true); return; }
          show(output.dataset.labelSex + ": " + data.kon + ". " + output.dataset.labelAge + ": " +
            data.alder + " " + output.dataset.years + ".");
        })
        .catch(function () { show(""); });
    }
    numberField.addEventListener("change", preview);
    if (dateField) dateField.addEventListener("change", preview);
  }

  // --- Import progress ----------------------------------------------------------------------

  function startImportProgress(box) {
    var bar = box.querySelector("progress");
    var stage = box.querySelector("[data-import-stage]");
    function poll() {
      fetch(box.dataset.importStatus, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.finished) { window.location.reload(); return; }
          if (bar && !bar.hasAttribute("data-indeterminate")) {
            bar.max = Math.max(data.total, 1);
            bar.value = data.done;
          }
          if (stage && data.stage) stage.textContent = data.stage;
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }

  // --- Start --------------------------------------------------------------------------------

  /** Whether the rule *source* holds, given text values by name and variable types by name. */
  function relevant(source, values, types) {
    var evaluator = new Evaluator(
      function (name) { return values[name] !== undefined && values[name] !== null ? String(values[name]) : ""; },
      function (name) { return types[name] || "text"; }
    );
    return evaluator.condition(parse(source));
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { parse: parse, relevant: relevant }; // tests compare with the Python rules
    return;
  }
  var rulesElement = document.getElementById("record-rules");
  var recordForm = document.querySelector("form[data-record-form]");
  if (rulesElement && recordForm) startRecordForm(recordForm, JSON.parse(rulesElement.textContent));
  var identityForm = document.querySelector("form[data-identity-form]");
  if (identityForm) startIdentityPreview(identityForm);
  var importBox = document.querySelector("[data-import-status]");
  if (importBox && window.fetch) startImportProgress(importBox);
})();
