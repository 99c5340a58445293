// The browser's access format against the shared vectors of another implementation (../shared beside
// this checkout, as in CI and on the team's machines).
import { existsSync } from "node:fs";
import { join } from "node:path";

import { project, vectorTests } from "./access-format-vectors.mjs";

const file = join(project, "..", "shared", "fixtures", "access-vectors.json");
const skip = process.env.SHOPWINDOW_VECTORS
  ? "SHOPWINDOW_VECTORS names the one file to test"
  : !existsSync(file) && "../shared/fixtures/access-vectors.json is not beside this checkout (it is in CI); the project's vectors cover the format";
vectorTests(file, skip);
