// The front end of one of the book's widgets (a chart, a long table), as the widget carries it: a few lines
// that import the real front end, vega or DataTables bundled in, from the Jupyter server itself, once a browser
// page, instead of a copy of it in every widget (issue #32). peacebook/rendering.py puts FRONT_END above:
// {script, stylesheet (or null), version}.
//
// `pip install` places the real front ends (peacebook/vendor/) on JupyterLab's labextensions path, which
// JupyterLab, Notebook 7, Binder and a hub serve under their own base URL; the page's jupyter-config-data says
// where. Nothing is fetched from another machine. Where the server does not serve them (another front end, a
// kernel installed apart from the server), the widget asks its kernel for the script once, over the widget's
// own connection, and every later widget on the page reuses it.

const loaded = (globalThis.__peacebookFrontEnds ??= {});

function servedUrl(file) {
  const tag = document.getElementById("jupyter-config-data");
  if (!tag) return null;
  const config = JSON.parse(tag.textContent);
  const base = config.fullLabextensionsUrl || `${config.baseUrl || "/"}lab/extensions`;
  const url = new URL(`${base.replace(/\/$/, "")}/peacebook/static/${file}`, document.baseURI);
  url.searchParams.set("v", FRONT_END.version);
  return url.href;
}

function addStylesheet(href, text) {
  const id = `peacebook-${FRONT_END.stylesheet}`;
  if (document.getElementById(id)) return;
  const element = href ? document.createElement("link") : document.createElement("style");
  element.id = id;
  if (href) Object.assign(element, { rel: "stylesheet", href });
  else element.textContent = text;
  document.head.append(element);
}

function fromKernel(model) {
  return new Promise((resolve, reject) => {
    function receive(message) {
      if (!message || message.peacebook !== FRONT_END.script) return;
      model.off("msg:custom", receive);
      if (FRONT_END.stylesheet) addStylesheet(null, message.stylesheet);
      const url = URL.createObjectURL(new Blob([message.script], { type: "text/javascript" }));
      import(/* webpackIgnore: true */ url).then(resolve, reject).finally(() => URL.revokeObjectURL(url));
    }
    model.on("msg:custom", receive);
    model.send({ peacebook: "front end", script: FRONT_END.script });
  });
}

function frontEnd(model) {
  const key = `${FRONT_END.script}?v=${FRONT_END.version}`;
  if (!loaded[key]) {
    const url = servedUrl(FRONT_END.script);
    loaded[key] = (url ? import(/* webpackIgnore: true */ url) : Promise.reject(new Error("no Jupyter server")))
      .then((module) => {
        if (FRONT_END.stylesheet) addStylesheet(servedUrl(FRONT_END.stylesheet));
        return module;
      })
      .catch(() => fromKernel(model));
  }
  return loaded[key];
}

// The front ends export only `render`. `initialize` starts the loading but does not wait for it: anywidget
// (0.11) fails a model whose initialize takes over 2 seconds, and the kernel answers only when it is free, after
// the cells queued before the request (a notebook run all at once), so waiting there lost every chart.
export default {
  initialize({ model }) {
    frontEnd(model).catch(() => {}); // a failure is the render's to report
  },
  async render(context) {
    const module = await frontEnd(context.model);
    return module.default.render(context);
  },
};
