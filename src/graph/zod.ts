/**
 * zod, configured for Kairo: every module imports `z` from here, never from 'zod' directly, so the
 * configuration is in force before the first schema is made. `jitless`: zod must not compile
 * validators through `new Function` — the Content-Security-Policy has no 'unsafe-eval', and even
 * zod's probe for it (run as each object schema is made) is reported as a violation.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
