// The tests of the browser's access format (plugins/shopwindow/static/access-format.js) over one file
// of vectors; each *.test.mjs beside this runs them on its file (Node runs the files in parallel).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  answerCode, folded, fromBase64, normaliseCode, openSealed, quoteDigest, testimonialCode, testimonialTag,
  testimonialText, unwrapContentKey, withdrawalCode,
} from "../../plugins/shopwindow/static/access-format.js";

const here = dirname(fileURLToPath(import.meta.url));
export const project = join(here, "..", "..");

// ``skip``: false, or why the file is not here.
export function vectorTests(file, skip = false) {
  const vectors = skip ? {} : JSON.parse(readFileSync(file, "utf-8"));
  const name = relative(project, file);

  test(`${name}: codes are normalised as typed`, { skip }, () => {
    for (const [typed, normal] of vectors.normalisation_examples) {
      assert.equal(normaliseCode(typed), normal, `normaliseCode(${JSON.stringify(typed)})`);
    }
  });

  test(`${name}: each code unwraps its content key and opens its file; the code shown works too`, { skip }, async () => {
    for (const c of vectors.cases) {
      const lock = { wrapped: c.wrapped_b64, salt: c.salt_b64, iterations: c.iterations, slug: c.slug };
      for (const code of [c.code, c.code_shown]) {
        const key = await unwrapContentKey(lock, code);
        const plain = await openSealed(key, c.slug, c.file.name, fromBase64(c.file.encrypted_b64));
        assert.equal(Buffer.from(plain).toString("base64"), c.file.plaintext_b64, `${c.job} v${c.code_version}`);
      }
    }
  });

  test(`${name}: a wrong code and a file under another name are refused`, { skip }, async () => {
    const c = vectors.cases[0];
    const lock = { wrapped: c.wrapped_b64, salt: c.salt_b64, iterations: c.iterations, slug: c.slug };
    const wrong = (c.code[0] === "0" ? "1" : "0") + c.code.slice(1);
    await assert.rejects(unwrapContentKey(lock, wrong));
    const key = await unwrapContentKey(lock, c.code);
    await assert.rejects(openSealed(key, c.slug, `other-${c.file.name}`, fromBase64(c.file.encrypted_b64)));
  });

  test(`${name}: answer codes and quote digests`, { skip: skip || (!vectors.answers && "no answer vectors in it") }, async () => {
    for (const a of vectors.answers) {
      assert.equal(await answerCode(fromBase64(a.answer_key_b64), a.job, a.quote_version, a.choices), a.answer_code);
    }
    for (const a of vectors.bound_answers) {
      const digest = await quoteDigest(a.items, a.currency);
      assert.equal(digest, a.quote_digest, `digest of ${JSON.stringify(a.quote_text)}`);
      assert.equal(await answerCode(fromBase64(a.answer_key_b64), a.job, a.quote_version, a.choices, digest), a.answer_code);
    }
  });

  test(`${name}: testimonial and withdrawal codes`, { skip: skip || (!vectors.testimonials && "no testimonial vectors in it") }, async () => {
    for (const t of vectors.testimonials) {
      const key = fromBase64(t.answer_key_b64);
      assert.equal(testimonialText(t.job, t.language, t.consent_version, t.rating, t.name, t.words), t.text);
      assert.equal(
        await testimonialCode(key, t.job, t.language, t.consent_version, t.rating, t.name, t.words), t.testimonial_code,
      );
      assert.equal(await withdrawalCode(key, t.job), t.withdrawal_code);
      assert.equal(await testimonialTag(key, t.job, "name", t.name), t.name_tag);
      assert.equal(await testimonialTag(key, t.job, "words", t.words), t.words_tag);
      assert.equal(folded(folded(t.words)), folded(t.words));
    }
  });
}
