// A minimal XML writer for awsQuery responses: objects become elements, arrays become <member> lists.

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | {[key: string]: XmlValue};

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#xD;');
}

/** Serialises `value` as the element `name`; undefined and null are left out, as AWS omits absent fields. */
export function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map(v => element('member', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${children(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function children(obj: {[key: string]: XmlValue}): string {
  return Object.entries(obj)
    .map(([k, v]) => element(k, v))
    .join('');
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
