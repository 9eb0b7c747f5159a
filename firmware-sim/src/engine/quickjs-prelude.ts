/**
 * The part of the bridge that runs inside QuickJS, evaluated once per context before any device
 * file. Values cross the boundary as JSON (see `quickjs-engine.ts` for the encoding); objects that
 * are not plain data cross as references: the other side gets a Proxy that forwards property
 * reads, writes and calls back across.
 *
 * It also installs what the device runtime provides around the app's code: `App`, `Page`,
 * `AppService`, `getApp`, `getCurrentPage`, `__$$app$$__`, `__$$hmAppManager$$__` (zeus wraps every
 * file in `with (currentApp[.current].__globals__.__$$G$$__)`) and `DeviceRuntimeCore.LifeCycle`.
 *
 * Written for the device's engine (QuickJS 2020-07-05): no builtin newer than ES2020.
 */
export const QUICKJS_PRELUDE = String.raw`(function (hostCall) {
  'use strict';
  var G = globalThis;
  var TAG = '__sim$';
  var hop = Object.prototype.hasOwnProperty;
  var vmObjects = new Map();
  var vmIds = new WeakMap();
  var nextVmId = 1;
  var hostProxies = new Map();
  var proxyIds = new WeakMap();

  function vmRef(o) {
    var id = vmIds.get(o);
    if (id === undefined) {
      id = nextVmId++;
      vmIds.set(o, id);
    }
    vmObjects.set(id, o);
    return id;
  }

  function isPlainData(o) {
    var p = Object.getPrototypeOf(o);
    if (p !== Object.prototype && p !== null) return false;
    var names = Object.getOwnPropertyNames(o);
    for (var i = 0; i < names.length; i++) {
      var d = Object.getOwnPropertyDescriptor(o, names[i]);
      if (d && (d.get || d.set)) return false;
    }
    return true;
  }

  function bytesOf(view) {
    var out = new Array(view.length);
    for (var i = 0; i < view.length; i++) out[i] = view[i];
    return out;
  }

  function enc(v, depth) {
    if (v === undefined) return { __sim$: 'u' };
    if (v === null) return null;
    var t = typeof v;
    if (t === 'string' || t === 'boolean') return v;
    if (t === 'number') return isFinite(v) ? v : { __sim$: 'n', v: String(v) };
    if (t === 'symbol' || t === 'bigint') return { __sim$: 'u' };
    var hid = proxyIds.get(v);
    if (hid !== undefined) return { __sim$: 'h', id: hid };
    if (t === 'function') return { __sim$: 'v', id: vmRef(v), f: 1 };
    if (depth > 48) throw new TypeError('firmware-sim: a value nested more than 48 levels deep cannot cross to the system');
    if (v instanceof ArrayBuffer) return { __sim$: 'ab', d: bytesOf(new Uint8Array(v)) };
    if (ArrayBuffer.isView(v)) {
      return { __sim$: 'ab', d: bytesOf(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)), view: 1 };
    }
    if (Array.isArray(v)) {
      var a = new Array(v.length);
      for (var i = 0; i < v.length; i++) a[i] = enc(v[i], depth + 1);
      return a;
    }
    if (v instanceof Error) {
      return { __sim$: 'err', name: String(v.name), message: String(v.message), stack: String(v.stack || '') };
    }
    if (isPlainData(v)) {
      var o = {};
      var keys = Object.keys(v);
      for (var k = 0; k < keys.length; k++) if (keys[k] !== TAG) o[keys[k]] = enc(v[keys[k]], depth + 1);
      return o;
    }
    return { __sim$: 'v', id: vmRef(v) };
  }

  function dec(x) {
    if (x === null || typeof x !== 'object') return x;
    if (Array.isArray(x)) {
      var a = new Array(x.length);
      for (var i = 0; i < x.length; i++) a[i] = dec(x[i]);
      return a;
    }
    var tag = x[TAG];
    if (tag === undefined) {
      var o = {};
      for (var k in x) if (hop.call(x, k)) o[k] = dec(x[k]);
      return o;
    }
    switch (tag) {
      case 'u': return undefined;
      case 'n': return Number(x.v);
      case 'v':
        if (!vmObjects.has(x.id)) throw new ReferenceError('firmware-sim: app object #' + x.id + ' was released');
        return vmObjects.get(x.id);
      case 'h': return hostProxy(x.id, x.f === 1);
      case 'ab': {
        var bytes = new Uint8Array(x.d);
        if (x.buf === 1 && typeof G.Buffer === 'function') return G.Buffer.from(bytes);
        return x.view === 1 ? bytes : bytes.buffer;
      }
      case 'err': {
        var C = G[x.name];
        var e = typeof C === 'function' && /Error$/.test(x.name) ? new C(x.message) : new Error(x.message);
        if (x.stack) { try { e.stack = x.stack; } catch (_) {} }
        return e;
      }
    }
    throw new TypeError('firmware-sim: unknown value tag ' + tag);
  }

  function call(op, payload) {
    var r = JSON.parse(hostCall(op, JSON.stringify(payload)));
    if (r !== null && typeof r === 'object' && r[TAG] === 'throw') throw dec(r.e);
    return dec(r);
  }

  function hostProxy(id, isFn) {
    var existing = hostProxies.get(id);
    if (existing) return existing;
    var target = isFn ? function () {} : {};
    var p = new Proxy(target, {
      get: function (t, k) {
        if (typeof k === 'symbol') return t[k];
        return call('get', [id, k]);
      },
      set: function (t, k, v) {
        if (typeof k === 'symbol') { t[k] = v; return true; }
        call('set', [id, k, enc(v, 0)]);
        return true;
      },
      has: function (t, k) {
        if (typeof k === 'symbol') return k in t;
        return call('has', [id, k]);
      },
      deleteProperty: function (t, k) {
        if (typeof k === 'symbol') return delete t[k];
        return call('delete', [id, k]);
      },
      ownKeys: function (t) {
        var keys = call('keys', [id]);
        var own = Reflect.ownKeys(t);
        for (var i = 0; i < own.length; i++) {
          var d = Object.getOwnPropertyDescriptor(t, own[i]);
          if (d && !d.configurable && keys.indexOf(own[i]) < 0) keys.push(own[i]);
        }
        return keys;
      },
      getOwnPropertyDescriptor: function (t, k) {
        var td = Object.getOwnPropertyDescriptor(t, k);
        if (td && !td.configurable) return td;
        if (typeof k === 'symbol') return td;
        var r = call('desc', [id, k]);
        if (!r) return undefined;
        return { value: r.value, writable: true, enumerable: r.enumerable, configurable: true };
      },
      apply: function (t, self, args) {
        // \`this\` travels only as a reference to a system object (a method call on a widget,
        // a sensor); an app object as \`this\` (globalThis in \`globalThis.setTimeout(...)\`) is
        // not the system's business and is never copied.
        var selfRef = self !== null && self !== undefined && proxyIds.get(self) !== undefined ? enc(self, 0) : { __sim$: 'u' };
        return call('call', [id, selfRef, enc(args, 0)]);
      },
      construct: function (t, args) {
        return call('new', [id, enc(args, 0)]);
      },
    });
    hostProxies.set(id, p);
    proxyIds.set(p, id);
    return p;
  }

  // Host → VM requests. Every answer is JSON; a throw travels as a tagged value.
  var sim = {
    app: undefined,
    page: undefined,
    pending: { app: undefined, page: undefined, service: undefined, widget: undefined },
    dispatch: function (op, json) {
      try {
        var p = JSON.parse(json);
        var r;
        switch (op) {
          case 'call': {
            var fn = dec(p[0]);
            r = fn.apply(dec(p[1]), dec(p[2]));
            break;
          }
          case 'get': r = dec(p[0])[p[1]]; break;
          case 'set': dec(p[0])[p[1]] = dec(p[2]); break;
          case 'has': r = p[1] in dec(p[0]); break;
          case 'delete': r = delete dec(p[0])[p[1]]; break;
          case 'keys': r = Object.keys(dec(p[0])); break;
          case 'desc': {
            var o = dec(p[0]);
            var d = Object.getOwnPropertyDescriptor(o, p[1]);
            r = d ? { value: o[p[1]], enumerable: !!d.enumerable } : undefined;
            break;
          }
          case 'release':
            for (var i = 0; i < p.length; i++) vmObjects.delete(p[i]);
            break;
          case 'take': {
            var inst = sim.pending[p[0]];
            sim.pending[p[0]] = undefined;
            return JSON.stringify(inst === undefined ? { __sim$: 'u' } : { __sim$: 'v', id: vmRef(inst) });
          }
          case 'current':
            sim.page = dec(p[0]);
            break;
          case 'eval':
            r = (0, eval)(p[0]);
            break;
          case 'module':
            G.__$$module$$__ = { id: p[0], path: p[1] };
            break;
          default:
            throw new TypeError('firmware-sim: unknown bridge op ' + op);
        }
        return JSON.stringify(enc(r, 0));
      } catch (e) {
        var err = e instanceof Error ? e : new Error(String(e));
        return JSON.stringify({ __sim$: 'throw', e: enc(err, 0) });
      }
    },
  };

  var globals = call('globals', []);
  // A global the process does not have (timers in an app-service) stays absent, not undefined.
  for (var name in globals) if (hop.call(globals, name) && globals[name] !== undefined) G[name] = globals[name];

  // Classes the app extends (ZML's transport extends EventBus) must be native to this engine: a
  // proxy of a system class cannot be a base class. The device's EventBus is a plain JS class too.
  function EventBus() { this.map = new Map(); }
  EventBus.prototype.on = function (name, fn) {
    var l = this.map.get(name) || [];
    l.push(fn);
    this.map.set(name, l);
  };
  EventBus.prototype.off = function (name, fn) {
    if (!name) return;
    if (!fn) { this.map.delete(name); return; }
    var l = this.map.get(name);
    if (!l) return;
    var i = l.indexOf(fn);
    if (i >= 0) l.splice(i, 1);
  };
  EventBus.prototype.emit = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    var l = (this.map.get(name) || []).slice();
    for (var i = 0; i < l.length; i++) l[i].apply(undefined, args);
  };
  EventBus.prototype.once = function (name, fn) {
    var self = this;
    var w = function () { self.off(name, w); fn.apply(undefined, arguments); };
    this.on(name, w);
  };
  EventBus.prototype.clear = function () { this.map.clear(); };
  EventBus.prototype.count = function (name) {
    if (name === undefined) { var n = 0; this.map.forEach(function (l) { n += l.length; }); return n; }
    return (this.map.get(name) || []).length;
  };

  // One copy of each module per process, as the device's loader caches modules.
  var loadModule = G.__$$R$$__;
  var modules = new Map();
  G.__$$R$$__ = function (name) {
    if (modules.has(name)) return modules.get(name);
    var m = loadModule(name);
    if (name === '@zos/utils' && m) m.EventBus = EventBus;
    modules.set(name, m);
    return m;
  };

  // Virtual time and seeded randomness (the host clock drives every timer).
  var RealDate = Date;
  var now = G.__simNow;
  function SimDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!(this instanceof SimDate)) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : Reflect.construct(RealDate, args);
  }
  SimDate.prototype = RealDate.prototype;
  SimDate.now = function () { return now(); };
  SimDate.UTC = RealDate.UTC;
  SimDate.parse = RealDate.parse;
  G.Date = SimDate;
  var random = G.__simRandom;
  Math.random = function () { return random(); };
  delete G.__simNow;
  delete G.__simRandom;

  // What the device runtime defines around app code.
  var scoped = { _$mgr$_: {} };
  G.__$$app$$__ = { __globals__: { __scopedGlobals__: scoped } };
  G.__$$module$$__ = { id: 0, path: '' };
  G.__$$hmAppManager$$__ = {
    currentApp: {
      __globals__: { __$$G$$__: {} },
      current: { __globals__: { __$$G$$__: {} } },
    },
  };
  G.DeviceRuntimeCore = { LifeCycle: {} };
  G.App = function (options) {
    options._options = options;
    sim.app = options;
    sim.pending.app = options;
    return options;
  };
  G.Page = function (options) {
    options._options = options;
    sim.pending.page = options;
    return options;
  };
  G.AppService = function (options) {
    options._options = options;
    sim.pending.service = options;
    return options;
  };
  // Shortcut cards and widgets (guides/framework/device/secondary-widget.md, API 2.0).
  G.AppWidget = function (options) {
    options._options = options;
    sim.pending.widget = options;
    return options;
  };
  G.SecondaryWidget = G.AppWidget;
  G.getApp = function () { return sim.app; };
  G.getCurrentPage = function () { return sim.page; };
  G.__simDispatch = sim.dispatch;
})`;
