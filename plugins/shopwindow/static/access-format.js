// Shopwindow's access format, version 1, in the browser: pure functions over WebCrypto, nothing else.
// The format is specified in plugins/shopwindow/access/format.py and DESIGN.md:
//   wrapped key and files: "SW1" + nonce(12) + AES-256-GCM(ciphertext + tag), additional data "slug/name";
//   the wrapping key is PBKDF2-SHA256(normalised code, salt, iterations).
// The same file runs in Node (`node --test tests/js`), whose WebCrypto is the same API, against the
// vectors the Python side makes (tests/vectors/access-v1.json) and the shared ones.

const MAGIC = [0x53, 0x57, 0x31]; // "SW1"
const NONCE = 12;
const TAG = 16;
const encoder = new TextEncoder();
const subtle = globalThis.crypto.subtle;

// What a customer types or a link carries, as the code was made: no spaces or dashes, upper case,
// O read as 0 and I or L as 1.
export function normaliseCode(text) {
  return String(text).replace(/\s+/g, "").replace(/-/g, "").toUpperCase()
    .replace(/O/g, "0").replace(/[IL]/g, "1");
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class FormatError extends Error {
  constructor(message) {
    super(message);
    this.name = "FormatError";
  }
}

function splitSealed(data) {
  const bytes = new Uint8Array(data);
  if (bytes.length < MAGIC.length + NONCE + TAG || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new FormatError("not a Shopwindow v1 file");
  }
  return { nonce: bytes.slice(3, 3 + NONCE), body: bytes.slice(3 + NONCE) };
}

function gcm(slug, name, nonce) {
  return { name: "AES-GCM", iv: nonce, additionalData: encoder.encode(`${slug}/${name}`), tagLength: 128 };
}

export async function deriveWrappingKey(code, salt, iterations) {
  const base = await subtle.importKey("raw", encoder.encode(normaliseCode(code)), "PBKDF2", false, ["deriveKey"]);
  return subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    base, { name: "AES-GCM", length: 256 }, false, ["unwrapKey"]);
}

// The content key never exists as bytes in the page: it is unwrapped straight into a
// non-extractable CryptoKey that can only decrypt. A wrong code rejects (the tag does not match).
export async function unwrapContentKey(lock, code) {
  const sealed = splitSealed(fromBase64(lock.wrapped));
  const wrappingKey = await deriveWrappingKey(code, fromBase64(lock.salt), lock.iterations);
  return subtle.unwrapKey("raw", sealed.body, wrappingKey, gcm(lock.slug, "key", sealed.nonce),
    { name: "AES-GCM" }, false, ["decrypt"]);
}

// A sealed file's plain bytes (an ArrayBuffer); rejects if it was changed or belongs elsewhere.
export async function openSealed(key, slug, name, data) {
  const sealed = splitSealed(data);
  return subtle.decrypt(gcm(slug, name, sealed.nonce), key, sealed.body);
}

// The first 5 * count bits of bytes, 5 a character, most significant first (the code alphabet).
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function characters(bytes, count) {
  let out = "";
  let value = 0;
  let bits = 0;
  let i = 0;
  while (out.length < count) {
    value = (value << 8) | bytes[i++];
    bits += 8;
    while (bits >= 5 && out.length < count) {
      out += ALPHABET[(value >> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

// The code of a customer's answer to a quote: HMAC-SHA256 under the job's answer key (delivered in
// the sealed view) of "answer\0" + job + "\0" + quote version + "\0" + choices ("A"/"D" per item),
// and in format 2 + "\0" + the quote's digest (quoteDigest): the code binds what was quoted.
export async function answerCode(keyBytes, job, quoteVersion, choices, digest) {
  let message = `answer\0${job}\0${quoteVersion}\0${choices}`;
  if (digest !== undefined && digest !== null) message += `\0${digest}`;
  const key = await subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await subtle.sign("HMAC", key, encoder.encode(message));
  return characters(new Uint8Array(mac), 10);
}

// The hex SHA-256 of a quote's canonical text: "shopwindow quote\n" + currency + "\n", then
// name + "\t" + price + "\n" per item (names and prices as the page gives them, already canonical).
export async function quoteDigest(items, currency) {
  let text = `shopwindow quote\n${(currency || "").toUpperCase()}\n`;
  for (const [name, price] of items) text += `${name}\t${price}\n`;
  const hash = new Uint8Array(await subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(hash, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// White space as format.py folds it: ASCII white space, NEL, NBSP, the Unicode spaces, the line and
// paragraph separators and the zero-width no-break space.
const WHITE_RUN = /[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

// A name or a testimonial's words as the code binds them: NFC, every run of white space (line ends
// too) one space, none at the ends; a mail program that rewraps the lines changes no code.
export function folded(text) {
  return String(text).normalize("NFC").replace(WHITE_RUN, " ").replace(/^ | $/g, "");
}

// The canonical text of a testimonial: "shopwindow testimonial\n", then job, language, consent
// statement's version, rating, name and words, each on its own line.
export function testimonialText(job, lang, consentVersion, rating, name, words) {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new FormatError("a rating from 1 to 5");
  const fields = [job, lang, consentVersion, String(rating), folded(name), folded(words)];
  return "shopwindow testimonial\n" + fields.map((field) => field + "\n").join("");
}

async function macCode(keyBytes, message, count = 10) {
  const key = await subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return characters(new Uint8Array(await subtle.sign("HMAC", key, encoder.encode(message))), count);
}

// A tag beside the code (5 characters) of the name or the words ("name", "words"): the shop tells a
// changed name from changed words.
export async function testimonialTag(keyBytes, job, part, text) {
  if (part !== "name" && part !== "words") throw new FormatError("a tag of the name or the words");
  return macCode(keyBytes, `testimonial-${part}\0${job}\0${folded(text)}`, 5);
}

// The code of a testimonial written on the job's page: HMAC under the job's answer key of
// "testimonial\0" + job + "\0" + the hex SHA-256 of testimonialText.
export async function testimonialCode(keyBytes, job, lang, consentVersion, rating, name, words) {
  const text = testimonialText(job, lang, consentVersion, rating, name, words);
  const hash = new Uint8Array(await subtle.digest("SHA-256", encoder.encode(text)));
  const digest = Array.from(hash, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return macCode(keyBytes, `testimonial\0${job}\0${digest}`);
}

// The code of a request to take the job's testimonial down: HMAC of "withdraw\0" + job.
export async function withdrawalCode(keyBytes, job) {
  return macCode(keyBytes, `withdraw\0${job}`);
}
