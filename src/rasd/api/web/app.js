/* rasd web map.
 *
 * Rule one: article text and every other value from the database is untrusted. It reaches the page only as
 * text nodes (textContent / createTextNode) or as attributes we validate; innerHTML is never used, and
 * Leaflet tooltips get DOM elements, not strings (Leaflet puts strings in innerHTML). The server's
 * Content-Security-Policy (scripts from this origin only) backs that up.
 */
(function () {
  "use strict";

  var TYPE_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4"
  };
  var TYPES = Object.keys(TYPE_COLORS);
  var MAX_MARKERS = 5000;
  var PAGE = 500;
  var LIST_MAX = 200;
  var STATUS_EVERY_MS = 60000;

  var I18N = {
    en: {
      filters: "Filters", country: "Country", eventType: "Event type", actor: "Actor", from: "From", to: "To",
      text: "Text", textHint: "Arabic or English words", apply: "Apply", reset: "Reset", any: "Any",
      apiDocs: "API", exportCsv: "Download CSV", timeline: "Events per day",
      timelineHint: "click a day or drag a range to filter", clearRange: "clear range",
      lastIngest: "Last ingest", events: "events", documents: "documents", dropped: "dropped", never: "never",
      results: "{n} events", result1: "1 event", more: "… and {n} more: narrow the filters to list them", shownOf: "showing {n} of {total} on the map", noEvents: "No events match these filters.",
      loading: "Loading…", date: "Date", location: "Location", actors: "Actors", fatalities: "Fatalities",
      injuries: "Injuries", sources: "Sources", claims: "Who said what", evidence: "Evidence",
      article: "Article", reported_by: "reported by", denied_by: "denied by", claimed_by: "claimed by",
      showArticle: "show article", fatalitiesShort: "killed", precision: "precision",
      noArticle: "The article text is not in the database.", open: "open",
      assetsMissing: "Map assets are not installed, so the map cannot be drawn. In the source tree run: npm ci && python scripts/vendor_web_assets.py",
      loadError: "Could not load data from the server", civilianTargeting: "civilian targeting",
      notes: "Notes", confidence: "Confidence", vs: "vs", corrections: "Corrections"
    },
    ar: {
      filters: "التصفية", country: "الدولة", eventType: "نوع الحدث", actor: "الفاعل", from: "من", to: "إلى",
      text: "نص", textHint: "كلمات بالعربية أو الإنجليزية", apply: "تطبيق", reset: "إعادة ضبط", any: "الكل",
      apiDocs: "واجهة البرمجة", exportCsv: "تنزيل CSV", timeline: "الأحداث يوميا",
      timelineHint: "انقر يوما أو اسحب مدى للتصفية", clearRange: "إلغاء المدى",
      lastIngest: "آخر إدخال", events: "حدث", documents: "مقال", dropped: "مستبعد", never: "لم يحدث",
      results: "{n} حدث", result1: "حدث واحد", more: "… و{n} غيرها: ضيق التصفية لعرضها", shownOf: "يظهر {n} من {total} على الخريطة", noEvents: "لا أحداث تطابق هذه المعايير.",
      loading: "جار التحميل…", date: "التاريخ", location: "المكان", actors: "الفاعلون", fatalities: "القتلى",
      injuries: "الجرحى", sources: "المصادر", claims: "من قال ماذا", evidence: "الدليل",
      article: "المقال", reported_by: "أورده", denied_by: "نفاه", claimed_by: "تبناه",
      showArticle: "عرض المقال", fatalitiesShort: "قتيل", precision: "الدقة",
      noArticle: "نص المقال غير موجود في قاعدة البيانات.", open: "فتح",
      assetsMissing: "ملفات الخريطة غير مثبتة، فلا يمكن رسم الخريطة. نفذ في شجرة المصدر: npm ci && python scripts/vendor_web_assets.py",
      loadError: "تعذر تحميل البيانات من الخادم", civilianTargeting: "استهداف مدنيين",
      notes: "ملاحظات", confidence: "الثقة", vs: "ضد", corrections: "التصحيحات"
    }
  };
  var TYPE_AR = {
    "Battles": "معارك",
    "Explosions/Remote violence": "انفجارات وعنف عن بعد",
    "Violence against civilians": "عنف ضد المدنيين",
    "Protests": "احتجاجات",
    "Riots": "أعمال شغب",
    "Strategic developments": "تطورات استراتيجية"
  };

  var state = {
    lang: "en",
    filters: {},
    events: [],
    total: 0,
    selected: null,
    stats: null,
    status: null,
    map: null,
    cluster: null,
    markers: {},
    loadSeq: 0
  };
  try { state.lang = localStorage.getItem("rasd.lang") || (navigator.language || "en").slice(0, 2); } catch (e) { /* storage off */ }
  if (!I18N[state.lang]) { state.lang = "en"; }

  // ------------------------------------------------------------------ small DOM helpers (text only)

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === "text") { node.textContent = String(v); }
        else if (k === "className") { node.className = v; }
        else if (k.slice(0, 2) === "on") { node.addEventListener(k.slice(2), v); }
        else { node.setAttribute(k, String(v)); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) { continue; }
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function t(key, vars) {
    var s = (I18N[state.lang] && I18N[state.lang][key]) || I18N.en[key] || key;
    if (vars) { Object.keys(vars).forEach(function (k) { s = s.replace("{" + k + "}", vars[k]); }); }
    return s;
  }

  function typeLabel(type) { return state.lang === "ar" ? (TYPE_AR[type] || type) : type; }
  function color(type) { return TYPE_COLORS[type] || "#777"; }
  function fmt(n) { return (n === null || n === undefined) ? "" : Number(n).toLocaleString(state.lang === "ar" ? "ar-u-nu-latn" : "en"); }

  // Only http(s) links: a javascript: or data: URL from an article must never become clickable.
  function safeUrl(u) {
    if (typeof u !== "string") { return null; }
    try {
      var p = new URL(u, location.href);
      return (p.protocol === "http:" || p.protocol === "https:") ? p.href : null;
    } catch (e) { return null; }
  }

  function isArabic(s) { return /[\u0600-\u06FF]/.test(s || ""); }
  // dir="auto" lets the browser pick the direction of each value from its first strong character.
  function bidi(tag, s, cls) { return el(tag, { dir: "auto", className: cls || null, text: s == null ? "" : s }); }

  function notice(msg) { var n = $("notice"); n.textContent = msg; n.hidden = !msg; }

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(r.status + " " + r.statusText); }
      return r.json();
    });
  }

  function query(extra) {
    var p = new URLSearchParams();
    var f = state.filters;
    Object.keys(f).forEach(function (k) { if (f[k]) { p.set(k, f[k]); } });
    if (extra) { Object.keys(extra).forEach(function (k) { p.set(k, extra[k]); }); }
    return p.toString();
  }

  // ------------------------------------------------------------------ language

  function applyLang() {
    var ar = state.lang === "ar";
    document.documentElement.lang = ar ? "ar" : "en";
    document.documentElement.dir = ar ? "rtl" : "ltr";
    $("lang-toggle").textContent = ar ? "English" : "العربية";
    document.querySelectorAll("[data-i18n]").forEach(function (n) { n.textContent = t(n.getAttribute("data-i18n")); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (n) {
      n.setAttribute("placeholder", t(n.getAttribute("data-i18n-placeholder")));
    });
    fillTypeSelect();
    if (state.stats) { fillCountrySelect(); }
    renderLegend();
    renderStatus();
    renderList();
    renderTimeline();
    if (state.selected) { openEvent(state.selected, true); }
  }

  // ------------------------------------------------------------------ filters

  function fillTypeSelect() {
    var sel = $("f-type");
    var cur = sel.value;
    clear(sel);
    sel.appendChild(el("option", { value: "", text: t("any") }));
    TYPES.forEach(function (ty) { sel.appendChild(el("option", { value: ty, text: typeLabel(ty) })); });
    sel.value = cur;
  }

  function fillCountrySelect() {
    var sel = $("f-country");
    var cur = sel.value || state.filters.country || "";
    clear(sel);
    sel.appendChild(el("option", { value: "", text: t("any") }));
    var byCountry = (state.stats && state.stats.by_country) || {};
    Object.keys(byCountry).filter(function (c) { return c && c !== "None" && c !== "null"; })
      .sort(function (a, b) { return byCountry[b] - byCountry[a]; })
      .forEach(function (c) { sel.appendChild(el("option", { value: c, text: c + " (" + fmt(byCountry[c]) + ")" })); });
    sel.value = cur;
  }

  function readForm() {
    var f = {};
    ["country", "type", "actor", "since", "until", "q"].forEach(function (k) {
      var v = $("f-" + k).value.trim();
      if (v) { f[k] = v; }
    });
    return f;
  }

  function writeForm() {
    ["country", "type", "actor", "since", "until", "q"].forEach(function (k) {
      var input = $("f-" + k), v = state.filters[k] || "";
      // A value from the URL may arrive before the country list does: keep it selectable meanwhile.
      if (input.tagName === "SELECT" && v && !Array.prototype.some.call(input.options, function (o) { return o.value === v; })) {
        input.appendChild(el("option", { value: v, text: v }));
      }
      input.value = v;
    });
  }

  function setFilters(f) {
    state.filters = f;
    writeForm();
    var h = query();
    history.replaceState(null, "", h ? "#" + h : location.pathname);
    $("export-link").setAttribute("href", "api/v1/export?" + query({ format: "csv" }));
    renderLegend();
    renderTimeline();
    loadEvents();
  }

  function renderLegend() {
    var box = $("legend");
    clear(box);
    TYPES.forEach(function (ty) {
      var off = state.filters.type && state.filters.type !== ty;
      box.appendChild(el("button", {
        type: "button", className: off ? "off" : null, "data-type": ty, title: ty,
        onclick: function () {
          var f = Object.assign({}, state.filters);
          if (f.type === ty) { delete f.type; } else { f.type = ty; }
          setFilters(f);
        }
      }, el("span", { className: "dot", style: "background:" + color(ty) }), typeLabel(ty)));
    });
  }

  // ------------------------------------------------------------------ status

  function renderStatus() {
    var box = $("status");
    clear(box);
    var s = state.status;
    if (!s) { return; }
    var counts = s.counts || s;
    var last = s.last_ingest || s.last_ingest_at || s.last_run_finished || (s.last_run && (s.last_run.finished_at || s.last_run.started_at));
    box.appendChild(document.createTextNode(t("lastIngest") + ": "));
    box.appendChild(el("b", { id: "last-ingest", text: last ? String(last).replace("T", " ").replace(/\.\d+/, "").replace(/(\+00:00|Z)$/, " UTC") : t("never") }));
    var parts = [];
    if (counts.events !== undefined) { parts.push(fmt(counts.events) + " " + t("events")); }
    if (counts.documents !== undefined) { parts.push(fmt(counts.documents) + " " + t("documents")); }
    var dropped = counts.dropped;
    if (dropped && typeof dropped === "object") {
      dropped = Object.keys(dropped).reduce(function (a, k) { return a + Number(dropped[k] || 0); }, 0);
    }
    if (dropped) { parts.push(fmt(dropped) + " " + t("dropped")); }
    if (parts.length) { box.appendChild(el("span", { id: "counts", text: " · " + parts.join(" · ") })); }
  }

  // ------------------------------------------------------------------ map

  function initMap() {
    if (typeof window.L === "undefined") {
      notice(t("assetsMissing"));
      $("map").appendChild(el("p", { className: "muted", style: "padding:20px", text: t("assetsMissing") }));
      return;
    }
    var map = L.map("map", { zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 14, preferCanvas: false });
    map.setView([31, 40], 4);
    state.map = map;
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Natural Earth · world-atlas");
    // Country shapes from world-atlas, drawn in a low pane: the map has no tile server, so it works offline.
    map.createPane("land");
    map.getPane("land").style.zIndex = 250;
    fetch("static/vendor/world-atlas/countries-50m.json").then(function (r) { return r.ok ? r.json() : null; })
      .then(function (topo) {
        if (!topo || typeof window.topojson === "undefined") { return; }
        var geo = window.topojson.feature(topo, topo.objects.countries);
        geo.features.forEach(function (f) { unwrapGeometry(f.geometry); });
        L.geoJSON(geo, {
          pane: "land", interactive: false,
          style: { color: "#bdb6a7", weight: 0.8, fillColor: "#f3f0e8", fillOpacity: 1 }
        }).addTo(map);
      }).catch(function () { /* the events still show without the shapes */ });
    if (L.markerClusterGroup) {
      state.cluster = L.markerClusterGroup({
        maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, chunkedLoading: true,
        iconCreateFunction: clusterIcon
      });
    } else {
      state.cluster = L.layerGroup();
    }
    state.cluster.addTo(map);
    // The grid settles after the map is made (fonts, list, timeline): keep Leaflet's idea of its size right.
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize({ pan: false }); }).observe($("map"));
    }
  }

  // Shapes that cross the antimeridian (Russia, Fiji) would draw a line across the whole map: shift each
  // ring's longitudes so consecutive points never jump by more than 180 degrees.
  function unwrapRing(ring) {
    for (var i = 1; i < ring.length; i++) {
      var d = ring[i][0] - ring[i - 1][0];
      if (d > 180) { ring[i][0] -= 360; } else if (d < -180) { ring[i][0] += 360; }
    }
  }
  function unwrapGeometry(g) {
    if (!g) { return; }
    if (g.type === "Polygon") { g.coordinates.forEach(unwrapRing); }
    else if (g.type === "MultiPolygon") { g.coordinates.forEach(function (p) { p.forEach(unwrapRing); }); }
  }

  // A cluster is a small pie of the event types inside it, so a dense area still shows what happens there.
  function clusterIcon(cluster) {
    var counts = {};
    var children = cluster.getAllChildMarkers();
    children.forEach(function (m) { counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1; });
    var total = children.length, acc = 0, stops = [];
    TYPES.concat([""]).forEach(function (ty) {
      var n = counts[ty] || 0;
      if (!n) { return; }
      var a = acc / total * 360; acc += n; var b = acc / total * 360;
      stops.push(color(ty) + " " + a.toFixed(1) + "deg " + b.toFixed(1) + "deg");
    });
    var size = Math.min(54, 26 + Math.round(Math.log(total) * 5));
    var div = el("div", { className: "rasd-cluster" }, el("span", { text: fmt(total) }));
    div.style.width = size + "px";
    div.style.height = size + "px";
    div.style.background = "conic-gradient(" + stops.join(",") + ")";
    return L.divIcon({ html: div, className: "rasd-cluster-wrap", iconSize: L.point(size, size) });
  }

  function radius(fat) { return Math.min(22, 5 + 2.2 * Math.sqrt(Math.max(0, Number(fat) || 0))); }

  function tooltipFor(e) {
    return el("div", null,
      el("strong", { text: typeLabel(e.event_type) }), el("br"),
      bidi("span", [e.event_date, e.location_ar || e.location, e.country].filter(Boolean).join(" · ")),
      e.fatalities ? el("div", { className: "figure", text: fmt(e.fatalities) + " " + t("fatalitiesShort") }) : null);
  }

  function drawMarkers(fit) {
    if (!state.map) { return; }
    state.cluster.clearLayers();
    state.markers = {};
    var layers = [];
    state.events.forEach(function (e) {
      if (e.latitude === null || e.latitude === undefined || e.longitude === null || e.longitude === undefined) { return; }
      var m = L.circleMarker([e.latitude, e.longitude], {
        radius: radius(e.fatalities), color: state.selected === e.id ? "#111111" : "#ffffff",
        weight: state.selected === e.id ? 3 : 1.2, fillColor: color(e.event_type), fillOpacity: 0.88,
        eventType: e.event_type, eventId: e.id, className: "rasd-marker"
      });
      m.bindTooltip(tooltipFor(e), { direction: "top", offset: [0, -4] });
      m.on("click", function () { openEvent(e.id); });
      m.on("add", function () {
        var p = m.getElement && m.getElement();
        if (p) { p.setAttribute("data-event-id", e.id); p.setAttribute("data-event-type", e.event_type || ""); }
      });
      state.markers[e.id] = m;
      layers.push(m);
    });
    if (state.cluster.addLayers) { state.cluster.addLayers(layers); } else { layers.forEach(function (l) { state.cluster.addLayer(l); }); }
    if (layers.length && fit !== false) {
      var b = L.latLngBounds(layers.map(function (l) { return l.getLatLng(); }));
      state.map.fitBounds(b.pad(0.2), { maxZoom: 6, animate: false });
    }
    var note = $("map-note");
    note.hidden = state.total <= state.events.length;
    note.textContent = t("shownOf", { n: fmt(state.events.length), total: fmt(state.total) });
  }

  // ------------------------------------------------------------------ events

  function loadEvents() {
    var seq = ++state.loadSeq;
    $("result-count").textContent = t("loading");
    var got = [];
    function page(offset) {
      return getJSON("api/v1/events?" + query({ fields: "summary", limit: PAGE, offset: offset })).then(function (p) {
        if (seq !== state.loadSeq) { return null; }
        got = got.concat(p.items);
        state.total = p.total;
        // Draw each page as it arrives: on a large database the first markers show while the rest load.
        state.events = got;
        if (offset === 0) { renderList(); }
        drawMarkers(offset === 0);
        if (p.next_offset !== null && p.next_offset !== undefined && got.length < MAX_MARKERS) { return page(p.next_offset); }
        return got;
      });
    }
    return page(0).catch(function (err) {
      if (seq === state.loadSeq) { $("result-count").textContent = t("loadError") + ": " + err.message; }
    });
  }

  function renderList() {
    var list = $("event-list");
    clear(list);
    if (state.loadSeq === 0) { return; }
    $("result-count").textContent = t(state.total === 1 ? "result1" : "results", { n: fmt(state.total) });
    if (!state.events.length) { list.appendChild(el("li", { className: "muted", text: t("noEvents") })); return; }
    var shown = Math.min(LIST_MAX, state.events.length);
    state.events.slice(0, shown).forEach(function (e) {
      var li = el("li", {
        tabindex: "0", "data-event-id": e.id, className: state.selected === e.id ? "selected" : null,
        onclick: function () { openEvent(e.id); },
        onkeydown: function (ev) { if (ev.key === "Enter") { openEvent(e.id); } }
      },
      el("span", { className: "dot", style: "background:" + color(e.event_type), title: typeLabel(e.event_type) }),
      bidi("span", [e.location_ar && state.lang === "ar" ? e.location_ar : e.location, e.country].filter(Boolean).join(", ") || "—", "where"),
      e.fatalities ? el("span", { className: "fat", text: "✝ " + fmt(e.fatalities) }) : el("span"),
      el("span", { className: "when", text: (e.event_date || "") + " · " + typeLabel(e.event_type) }));
      list.appendChild(li);
    });
    if (state.total > shown) {
      list.appendChild(el("li", { className: "muted more", text: t("more", { n: fmt(state.total - shown) }) }));
    }
  }

  function fact(dl, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(el("dt", { text: label }));
    dl.appendChild(typeof value === "object" ? el("dd", null, value) : bidi("dd", String(value)));
  }

  function openEvent(id, keepScroll) {
    state.selected = id;
    document.querySelectorAll(".event-list li.selected").forEach(function (n) { n.classList.remove("selected"); });
    var li = document.querySelector('.event-list li[data-event-id="' + CSS.escape(id) + '"]');
    if (li) { li.classList.add("selected"); }
    var panel = $("panel"), body = $("panel-body");
    panel.hidden = false;
    Object.keys(state.markers).forEach(function (k) {
      state.markers[k].setStyle({ color: k === id ? "#111111" : "#ffffff", weight: k === id ? 3 : 1.2 });
    });
    var mk = state.markers[id];
    if (state.map && mk) {
      setTimeout(function () {
        state.map.invalidateSize();
        if (state.cluster.getVisibleParent && state.cluster.getVisibleParent(mk) !== mk) {
          state.cluster.zoomToShowLayer(mk);
        } else {
          state.map.panInside(mk.getLatLng(), { padding: [60, 60], animate: false });
        }
      }, 0);
    }
    if (!keepScroll) { clear(body); body.appendChild(el("p", { className: "muted", text: t("loading") })); }
    getJSON("api/v1/events/" + encodeURIComponent(id)).then(function (ev) {
      if (state.selected !== id) { return; }
      renderEvent(ev);
    }).catch(function (err) {
      clear(body);
      body.appendChild(el("p", { className: "error", text: t("loadError") + ": " + err.message }));
    });
  }

  function renderEvent(ev) {
    var body = $("panel-body");
    clear(body);
    body.setAttribute("data-event-id", ev.id);
    body.appendChild(el("span", { className: "badge", style: "background:" + color(ev.event_type), text: typeLabel(ev.event_type) }));
    body.appendChild(el("h3", { text: ev.sub_event_type || "" }));
    var where = [ev.location, ev.admin1, ev.country].filter(Boolean).join(", ");
    body.appendChild(el("div", { className: "subtitle" },
      el("span", { text: (ev.event_date || "") + " · " }), bidi("span", where),
      ev.location_ar ? el("span", { text: " · " }) : null, ev.location_ar ? bidi("span", ev.location_ar) : null));

    var dl = el("dl", { className: "facts" });
    fact(dl, t("date"), ev.event_date ? ev.event_date + (ev.time_precision && ev.time_precision > 1 ? " (" + t("precision") + " " + ev.time_precision + ")" : "") : null);
    var actors = el("span", null,
      bidi("span", ev.actor1 || "—"), ev.actor1_ar ? bidi("span", " (" + ev.actor1_ar + ")", "muted") : null,
      ev.actor2 ? el("span", { className: "muted", text: " " + t("vs") + " " }) : null,
      ev.actor2 ? bidi("span", ev.actor2) : null, ev.actor2_ar ? bidi("span", " (" + ev.actor2_ar + ")", "muted") : null);
    fact(dl, t("actors"), actors);
    fact(dl, t("fatalities"), ev.fatalities !== undefined ? fmt(ev.fatalities) : null);
    fact(dl, t("injuries"), ev.injuries !== null && ev.injuries !== undefined ? fmt(ev.injuries) : null);
    if (ev.civilian_targeting) { fact(dl, "", t("civilianTargeting")); }
    fact(dl, t("notes"), ev.notes);
    body.appendChild(dl);

    // Claims carry who said it and in which outlet; the joined reported_by/denied_by fields are the fallback.
    var claims = (ev.claims || []).slice();
    if (!claims.length) {
      ["reported_by", "denied_by", "claimed_by"].forEach(function (k) { if (ev[k]) { claims.push({ kind: k, who: ev[k] }); } });
    }
    if (claims.length) {
      body.appendChild(el("h4", { text: t("claims") }));
      var cl = el("ul", { className: "claims" });
      claims.forEach(function (c) {
        var figs = c.figures ? Object.keys(c.figures).map(function (k) { return t(k) + ": " + fmt(c.figures[k]); }).join(", ") : "";
        cl.appendChild(el("li", { className: c.kind === "denied_by" ? "denied" : null, "data-claim": c.kind },
          el("span", { className: "claim-kind", text: t(c.kind) }), bidi("span", c.who),
          c.outlet ? el("span", { className: "muted" }, " · ", bidi("span", c.outlet)) : null,
          figs ? el("span", { className: "figure", text: " — " + figs }) : null));
      });
      body.appendChild(cl);
    }

    var ev0 = ev.evidence && ev.evidence.text ? ev.evidence.text : null;
    var sources = ev.sources || [];
    if (sources.length) {
      body.appendChild(el("h4", { text: t("sources") + " (" + sources.length + ")" }));
      var sl = el("ul", { className: "sources", id: "sources" });
      sources.forEach(function (s, i) {
        var url = safeUrl(s.url);
        var figs = [];
        // 0 is a source giving no figure (the store treats it as silent), so only positive figures show.
        if (s.fatalities > 0) { figs.push(t("fatalities") + ": " + fmt(s.fatalities)); }
        if (s.injuries > 0) { figs.push(t("injuries") + ": " + fmt(s.injuries)); }
        if (s.figures) { Object.keys(s.figures).forEach(function (k) { figs.push(t(k) + ": " + fmt(s.figures[k])); }); }
        var li = el("li", { "data-doc-id": s.doc_id || "" },
          bidi("strong", s.outlet || s.source || s.doc_id || "?"),
          s.published ? el("span", { className: "muted", text: " · " + s.published }) : null,
          figs.length ? el("div", { className: "figure", text: figs.join(" · ") }) : null,
          s.reported_by ? el("div", null, el("span", { className: "claim-kind", text: t("reported_by") }), bidi("span", s.reported_by)) : null,
          s.denied_by ? el("div", { className: "denied" }, el("span", { className: "claim-kind", text: t("denied_by") }), bidi("span", s.denied_by)) : null,
          el("div", null,
            s.doc_id ? el("button", { type: "button", className: "link", text: t("showArticle"),
              onclick: function () { showArticle(ev, s, li); } }) : null,
            url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow", text: " ↗ " + (new URL(url)).hostname }) : null));
        sl.appendChild(li);
        if (i === 0) { li.classList.add("active"); }
      });
      body.appendChild(sl);
    }

    if (ev0) {
      body.appendChild(el("h4", { text: t("evidence") }));
      body.appendChild(el("blockquote", { className: "evidence", dir: "auto", lang: isArabic(ev0) ? "ar" : null, text: ev0 }));
    }
    body.appendChild(el("div", { id: "article-box" }));
    var first = sources.filter(function (s) { return s.doc_id; })[0];
    var docId = first ? first.doc_id : ev.doc_id;
    if (docId) { showArticle(ev, first || { doc_id: docId }, sl ? sl.firstChild : null); }
    loadCorrections(ev.id, body);
  }

  function loadCorrections(id, body) {
    getJSON("api/v1/events/" + encodeURIComponent(id) + "/corrections").then(function (r) {
      if (!r.items || !r.items.length || $("panel-body") !== body) { return; }
      body.appendChild(el("h4", { text: t("corrections") }));
      var ul = el("ul", { className: "claims" });
      r.items.forEach(function (c) {
        ul.appendChild(el("li", null, el("span", { className: "claim-kind", text: c.kind }),
          bidi("span", (c.who || "") + " · " + (c.at || "") + (c.note ? " · " + c.note : ""))));
      });
      body.appendChild(ul);
    }).catch(function () { /* stores without a correction log */ });
  }

  function showArticle(ev, source, li) {
    var box = $("article-box");
    if (!box) { return; }
    document.querySelectorAll("#sources li.active").forEach(function (n) { n.classList.remove("active"); });
    if (li) { li.classList.add("active"); }
    clear(box);
    box.appendChild(el("h4", { text: t("article") }));
    var art = el("div", { className: "article", id: "article", dir: "rtl", lang: "ar" });
    art.appendChild(el("span", { className: "muted", text: t("loading") }));
    box.appendChild(art);
    getJSON("api/v1/documents/" + encodeURIComponent(source.doc_id)).then(function (doc) {
      clear(art);
      if (!isArabic(doc.text)) { art.setAttribute("dir", "auto"); art.removeAttribute("lang"); }
      if (doc.title && doc.text.indexOf(doc.title) !== 0) { art.appendChild(el("span", { className: "title", text: doc.title })); }
      // Which marks belong to this event: the event's own id, the id of this source's report, or the mark
      // whose evidence offsets match the source's evidence.
      // Marks of this source's own report if it has one in the document, else of this event, else all.
      function hits(r) {
        if (source.report_id && (r.reports || []).indexOf(source.report_id) >= 0) { return 2; }
        return (r.events || []).indexOf(ev.id) >= 0 ? 1 : 0;
      }
      var runs = doc.runs || [{ text: doc.text, kinds: [], events: [], reports: [] }];
      var level = runs.reduce(function (a, r) { return Math.max(a, hits(r)); }, 0);
      var firstMark = null;
      runs.forEach(function (r) {
        var rel = level === 0 || hits(r) >= level;
        var kinds = rel ? (r.kinds || []) : [];
        if (!kinds.length) { art.appendChild(document.createTextNode(r.text)); return; }
        var node = document.createTextNode(r.text);
        var wrap = null;
        kinds.slice().reverse().forEach(function (k) {
          if (k === "evidence") { return; }
          var span = el("span", { className: "k-" + k.replace(/[^a-z0-9_]/gi, ""), title: t(k) });
          span.appendChild(wrap || node);
          wrap = span;
        });
        if (kinds.indexOf("evidence") >= 0) {
          var m = el("mark", { className: "ev-evidence" });
          m.appendChild(wrap || node);
          wrap = m;
          if (!firstMark) { firstMark = m; }
        }
        art.appendChild(wrap || node);
      });
      if (firstMark) {
        var top = firstMark.offsetTop - art.offsetTop - 40;
        art.scrollTop = Math.max(0, top);
      }
    }).catch(function (err) {
      clear(art);
      art.appendChild(el("span", { className: "muted", text: err.message.indexOf("404") === 0 ? t("noArticle") : t("loadError") }));
    });
  }

  // ------------------------------------------------------------------ timeline

  var NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    return n;
  }
  function dayNum(s) { return Math.floor(Date.parse(s + "T00:00:00Z") / 86400000); }
  function dayStr(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  function renderTimeline() {
    var box = $("timeline");
    clear(box);
    var days = (state.stats && state.stats.by_day || []).filter(function (d) { return /^\d{4}-\d{2}-\d{2}$/.test(d.day); });
    $("timeline-clear").hidden = !(state.filters.since || state.filters.until);
    if (!days.length) { return; }
    var W = box.clientWidth || 800, H = box.clientHeight || 110, padL = 34, padB = 16, padT = 6;
    var d0 = dayNum(days[0].day), d1 = dayNum(days[days.length - 1].day);
    var n = d1 - d0 + 1;
    var max = days.reduce(function (a, d) { return Math.max(a, d.total); }, 1);
    var bw = (W - padL - 4) / n;
    var rtl = document.documentElement.dir === "rtl";
    function x(dn) { var off = (dn - d0) * bw; return rtl ? W - 4 - off - bw : padL + off; }
    var plotH = H - padB - padT;
    var axis = svg("g", { "class": "axis" });
    axis.appendChild(svg("line", { x1: padL, x2: W - 4, y1: H - padB + 0.5, y2: H - padB + 0.5 }));
    var ymax = svg("text", { x: rtl ? W - 2 : padL - 4, y: padT + 8, "text-anchor": rtl ? "start" : "end" });
    ymax.textContent = fmt(max);
    axis.appendChild(ymax);
    var ticks = Math.min(8, n);
    for (var i = 0; i < ticks; i++) {
      var dn = d0 + Math.round(i * (n - 1) / Math.max(1, ticks - 1));
      // The end ticks anchor inwards so their labels stay inside the chart.
      var anchor = i === 0 ? (rtl ? "end" : "start") : (i === ticks - 1 ? (rtl ? "start" : "end") : "middle");
      var tx = svg("text", { x: i === 0 || i === ticks - 1 ? x(dn) + (anchor === "start" ? 0 : bw) : x(dn) + bw / 2, y: H - 3, "text-anchor": anchor });
      tx.textContent = dayStr(dn);
      axis.appendChild(tx);
    }
    box.appendChild(axis);
    var since = state.filters.since ? dayNum(state.filters.since) : null;
    var until = state.filters.until ? dayNum(state.filters.until) : null;
    var bars = svg("g", {});
    days.forEach(function (d) {
      var dn = dayNum(d.day), y = H - padB;
      var g = svg("g", { "class": "bar", "data-day": d.day });
      var dim = (since !== null && dn < since) || (until !== null && dn > until);
      var tip = d.day + ": " + fmt(d.total);
      TYPES.concat(Object.keys(d.counts).filter(function (k) { return TYPES.indexOf(k) < 0; })).forEach(function (ty) {
        var c = d.counts[ty];
        if (!c) { return; }
        if (state.filters.type && ty !== state.filters.type) { return; }
        var h = c / max * plotH;
        y -= h;
        g.appendChild(svg("rect", { x: x(dn) + (bw > 3 ? 0.5 : 0), y: y, width: Math.max(2, bw - (bw > 3 ? 1 : 0)), height: Math.max(h, 0.5),
          fill: color(ty), opacity: dim ? 0.25 : 1 }));
        tip += "\n" + typeLabel(ty) + ": " + fmt(c);
      });
      var title = svg("title", {});
      title.textContent = tip;
      g.appendChild(title);
      bars.appendChild(g);
    });
    box.appendChild(bars);
    var brush = svg("rect", { "class": "brush", x: 0, y: padT, width: 0, height: plotH, visibility: "hidden" });
    box.appendChild(brush);
    box._scale = { d0: d0, n: n, bw: bw, padL: padL, W: W, rtl: rtl, brush: brush };
  }

  function initTimelineBrush() {
    var box = $("timeline"), start = null;
    function dayAt(ev) {
      var s = box._scale;
      if (!s) { return null; }
      var r = box.getBoundingClientRect();
      var px = ev.clientX - r.left;
      var off = s.rtl ? (s.W - 4 - px) : (px - s.padL);
      var i = Math.floor(off / s.bw);
      return s.d0 + Math.max(0, Math.min(s.n - 1, i));
    }
    box.addEventListener("mousedown", function (ev) { start = dayAt(ev); ev.preventDefault(); });
    box.addEventListener("mousemove", function (ev) {
      if (start === null || !box._scale) { return; }
      var s = box._scale, cur = dayAt(ev);
      var a = Math.min(start, cur), b = Math.max(start, cur);
      var xa = s.rtl ? s.W - 4 - (b - s.d0 + 1) * s.bw : s.padL + (a - s.d0) * s.bw;
      s.brush.setAttribute("x", xa);
      s.brush.setAttribute("width", (b - a + 1) * s.bw);
      s.brush.setAttribute("visibility", "visible");
    });
    window.addEventListener("mouseup", function (ev) {
      if (start === null) { return; }
      var end = dayAt(ev);
      var a = Math.min(start, end === null ? start : end), b = Math.max(start, end === null ? start : end);
      start = null;
      if (a === null || isNaN(a)) { return; }
      var f = Object.assign({}, state.filters, { since: dayStr(a), until: dayStr(b) });
      setFilters(f);
    });
    $("timeline-clear").addEventListener("click", function () {
      var f = Object.assign({}, state.filters);
      delete f.since; delete f.until;
      setFilters(f);
    });
  }

  // ------------------------------------------------------------------ boot

  function loadMeta() {
    getJSON("api/v1/status").then(function (s) { state.status = s; renderStatus(); }).catch(function () { /* optional */ });
    return getJSON("api/v1/stats").then(function (s) {
      state.stats = s;
      fillCountrySelect();
      renderTimeline();
    }).catch(function (err) { notice(t("loadError") + ": " + err.message); });
  }

  function boot() {
    applyLang();
    initMap();
    initTimelineBrush();
    $("lang-toggle").addEventListener("click", function () {
      state.lang = state.lang === "ar" ? "en" : "ar";
      try { localStorage.setItem("rasd.lang", state.lang); } catch (e) { /* storage off */ }
      applyLang();
      drawMarkers(false);
    });
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); setFilters(readForm()); });
    ["f-country", "f-type", "f-since", "f-until"].forEach(function (id) {
      $(id).addEventListener("change", function () { setFilters(readForm()); });
    });
    $("f-reset").addEventListener("click", function () { setFilters({}); });
    $("panel-close").addEventListener("click", function () {
      $("panel").hidden = true;
      state.selected = null;
      if (state.map) { setTimeout(function () { state.map.invalidateSize(); }, 0); }
    });
    window.addEventListener("resize", function () { renderTimeline(); });
    var initial = {};
    new URLSearchParams(location.hash.slice(1)).forEach(function (v, k) {
      if (["country", "type", "actor", "since", "until", "q"].indexOf(k) >= 0) { initial[k] = v; }
    });
    // Events and the whole-database aggregates load in parallel: on a large database the aggregates are slower.
    setFilters(initial);
    loadMeta();
    // The header keeps showing the latest ingest while an analyst works (a pipeline may be writing).
    setInterval(function () {
      getJSON("api/v1/status").then(function (st) { state.status = st; renderStatus(); }).catch(function () { /* keep the last */ });
    }, STATUS_EVERY_MS);
    // For tests and for analysts scripting the page from the console.
    window.rasd = { state: state, openEvent: openEvent, setFilters: setFilters };
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", boot); } else { boot(); }
})();
