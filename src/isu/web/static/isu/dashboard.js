// Draws the dashboard's chart with the vendored vega-embed bundle (loaded just before this
// file, also as a module, so window.vegaEmbed exists). The spec and the options come from
// <script type="application/json"> elements the page renders with json_script; the options
// ask Vega to interpret expressions instead of compiling them, so no 'unsafe-eval' is needed.
// Without JavaScript the table above the chart and its text alternative say the same.
const specElement = document.getElementById("isu-chart");
const optionsElement = document.getElementById("isu-chart-options");
const view = document.getElementById("isu-chart-view");

if (specElement && optionsElement && view) {
  const spec = JSON.parse(specElement.textContent);
  const options = JSON.parse(optionsElement.textContent);
  const failed = () => {
    view.textContent = options.failed;
    view.removeAttribute("role");
  };
  if (typeof window.vegaEmbed !== "function") {
    failed();
  } else {
    window.vegaEmbed(view, spec, options.embed).catch(failed);
  }
}
