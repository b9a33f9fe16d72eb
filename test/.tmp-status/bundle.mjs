// packages/status/dist/status-type.js
var MIN_STATUS_LIST_SIZE = 131072;

// packages/core/dist/errors.js
var ElicenseError = class extends Error {
  /** Stable machine-readable code. */
  code;
  /** Structured context for the failure. */
  details;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "ElicenseError";
    this.code = code;
    this.details = options.details;
  }
};

// packages/core/dist/base64url.js
var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
var LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++)
  LOOKUP[ALPHABET.charCodeAt(i)] = i;
function decodeBase64url(s, code = "ERR_TOKEN_MALFORMED", what = "base64url input") {
  if (typeof s !== "string")
    throw new ElicenseError(code, `${what} must be a string, got ${typeof s}`);
  const len = s.length;
  if (len % 4 === 1)
    throw new ElicenseError(code, `${what} has an impossible base64url length (${len})`);
  const out = new Uint8Array(Math.floor(len * 3 / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0)
      throw new ElicenseError(code, `${what} contains a character outside base64url at position ${i}`);
    acc = acc << 6 | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = acc >> bits & 255;
    }
  }
  if (bits > 0 && (acc & (1 << bits) - 1) !== 0) {
    throw new ElicenseError(code, `${what} is not canonical base64url (non-zero trailing bits)`);
  }
  return out.subarray(0, o);
}

// packages/core/dist/arguments.js
function describeValue(v) {
  if (v === null)
    return "null";
  if (Array.isArray(v))
    return "an array";
  if (v instanceof Uint8Array)
    return `Uint8Array(${v.length})`;
  if (v instanceof Date)
    return "a Date";
  if (typeof v === "string")
    return v.length > 40 ? `a string of length ${v.length}` : JSON.stringify(v);
  return typeof v;
}
function invalidArgument(name, expected, got) {
  return new ElicenseError("ERR_INVALID_ARGUMENT", `${name} must be ${expected}, got ${describeValue(got)}`);
}

// node_modules/@noble/hashes/_u64.js
var fromNumH = (n) => n / 2 ** 32 | 0;
var fromNumL = (n) => n >>> 0;
function setU64FromNum(view, byteOffset, n, isLE) {
  const h = fromNumH(n);
  const l = fromNumL(n);
  view.setUint32(byteOffset, isLE ? l : h, isLE);
  view.setUint32(byteOffset + 4, isLE ? h : l, isLE);
}

// node_modules/@noble/hashes/utils.js
function isBytes(a) {
  return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
}
var atitle = (title) => title ? `"${title}" ` : "";
function anumber(n, title = "") {
  if (typeof n !== "number")
    throw new TypeError(atitle(title) + "expected number, got " + typeof n);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
  return n;
}
function abytes(value, length, title = "") {
  if (isBytes(value) && (length === void 0 || value.length === length))
    return value;
  if (length !== void 0)
    anumber(length, "length");
  const bytes = isBytes(value);
  const ofLen = length !== void 0 ? ` of length ${length}` : "";
  const got = bytes ? `length=${value.length}` : `type=${typeof value}`;
  const message = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
  if (!bytes)
    throw new TypeError(message);
  throw new RangeError(message);
}
function ahash(h) {
  if (typeof h !== "function" || typeof h.create !== "function")
    throw new TypeError("expected hash wrapped by utils.createHasher");
  anumber(h.outputLen);
  anumber(h.blockLen);
  if (h.outputLen < 1 || h.blockLen < 1)
    throw new Error("hash blockLen / outputLen must be >= 1");
}
var aobject = (value, label) => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value);
};
var aopts = (value, label) => {
  aobject(value, label);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`"${label}" expected plain object`);
  if (Object.hasOwn(value, "__proto__"))
    throw new TypeError(`"${label}.__proto__" is not allowed`);
};
function aexists(instance, checkFinished = true) {
  if (instance.destroyed)
    throw new Error("hash was destroyed");
  if (checkFinished && instance.finished)
    throw new Error("digest() was already called");
}
function aoutput(out, instance) {
  abytes(out, void 0, "output");
  const min = instance.outputLen;
  if (!(out.length >= min)) {
    throw new RangeError('"output" expected length >= ' + min);
  }
}
function clean(...arrays) {
  for (let i = 0; i < arrays.length; i++) {
    arrays[i].fill(0);
  }
}
function createView(arr) {
  return new DataView(arr.buffer, arr.byteOffset, arr.byteLength);
}
function rotr(word, shift) {
  return word << 32 - shift | word >>> shift;
}
function checkOpts(defaults, opts, title = "opts") {
  aopts(defaults, "defaults");
  if (opts !== void 0)
    aopts(opts, title);
  const merged = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
  return merged;
}
function createHasher(hashCons, info = {}) {
  if (typeof hashCons !== "function")
    throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
  info = checkOpts({}, info, "info");
  const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
  const tmp = hashCons(void 0);
  hashC.outputLen = tmp.outputLen;
  hashC.blockLen = tmp.blockLen;
  hashC.canXOF = tmp.canXOF;
  hashC.create = (opts) => hashCons(opts);
  Object.assign(hashC, info);
  return Object.freeze(hashC);
}
var oidNist = (suffix) => ({
  // Current NIST hashAlgs suffixes used here fit in one DER subidentifier octet.
  // Larger suffix values would need base-128 OID encoding and a different length byte.
  oid: Uint8Array.from([6, 9, 96, 134, 72, 1, 101, 3, 4, 2, suffix])
});

// node_modules/@noble/hashes/_md.js
function Chi(a, b, c) {
  return a & b ^ ~a & c;
}
function Maj(a, b, c) {
  return a & b ^ a & c ^ b & c;
}
var HashMD = class {
  blockLen;
  outputLen;
  canXOF = false;
  padOffset;
  isLE;
  // For partial updates less than block size
  buffer;
  view;
  finished = false;
  length = 0;
  pos = 0;
  destroyed = false;
  constructor(blockLen, outputLen, padOffset, isLE) {
    this.blockLen = blockLen;
    this.outputLen = outputLen;
    this.padOffset = padOffset;
    this.isLE = isLE;
    this.buffer = new Uint8Array(blockLen);
    this.view = createView(this.buffer);
  }
  update(data) {
    aexists(this);
    abytes(data);
    const { view, buffer, blockLen } = this;
    const len = data.length;
    let processed = false;
    for (let pos = 0; pos < len; ) {
      const take = Math.min(blockLen - this.pos, len - pos);
      if (take === blockLen) {
        const dataView = createView(data);
        for (; blockLen <= len - pos; pos += blockLen)
          this.process(dataView, pos);
        processed = true;
        continue;
      }
      buffer.set(pos === 0 && take === len ? data : data.subarray(pos, pos + take), this.pos);
      this.pos += take;
      pos += take;
      if (this.pos === blockLen) {
        this.process(view, 0);
        this.pos = 0;
        processed = true;
      }
    }
    this.length += data.length;
    if (processed)
      this.roundClean();
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const { buffer, view, blockLen, isLE } = this;
    let { pos } = this;
    buffer[pos++] = 128;
    buffer.fill(0, pos);
    if (this.padOffset > blockLen - pos) {
      this.process(view, 0);
      buffer.fill(0);
    }
    setU64FromNum(view, blockLen - 8, this.length * 8, isLE);
    this.process(view, 0);
    this.roundClean();
    const oview = out === buffer ? view : createView(out);
    const len = this.outputLen;
    const outLen = len / 4;
    const state = this.get();
    if (len % 4 || outLen > state.length)
      throw new Error("invalid outputLen");
    for (let i = 0; i < outLen; i++)
      oview.setUint32(4 * i, state[i], isLE);
  }
  digest() {
    const { buffer, outputLen } = this;
    this.digestInto(buffer);
    const res = buffer.slice(0, outputLen);
    this.destroy();
    return res;
  }
  _cloneIntoMeta(to) {
    const { buffer, length, finished, destroyed, pos } = this;
    to.destroyed = destroyed;
    to.finished = finished;
    to.length = length;
    to.pos = pos;
    if (pos)
      to.buffer.set(buffer);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
};
var SHA256_IV = /* @__PURE__ */ Uint32Array.from([
  1779033703,
  3144134277,
  1013904242,
  2773480762,
  1359893119,
  2600822924,
  528734635,
  1541459225
]);

// node_modules/@noble/hashes/sha2.js
var SHA256_K = /* @__PURE__ */ Uint32Array.from([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var SHA256_W = /* @__PURE__ */ new Uint32Array(64);
var SHA2_32B = class extends HashMD {
  // We cannot use array here since array allows indexing by variable
  // which means optimizer/compiler cannot use registers.
  // Numeric initializers matter: starting the fields as `undefined` changes
  // V8's field representation and makes sha256 3x slower (measured).
  A = 0;
  B = 0;
  C = 0;
  D = 0;
  E = 0;
  F = 0;
  G = 0;
  H = 0;
  constructor(outputLen, IV) {
    super(64, outputLen, 8, false);
    this.A = IV[0] | 0;
    this.B = IV[1] | 0;
    this.C = IV[2] | 0;
    this.D = IV[3] | 0;
    this.E = IV[4] | 0;
    this.F = IV[5] | 0;
    this.G = IV[6] | 0;
    this.H = IV[7] | 0;
  }
  get() {
    const { A, B, C, D, E, F, G, H } = this;
    return [A, B, C, D, E, F, G, H];
  }
  // prettier-ignore
  set(A, B, C, D, E, F, G, H) {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G | 0;
    this.H = H | 0;
  }
  _cloneInto(to) {
    (to ||= new this.constructor()).set(...this.get());
    return this._cloneIntoMeta(to);
  }
  process(view, offset) {
    for (let i = 0; i < 16; i++, offset += 4)
      SHA256_W[i] = view.getUint32(offset, false);
    for (let i = 16; i < 64; i++) {
      const W15 = SHA256_W[i - 15];
      const W2 = SHA256_W[i - 2];
      const s0 = rotr(W15, 7) ^ rotr(W15, 18) ^ W15 >>> 3;
      const s1 = rotr(W2, 17) ^ rotr(W2, 19) ^ W2 >>> 10;
      SHA256_W[i] = s1 + SHA256_W[i - 7] + s0 + SHA256_W[i - 16] | 0;
    }
    let { A, B, C, D, E, F, G, H } = this;
    for (let i = 0; i < 64; i++) {
      const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      const T1 = H + sigma1 + Chi(E, F, G) + SHA256_K[i] + SHA256_W[i] | 0;
      const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      const T2 = sigma0 + Maj(A, B, C) | 0;
      H = G;
      G = F;
      F = E;
      E = D + T1 | 0;
      D = C;
      C = B;
      B = A;
      A = T1 + T2 | 0;
    }
    A = A + this.A | 0;
    B = B + this.B | 0;
    C = C + this.C | 0;
    D = D + this.D | 0;
    E = E + this.E | 0;
    F = F + this.F | 0;
    G = G + this.G | 0;
    H = H + this.H | 0;
    this.set(A, B, C, D, E, F, G, H);
  }
  roundClean() {
    clean(SHA256_W);
  }
  destroy() {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
};
var _SHA256 = class extends SHA2_32B {
  constructor() {
    super(32, SHA256_IV);
  }
};
var sha256 = /* @__PURE__ */ createHasher(
  () => new _SHA256(),
  /* @__PURE__ */ oidNist(1)
);

// packages/status/dist/internal/checks.js
var DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
function isStatusBits(v) {
  return v === 1 || v === 2 || v === 4 || v === 8;
}
function checkBits(v, name) {
  if (!isStatusBits(v))
    throw invalidArgument(name, "1, 2, 4 or 8", v);
  return v;
}
var MAX_MAX_BYTES = 2 ** 30;
function checkMaxBytes(v, name = "options.maxBytes") {
  if (v === void 0)
    return DEFAULT_MAX_BYTES;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0 || v > MAX_MAX_BYTES) {
    throw invalidArgument(name, `a positive integer of at most ${MAX_MAX_BYTES} (bytes)`, v);
  }
  return v;
}
function checkOptions(v, name = "options") {
  if (v === void 0)
    return {};
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw invalidArgument(name, "an object", v);
  return v;
}

// packages/status/dist/internal/packing.js
var TABLES = /* @__PURE__ */ new Map();
function table(bits) {
  let t = TABLES.get(bits);
  if (t === void 0) {
    t = new Uint8Array(256);
    const per = 8 / bits;
    const mask = (1 << bits) - 1;
    for (let b = 0; b < 256; b++) {
      let r = 0;
      for (let k = 0; k < per; k++)
        r |= (b >> k * bits & mask) << (per - 1 - k) * bits;
      t[b] = r;
    }
    TABLES.set(bits, t);
  }
  return t;
}
function reorder(bytes, bits) {
  if (bits === 8)
    return bytes.slice();
  const t = table(bits);
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++)
    out[i] = t[bytes[i]];
  return out;
}

// packages/status/dist/status-list.js
var MAX_BYTES = 2 ** 30;
var adopting;
var readPacked;
function outOfRange(index, size) {
  const shown = typeof index === "number" ? String(index) : typeof index;
  return new ElicenseError("ERR_STATUS_INDEX_OUT_OF_RANGE", `status list index ${shown} is not an integer in [0, ${size})`, {
    details: { index: typeof index === "number" ? index : void 0, size }
  });
}
var StatusList = class {
  /** Number of entries. */
  size;
  /** Bits per entry. */
  bits;
  #bytes;
  /** W3C order (index 0 in the most significant bits) instead of IETF order. */
  #msbFirst;
  #mask;
  #perByte;
  static {
    readPacked = (list, msbFirst) => list.#msbFirst === msbFirst ? list.#bytes : reorder(list.#bytes, list.bits);
  }
  /**
   * A list of `size` VALID entries of `bits` bits (default 1).
   *
   * @example
   * ```ts
   * new StatusList(16).set(3, StatusType.INVALID)
   * ```
   */
  constructor(size, bits = 1) {
    this.bits = checkBits(bits, "bits");
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size <= 0 || size * bits / 8 > MAX_BYTES) {
      throw invalidArgument("size", `a positive integer of at most ${MAX_BYTES * 8 / bits} entries`, size);
    }
    this.size = size;
    this.#mask = (1 << bits) - 1;
    this.#perByte = 8 / bits;
    const adopted = adopting;
    adopting = void 0;
    if (adopted !== void 0) {
      this.#bytes = adopted.bytes;
      this.#msbFirst = adopted.msbFirst;
    } else {
      this.#bytes = new Uint8Array(Math.ceil(size * bits / 8));
      this.#msbFirst = false;
    }
  }
  /**
   * A list over a copy of IETF-packed bytes (LSB-first); its size is `bytes.length * 8 / bits`.
   *
   * @example
   * ```ts
   * StatusList.fromBytes(new Uint8Array([0xb9, 0xa3]), 1).get(0) // 1
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-compressed-byte-array
   */
  static fromBytes(bytes, bits) {
    if (!(bytes instanceof Uint8Array) || bytes.length === 0)
      throw invalidArgument("bytes", "a non-empty Uint8Array", bytes);
    checkBits(bits, "bits");
    return adoptPacked(bytes.slice(), bits, false);
  }
  #shift(index) {
    const k = index % this.#perByte;
    return this.#msbFirst ? 8 - this.bits - k * this.bits : k * this.bits;
  }
  /**
   * The status value at `index`.
   *
   * @example
   * ```ts
   * if (list.get(ref.idx) !== StatusType.VALID) throw new Error('not valid')
   * ```
   */
  get(index) {
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= this.size)
      throw outOfRange(index, this.size);
    return this.#bytes[Math.floor(index / this.#perByte)] >> this.#shift(index) & this.#mask;
  }
  /**
   * Set the status value at `index` (a value of at most `bits` bits).
   *
   * @example
   * ```ts
   * list.set(42, StatusType.INVALID)
   * ```
   */
  set(index, value) {
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= this.size)
      throw outOfRange(index, this.size);
    this.#checkValue(value, "value");
    this.#write(index, value);
  }
  /**
   * Set many entries at once. Every entry is checked before any is written: one bad entry and the
   * list is left unchanged.
   *
   * @example
   * ```ts
   * list.setMany([[3, StatusType.INVALID], [9, StatusType.SUSPENDED]])
   * ```
   */
  setMany(entries) {
    if (typeof entries !== "object" || entries === null || typeof entries[Symbol.iterator] !== "function") {
      throw invalidArgument("entries", "an iterable of [index, value] pairs", entries);
    }
    const indices = [];
    const values = [];
    let n = 0;
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2)
        throw invalidArgument(`entries[${n}]`, "an [index, value] pair", entry);
      const [index, value] = entry;
      if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= this.size)
        throw outOfRange(index, this.size);
      this.#checkValue(value, `entries[${n}] value`);
      indices.push(index);
      values.push(value);
      n++;
    }
    for (let i = 0; i < n; i++)
      this.#write(indices[i], values[i]);
  }
  /**
   * A copy of the packed bytes in IETF order (LSB-first): the uncompressed Status List.
   *
   * @example
   * ```ts
   * new StatusList(16).toBytes() // Uint8Array(2) [0, 0]
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-compressed-byte-array
   */
  toBytes() {
    return this.#msbFirst ? reorder(this.#bytes, this.bits) : this.#bytes.slice();
  }
  /**
   * Every status value, index 0 first.
   *
   * @example
   * ```ts
   * const revoked = [...list].filter((v) => v === StatusType.INVALID).length
   * ```
   */
  *[Symbol.iterator]() {
    const bytes = this.#bytes;
    const { bits, size } = this;
    const mask = this.#mask;
    const per = this.#perByte;
    let index = 0;
    for (let i = 0; i < bytes.length && index < size; i++) {
      const b = bytes[i];
      for (let k = 0; k < per && index < size; k++, index++) {
        yield b >> (this.#msbFirst ? 8 - bits - k * bits : k * bits) & mask;
      }
    }
  }
  #checkValue(value, name) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > this.#mask) {
      throw invalidArgument(name, `an integer in [0, ${this.#mask}] (${this.bits}-bit status list)`, value);
    }
  }
  #write(index, value) {
    const at = Math.floor(index / this.#perByte);
    const shift = this.#shift(index);
    this.#bytes[at] = this.#bytes[at] & ~(this.#mask << shift) | value << shift;
  }
};
function adoptPacked(bytes, bits, msbFirst) {
  adopting = { bytes, msbFirst };
  try {
    return new StatusList(bytes.length * 8 / bits, bits);
  } finally {
    adopting = void 0;
  }
}

// packages/status/dist/internal/frame.js
function corrupt(what, reason, cause) {
  return new ElicenseError("ERR_STATUS_LIST_INVALID", `${what} is not a valid compressed status list: ${reason}`, cause === void 0 ? {} : { cause });
}
function tooLarge(what, maxBytes) {
  return new ElicenseError("ERR_INPUT_TOO_LARGE", `${what} decompresses to more than ${maxBytes} bytes (raise maxBytes to accept larger lists)`, {
    details: { maxBytes }
  });
}
function checkZlibHeader(data, what) {
  if (data.length < 2 + 2 + 4)
    throw corrupt(what, "too short for a ZLIB stream");
  const cmf = data[0];
  const flg = data[1];
  if ((cmf & 15) !== 8)
    throw corrupt(what, "not a ZLIB stream (RFC 1950) with DEFLATE compression");
  if (cmf >> 4 !== 7)
    throw corrupt(what, "the ZLIB window size must be 32 KiB (CINFO 7)");
  if ((cmf << 8 | flg) % 31 !== 0)
    throw corrupt(what, "the ZLIB header check bits are wrong");
  if ((flg & 32) !== 0)
    throw corrupt(what, "the ZLIB stream needs a preset dictionary");
  return 2;
}
function gzipHeaderLength(data, what) {
  if (data.length < 10 + 2 + 8)
    throw corrupt(what, "too short for a GZIP stream");
  if (data[0] !== 31 || data[1] !== 139)
    throw corrupt(what, "not a GZIP stream (RFC 1952): wrong magic bytes");
  if (data[2] !== 8)
    throw corrupt(what, "the GZIP stream does not use DEFLATE");
  const flg = data[3];
  if ((flg & 224) !== 0)
    throw corrupt(what, "the GZIP header has reserved flags set");
  let off = 10;
  if ((flg & 4) !== 0) {
    if (off + 2 > data.length)
      throw corrupt(what, "the GZIP extra field is truncated");
    off += 2 + (data[off] | data[off + 1] << 8);
  }
  for (const flag of [8, 16]) {
    if ((flg & flag) === 0)
      continue;
    while (off < data.length && data[off] !== 0)
      off++;
    off++;
  }
  if ((flg & 2) !== 0) {
    if (off + 2 > data.length)
      throw corrupt(what, "the GZIP header CRC is truncated");
    const want = data[off] | data[off + 1] << 8;
    if ((crc32(data.subarray(0, off)) & 65535) !== want)
      throw corrupt(what, "the GZIP header CRC does not match");
    off += 2;
  }
  if (off + 8 > data.length)
    throw corrupt(what, "the GZIP header is truncated");
  return off;
}
function readUint32BE(data, off) {
  return (data[off] << 24 | data[off + 1] << 16 | data[off + 2] << 8 | data[off + 3]) >>> 0;
}
function readUint32LE(data, off) {
  return (data[off] | data[off + 1] << 8 | data[off + 2] << 16 | data[off + 3] << 24) >>> 0;
}
function adler32(data) {
  let a = 1;
  let b = 0;
  const n = data.length;
  for (let i = 0; i < n; ) {
    const end = Math.min(i + 3800, n);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b << 16 | a) >>> 0;
}
var CRC_TABLE;
function crc32(data) {
  let table2 = CRC_TABLE;
  if (table2 === void 0) {
    table2 = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c2 = n;
      for (let k = 0; k < 8; k++)
        c2 = c2 & 1 ? 3988292384 ^ c2 >>> 1 : c2 >>> 1;
      table2[n] = c2;
    }
    CRC_TABLE = table2;
  }
  let c = -1;
  for (let i = 0; i < data.length; i++)
    c = table2[(c ^ data[i]) & 255] ^ c >>> 8;
  return ~c >>> 0;
}

// packages/status/dist/internal/inflate.js
var CHUNK = 16384;
var INVALID = 1 << 15;
var LENGTH_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
var LENGTH_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
var DIST_BASE = new Uint16Array([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
var DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
var CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
function buildTable(lengths, n, kind, invalidFrom, what) {
  const count = new Uint16Array(16);
  let max = 0;
  for (let s = 0; s < n; s++) {
    const l = lengths[s];
    count[l]++;
    if (l > max)
      max = l;
  }
  if (max === 0) {
    const entry = kind === "code lengths" ? 0 << 5 | 1 : INVALID | 1;
    return { entries: new Uint16Array([entry, entry]), bits: 1 };
  }
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = left * 2 - count[len];
    if (left < 0)
      throw corrupt(what, `invalid ${kind} set (over-subscribed)`);
  }
  if (left > 0 && (kind === "code lengths" || max !== 1))
    throw corrupt(what, `invalid ${kind} set (incomplete)`);
  const next = new Uint16Array(16);
  for (let len = 2; len <= 15; len++)
    next[len] = next[len - 1] + count[len - 1] << 1;
  const size = 1 << max;
  const entries = new Uint16Array(size).fill(INVALID | 1);
  for (let s = 0; s < n; s++) {
    const len = lengths[s];
    if (len === 0)
      continue;
    const code = next[len]++;
    let rev = 0;
    for (let i = 0; i < len; i++)
      rev |= (code >> i & 1) << len - 1 - i;
    const entry = s >= invalidFrom ? INVALID | len : s << 5 | len;
    for (let i = rev; i < size; i += 1 << len)
      entries[i] = entry;
  }
  return { entries, bits: max };
}
var FIXED;
function fixedTables() {
  if (FIXED === void 0) {
    const lit = new Uint8Array(288);
    lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    FIXED = [buildTable(lit, 288, "literal/length", 286, "fixed code"), buildTable(new Uint8Array(32).fill(5), 32, "distance", 30, "fixed code")];
  }
  return FIXED;
}
var EndOfInput = class extends Error {
};
var Inflater = class {
  #data;
  #max;
  #what;
  #pos;
  #hold = 0;
  #bits = 0;
  out;
  o = 0;
  #next = CHUNK;
  constructor(data, start, maxBytes, what) {
    this.#data = data;
    this.#pos = start;
    this.#max = maxBytes;
    this.#what = what;
    const cap = (Math.floor(maxBytes / CHUNK) + 1) * CHUNK;
    this.out = new Uint8Array(Math.min(cap, Math.max(CHUNK, Math.ceil(data.length * 4 / CHUNK) * CHUNK)));
  }
  /** Byte offset just past the last byte the stream used. */
  get end() {
    return this.#pos - (this.#bits >> 3);
  }
  #need(n) {
    while (this.#bits < n) {
      if (this.#pos >= this.#data.length)
        throw new EndOfInput();
      this.#hold |= this.#data[this.#pos++] << this.#bits;
      this.#bits += 8;
    }
  }
  bitsOf(n) {
    if (n === 0)
      return 0;
    this.#need(n);
    const v = this.#hold & (1 << n) - 1;
    this.#hold >>>= n;
    this.#bits -= n;
    return v;
  }
  /** Drop the bits left in the current byte. */
  align() {
    const drop = this.#bits & 7;
    this.#hold >>>= drop;
    this.#bits -= drop;
  }
  /** Decode one symbol; `INVALID` entries throw with zlib's message. */
  decode(t, kind) {
    while (this.#bits < t.bits && this.#pos < this.#data.length) {
      this.#hold |= this.#data[this.#pos++] << this.#bits;
      this.#bits += 8;
    }
    const entry = t.entries[this.#hold & (1 << t.bits) - 1];
    const len = entry & 31;
    if (len > this.#bits)
      throw new EndOfInput();
    this.#hold >>>= len;
    this.#bits -= len;
    if (entry & INVALID)
      throw corrupt(this.#what, `invalid ${kind} code`);
    return entry >> 5 & 1023;
  }
  /** node:zlib's output-limit check, at each 16 KiB output boundary; grows the buffer there too. */
  #boundary() {
    if (this.o > this.#max)
      throw tooLarge(this.#what, this.#max);
    this.#next += CHUNK;
    if (this.o === this.out.length) {
      const bigger = new Uint8Array(this.out.length * 2);
      bigger.set(this.out);
      this.out = bigger;
    }
  }
  literal(byte) {
    if (this.o === this.#next)
      this.#boundary();
    this.out[this.o++] = byte;
  }
  copy(dist, len) {
    if (this.o === this.#next)
      this.#boundary();
    if (dist > this.o)
      throw corrupt(this.#what, "invalid distance too far back");
    for (let k = 0; k < len; k++) {
      if (this.o === this.#next)
        this.#boundary();
      const out = this.out;
      out[this.o] = out[this.o - dist];
      this.o++;
    }
  }
  stored(len) {
    for (let k = 0; k < len; k++) {
      if (this.o === this.#next)
        this.#boundary();
      this.out[this.o++] = this.bitsOf(8);
    }
  }
  /** The output so far is a whole number of full chunks beyond the limit (what node:zlib reports on a truncated stream). */
  limitAtEnd() {
    return this.o > 0 && this.o % CHUNK === 0 && this.o > this.#max;
  }
};
function block(s, lit, dist) {
  for (; ; ) {
    const sym = s.decode(lit, "literal/length");
    if (sym < 256) {
      s.literal(sym);
      continue;
    }
    if (sym === 256)
      return;
    const l = sym - 257;
    const len = LENGTH_BASE[l] + s.bitsOf(LENGTH_EXTRA[l]);
    const d = s.decode(dist, "distance");
    const distance = DIST_BASE[d] + s.bitsOf(DIST_EXTRA[d]);
    s.copy(distance, len);
  }
}
function dynamicTables(s, what) {
  const nlen = s.bitsOf(5) + 257;
  const ndist = s.bitsOf(5) + 1;
  const ncode = s.bitsOf(4) + 4;
  if (nlen > 286 || ndist > 30)
    throw corrupt(what, "too many length or distance symbols");
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < ncode; i++)
    codeLengths[CODE_LENGTH_ORDER[i]] = s.bitsOf(3);
  const lencode = buildTable(codeLengths, 19, "code lengths", 19, what);
  const lengths = new Uint8Array(nlen + ndist);
  for (let i = 0; i < nlen + ndist; ) {
    const sym = s.decode(lencode, "code lengths");
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let value = 0;
    let repeat;
    if (sym === 16) {
      if (i === 0)
        throw corrupt(what, "invalid bit length repeat");
      value = lengths[i - 1];
      repeat = 3 + s.bitsOf(2);
    } else if (sym === 17)
      repeat = 3 + s.bitsOf(3);
    else
      repeat = 11 + s.bitsOf(7);
    if (i + repeat > nlen + ndist)
      throw corrupt(what, "invalid bit length repeat");
    while (repeat-- > 0)
      lengths[i++] = value;
  }
  if (lengths[256] === 0)
    throw corrupt(what, "invalid code -- missing end-of-block");
  return [buildTable(lengths, nlen, "literal/length", nlen, what), buildTable(lengths.subarray(nlen), ndist, "distance", ndist, what)];
}
function inflateRaw(data, start, maxBytes, what) {
  const s = new Inflater(data, start, maxBytes, what);
  try {
    let final = 0;
    while (final === 0) {
      final = s.bitsOf(1);
      const type = s.bitsOf(2);
      if (type === 0) {
        s.align();
        const len = s.bitsOf(16);
        const nlen = s.bitsOf(16);
        if (len !== (~nlen & 65535))
          throw corrupt(what, "invalid stored block lengths");
        s.stored(len);
      } else if (type === 1) {
        const [lit, dist] = fixedTables();
        block(s, lit, dist);
      } else if (type === 2) {
        const [lit, dist] = dynamicTables(s, what);
        block(s, lit, dist);
      } else
        throw corrupt(what, "invalid block type");
    }
    s.align();
  } catch (e) {
    if (!(e instanceof EndOfInput))
      throw e;
    if (s.limitAtEnd())
      throw tooLarge(what, maxBytes);
    throw corrupt(what, "unexpected end of file");
  }
  return { out: s.out.subarray(0, s.o), end: s.end, limitAtEnd: s.limitAtEnd() };
}

// packages/status/dist/internal/compress-web.js
function zlibDecompress(data, maxBytes, what) {
  const { out, end, limitAtEnd } = inflateRaw(data, checkZlibHeader(data, what), maxBytes, what);
  if (end + 4 > data.length)
    throw limitAtEnd ? tooLarge(what, maxBytes) : corrupt(what, "unexpected end of file");
  if (adler32(out) !== readUint32BE(data, end))
    throw corrupt(what, "incorrect data check");
  if (out.length > maxBytes)
    throw tooLarge(what, maxBytes);
  if (end + 4 !== data.length)
    throw corrupt(what, "unexpected bytes after the end of the ZLIB stream");
  return out;
}
function gzipDecompress(data, maxBytes, what) {
  const { out, end } = inflateRaw(data, gzipHeaderLength(data, what), maxBytes, what);
  if (out.length > maxBytes)
    throw tooLarge(what, maxBytes);
  if (end + 8 > data.length)
    throw corrupt(what, "the GZIP trailer is truncated");
  if (end + 8 < data.length)
    throw corrupt(what, "unexpected bytes after the end of the GZIP member");
  if (crc32(out) !== readUint32LE(data, end))
    throw corrupt(what, "the GZIP CRC-32 does not match the data");
  if (out.length >>> 0 !== readUint32LE(data, end + 4))
    throw corrupt(what, "the GZIP size does not match the data");
  return out;
}

// packages/status/dist/decode-status-list.js
function decodeStatusList(lst, bits, options) {
  const maxBytes = checkMaxBytes(checkOptions(options).maxBytes);
  if (!isStatusBits(bits)) {
    throw new ElicenseError("ERR_STATUS_LIST_INVALID", `status list bits must be 1, 2, 4 or 8, got ${JSON.stringify(bits) ?? typeof bits}`);
  }
  if (typeof lst !== "string" || lst.length === 0)
    throw new ElicenseError("ERR_STATUS_LIST_INVALID", "status list lst must be a non-empty string");
  const compressed = decodeBase64url(lst, "ERR_STATUS_LIST_INVALID", "status list lst");
  const bytes = zlibDecompress(compressed, maxBytes, "status list lst");
  if (bytes.length === 0)
    throw new ElicenseError("ERR_STATUS_LIST_INVALID", "status list lst decompresses to an empty list");
  return adoptPacked(bytes, bits, false);
}

// packages/status/dist/decode-bitstring-status-list.js
function decodeBitstringStatusList(encodedList, options) {
  const o = checkOptions(options);
  const statusSize = o.statusSize === void 0 ? 1 : checkBits(o.statusSize, "options.statusSize");
  const minEntries = o.minEntries ?? MIN_STATUS_LIST_SIZE;
  if (typeof minEntries !== "number" || !Number.isSafeInteger(minEntries) || minEntries < 0) {
    throw invalidArgument("options.minEntries", "a non-negative integer", o.minEntries);
  }
  if (o.allowStatusList2021 !== void 0 && typeof o.allowStatusList2021 !== "boolean") {
    throw invalidArgument("options.allowStatusList2021", "a boolean", o.allowStatusList2021);
  }
  const maxBytes = checkMaxBytes(o.maxBytes);
  if (typeof encodedList !== "string" || encodedList.length === 0) {
    throw new ElicenseError("ERR_STATUS_LIST_INVALID", "encodedList must be a non-empty string");
  }
  let encoded;
  if (encodedList.startsWith("u"))
    encoded = encodedList.slice(1);
  else if (o.allowStatusList2021 === true)
    encoded = encodedList;
  else {
    throw new ElicenseError("ERR_STATUS_LIST_INVALID", 'encodedList must start with the multibase prefix "u" (base64url); a StatusList2021 list needs allowStatusList2021');
  }
  const compressed = decodeBase64url(encoded, "ERR_STATUS_LIST_INVALID", "encodedList");
  const bytes = gzipDecompress(compressed, maxBytes, "encodedList");
  if (bytes.length === 0)
    throw new ElicenseError("ERR_STATUS_LIST_INVALID", "encodedList decompresses to an empty bitstring");
  const entries = bytes.length * 8 / statusSize;
  if (entries < minEntries) {
    throw new ElicenseError("ERR_STATUS_LIST_LENGTH", `the status list has ${entries} entries, fewer than the ${minEntries} required for herd privacy (STATUS_LIST_LENGTH_ERROR)`, { details: { entries, minEntries } });
  }
  return adoptPacked(bytes, statusSize, true);
}

// node_modules/@noble/hashes/hmac.js
var _HMAC = class {
  oHash;
  iHash;
  blockLen;
  outputLen;
  canXOF = false;
  finished = false;
  destroyed = false;
  constructor(hash, key) {
    ahash(hash);
    abytes(key, void 0, "key");
    this.iHash = hash.create();
    if (typeof this.iHash.update !== "function")
      throw new Error("expected Hash instance");
    this.blockLen = this.iHash.blockLen;
    this.outputLen = this.iHash.outputLen;
    const blockLen = this.blockLen;
    const pad = new Uint8Array(blockLen);
    pad.set(key.length > blockLen ? hash.create().update(key).digest() : key);
    for (let i = 0; i < pad.length; i++)
      pad[i] ^= 54;
    this.iHash.update(pad);
    this.oHash = hash.create();
    for (let i = 0; i < pad.length; i++)
      pad[i] ^= 54 ^ 92;
    this.oHash.update(pad);
    clean(pad);
  }
  update(buf) {
    aexists(this);
    this.iHash.update(buf);
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const buf = out.subarray(0, this.outputLen);
    this.iHash.digestInto(buf);
    this.oHash.update(buf);
    this.oHash.digestInto(buf);
    this.destroy();
  }
  digest() {
    const out = new Uint8Array(this.oHash.outputLen);
    this.digestInto(out);
    return out;
  }
  _cloneInto(to) {
    to ||= Object.create(Object.getPrototypeOf(this), {});
    const { oHash, iHash, finished, destroyed, blockLen, outputLen, canXOF } = this;
    to = to;
    to.finished = finished;
    to.destroyed = destroyed;
    to.blockLen = blockLen;
    to.outputLen = outputLen;
    to.canXOF = canXOF;
    to.oHash = oHash._cloneInto(to.oHash);
    to.iHash = iHash._cloneInto(to.iHash);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
  destroy() {
    this.destroyed = true;
    this.oHash.destroy();
    this.iHash.destroy();
  }
};
var hmac = /* @__PURE__ */ (() => {
  const hmac_ = ((hash, key, message) => new _HMAC(hash, key).update(message).digest());
  hmac_.create = (hash, key) => new _HMAC(hash, key);
  return hmac_;
})();

// packages/status/dist/index-permutation.js
var ROUNDS = 8;
var MAX_SIZE = 2 ** 32;
var VERSION = 1;
var IndexPermutation = class {
  #size;
  #half;
  #mask;
  #tables = new Array(ROUNDS).fill(void 0);
  #mac;
  #work;
  #message = new Uint8Array(8);
  #digest = new Uint8Array(32);
  /**
   * A permutation of `[0, size)` keyed by `key` (at least 16 bytes; keep it secret, keep it with
   * the list — see {@link generatePermutationKey}). `size` is at most 2^32.
   *
   * @example
   * ```ts
   * new IndexPermutation(key, 131072).indexAt(0) // a fixed, key-dependent index in [0, 131072)
   * ```
   */
  constructor(key, size) {
    if (!(key instanceof Uint8Array) || key.length < 16)
      throw invalidArgument("key", "a Uint8Array of at least 16 bytes", key);
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size <= 0 || size > MAX_SIZE) {
      throw invalidArgument("size", `a positive integer of at most ${MAX_SIZE}`, size);
    }
    let bits = 2;
    while (2 ** bits < size)
      bits += 2;
    this.#size = size;
    this.#half = bits / 2;
    this.#mask = 2 ** this.#half - 1;
    this.#mac = hmac.create(sha256, key);
    this.#message[0] = VERSION;
    this.#message[1] = this.#half;
  }
  /** Round function `i` on a right half, through the cache. */
  #round(i, right) {
    let table2 = this.#tables[i];
    if (table2 === void 0) {
      table2 = new Int32Array(this.#mask + 1).fill(-1);
      this.#tables[i] = table2;
    }
    const cached = table2[right];
    if (cached >= 0)
      return cached;
    const m = this.#message;
    m[2] = i;
    m[4] = right >>> 24;
    m[5] = right >>> 16 & 255;
    m[6] = right >>> 8 & 255;
    m[7] = right & 255;
    const work = this.#work = this.#mac._cloneInto(this.#work);
    work.update(m);
    work.digestInto(this.#digest);
    const d = this.#digest;
    const value = (d[0] << 24 | d[1] << 16 | d[2] << 8 | d[3]) >>> 0 & this.#mask;
    table2[right] = value;
    return value;
  }
  #encrypt(x) {
    const half = this.#half;
    let left = x >>> half;
    let right = x & this.#mask;
    for (let i = 0; i < ROUNDS; i++) {
      const next = (left ^ this.#round(i, right)) & this.#mask;
      left = right;
      right = next;
    }
    return left * 2 ** half + right;
  }
  /**
   * The index for allocation position `position` (0, 1, 2 … in issuance order). Bijective over
   * `[0, size)`; a position outside it throws `ERR_STATUS_INDEX_OUT_OF_RANGE`.
   *
   * @example
   * ```ts
   * const idx = permutation.indexAt(17)
   * ```
   */
  indexAt(position) {
    if (typeof position !== "number" || !Number.isInteger(position) || position < 0 || position >= this.#size) {
      throw new ElicenseError("ERR_STATUS_INDEX_OUT_OF_RANGE", `position ${typeof position === "number" ? position : typeof position} is not an integer in [0, ${this.#size})`, {
        details: { size: this.#size }
      });
    }
    let x = position;
    do
      x = this.#encrypt(x);
    while (x >= this.#size);
    return x;
  }
};

// test/.tmp-status/entry.mjs
console.log(decodeStatusList("eNrbuRgAAhcBXQ", 1).get(0), decodeBitstringStatusList("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA").size, new IndexPermutation(new Uint8Array(16), 10).indexAt(1));
