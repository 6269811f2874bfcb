import { z } from 'zod';

// zod compiles object schemas with `new Function` where it may; probing for that under the page's
// CSP (no 'unsafe-eval') reports a violation at every start even though zod falls back. The page
// parses little, so the interpreter loses nothing: it is told not to probe.
z.config({ jitless: true });
