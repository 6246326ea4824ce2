package dev.rocket.expr;

/**
 * The helper functions every expression can see, written in JavaScript and run once into the
 * shared scope before it is sealed. Translated expressions call them for {@code ==}, {@code !=},
 * {@code <}, {@code <=}, {@code >}, {@code >=}, {@code in}, dynamic {@code a[k]}, {@code new Date(x)},
 * {@code join}, {@code sort} and {@code reverse}, and the named functions; {@code __sum} is {@link SumFunction} (Java).
 *
 * <p>All references to standard objects are captured in the closure, so the helpers keep working
 * after the shared scope has been stripped of names that expressions must not reach.
 */
final class Prelude {

    private Prelude() {
    }

    static final String SOURCE = """
        (function (g) {
          var NativeDate = Date, dateParse = Date.parse, getTime = Date.prototype.getTime;
          var isArray = Array.isArray, keys = Object.keys, hasOwn = Object.prototype.hasOwnProperty;
          var slice = Array.prototype.slice;
          var M = Math, Str = String, Err = Error, TypeErr = TypeError;
          var MAX_JOIN = 1000000;

          function fail(message) { throw new Err(message); }
          function isDate(x) { return x instanceof NativeDate; }
          function isMap(x) { return x !== null && typeof x === 'object' && !isArray(x) && !isDate(x); }

          // ISO-8601 / RFC 3339 / PostgreSQL text; a date-time without an offset is read as UTC.
          function parseDate(s) {
            s = Str(s).trim();
            var m = /^(\\d{4}-\\d{2}-\\d{2})(?:[Tt ](\\d{2}:\\d{2})(:\\d{2})?(?:[.,](\\d+))?\\s*([Zz]|[+-]\\d{2}(?::?\\d{2})?)?)?$/.exec(s);
            if (m === null) { return new NativeDate(dateParse(s)); }
            if (m[2] === undefined) { return new NativeDate(dateParse(m[1])); }
            var frac = m[4] === undefined ? '' : '.' + (m[4] + '00').substring(0, 3);
            var zone = m[5] === undefined ? 'Z' : m[5].toUpperCase();
            if (zone.length === 3) { zone = zone + ':00'; }
            else if (zone.length === 5) { zone = zone.substring(0, 3) + ':' + zone.substring(3); }
            return new NativeDate(dateParse(m[1] + 'T' + m[2] + (m[3] === undefined ? ':00' : m[3]) + frac + zone));
          }

          function toTime(x) {
            if (isDate(x)) { return getTime.call(x); }
            if (typeof x === 'string') { return getTime.call(parseDate(x)); }
            if (typeof x === 'number') { return x; }
            return NaN;
          }

          function numeric(s) {
            var t = s.trim();
            return t === '' ? NaN : +t;
          }

          function eq(a, b, depth) {
            if (a === b) { return true; }
            if (a == null || b == null) { return a == null && b == null; }
            if (isDate(a) || isDate(b)) { return toTime(a) === toTime(b); }
            var ta = typeof a, tb = typeof b;
            if (ta === 'number' && tb === 'string') { return a === numeric(b); }
            if (ta === 'string' && tb === 'number') { return numeric(a) === b; }
            if (ta !== 'object' || tb !== 'object') { return false; }
            if (depth > 64) { fail('values are nested too deeply to compare'); }
            if (isArray(a) || isArray(b)) {
              if (!isArray(a) || !isArray(b) || a.length !== b.length) { return false; }
              for (var i = 0; i < a.length; i++) { if (!eq(a[i], b[i], depth + 1)) { return false; } }
              return true;
            }
            var ka = keys(a);
            if (ka.length !== keys(b).length) { return false; }
            for (var j = 0; j < ka.length; j++) {
              if (!hasOwn.call(b, ka[j]) || !eq(a[ka[j]], b[ka[j]], depth + 1)) { return false; }
            }
            return true;
          }

          function order(a, b) {
            if (isDate(a) || isDate(b)) { return [toTime(a), toTime(b)]; }
            return [a, b];
          }

          function denied(k) {
            return k.substring(0, 2) === '__' || k === 'constructor' || k === 'prototype'
                || k === 'caller' || k === 'callee' || k === 'arguments';
          }

          function list(args) {
            return args.length === 1 && isArray(args[0]) ? args[0] : args;
          }

          function textFn(f) {
            return function (x) { return x == null ? null : f(Str(x)); };
          }

          var helpers = {
            __eq: function (a, b) { return eq(a, b, 0); },
            __ne: function (a, b) { return !eq(a, b, 0); },
            __lt: function (a, b) { if (a == null || b == null) { return false; } var p = order(a, b); return p[0] < p[1]; },
            __le: function (a, b) { if (a == null || b == null) { return false; } var p = order(a, b); return p[0] <= p[1]; },
            __gt: function (a, b) { if (a == null || b == null) { return false; } var p = order(a, b); return p[0] > p[1]; },
            __ge: function (a, b) { if (a == null || b == null) { return false; } var p = order(a, b); return p[0] >= p[1]; },
            __in: function (x, c) {
              if (c == null) { return false; }
              if (isArray(c)) {
                for (var i = 0; i < c.length; i++) { if (eq(x, c[i], 0)) { return true; } }
                return false;
              }
              if (typeof c === 'string') { return x != null && c.indexOf(Str(x)) >= 0; }
              if (isMap(c)) { return x != null && hasOwn.call(c, Str(x)); }
              throw new TypeErr("'in' needs an array, a map or a string on its right side");
            },
            __g: function (o, k) {
              if (o == null) { return undefined; }
              if (typeof k !== 'number') {
                k = Str(k);
                if (denied(k)) { fail("access to property '" + k + "' is not allowed"); }
              }
              var v = o[k];
              return typeof v === 'function' ? undefined : v;
            },
            __date: function (a, b, c, d, e, f, h) {
              switch (arguments.length) {
                case 0: return new NativeDate();
                case 1:
                  if (a == null) { return null; }
                  if (isDate(a)) { return new NativeDate(getTime.call(a)); }
                  if (typeof a === 'string') { return parseDate(a); }
                  return new NativeDate(a);
                case 2: return new NativeDate(a, b);
                case 3: return new NativeDate(a, b, c);
                case 4: return new NativeDate(a, b, c, d);
                case 5: return new NativeDate(a, b, c, d, e);
                case 6: return new NativeDate(a, b, c, d, e, f);
                default: return new NativeDate(a, b, c, d, e, f, h);
              }
            },
            __now: function () { return new NativeDate(); },
            __len: function (x) {
              if (x == null) { return 0; }
              if (typeof x === 'string' || isArray(x)) { return x.length; }
              if (isMap(x)) { return keys(x).length; }
              throw new TypeErr('len() needs a string, an array or a map');
            },
            __join: function (a, sep) {
              if (a == null) { return undefined; }
              if (!isArray(a)) { throw new TypeErr('join() needs an array'); }
              sep = sep === undefined ? ',' : Str(sep);
              if (a.length > 1 && (a.length - 1) * sep.length > MAX_JOIN) { fail('join() result is too large'); }
              return a.join(sep);
            },
            __sort: function (a, compare) {
              if (a == null) { return undefined; }
              if (!isArray(a)) { throw new TypeErr('sort() needs an array'); }
              var copy = slice.call(a);
              return arguments.length > 1 ? copy.sort(compare) : copy.sort();
            },
            __reverse: function (a) {
              if (a == null) { return undefined; }
              if (!isArray(a)) { throw new TypeErr('reverse() needs an array'); }
              return slice.call(a).reverse();
            },
            __abs: function (x) { return x == null ? null : M.abs(x); },
            __round: function (x) { return x == null ? null : M.round(x); },
            __floor: function (x) { return x == null ? null : M.floor(x); },
            __ceil: function (x) { return x == null ? null : M.ceil(x); },
            __abs_n: M.abs,
            __round_n: M.round,
            __floor_n: M.floor,
            __ceil_n: M.ceil,
            __min: function () { return M.min.apply(null, list(arguments)); },
            __max: function () { return M.max.apply(null, list(arguments)); },
            __upper: textFn(function (s) { return s.toUpperCase(); }),
            __lower: textFn(function (s) { return s.toLowerCase(); }),
            __trim: textFn(function (s) { return s.trim(); }),
            __keys: function (x) { return isMap(x) ? keys(x) : []; },
            __values: function (x) {
              if (!isMap(x)) { return []; }
              var k = keys(x), out = [];
              for (var i = 0; i < k.length; i++) { out.push(x[k[i]]); }
              return out;
            }
          };
          var names = keys(helpers);
          for (var i = 0; i < names.length; i++) {
            Object.defineProperty(g, names[i], { value: helpers[names[i]], writable: false, enumerable: false, configurable: false });
          }
        })(this);
        """;
}
