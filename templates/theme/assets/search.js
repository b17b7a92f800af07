/* Search for briefkit sites, on Pagefind's JS API (site/pagefind/pagefind.js).
 *
 * - The header box (.search) loads Pagefind only when used: on focus, on typing
 *   or on the "/" shortcut. The bundle path comes from data-search-bundle.
 * - Results show title, date and excerpt, five at a time ("More results"); sort by date. Filters with counts
 *   (country, person, organisation, topic, year) load when the reader asks for
 *   them ("Filters"): at 10,000 briefings they weigh more than the rest of a
 *   search, so a plain search does not download them.
 * - Result text is untrusted (it comes from articles): titles and dates are set
 *   as text; excerpts are parsed inertly and only their text and <mark> survive.
 * - A page opened from a result highlights the searched words
 *   (?pagefind-highlight=..., with Pagefind's highlight script).
 * - Pagefind runs on the page, not in its web worker (noWorker): the worker is
 *   a second copy of its code (41 KB) and a search of one index is quick anyway.
 */
(function () {
  "use strict";

  var FILTERS = [
    ["country", "Country"],
    ["person", "Person"],
    ["organisation", "Organisation"],
    ["topic", "Topic"],
    ["year", "Year"]
  ];
  var PAGE_SIZE = 5; /* as Pagefind's own UI: each result shown downloads its fragment (its text) */
  var SHOWN_VALUES = 8;
  var HIGHLIGHT_PARAM = "pagefind-highlight";

  var root = document.querySelector(".search[data-search-bundle]");
  if (!root) return;
  var bundle = new URL(root.getAttribute("data-search-bundle"), document.baseURI).href;
  var form = root.querySelector(".search-form");
  var input = root.querySelector(".search-input");
  var panel = root.querySelector(".search-panel");
  var status = root.querySelector(".search-status");
  var sortSelect = root.querySelector(".search-sort");
  var filterBox = root.querySelector(".search-filters");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search-more");
  var closeButton = root.querySelector(".search-close");
  var filtersButton = root.querySelector(".search-filters-toggle");

  var loading = null;
  var selected = {};
  var expanded = {};
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = null;
  var filtersLoaded = null;
  var filtersReady = false;

  function load() {
    if (!loading) {
      loading = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ highlightParam: HIGHLIGHT_PARAM, excerptLength: 24, noWorker: true }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      loading.catch(function () {
        loading = null;
        setStatus("Search is not available on this copy of the site.");
      });
    }
    return loading;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function filterQuery(except) {
    var query = {};
    FILTERS.forEach(function (pair) {
      var values = Object.keys(selected[pair[0]] || {});
      if (values.length && pair[0] !== except) query[pair[0]] = { any: values.sort() };
    });
    return query;
  }

  /* Counts as facets: a filter's own selection does not narrow its own counts
     (values of one filter combine with "any"), so those come from one more search. */
  function facetCounts(pagefind, term, search) {
    if (!filtersReady) return Promise.resolve(null);
    var counts = Object.assign({}, search.filters || {});
    var own = FILTERS.filter(function (pair) {
      return Object.keys(selected[pair[0]] || {}).length > 0;
    });
    return Promise.all(
      own.map(function (pair) {
        return pagefind.search(term || null, { filters: filterQuery(pair[0]) }).then(function (other) {
          if (other) counts[pair[0]] = (other.filters || {})[pair[0]] || {};
        });
      })
    ).then(function () {
      return counts;
    });
  }

  function hasFilters() {
    return Object.keys(filterQuery()).length > 0;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  }

  function run() {
    var term = input.value.trim();
    var mine = ++generation;
    if (!term && !hasFilters()) {
      close(false);
      return;
    }
    open();
    var options = { filters: filterQuery() };
    if (sortSelect.value) options.sort = { date: sortSelect.value };
    setStatus("Searching…");
    var pagefind;
    load()
      .then(function (loaded) {
        pagefind = loaded;
        return pagefind.search(term || null, options);
      })
      .then(function (search) {
        if (mine !== generation || !search) return;
        return facetCounts(pagefind, term, search).then(function (counts) {
          return [search, counts];
        });
      })
      .then(function (found) {
        if (mine !== generation || !found) return;
        var search = found[0];
        results = search.results;
        shown = 0;
        list.textContent = "";
        if (found[1]) renderFilters(found[1]);
        var count = results.length;
        setStatus(count === 0 ? "No briefings found." : count === 1 ? "1 briefing" : count + " briefings");
        return showMore(mine);
      })
      .catch(function (error) {
        if (mine === generation) setStatus("Search failed: " + (error && error.message ? error.message : error));
      });
  }

  function showMore(mine) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    more.hidden = shown >= results.length;
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (items) {
      if (mine !== generation) return;
      items.forEach(function (item) {
        list.appendChild(renderResult(item));
      });
    });
  }

  function renderResult(item) {
    var li = document.createElement("li");
    li.className = "search-result";
    var link = document.createElement("a");
    link.href = item.url;
    link.className = "search-result-title";
    link.textContent = (item.meta && item.meta.title) || item.url;
    li.appendChild(link);
    if (item.meta && item.meta.date) {
      var time = document.createElement("time");
      time.className = "search-result-date";
      time.textContent = item.meta.date;
      time.setAttribute("datetime", item.meta.date);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(time);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    excerpt.appendChild(safeExcerpt(item.excerpt || ""));
    li.appendChild(excerpt);
    return li;
  }

  /* Only text and <mark> from an excerpt: parsed in an inert <template>, rebuilt node by node. */
  function safeExcerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function renderFilters(counts) {
    filterBox.textContent = "";
    FILTERS.forEach(function (pair) {
      var name = pair[0];
      var values = Object.assign({}, counts[name] || {});
      Object.keys(selected[name] || {}).forEach(function (value) {
        if (!(value in values)) values[value] = 0;
      });
      var names = Object.keys(values).filter(function (value) {
        return values[value] > 0 || (selected[name] && selected[name][value]);
      });
      if (!names.length) return;
      names.sort(function (a, b) {
        if (name === "year") return a < b ? 1 : a > b ? -1 : 0;
        return values[b] - values[a] || a.localeCompare(b);
      });
      var group = document.createElement("fieldset");
      group.className = "search-filter";
      group.setAttribute("data-filter", name);
      var legend = document.createElement("legend");
      legend.textContent = pair[1];
      group.appendChild(legend);
      var visible = expanded[name] ? names : names.slice(0, SHOWN_VALUES);
      visible.forEach(function (value) {
        group.appendChild(renderOption(name, value, values[value]));
      });
      if (names.length > visible.length) {
        var all = document.createElement("button");
        all.type = "button";
        all.className = "search-filter-all";
        all.textContent = "All " + names.length;
        all.addEventListener("click", function () {
          expanded[name] = true;
          renderFilters(counts);
        });
        group.appendChild(all);
      }
      filterBox.appendChild(group);
    });
  }

  function renderOption(name, value, count) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = value;
    box.checked = !!(selected[name] && selected[name][value]);
    box.addEventListener("change", function () {
      selected[name] = selected[name] || {};
      if (box.checked) selected[name][value] = true;
      else delete selected[name][value];
      run();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + value + " "));
    var number = document.createElement("span");
    number.className = "search-count";
    number.textContent = "(" + count + ")";
    label.appendChild(number);
    return label;
  }

  function open() {
    panel.hidden = false;
    root.classList.add("search-open");
  }

  function close(clear) {
    panel.hidden = true;
    root.classList.remove("search-open");
    if (clear) {
      input.value = "";
      selected = {};
      expanded = {};
      generation++;
    }
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll("a.search-result-title"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
      event.preventDefault();
      input.focus();
      input.select();
      load();
    } else if (event.key === "Escape" && !panel.hidden) {
      close(false);
      input.focus();
    }
  });

  root.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = resultLinks();
    if (!links.length) return;
    var index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") index = Math.min(index + 1, links.length - 1);
    else index = index <= 0 ? -1 : index - 1;
    event.preventDefault();
    if (index < 0) input.focus();
    else links[index].focus();
  });

  input.addEventListener("focus", function () {
    load();
  });
  input.addEventListener("input", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  sortSelect.addEventListener("change", run);
  filtersButton.addEventListener("click", function () {
    var show = filtersButton.getAttribute("aria-expanded") !== "true";
    filtersButton.setAttribute("aria-expanded", String(show));
    panel.classList.toggle("search-with-filters", show);
    filterBox.hidden = !show;
    if (filtersLoaded) return;
    filtersLoaded = load().then(function (pagefind) {
      return pagefind.filters(); /* once loaded, every search returns filter counts */
    });
    filtersLoaded.then(function () {
      filtersReady = true;
      run();
    }, function () {
      filtersLoaded = null;
      setStatus("Filters are not available.");
    });
  });
  more.addEventListener("click", function () {
    showMore(generation);
  });
  closeButton.addEventListener("click", function () {
    close(true);
    input.focus();
  });

  if (new URLSearchParams(window.location.search).has(HIGHLIGHT_PARAM)) {
    import(bundle + "pagefind-highlight.js").then(function (module) {
      new module.default({ highlightParam: HIGHLIGHT_PARAM });
    }, function () {
      /* no index next to this copy of the page: nothing to highlight with */
    });
  }
})();
