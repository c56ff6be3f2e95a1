#!/usr/bin/env node
// Regenerates screenshots/: drives the real console (the embedded demo account) in tmux as a user would,
// captures each frame with its escape codes, renders it with @xterm/headless into an SVG, and, where Debian's
// chromium exists, turns the SVG into a PNG. Run after the build: `npm run screenshots`.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import xterm from '@xterm/headless';

const {Terminal} = xterm;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'screenshots');
// The terminal size of the frame being drawn (most are 100x30; a frame may ask for another, e.g. 80x24).
let COLS = 100;
let ROWS = 30;
const POLL_MS = 150;

// ---------------------------------------------------------------------------------------------------------------
// Frames: each one a fresh console, a list of steps (wait for content, press keys), then the capture.

/** A wait step: `test(text)` on the plain pane text; `what` names it in the error message. */
const waitFor = (what, test, timeoutMs = 20_000) => ({what, test, timeoutMs});
const includes = text => waitFor(`"${text}"`, screen => screen.includes(text));
const keys = (...names) => ({keys: names});

/** Rows of the Stacks pane (its left column) that show a stack with progress, such as `Bootstrap 40/58 ███░`. */
function stacksWithProgress(screen) {
  return screen
    .split('\n')
    .map(line => (line.startsWith('│') ? line.slice(1, line.indexOf('│', 1)) : ''))
    .filter(cell => /\S.*\d+\/\d+ [█░]+$/.test(cell)).length;
}

const frames = [
  {
    // An ordinary 80x24 terminal: the root cause's place, category and whole message without a key.
    name: 'postmortem-80x24',
    scenario: 'rolled-back',
    cols: 80,
    rows: 24,
    steps: [includes('ROOT CAUSE'), waitFor('the Details pane on the root cause', screen => screen.includes('ROOT CAUSE of the failed operation'))],
  },
  {
    // The live demo during its rollback: the first failure in full while the nested stacks still roll back.
    name: 'rollback-80x24',
    scenario: 'first-deploy',
    args: ['--speed', '60'],
    cols: 80,
    rows: 24,
    steps: [
      waitFor(
        '"FIRST FAILURE" during "ROLLBACK IN PROGRESS"',
        screen => screen.includes('FIRST FAILURE') && screen.includes('ROLLBACK IN PROGRESS'),
        90_000,
      ),
    ],
  },
  {
    name: 'postmortem',
    scenario: 'rolled-back',
    // The console lands on the root cause with the timeline focused and its details shown below; Enter moves
    // the focus into those details (the pane's border turns heavy: ┃).
    steps: [
      includes('ROOT CAUSE'),
      keys('Enter'),
      waitFor('"Category" in the focused Details pane', screen => screen.includes('┃Details') && screen.includes('Category')),
    ],
  },
  {
    name: 'live',
    scenario: 'first-deploy',
    args: ['--speed', '60'],
    steps: [
      waitFor(
        'a deploy "IN PROGRESS" with at least 6 stack rows with progress and no failure yet',
        screen => /CREATE IN PROGRESS/.test(screen) && !/FAILED|ROLLBACK|rolling back/.test(screen) && stacksWithProgress(screen) >= 6,
        60_000,
      ),
    ],
  },
  {
    name: 'help',
    scenario: 'rolled-back',
    steps: [includes('ROOT CAUSE'), keys('?'), includes('Keys (? or Esc to close)')],
  },
  {
    name: 'upgrade',
    scenario: 'upgrade',
    args: ['--speed', '200'],
    // Two rungs confirmed as a user types them; the third replaces a DynamoDB table: its review opens on the DANGER
    // line, and the prompt asks for the word as well as the version.
    steps: [
      includes('Type 1.24.12 and press Enter'),
      keys('1.24.12', 'Enter'),
      includes('Type 1.25.18 and press Enter'),
      keys('1.25.18', 'Enter'),
      waitFor(
        'the 1.26.9 review with its DANGER line and the prompt for "1.26.9 replace"',
        screen => screen.includes('DANGER LogAnalysis/AlertsDedupTable') && screen.includes('Type 1.26.9 replace'),
        60_000,
      ),
    ],
  },
  {
    name: 'deploy',
    scenario: 'deploy',
    args: ['--speed', '200'],
    // The first deploy's review, pinned while it waits for the typed version: what it creates by type, the IAM
    // capabilities, the parameters set.
    steps: [
      waitFor(
        'the deploy review, its prompt and the calls counted',
        screen => screen.includes('creates 396 resources') && screen.includes('Type 1.31.1 and press Enter') && /API [1-9]/.test(screen),
      ),
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// tmux

function tmux(args, {check = true} = {}) {
  const result = spawnSync('tmux', args, {encoding: 'utf8'});
  if (result.error) throw result.error;
  if (check && result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result;
}

function sleep(ms) {
  return new Promise(done => setTimeout(done, ms));
}

class FrameTimeout extends Error {}

/** A capture for an error message: without the blank rows around it. */
function shown(screen) {
  return screen.replace(/^(?:[ \t]*\n)+/, '').trimEnd() || '(a blank screen)';
}

async function captureFrame(frame) {
  const session = `panther-shot-${process.pid}-${frame.name}`;
  const stderrFile = join(workDir, `${frame.name}.stderr`);
  // CI=false: Ink draws nothing while CI is set. But chalk (supports-color) treats any CI variable, even
  // CI=false, as a CI without colours, so FORCE_COLOR puts the colours back. NO_COLOR is unset rather than
  // emptied: Node warns on stderr when NO_COLOR and FORCE_COLOR are both present.
  const command = [
    'env -u NO_COLOR CI=false FORCE_COLOR=3 TERM=xterm-256color AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true',
    'node bin/panther-console.js demo --scenario',
    frame.scenario,
    ...(frame.args ?? []),
    '--no-bell',
    // stderr to a file: a console that fails restores the screen on exit, which would wipe its error message.
    `2>'${stderrFile}'`,
  ].join(' ');
  // remain-on-exit keeps the pane of a console that exits early, so the error can show its last words.
  tmux([
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    String(COLS),
    '-y',
    String(ROWS),
    '-c',
    root,
    command,
    ';',
    'set-option',
    '-t',
    session,
    'remain-on-exit',
    'on',
  ]);
  live.add(session);
  try {
    let screen = '';
    for (const step of frame.steps) {
      if (step.keys) {
        for (const key of step.keys) tmux(['send-keys', '-t', session, key]);
        continue;
      }
      const deadline = Date.now() + step.timeoutMs;
      for (;;) {
        screen = tmux(['capture-pane', '-p', '-t', session]).stdout;
        const dead = tmux(['display-message', '-p', '-t', session, '#{pane_dead} #{pane_dead_status}']).stdout.trim().split(' ');
        if (dead[0] === '1') {
          const stderr = existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8').trim() : '';
          throw new FrameTimeout(
            `${frame.name}: the console exited${dead[1] ? ` (status ${dead[1]})` : ''} while waiting for ${step.what}.\n` +
              `Its stderr:\n${stderr || '(empty)'}\nLast capture:\n${shown(screen)}`,
          );
        }
        if (step.test(screen)) break;
        if (Date.now() > deadline) {
          throw new FrameTimeout(`${frame.name}: ${step.what} did not appear within ${step.timeoutMs / 1000} s.\nLast capture:\n${shown(screen)}`);
        }
        await sleep(POLL_MS);
      }
    }
    // Let Ink finish the frame it may be writing, then take the capture with escape codes.
    await sleep(300);
    return tmux(['capture-pane', '-p', '-e', '-N', '-t', session]).stdout;
  } finally {
    tmux(['kill-session', '-t', session], {check: false});
    live.delete(session);
  }
}

const live = new Set();
const workDir = mkdtempSync(join(tmpdir(), 'panther-shots-'));
process.on('exit', () => rmSync(workDir, {recursive: true, force: true}));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const session of live) tmux(['kill-session', '-t', session], {check: false});
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// ANSI capture -> cells (via @xterm/headless) -> SVG

const BACKGROUND = '#1c1e24';
const FOREGROUND = '#d4d4d4';
const FONT_SIZE = 14;
const CELL_W = 8.43; // DejaVu Sans Mono advance at 14px (0.602 em)
const CELL_H = 17;
const PAD = 12;
const PNG_SCALE = 2; // sharp on high-density screens; GitHub shows it at the README's width

// The standard xterm 16-colour palette.
const ANSI16 = [
  '#000000',
  '#cd0000',
  '#00cd00',
  '#cdcd00',
  '#0000ee',
  '#cd00cd',
  '#00cdcd',
  '#e5e5e5',
  '#7f7f7f',
  '#ff0000',
  '#00ff00',
  '#ffff00',
  '#5c5cff',
  '#ff00ff',
  '#00ffff',
  '#ffffff',
];

function hex(n) {
  return n.toString(16).padStart(2, '0');
}

function palette(index) {
  if (index < 16) return ANSI16[index];
  if (index < 232) {
    const level = v => (v === 0 ? 0 : 55 + v * 40);
    const i = index - 16;
    return `#${hex(level(Math.floor(i / 36)))}${hex(level(Math.floor(i / 6) % 6))}${hex(level(i % 6))}`;
  }
  const grey = 8 + (index - 232) * 10;
  return `#${hex(grey)}${hex(grey)}${hex(grey)}`;
}

function rgb(value) {
  return `#${value.toString(16).padStart(6, '0')}`;
}

function mix(colour, other, weight) {
  const parse = c => [1, 3, 5].map(i => Number.parseInt(c.slice(i, i + 2), 16));
  const a = parse(colour);
  const b = parse(other);
  return `#${a.map((v, i) => hex(Math.round(v * weight + b[i] * (1 - weight)))).join('')}`;
}

function cellColours(cell) {
  let fg = cell.isFgRGB() ? rgb(cell.getFgColor()) : cell.isFgPalette() ? palette(cell.getFgColor()) : undefined;
  let bg = cell.isBgRGB() ? rgb(cell.getBgColor()) : cell.isBgPalette() ? palette(cell.getBgColor()) : undefined;
  if (cell.isInverse()) [fg, bg] = [bg ?? BACKGROUND, fg ?? FOREGROUND];
  fg ??= FOREGROUND;
  if (cell.isDim()) fg = mix(fg, bg ?? BACKGROUND, 0.55);
  return {fg, bg};
}

function escapeXml(text) {
  return text.replace(/[<>&"']/g, c => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;'})[c]);
}

async function toCells(ansi) {
  const term = new Terminal({cols: COLS, rows: ROWS, allowProposedApi: true, scrollback: 0});
  // capture-pane ends every row with "\n"; a terminal needs "\r\n", and no line feed after the last row
  // (it would scroll the first row away).
  const data = ansi.replace(/\n$/, '').split('\n').slice(0, ROWS).join('\r\n');
  await new Promise(done => term.write(data, () => done(undefined)));
  const buffer = term.buffer.active;
  const rows = [];
  const scratch = buffer.getNullCell();
  for (let y = 0; y < ROWS; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    const row = [];
    for (let x = 0; x < COLS; x++) {
      const cell = line?.getCell(x, scratch);
      if (!cell || cell.getWidth() === 0) {
        row.push(null); // the right half of a wide character
        continue;
      }
      const {fg, bg} = cellColours(cell);
      row.push({
        char: cell.getChars() || ' ',
        width: cell.getWidth(),
        fg,
        bg,
        bold: Boolean(cell.isBold()),
        italic: Boolean(cell.isItalic()),
        underline: Boolean(cell.isUnderline()),
      });
    }
    rows.push(row);
  }
  term.dispose();
  return rows;
}

const x = col => +(PAD + col * CELL_W).toFixed(2);
const y = row => PAD + row * CELL_H;

// Box-drawing and block characters are drawn as shapes, as terminals do: a font's glyphs rarely span a whole
// cell, so borders would show gaps between rows and progress bars would be striped.
// Arms: up, right, down, left; 1 light, 2 heavy.
const BOX = new Map(
  Object.entries({
    '─': [0, 1, 0, 1],
    '━': [0, 2, 0, 2],
    '│': [1, 0, 1, 0],
    '┃': [2, 0, 2, 0],
    '┌': [0, 1, 1, 0],
    '┐': [0, 0, 1, 1],
    '└': [1, 1, 0, 0],
    '┘': [1, 0, 0, 1],
    '├': [1, 1, 1, 0],
    '┤': [1, 0, 1, 1],
    '┬': [0, 1, 1, 1],
    '┴': [1, 1, 0, 1],
    '┼': [1, 1, 1, 1],
    '┏': [0, 2, 2, 0],
    '┓': [0, 0, 2, 2],
    '┗': [2, 2, 0, 0],
    '┛': [2, 0, 0, 2],
    '┣': [2, 2, 2, 0],
    '┫': [2, 0, 2, 2],
    '┳': [0, 2, 2, 2],
    '┻': [2, 2, 0, 2],
    '╋': [2, 2, 2, 2],
    '╴': [0, 0, 0, 1],
    '╵': [1, 0, 0, 0],
    '╶': [0, 1, 0, 0],
    '╷': [0, 0, 1, 0],
  }),
);
const ROUNDED = {'╭': [1, 1], '╮': [-1, 1], '╰': [1, -1], '╯': [-1, -1]}; // direction of the horizontal, vertical arm
const SHADE = {'░': 0.3, '▒': 0.5, '▓': 0.75};
const LIGHT = 1.2;
const HEAVY = 2.4;

function isDrawn(char) {
  const code = char.codePointAt(0);
  return BOX.has(char) || char in ROUNDED || (code >= 0x2580 && code <= 0x2590) || char in SHADE;
}

function drawGlyph(char, col, row, fg) {
  const left = PAD + col * CELL_W;
  const top = y(row);
  const cx = +(left + CELL_W / 2).toFixed(2);
  const cy = +(top + CELL_H / 2).toFixed(2);
  const right = +(left + CELL_W + 0.2).toFixed(2);
  const bottom = +(top + CELL_H + 0.2).toFixed(2);
  const x0 = +(left - 0.2).toFixed(2);
  const y0 = +(top - 0.2).toFixed(2);
  const rect = (rx, ry, w, h, opacity = 1) =>
    `<rect x="${+rx.toFixed(2)}" y="${+ry.toFixed(2)}" width="${+w.toFixed(2)}" height="${+h.toFixed(2)}" fill="${fg}"${opacity < 1 ? ` fill-opacity="${opacity}"` : ''}/>`;
  if (BOX.has(char)) {
    const [up, rightArm, down, leftArm] = /** @type {number[]} */ (BOX.get(char));
    const parts = [];
    const line = (weight, x1, y1, x2, y2) =>
      parts.push(`<path d="M${x1} ${y1}L${x2} ${y2}" stroke="${fg}" stroke-width="${weight === 2 ? HEAVY : LIGHT}"/>`);
    // Each arm starts half a line width past the centre so that corners are closed.
    const half = w => (w === 2 ? HEAVY : LIGHT) / 2;
    const hw = Math.max(half(up), half(down), 0);
    const vw = Math.max(half(leftArm), half(rightArm), 0);
    if (up) line(up, cx, y0, cx, +(cy + (leftArm || rightArm ? vw : 0)).toFixed(2));
    if (down) line(down, cx, +(cy - (leftArm || rightArm ? vw : 0)).toFixed(2), cx, bottom);
    if (leftArm) line(leftArm, x0, cy, +(cx + (up || down ? hw : 0)).toFixed(2), cy);
    if (rightArm) line(rightArm, +(cx - (up || down ? hw : 0)).toFixed(2), cy, right, cy);
    return parts.join('');
  }
  if (char in ROUNDED) {
    const [dx, dy] = ROUNDED[char];
    const radius = Math.min(CELL_W, CELL_H) / 2;
    const hx = dx > 0 ? right : x0; // the end of the horizontal arm
    const vy = dy > 0 ? bottom : y0; // the end of the vertical arm
    const d = `M${hx} ${cy}L${+(cx + dx * radius).toFixed(2)} ${cy}Q${cx} ${cy} ${cx} ${+(cy + dy * radius).toFixed(2)}L${cx} ${vy}`;
    return `<path d="${d}" stroke="${fg}" stroke-width="${LIGHT}" fill="none" shape-rendering="geometricPrecision"/>`;
  }
  if (char in SHADE) return rect(left, top, CELL_W, CELL_H, SHADE[char]); // no overlap: it would stripe
  const code = char.codePointAt(0);
  if (code === 0x2580) return rect(left, top, CELL_W + 0.2, CELL_H / 2); // ▀
  if (code >= 0x2581 && code <= 0x2588) {
    const h = (CELL_H * (code - 0x2580)) / 8; // ▁ .. █: lower eighths
    return rect(left, top + CELL_H - h, CELL_W + 0.2, h + 0.2);
  }
  if (code >= 0x2589 && code <= 0x258f) return rect(left, top, (CELL_W * (0x2590 - code)) / 8, CELL_H + 0.2); // ▉ .. ▏: left eighths
  return rect(left + CELL_W / 2, top, CELL_W / 2 + 0.2, CELL_H + 0.2); // ▐
}

function toSvg(rows, title) {
  const width = Math.ceil(PAD * 2 + COLS * CELL_W);
  const height = PAD * 2 + ROWS * CELL_H;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${BACKGROUND}"/>`,
  ];
  // Backgrounds: one rect per run of the same colour on a row (overlapping by a hair so no seams show).
  for (let r = 0; r < ROWS; r++) {
    let c = 0;
    while (c < COLS) {
      const bg = rows[r][c]?.bg;
      if (!bg) {
        c += 1;
        continue;
      }
      let end = c + 1;
      while (end < COLS && (rows[r][end] === null || rows[r][end].bg === bg)) end += 1;
      out.push(`<rect x="${x(c)}" y="${y(r)}" width="${+((end - c) * CELL_W + 0.5).toFixed(2)}" height="${CELL_H + 0.5}" fill="${bg}"/>`);
      c = end;
    }
  }
  // Text: one <text> per row, one <tspan> per run of the same style; every glyph gets its own x so that a
  // fallback font with another advance cannot push the rest of the row out of its cells.
  const shapes = [];
  out.push(`<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${FONT_SIZE}" xml:space="preserve">`);
  for (let r = 0; r < ROWS; r++) {
    const spans = [];
    let run;
    const flush = () => {
      if (!run) return;
      const attrs = [`x="${run.xs.join(' ')}"`, `fill="${run.fg}"`];
      if (run.bold) attrs.push('font-weight="bold"');
      if (run.italic) attrs.push('font-style="italic"');
      if (run.underline) attrs.push('text-decoration="underline"');
      spans.push(`<tspan ${attrs.join(' ')}>${escapeXml(run.text)}</tspan>`);
      run = undefined;
    };
    for (let c = 0; c < COLS; c++) {
      const cell = rows[r][c];
      if (!cell) continue;
      if (cell.char === ' ' && !cell.underline) {
        flush();
        continue;
      }
      if (isDrawn(cell.char)) {
        flush();
        shapes.push(drawGlyph(cell.char, c, r, cell.fg));
        continue;
      }
      const key = `${cell.fg}|${cell.bold}|${cell.italic}|${cell.underline}`;
      if (run && run.key !== key) flush();
      run ??= {key, fg: cell.fg, bold: cell.bold, italic: cell.italic, underline: cell.underline, text: '', xs: /** @type {number[]} */ ([])};
      for (const char of cell.char) {
        run.text += char;
        run.xs.push(x(c));
      }
    }
    flush();
    // Baseline: about 0.8 of the cell height, as a terminal places it.
    if (spans.length > 0) out.push(`<text y="${y(r) + 13}">${spans.join('')}</text>`);
  }
  out.push('</g>', `<g shape-rendering="crispEdges">`, ...shapes, '</g>', '</svg>', '');
  return {svg: out.join('\n'), width, height};
}

// ---------------------------------------------------------------------------------------------------------------
// SVG -> PNG with Debian's chromium (headless)

function findChromium() {
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'});
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

function toPng(chromium, svgFile, pngFile, width, height) {
  const profile = mkdtempSync(join(tmpdir(), 'panther-shot-chromium-'));
  const page = join(profile, 'frame.html');
  // An HTML page around the SVG gives an exact viewport with no margin (a bare SVG is centred in a white page).
  writeFileSync(
    page,
    `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:${BACKGROUND}}img{display:block}</style></head>` +
      `<body><img src="${pathToFileURL(svgFile).href}" width="${width}" height="${height}"></body></html>`,
  );
  try {
    const result = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        '--hide-scrollbars',
        `--force-device-scale-factor=${PNG_SCALE}`,
        `--window-size=${width},${height}`,
        `--screenshot=${pngFile}`,
        pathToFileURL(page).href,
      ],
      {encoding: 'utf8', timeout: 60_000},
    );
    if (result.status !== 0 || !existsSync(pngFile)) {
      throw new Error(`chromium could not write ${pngFile}: ${(result.stderr || String(result.error ?? '')).trim().split('\n').slice(-3).join(' ')}`);
    }
  } finally {
    rmSync(profile, {recursive: true, force: true});
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const probe = spawnSync('tmux', ['-V'], {encoding: 'utf8'});
  if (probe.error || probe.status !== 0) {
    console.error('screenshots: tmux is required (it runs the real console in a 100x30 terminal); install it, e.g. apt-get install tmux');
    return 1;
  }
  if (!existsSync(join(root, 'dist'))) {
    console.error('screenshots: dist/ is missing; run `npm run screenshots` (it builds first)');
    return 1;
  }
  // `node scripts/screenshots.js live help` regenerates only those frames.
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter(name => !frames.some(frame => frame.name === name));
  if (unknown.length > 0) {
    console.error(`screenshots: no frame named ${unknown.join(', ')}; the frames are ${frames.map(frame => frame.name).join(', ')}`);
    return 2;
  }
  const chromium = findChromium();
  mkdirSync(outDir, {recursive: true});
  for (const frame of frames.filter(f => wanted.length === 0 || wanted.includes(f.name))) {
    COLS = frame.cols ?? 100;
    ROWS = frame.rows ?? 30;
    const ansi = await captureFrame(frame);
    const {svg, width, height} = toSvg(await toCells(ansi), `panther-console: ${frame.name}`);
    const svgFile = join(outDir, `${frame.name}.svg`);
    writeFileSync(svgFile, svg);
    console.log(`wrote ${relative(root, svgFile)}`);
    if (chromium) {
      const pngFile = join(outDir, `${frame.name}.png`);
      toPng(chromium, svgFile, pngFile, width, height);
      console.log(`wrote ${relative(root, pngFile)}`);
    }
  }
  if (!chromium) console.log('screenshots: PNGs skipped: no `chromium` on PATH (Debian: apt-get install chromium); the SVGs were written');
  return 0;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error instanceof FrameTimeout ? `screenshots: ${error.message}` : error);
    process.exit(1);
  },
);
