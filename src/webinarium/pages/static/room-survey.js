// The conference's survey on the end screen (docs/room-protocol.md, "Surveys"):
// the questions come from GET /room/survey with the page's ticket and the
// answers go to POST /room/survey (the socket is closed by then). The exit
// address waits until the survey is answered or skipped.
(() => {
  "use strict";
  const room = window.webinariumRoom;
  const el = room.el;
  const ticket = document.querySelector('meta[name="webinarium-ticket"]').content;
  const form = document.getElementById("survey");
  const list = document.getElementById("survey-questions");
  const error = document.getElementById("survey-error");
  const thanks = document.getElementById("survey-thanks");
  const sendButton = document.getElementById("survey-send");

  room.onEnd(async () => {
    if (room.isStaff()) return;
    let survey;
    try {
      const response = await fetch(`/room/survey?ticket=${encodeURIComponent(ticket)}`, { cache: "no-store" });
      if (!response.ok) return;
      survey = await response.json();
    } catch (failure) {
      return;
    }
    if (survey.answered || survey.questions.length === 0) return;
    await new Promise((done) => ask(survey.questions, done));
  });

  function ask(questions, done) {
    // The exit waits for the survey: the end screen no longer says it is on its way.
    document.getElementById("end-message").textContent = "Thank you for joining.";
    list.replaceChildren(...questions.map(field));
    form.hidden = false;
    form.querySelector("input, textarea").focus();
    document.getElementById("survey-skip").addEventListener("click", () => {
      form.hidden = true;
      done();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answers = questions.map(answerOf).filter((answer) => answer !== null);
      if (answers.length === 0) {
        error.textContent = "Answer at least one question, or skip.";
        return;
      }
      error.textContent = "";
      sendButton.disabled = true;
      try {
        const response = await fetch("/room/survey", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ticket, answers }),
        });
        if (response.ok || response.status === 409) {
          form.hidden = true;
          thanks.hidden = false;
          done();
          return;
        }
        const body = await response.json().catch(() => ({}));
        error.textContent = (body.error && body.error.message) || "Your answers could not be sent: try again.";
      } catch (failure) {
        error.textContent = "Your answers could not be sent: try again.";
      }
      sendButton.disabled = false;
    });
  }

  // One fieldset per question: a text area, radio buttons for a choice, or 1-5.
  function field(question, index) {
    const name = `survey-${question.id}`;
    const legend = el("legend", {}, `${index + 1}. ${question.text}`);
    if (question.kind === "text") {
      const label = el("label", { className: "visually-hidden", for: name }, question.text);
      const area = el("textarea", { id: name, name, rows: 3, maxLength: 2000 });
      return el("fieldset", { className: "survey-question" }, legend, label, area);
    }
    const options = question.kind === "rating" ? ["1", "2", "3", "4", "5"] : question.choices;
    const choices = options.map((option) => {
      const input = el("input", { type: "radio", name, value: option });
      return el("label", { className: "survey-choice" }, input, " ", option);
    });
    const className = `survey-question${question.kind === "rating" ? " survey-rating" : ""}`;
    return el("fieldset", { className }, legend, ...choices);
  }

  function answerOf(question) {
    const name = `survey-${question.id}`;
    if (question.kind === "text") {
      const value = form.elements[name].value.trim();
      return value ? { question_id: question.id, value } : null;
    }
    const picked = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
    if (picked === null) return null;
    const value = question.kind === "rating" ? Number(picked.value) : picked.value;
    return { question_id: question.id, value };
  }
})();
