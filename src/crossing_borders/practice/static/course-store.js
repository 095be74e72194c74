/* Progress kept in this browser only (localStorage): no account, nothing leaves the page.
 *
 * One key scheme for every feature, under "crossing-borders/v1/":
 *   selfcheck/<page>/<check id>   -> {answer, correct, at}
 *   draft/<assignment>/<grade_id> -> {text, at}
 * When the browser refuses storage (a private window, a full disk), values live in
 * memory for this visit and `persistent` is false, so pages can say so.
 */
(function () {
  "use strict";
  const PREFIX = "crossing-borders/v1/";
  const memory = new Map();
  let backend = null;
  try {
    const probe = PREFIX + "probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    backend = window.localStorage;
  } catch (error) {
    backend = null;
  }

  function read(key) {
    const raw = backend ? backend.getItem(PREFIX + key) : memory.get(key);
    if (raw === null || raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch (error) {
      return undefined; // a value this version cannot read counts as absent
    }
  }

  function write(key, value) {
    const raw = JSON.stringify(value);
    if (backend) {
      try {
        backend.setItem(PREFIX + key, raw);
        return true;
      } catch (error) {
        memory.set(key, raw); // storage full: keep it for this visit at least
        return false;
      }
    }
    memory.set(key, raw);
    return false;
  }

  function keys(prefix) {
    const found = new Set();
    if (backend) {
      for (let i = 0; i < backend.length; i += 1) {
        const key = backend.key(i);
        if (key && key.startsWith(PREFIX + prefix)) found.add(key.slice(PREFIX.length));
      }
    }
    for (const key of memory.keys()) if (key.startsWith(prefix)) found.add(key);
    return [...found].sort();
  }

  function remove(key) {
    if (backend) backend.removeItem(PREFIX + key);
    memory.delete(key);
  }

  window.CrossingBorders = window.CrossingBorders || {};
  window.CrossingBorders.store = {
    persistent: backend !== null,
    get: (key, fallback) => {
      const value = read(key);
      return value === undefined ? fallback : value;
    },
    set: write,
    remove,
    keys,
    entries: (prefix) => keys(prefix).map((key) => [key, read(key)]),
    clear: (prefix) => keys(prefix).forEach(remove),
  };
})();
