// Maps drawn from vendored Natural Earth outlines (world-atlas TopoJSON),
// decoded by topojson-client, projected equirectangularly into SVG. No tiles,
// no network beyond this server. Markers come from the events API (map page)
// or from the article's place list (article view). Text goes in via
// textContent / attributes only, never as markup.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 960, H = 480;

  function project(lon, lat) { return [(lon + 180) * W / 360, (90 - lat) * H / 180]; }

  function ringPath(ring) {
    var d = "";
    for (var i = 0; i < ring.length; i++) {
      var p = project(ring[i][0], ring[i][1]);
      d += (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1);
    }
    return d + "Z";
  }

  function geometryPath(g) {
    if (!g) return "";
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polys.map(function (poly) { return poly.map(ringPath).join(""); }).join("");
  }

  function el(name, attrs) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function drawCountries(svg, topo) {
    var layer = el("g", { "class": "countries" });
    var features = topojson.feature(topo, topo.objects.countries).features;
    features.forEach(function (f) {
      var path = el("path", { d: geometryPath(f.geometry), "class": "country" });
      var title = el("title", {});
      title.textContent = (f.properties && f.properties.name) || "";
      path.appendChild(title);
      layer.appendChild(path);
    });
    svg.appendChild(layer);
    return features.length;
  }

  // Points sharing a position become one marker sized by their count.
  function groupPoints(points) {
    var groups = {};
    points.forEach(function (p) {
      var key = p.lat.toFixed(2) + "," + p.lon.toFixed(2);
      (groups[key] = groups[key] || { lat: p.lat, lon: p.lon, items: [] }).items.push(p);
    });
    return Object.keys(groups).map(function (k) { return groups[k]; });
  }

  function drawMarkers(svg, points) {
    var layer = el("g", { "class": "markers" });
    groupPoints(points).forEach(function (g) {
      var xy = project(g.lon, g.lat);
      var r = Math.min(14, 3 + 2 * Math.sqrt(g.items.length));
      var circle = el("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1), "class": "marker" });
      var title = el("title", {});
      title.textContent = g.items.slice(0, 8).map(function (p) { return p.label; }).join("\n") +
        (g.items.length > 8 ? "\n… " + (g.items.length - 8) + " more" : "");
      circle.appendChild(title);
      var href = g.items[0].href;
      if (href) {
        var link = el("a", { href: href });
        link.appendChild(circle);
        layer.appendChild(link);
      } else {
        layer.appendChild(circle);
      }
    });
    svg.appendChild(layer);
    fitView(svg, points);
  }

  // Zoom to the markers, keeping the 2:1 shape and at least ~30 degrees across.
  function fitView(svg, points) {
    if (!points.length) return;
    var xs = [], ys = [];
    points.forEach(function (p) { var xy = project(p.lon, p.lat); xs.push(xy[0]); ys.push(xy[1]); });
    var minW = 80, pad = 40;
    var x0 = Math.min.apply(null, xs) - pad, x1 = Math.max.apply(null, xs) + pad;
    var y0 = Math.min.apply(null, ys) - pad, y1 = Math.max.apply(null, ys) + pad;
    var w = Math.max(minW, x1 - x0, 2 * (y1 - y0)), h = w / 2;
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    svg.setAttribute("viewBox", [cx - w / 2, cy - h / 2, w, h].map(function (v) { return v.toFixed(1); }).join(" "));
    svg.classList.add("zoomed");
  }

  function eventPoints(data) {
    return (data.events || []).filter(function (e) {
      return typeof e.lat === "number" && typeof e.lon === "number";
    }).map(function (e) {
      return {
        lat: e.lat, lon: e.lon,
        label: [e.date_start || "", e.type || "", e.place_name || "", e.outlet || ""].join(" · "),
        href: "/articles/" + encodeURIComponent(e.article_id)
      };
    });
  }

  function placePoints() {
    var items = document.querySelectorAll("#place-list [data-lat]");
    return Array.prototype.map.call(items, function (li) {
      return { lat: parseFloat(li.getAttribute("data-lat")), lon: parseFloat(li.getAttribute("data-lon")),
               label: li.getAttribute("data-name") || "", href: null };
    }).filter(function (p) { return isFinite(p.lat) && isFinite(p.lon); });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function setStatus(text) {
    var status = document.getElementById("map-status");
    if (status) status.textContent = text;
  }

  function init(svg) {
    var atlas = getJSON(svg.getAttribute("data-atlas"));
    var eventsUrl = svg.getAttribute("data-events");
    var events = eventsUrl ? getJSON(eventsUrl) : Promise.resolve(null);
    Promise.all([atlas, events]).then(function (res) {
      drawCountries(svg, res[0]);
      var points = res[1] ? eventPoints(res[1]) : placePoints();
      drawMarkers(svg, points);
      svg.setAttribute("data-ready", "true");
      if (res[1]) {
        setStatus(res[1].count + " event mention" + (res[1].count === 1 ? "" : "s") + ", " +
                  points.length + " with a position" +
                  (res[1].count > res[1].events.length ? " (first " + res[1].events.length + " shown)" : ""));
      }
    }).catch(function (err) {
      setStatus("The map could not be drawn: " + err.message);
    });
  }

  document.querySelectorAll("svg.map[data-atlas]").forEach(init);
})();
