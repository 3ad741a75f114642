/* Fact or Fiction: answer in place. Without this script the form posts and the
   server shows the result on a page of its own. */
(function () {
  "use strict";

  function paragraph(text, className) {
    var element = document.createElement("p");
    if (className) element.className = className;
    element.textContent = text;
    return element;
  }

  function showResult(region, data) {
    var verdict = document.createElement("p");
    verdict.className = "quiz__verdict quiz__verdict--" + (data.correct ? "right" : "wrong");
    var strong = document.createElement("strong");
    strong.textContent = data.verdict;
    verdict.appendChild(strong);
    verdict.appendChild(document.createTextNode(" " + data.answer_text));
    var parts = [verdict, paragraph(data.explanation)];
    if (data.share_text) parts.push(paragraph(data.share_text, "quiz__share"));
    if (data.note) parts.push(paragraph(data.note, "quiz__note"));
    region.replaceChildren.apply(region, parts);
  }

  function showError(region, message) {
    region.replaceChildren(paragraph(message || region.dataset.errorMessage, "quiz__error"));
  }

  function answer(form, region, button) {
    var body = new URLSearchParams(new FormData(form));
    body.set("answer", button.value);
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            showResult(region, data);
          } else {
            showError(region, data.error);
          }
        });
      })
      .catch(function () {
        showError(region);
      })
      .then(function () {
        form.removeAttribute("aria-busy");
      });
  }

  document.querySelectorAll("[data-quiz-form]").forEach(function (form) {
    var region = form.parentElement.querySelector("[data-quiz-result]");
    if (!region || !window.fetch) return;
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || button.name !== "answer") return;
      event.preventDefault();
      answer(form, region, button);
    });
  });
})();
