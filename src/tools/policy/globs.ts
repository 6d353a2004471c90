// Glob matching for policy patterns: tool names, workspace paths and host names.
// Small and strict on purpose: '*' (any run without '/'), '**' (any run, across '/'),
// '?' (one character other than '/'); everything else is literal.

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // '**/' also matches nothing, so 'a/**/b' matches 'a/b'.
        if (glob[i + 2] === '/') {
          src += '(?:.*/)?';
          i += 2;
        } else {
          src += '.*';
          i += 1;
        }
      } else src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`);
  if (cache.size > 1000) cache.clear();
  cache.set(glob, re);
  return re;
}

export function matchesGlob(value: string, glob: string): boolean {
  return globToRegExp(glob).test(value);
}

export function matchesAny(value: string, globs: readonly string[] | undefined): boolean {
  return !!globs?.some((g) => matchesGlob(value, g));
}

/**
 * Whether `host` is allowed by `patterns`: an exact name, or '*.example.org' for any
 * subdomain of example.org (not example.org itself, as browsers' wildcard certificates).
 */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p));
}
