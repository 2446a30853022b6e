// The check-in page (pages/checkin.py). Without this script the form posts and
// the page answers with the result; with it each value is sent without leaving
// the page (the answer as JSON) and the results stack up, newest first. Where
// the browser has BarcodeDetector and a camera, "Scan with camera" reads QR
// codes too.
"use strict";

(() => {
  const form = document.getElementById("check-in-form");
  const input = document.getElementById("qr-code-value");
  const log = document.getElementById("check-in-log");
  const cameraButton = document.getElementById("camera-button");
  const video = document.getElementById("camera");
  const count = document.getElementById("checked-in-count");
  // The same code seen by the camera again within this time is one scan.
  const SAME_CODE_MS = 4000;

  function show(kind, title, text) {
    const item = document.createElement("li");
    item.className = `check-in-result ${kind}`;
    if (kind === "refused") item.setAttribute("role", "alert");
    const name = document.createElement("strong");
    name.className = "check-in-name";
    name.textContent = title;
    const detail = document.createElement("span");
    detail.textContent = text;
    item.append(name, " ", detail);
    log.prepend(item);
  }

  async function send(value) {
    const data = new FormData(form);
    data.set("qr_code_value", value);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(data),
        headers: { Accept: "application/json" },
      });
    } catch {
      show("refused", value, "the server cannot be reached: try again");
      return;
    }
    const isJson = (response.headers.get("content-type") || "").includes("application/json");
    if (!isJson) {
      show("refused", value, "this page's link no longer works: open it again");
      return;
    }
    const body = await response.json();
    if (!response.ok) return show("refused", value, body.error.message);
    show(body.already ? "already" : "done", body.name, body.message);
    count.textContent = body.checked_in;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    input.value = "";
    input.focus();
    send(value);
  });

  // ---- the camera, where the browser can read QR codes ---------------------

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices?.getUserMedia) return;
  cameraButton.hidden = false;
  let stream = null;
  let lastCode = "";
  let lastSeen = 0;

  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    cameraButton.textContent = "Scan with camera";
  }

  async function watch(detector) {
    while (stream) {
      try {
        for (const { rawValue } of await detector.detect(video)) {
          if (!rawValue) continue;
          const now = Date.now();
          // A code held in front of the camera is sent once.
          if (rawValue !== lastCode || now - lastSeen > SAME_CODE_MS) send(rawValue);
          [lastCode, lastSeen] = [rawValue, now];
        }
      } catch {
        // A frame the detector could not read: try the next one.
      }
      await new Promise((done) => setTimeout(done, 250));
    }
  }

  cameraButton.addEventListener("click", async () => {
    if (stream) return stopCamera();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch {
      show("refused", "Camera", "the camera cannot be used: allow it, or type the code");
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    cameraButton.textContent = "Stop camera";
    watch(new BarcodeDetector({ formats: ["qr_code"] }));
  });
})();
