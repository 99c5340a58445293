// The browser's access format against the vectors the Python side makes: `node --test tests/js`.
// SHOPWINDOW_VECTORS names another file instead (the test that plants a wrong vector uses it).
import { join } from "node:path";

import { project, vectorTests } from "./access-format-vectors.mjs";

vectorTests(process.env.SHOPWINDOW_VECTORS || join(project, "tests", "vectors", "access-v1.json"));
