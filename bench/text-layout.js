// `node bench/run.js text`: the column layout of a timeline frame, row by row. 20,000 rows as the timeline lays
// them out (a middle-cut name padded to its column, the status padded, the reason cut and padded), plain ASCII as
// AWS writes it, then the same rows with a non-ASCII reason in one row of ten (CJK, emoji, a flag), then a 4,000
// character reason wrapped to 80 columns, plain ASCII and with a few non-ASCII words; and the 30 rows of a screen
// laid out again, as a redraw does. Milliseconds per pass, the median of several passes after a warm-up.
import {performance} from 'node:perf_hooks';

const ROWS = 20_000;
const PASSES = 7;

function rows(mixed, pass) {
  return Array.from({length: ROWS}, (_, n) => ({
    stack: `panther-big-Nested${n % 12}-X${n % 12}`,
    logical: `LogProcessingResource${Math.floor(n / 12) % 300}NotificationsFunction`,
    status: n % 2 === 0 ? 'UPDATE_IN_PROGRESS' : 'UPDATE_COMPLETE',
    reason:
      mixed && n % 10 === 0
        ? `リソースの更新に失敗しました 🚫 (🇯🇵 ap-northeast-1) 👩‍💻 ${pass}.${n}`
        : `Resource handler returned message: "Rate exceeded" (RequestToken: ${pass}.${n}, HandlerErrorCode: Throttling)`,
  }));
}

/** The median of PASSES passes after a warm-up; `fn(pass)` gets the pass's number (0 the warm-up). */
function time(fn) {
  fn(0);
  const runs = [];
  for (let i = 1; i <= PASSES; i++) {
    const started = performance.now();
    fn(i);
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
}

/** `modulePath`: the built ui/text.js to measure (the default: this checkout's). */
export async function textLayout(emit, modulePath = '../dist/ui/text.js') {
  const {pad, truncateMiddle, width, wrap} = await import(modulePath);
  const cols = {name: 40, status: 20, reason: 24};
  for (const mixed of [false, true]) {
    const label = mixed ? 'mixed' : 'ascii';
    // Every pass its own reasons (a pass number in each): nothing is measured twice, as 20,000 different events.
    const data = Array.from({length: PASSES + 1}, (_, pass) => rows(mixed, pass));
    const frame = pass => {
      let n = 0;
      for (const r of data[pass]) {
        const name = truncateMiddle(`${r.stack}/${r.logical}`, cols.name, r.stack.length + 1);
        n += pad(name, cols.name).length + pad(r.status, cols.status).length + pad(r.reason, cols.reason).length;
      }
      return n;
    };
    const measure = pass => data[pass].reduce((n, r) => n + width(r.stack) + width(r.logical) + width(r.reason), 0);
    emit(`text.${label}.rows_ms`, time(frame), 'ms', {rows: ROWS, per: 'truncateMiddle + 3 pad'});
    emit(`text.${label}.width_ms`, time(measure), 'ms', {rows: ROWS, per: '3 width'});
    // A redraw: the 30 rows of a screen laid out again (a key moved the cursor), non-ASCII ones included.
    const screen = data[0].slice(0, 30);
    const redraw = () => screen.reduce((n, r) => n + pad(r.reason, cols.reason).length + pad(r.status, cols.status).length, 0);
    emit(`text.${label}.redraw_30_rows_ms`, time(redraw), 'ms', {rows: 30, per: '2 pad'});
  }
  const reason =
    'User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/session is not authorized to perform: s3:PutBucketPolicy on resource: arn:aws:s3:::panther-bucket because no identity-based policy allows the s3:PutBucketPolicy action. ';
  for (const [label, text] of [
    ['ascii', reason.repeat(40).slice(0, 4000)],
    ['mixed', `${reason.replace('panther-bucket', 'panther-バケット-🚫')}`.repeat(40).slice(0, 4000)],
  ]) {
    emit(
      `text.${label}.wrap_4000_ms`,
      time(() => wrap(text, 80).length),
      'ms',
      {chars: text.length, cols: 80},
    );
  }
}
