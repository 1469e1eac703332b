// The compiler mirrors the repository layout (src/ and migrations/ share one root), so the server
// lands in dist/src/main.js. Deployments and the Dockerfile run `node dist/main.js`: this writes
// that one-line entry point after every build.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/main.js', import.meta.url), "import './src/main.js';\n");
