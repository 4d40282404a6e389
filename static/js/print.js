// "Print" buttons (data-print): the Content-Security-Policy allows no inline onclick.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
