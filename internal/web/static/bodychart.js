// Body charts: place a finding on a chart by tapping it. Optional: without
// it, the form's selects and inputs say everything (keyboard and screen-reader
// users choose the view and the region in the lists; x and y are not needed).
// Load with <script src="..." defer></script>; no inline scripts (CSP).
//
// Markup contract:
//   <div data-bodychart> ... </div> holds the charts and the finding rows.
//   Each chart is internal/bodychart's SVG with Options.Regions:
//     <svg class="bodychart" data-view="front" data-w="100" data-h="200"
//          data-mark-r="4"> ... <polygon data-region="chest" .../> ...
//          <g class="bodychart-marks"> ... </g></svg>
//   Each finding row, N being the finding's number (shown on its mark):
//     <fieldset data-finding="N">
//       <select name="finding_view_N">  (options: the chart views, and "")
//       <input name="finding_x_N"> <input name="finding_y_N">  (may be hidden)
//       <select name="finding_region_N">  (options: region codes, and "")
//       <button type="button" data-place="N">Place on the chart</button>
//     </fieldset>
// Pressing a row's button makes it the active row (the row gets the class
// "is-placing", the container "bodychart-placing"); a tap on a chart then sets
// the row's view, x and y (fractions of the chart's box, 4 decimals) and, when
// the tap is on the body, its region, and moves the row's numbered mark there.
// Escape, or pressing the button again, stops placing. Changing a row's view
// by hand clears its x and y, since the point belonged to the other view.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";

  document.querySelectorAll("[data-bodychart]").forEach(function (root) {
    let active = null; // the number of the row being placed
    let placing = false; // the script itself is setting values

    const field = (n, what) => root.querySelector(`[name="finding_${what}_${n}"]`);
    const row = (n) => root.querySelector(`[data-finding="${n}"]`);

    function setActive(n) {
      root.querySelectorAll("[data-place]").forEach(function (b) {
        const on = b.getAttribute("data-place") === n;
        b.setAttribute("aria-pressed", on ? "true" : "false");
        const r = row(b.getAttribute("data-place"));
        if (r) { r.classList.toggle("is-placing", on); }
      });
      root.classList.toggle("bodychart-placing", n !== null);
      active = n;
    }

    function setValue(el, v) {
      if (el && el.value !== v) {
        el.value = v;
        placing = true;
        el.dispatchEvent(new Event("change", { bubbles: true }));
        placing = false;
      }
    }

    // drawMark redraws row n's mark from its inputs, on its view's chart.
    function drawMark(n) {
      root.querySelectorAll(`.bodychart-mark[data-no="${n}"]`).forEach((m) => m.remove());
      const view = field(n, "view"), fx = field(n, "x"), fy = field(n, "y");
      if (!view || !fx || !fy || fx.value === "" || fy.value === "") { return; }
      const svg = root.querySelector(`svg.bodychart[data-view="${view.value}"]`);
      const x = parseFloat(fx.value), y = parseFloat(fy.value);
      if (!svg || !isFinite(x) || !isFinite(y)) { return; }
      const w = parseFloat(svg.dataset.w), h = parseFloat(svg.dataset.h);
      const r = parseFloat(svg.dataset.markR) || 4;
      const cx = clamp(x) * w, cy = clamp(y) * h;
      const size = r * (n.length === 1 ? 1.22 : n.length === 2 ? 1.08 : 0.78); // as markFont in svg.go
      const g = el("g", { class: "bodychart-mark", "data-no": n });
      g.appendChild(el("circle", { cx: cx, cy: cy, r: r, fill: "#fff", stroke: "#b00020", "stroke-width": 0.9 }));
      const t = el("text", {
        x: cx, y: cy + size * 0.36, "font-family": "sans-serif", "font-size": size,
        "font-weight": "bold", fill: "#000", "text-anchor": "middle",
      });
      t.textContent = n;
      g.appendChild(t);
      let marks = svg.querySelector(".bodychart-marks");
      if (!marks) {
        marks = svg.appendChild(el("g", { class: "bodychart-marks", "pointer-events": "none" }));
      }
      marks.appendChild(g);
    }

    function el(name, attrs) {
      const e = document.createElementNS(NS, name);
      Object.keys(attrs).forEach((k) => e.setAttribute(k, String(attrs[k])));
      return e;
    }

    function clamp(v) { return Math.min(1, Math.max(0, v)); }

    root.addEventListener("click", function (e) {
      const b = e.target.closest("[data-place]");
      if (!b) { return; }
      const n = b.getAttribute("data-place");
      setActive(active === n ? null : n);
    });

    // pointerup, not click: a tap, a click and a pen all end in one, and a
    // finger that scrolls the page ends in pointercancel instead.
    root.querySelectorAll("svg.bodychart").forEach(function (svg) {
      svg.addEventListener("pointerup", function (e) {
        if (active === null || !e.isPrimary || (e.pointerType === "mouse" && e.button !== 0)) { return; }
        const ctm = svg.getScreenCTM();
        if (!ctm) { return; }
        const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
        const n = active;
        setValue(field(n, "view"), svg.dataset.view);
        setValue(field(n, "x"), clamp(p.x / parseFloat(svg.dataset.w)).toFixed(4));
        setValue(field(n, "y"), clamp(p.y / parseFloat(svg.dataset.h)).toFixed(4));
        const hit = e.target.closest ? e.target.closest("[data-region]") : null;
        const region = field(n, "region"), code = hit && hit.getAttribute("data-region");
        if (code && region && [...region.options].some((o) => o.value === code)) {
          setValue(region, code);
        }
        drawMark(n);
        setActive(null);
        e.preventDefault();
      });
    });

    root.addEventListener("change", function (e) {
      const m = /^finding_(view|x|y)_(\d+)$/.exec(e.target.name || "");
      if (!m) { return; }
      if (m[1] === "view" && !placing) { // by hand: the old point was on another view
        setValue(field(m[2], "x"), "");
        setValue(field(m[2], "y"), "");
      }
      drawMark(m[2]);
    });

    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && active !== null) { setActive(null); }
    });

    root.querySelectorAll("[data-finding]").forEach((r) => drawMark(r.getAttribute("data-finding")));
  });
})();
