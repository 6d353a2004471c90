// "N passed, N failed" from the output of common test runners (pytest, jest/vitest, mocha,
// node:test, TAP, cargo, go test, unittest), so a judge can say how much passed, not only
// whether the exit status was 0. Pure; the last summary in the output wins.

export interface Counts {
  passed: number;
  failed: number;
}

const num = (s: string | undefined) => (s ? Number(s) : 0);

/** Counts from the output, or null when no runner summary is recognised. */
export function parseTestCounts(output: string): Counts | null {
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  // cargo: "test result: ok. 3 passed; 1 failed; 0 ignored"
  let m = lastMatch(text, /test result: \w+\. (\d+) passed; (\d+) failed/g);
  if (m) return { passed: num(m[1]), failed: num(m[2]) };
  // jest / vitest: "Tests:  1 failed, 3 passed, 4 total" / "Tests  1 failed | 3 passed (4)"
  m = lastMatch(text, /^\s*Tests:?\s+(?:(\d+) failed[,|]\s*)?(?:\d+ skipped[,|]\s*)?(?:(\d+) passed)/gm);
  if (m) return { passed: num(m[2]), failed: num(m[1]) };
  // node:test (spec or TAP reporter): "ℹ pass 3" / "# pass 3" and "fail 1"
  const pass = lastMatch(text, /^(?:ℹ|#) pass (\d+)$/gm);
  const fail = lastMatch(text, /^(?:ℹ|#) fail (\d+)$/gm);
  if (pass || fail) return { passed: num(pass?.[1]), failed: num(fail?.[1]) };
  // mocha: "3 passing" / "1 failing"
  const passing = lastMatch(text, /^\s*(\d+) passing\b/gm);
  if (passing) return { passed: num(passing[1]), failed: num(lastMatch(text, /^\s*(\d+) failing\b/gm)?.[1]) };
  // pytest: "== 1 failed, 3 passed in 0.12s ==" (either order, errors count as failed)
  const py = lastMatch(text, /^=+ (.*\b(?:passed|failed|error|errors)\b.*) in [\d.]+s/gm);
  if (py) {
    const part = (word: string) => num(new RegExp(`(\\d+) ${word}\\b`).exec(py[1])?.[1]);
    return { passed: part('passed'), failed: part('failed') + part('errors?') };
  }
  // unittest: "Ran 4 tests" then "OK" or "FAILED (failures=1, errors=1)"
  const ran = lastMatch(text, /^Ran (\d+) tests?\b/gm);
  if (ran) {
    const f = /FAILED \(([^)]*)\)/.exec(text.slice(ran.index));
    const failed = f ? [...f[1].matchAll(/(?:failures|errors)=(\d+)/g)].reduce((s, x) => s + Number(x[1]), 0) : 0;
    return { passed: Number(ran[1]) - failed, failed };
  }
  // go test: "--- PASS: TestX" / "--- FAIL: TestY"
  const goPass = (text.match(/^\s*--- PASS: /gm) ?? []).length;
  const goFail = (text.match(/^\s*--- FAIL: /gm) ?? []).length;
  if (goPass + goFail) return { passed: goPass, failed: goFail };
  // TAP: "ok 1 - …" / "not ok 2 - …"
  const tapOk = (text.match(/^ok \d+\b/gm) ?? []).length;
  const tapNot = (text.match(/^not ok \d+\b/gm) ?? []).length;
  if (tapOk + tapNot) return { passed: tapOk, failed: tapNot };
  return null;
}

function lastMatch(text: string, re: RegExp): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  return last;
}
