/** Text from registries, patch files and image labels goes into Markdown/HTML tables: escape it all. */
export function escapeCell(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      // A backslash would escape the next character and show an entity's text (`\&quot;`) literally.
      .replace(/\\/g, '&#92;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/\|/g, '&#124;')
      .replace(/`/g, '&#96;')
      .replace(/\[/g, '&#91;')
      .replace(/\]/g, '&#93;')
      // Emphasis and autolinks: `* / jre` must not become a list item, `node@22.11.1` not a mail link.
      .replace(/\*/g, '&#42;')
      .replace(/_/g, '&#95;')
      .replace(/~/g, '&#126;')
      .replace(/@/g, '&#64;')
      // GitHub's extended autolinks would take an entity into the link (`…nightly.yml&#64;refs`): none start.
      .replace(/:\/\//g, '&#58;//')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}&#46;`)
      .replace(/\r?\n/g, '<br>')
  );
}

export function code(text: string): string {
  return `<code>${escapeCell(text)}</code>`;
}

/** Cuts a document at a line boundary to fit `limit` bytes (UTF-8), with a note saying so. */
export function truncateUtf8(text: string, limit: number, note: string): string {
  if (Buffer.byteLength(text, 'utf8') <= limit) return text;
  const budget = limit - Buffer.byteLength(note, 'utf8') - 2;
  let cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, budget)).toString('utf8');
  // Drop a possibly split final character and the partial last line.
  cut = cut.replace(/\uFFFD$/, '');
  const lastNewline = cut.lastIndexOf('\n');
  if (lastNewline > 0) cut = cut.slice(0, lastNewline);
  return `${cut}\n\n${note}\n`;
}

/**
 * Characters a terminal or the runner acts on rather than shows: C0 and C1 controls and DEL (ESC and OSC
 * sequences, line breaks), the Unicode line separators, and the bidirectional controls that reorder what
 * is displayed (U+202E makes `txt.exe` read `exe.txt`).
 */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ACTIVE_BUT_LAYOUT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `\u001b`: a JSON escape, so that text written inside a JSON document (`--json`) stays valid JSON and
 * reads back as the original character, while a terminal shows the six characters.
 */
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text that came from an image (labels, selectors, recorded sources) as a terminal or log line shows it:
 * every active character (see ACTIVE) as `\uNNNN`, so the text cannot move the cursor, redraw the screen,
 * reorder itself or start a line of its own that commands the runner.
 */
export function displayText(text: string): string {
  return text.replace(ACTIVE, escaped);
}

/**
 * A whole message for a terminal or the runner's log, which may carry text from images, registries,
 * patch files or reports: active characters other than newline and tab shown as `\uNNNN` (no ESC or OSC
 * sequence reaches the terminal), and nothing the runner reads as a command. The runner trims a line and
 * runs it when it starts with `::`, so a foreign `\n::add-mask::…` gets a zero-width space between the
 * colons; it also still reads the older `##[command]` form anywhere in a line, so every `##[` is written
 * `#\u0023[` (visible, and inside a JSON string the same `##[` again). Every writer (CLI stdout and stderr,
 * the action log) passes its text through this.
 */
export function neutralize(text: string): string {
  return text
    .replace(ACTIVE_BUT_LAYOUT, escaped)
    .replace(/^(\s*):(\s*):/gm, '$1:\u200b$2:')
    .replace(/##\[/g, '#\\u0023[');
}
