// Demo-only stand-in for Shopify's App Bridge (demo-and-simulator.md): the admin runs
// outside Shopify, so the real script has no host to talk to. It offers the small part
// of the `shopify` global Uplift uses and draws toasts itself.
(function () {
  var style = document.createElement("style");
  style.textContent =
    "ui-nav-menu{display:flex;gap:16px;padding:10px 16px;background:#fff;border-bottom:1px solid #e3e3e3;font:14px system-ui}" +
    "ui-nav-menu a{color:#303030;text-decoration:none}ui-nav-menu a:hover{text-decoration:underline}" +
    "ui-title-bar{display:none}.uplift-demo-toast{position:fixed;left:50%;bottom:24px;transform:translateX(-50%);" +
    "background:#1a1a1a;color:#fff;padding:10px 16px;border-radius:8px;font:14px system-ui;z-index:99999}" +
    ".uplift-demo-toast.error{background:#8e1f0b}";
  document.head.appendChild(style);
  function toast(message, options) {
    var el = document.createElement("div");
    el.className = "uplift-demo-toast" + (options && options.isError ? " error" : "");
    el.setAttribute("role", "status");
    el.textContent = message;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, (options && options.duration) || 3000);
    return "toast";
  }
  var noop = function () {};
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey, shop: "demo-shop.myshopify.com" },
    environment: { embedded: false, mobile: false, pos: false },
    toast: { show: toast, hide: noop },
    loading: noop,
    idToken: function () { return Promise.resolve(""); },
    resourcePicker: function () { return Promise.resolve(undefined); },
    modal: { show: noop, hide: noop, toggle: noop },
    saveBar: { show: function () { return Promise.resolve(); }, hide: function () { return Promise.resolve(); }, toggle: noop, leaveConfirmation: function () { return Promise.resolve(); } },
    user: function () { return Promise.resolve({}); },
  };
})();
