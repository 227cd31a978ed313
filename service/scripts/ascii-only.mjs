// Escapes every non-ASCII character of bundled JavaScript as \uXXXX. esbuild's default `charset: 'ascii'` escapes
// strings and identifiers but leaves regular-expression literals as written (validator's alphabets, bundled
// through class-validator, are Cyrillic, Greek…), and one such character makes V8 hold the whole source as a
// two-byte string: twice the bytes kept for the process's life (the source stays for lazy compilation) and a
// slower read and parse at every start. \uXXXX means the same character in strings, identifiers, regular
// expressions (with or without the u flag; surrogate pairs stay pairs) and comments; only a tagged template's raw
// text would differ, and the bundled code has none with such characters.
const NON_ASCII = /[^\x00-\x7f]/g;

/** `text` with each UTF-16 unit above 0x7f written as a \uXXXX escape. */
export function escapeNonAscii(text) {
  return text.replace(NON_ASCII, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
