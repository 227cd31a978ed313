// The folders of lab/src and which of them each may import (lab/README.md draws the map). A relative import is
// resolved against the importing file, so `../cluster/x` from targets/local is targets/cluster whatever the depth.
// Package imports and paths outside lab/src (the test fixtures) are not this rule's business.
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The folder a path under lab/src belongs to: its first folder (a folder import such as `../hpa` included), or
 * `targets/<name>` for a target; null outside lab/src.
 */
function folderOf(srcRoot, path) {
  const parts = relative(srcRoot, path).split(sep);
  if (parts[0] === '..' || parts[0] === '') return null;
  return parts[0] === 'targets' && parts.length > 1 ? `targets/${parts[1]}` : parts[0];
}

function srcRootOf(file) {
  const marker = `${sep}lab${sep}src${sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? null : file.slice(0, at + marker.length - 1);
}

export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the imports between the folders of lab/src in their allowed directions.' },
    schema: [{ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }],
    messages: {
      forbidden: '{{from}} may not import {{to}} (allowed: {{allowed}}); see the map in lab/README.md.',
      unmapped:
        'lab/src/{{folder}} is not on the import map in eslint.config.mjs; add it there and to lab/README.md.',
    },
  },
  create(context) {
    const allowedBy = context.options[0] ?? {};
    const file = context.filename;
    const srcRoot = srcRootOf(file);
    if (srcRoot === null) return {};
    const from = folderOf(srcRoot, file);
    if (from === null) return {};
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const to = folderOf(srcRoot, resolve(dirname(file), source.value));
      if (to === null || to === from) return;
      for (const folder of [from, to]) {
        if (!(folder in allowedBy)) {
          context.report({ node: source, messageId: 'unmapped', data: { folder } });
          return;
        }
      }
      const allowed = allowedBy[from];
      if (!allowed.includes(to)) {
        context.report({
          node: source,
          messageId: 'forbidden',
          data: { from, to, allowed: allowed.length ? allowed.join(', ') : 'nothing outside itself' },
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
