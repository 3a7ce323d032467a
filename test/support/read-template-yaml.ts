/**
 * A purpose-built reader for template.yaml (the project has no YAML parser and needs none at run time):
 * it maps the dotted path of every `key: value` line of block mappings to its text, e.g.
 * `Resources.ConnectorFunction.Properties.Handler` → `lambda.handler`. Tags stay in the text (`!Ref X`),
 * quotes are removed. Lines inside sequences (`- ...`) are skipped, as are their nested mappings.
 */
export function readTemplateYaml(text: string): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  const stack: { indent: number; key: string }[] = [];
  let sequenceIndent: number | undefined;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    if (sequenceIndent !== undefined && indent >= sequenceIndent) continue;
    sequenceIndent = undefined;
    if (raw.trimStart().startsWith('- ')) {
      sequenceIndent = indent;
      continue;
    }
    const match = /^\s*([A-Za-z0-9_:.-]+):(?:\s+(.*))?$/.exec(raw);
    if (match === null) continue;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const key = match[1]!;
    const value = match[2];
    stack.push({ indent, key });
    if (value !== undefined && value !== '' && value !== '>-' && value !== '|') {
      values.set(stack.map((entry) => entry.key).join('.'), unquote(value.trim()));
    }
  }
  return values;
}

/** The keys directly under `path`. */
export function keysUnder(values: ReadonlyMap<string, string>, path: string): string[] {
  const prefix = `${path}.`;
  return [...values.keys()].filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes('.')).map((key) => key.slice(prefix.length));
}

function unquote(value: string): string {
  return /^'.*'$|^".*"$/.test(value) ? value.slice(1, -1) : value;
}
