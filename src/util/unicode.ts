/**
 * Text from models, SBOMs and advisories may hold unpaired surrogates (a JSON "\ud800" is valid JSON); encodeURI and
 * encodeURIComponent throw on them. Everything that puts such text in a URI goes through here.
 */

/** The string with every unpaired surrogate replaced by U+FFFD (String.prototype.toWellFormed is not in Node 20). */
export const wellFormed = (text: string): string =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** encodeURIComponent that does not throw: unpaired surrogates are encoded as U+FFFD. */
export const uriComponent = (text: string): string => encodeURIComponent(wellFormed(text));
