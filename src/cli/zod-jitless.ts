/**
 * Imported before a command's module, so before any of the schemas it parses with is built (zod reads the setting
 * when a schema is constructed). zod compiles a parser for each object schema the first time that schema parses
 * (`new Function`), which pays off over many parses; a command parses a document once, and compiling cost more than
 * it saved: about 25 ms of CPU of `validate` on the camera example, none of it won back on a 10 000-element model.
 * The results are the same either way (zod's own tests run both paths). The server's assessment worker threads have
 * zod's default.
 */
import { z } from 'zod';

z.config({ jitless: true });
