
const specs = JSON.parse(document.getElementById("isu-charts").textContent);
const settings = JSON.parse(document.getElementById("isu-chart-options").textContent);
const draw = (el) => {
  if (el.dataset.drawn) return;
  el.dataset.drawn = "1";
  vegaEmbed(el, specs[el.dataset.chart], settings.embed).catch(() => {
    el.textContent = settings.failed;
  });
};
const nodes = document.querySelectorAll("[data-chart]");
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (entry.isIntersecting) {
      observer.unobserve(entry.target);
      draw(entry.target);
    }
  }
}, { rootMargin: "600px" });
nodes.forEach((el) => observer.observe(el));
window.addEventListener("beforeprint", () => nodes.forEach(draw));
