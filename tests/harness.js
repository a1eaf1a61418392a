/* The one JavaScript test harness (tests/js/ and tests/e2e/), the
 * counterpart of tests/harness.h: checks count as passed or failed, a
 * failure prints "FAIL name: detail", done() prints
 * "<suite>: N passed, M failed" (tests/run adds the suites up) and exits
 * non-zero after a failure.
 *
 *   const t = require('../harness').reporter('search');
 *   t.ok('name', cond, 'detail');      a check
 *   t.test('name', () => { t.eq(got, want, 'what'); t.assert(c); });
 *   t.skip('name', 'why');             prints "skipped name: why"
 *   t.done();
 */
'use strict';

function reporter(suite) {
  let passed = 0, failed = 0;
  const r = {
    ok(name, cond, detail) {
      if (cond) { passed++; return true; }
      failed++;
      console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`);
      return false;
    },
    /* Runs fn; a thrown error (eq, assert) fails the test. */
    test(name, fn) {
      try {
        fn();
        passed++;
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e && e.message ? e.message : e}`);
      }
    },
    eq(got, want, what) {
      const g = JSON.stringify(got), w = JSON.stringify(want);
      if (g !== w)
        throw new Error(`${what ? what + ': ' : ''}got ${g}, want ${w}`);
    },
    assert(cond, what) {
      if (!cond) throw new Error(what || 'assertion failed');
    },
    skip(name, why) { console.log(`skipped ${name}: ${why}`); },
    counts() { return { passed, failed }; },
    done() {
      console.log(`${suite}: ${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
  return r;
}

module.exports = { reporter };
