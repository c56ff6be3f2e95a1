// Hint templates: `{fact}` is replaced by a fact; `{fact|other|words}` tries each fact in turn and ends on words when
// the last choice is not a fact's name; `[ … ]` keeps its text only when every slot inside it found a value. One
// pass over the template: a value is never read again as template, so braces in AWS's text stay as they are.

export type FactValues = Readonly<Record<string, string | undefined>>;

const TOKEN = /\[|\]|\{([^{}]+)\}/g;

interface Slot {
  value: string;
  found: boolean;
}

function fill(choices: string, facts: FactValues): Slot {
  const options = choices.split('|');
  for (const option of options) {
    if (Object.hasOwn(facts, option)) {
      const v = facts[option];
      if (v) return {value: v, found: true};
      continue;
    }
    // Not a fact's name: the words to use when no fact before it is known.
    return {value: option, found: true};
  }
  return {value: '', found: false};
}

/** The template with its facts filled in; an optional group whose facts are not all known is left out. */
export function renderHint(template: string, facts: FactValues): string {
  const out: string[] = [];
  let group: {text: string[]; complete: boolean} | null = null;
  let last = 0;
  const emit = (s: string) => (group ? group.text.push(s) : out.push(s));
  for (const m of template.matchAll(TOKEN)) {
    emit(template.slice(last, m.index));
    last = m.index! + m[0].length;
    if (m[0] === '[') group = {text: [], complete: true};
    else if (m[0] === ']') {
      if (group?.complete) out.push(group.text.join(''));
      group = null;
    } else {
      const slot = fill(m[1]!, facts);
      if (!slot.found && group) group.complete = false;
      emit(slot.value);
    }
  }
  emit(template.slice(last));
  const text = out
    .join('')
    .replace(/ {2,}/g, ' ')
    .replace(/ ([.,:;)])/g, '$1')
    .trim();
  // Fallback words may open the sentence ("this resource ..."); a name or an action (s3:X, my-bucket) keeps its case.
  return /^[a-z]+ /.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
}
