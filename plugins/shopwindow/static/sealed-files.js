// The job's sealed files, fetched from the page's folder and opened with its content key. A failure
// says what the customer is told: "gone" (the job left the site), "network", or "changed".
import { openSealed } from "./access-format.js";

export class Failure extends Error {
  constructor(kind) {
    super(kind);
    this.kind = kind;
  }
}

export class SealedFiles {
  constructor(base, slug) {
    this.base = base;
    this.slug = slug;
    this.key = null; // the content key, once the page is open
  }

  async fetch(name) {
    let response;
    try {
      response = await fetch(this.base + name, { cache: "no-cache", credentials: "same-origin" });
    } catch {
      throw new Failure("network");
    }
    if (response.status === 404 || response.status === 410) throw new Failure("gone");
    if (!response.ok) throw new Failure("network");
    return response.arrayBuffer();
  }

  // The plain bytes of ``data`` (the sealed file ``name``), with ``key`` or the page's.
  async open(name, data, key = this.key) {
    try {
      return await openSealed(key, this.slug, name, data);
    } catch {
      throw new Failure("changed");
    }
  }

  async decrypt(name) {
    return this.open(name, await this.fetch(name));
  }
}
