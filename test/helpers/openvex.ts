/** OpenVEX 0.2.0, checked from the specification (github.com/openvex/spec, OPENVEX-SPEC.md v0.2.0). */

const STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'];
const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every "MUST" of the spec's document, statement, product and vulnerability sections. */
export function openVexErrors(doc: unknown): string[] {
  const errors: string[] = [];
  const o = doc as Record<string, unknown>;
  if (o['@context'] !== 'https://openvex.dev/ns/v0.2.0')
    errors.push('@context must be https://openvex.dev/ns/v0.2.0');
  if (typeof o['@id'] !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(o['@id']))
    errors.push('@id must be an IRI');
  if (typeof o.author !== 'string' || o.author === '') errors.push('author is required');
  if (typeof o.timestamp !== 'string' || !RFC3339.test(o.timestamp))
    errors.push('timestamp must be RFC 3339');
  if (!Number.isInteger(o.version) || (o.version as number) < 1)
    errors.push('version must be an integer >= 1');
  if (!Array.isArray(o.statements)) errors.push('statements must be an array');
  for (const [i, s] of ((o.statements as Record<string, unknown>[]) ?? []).entries()) {
    const v = s.vulnerability as Record<string, unknown> | undefined;
    if (!v || typeof v.name !== 'string' || v.name === '')
      errors.push(`statements[${i}].vulnerability.name is required`);
    if (
      v?.aliases !== undefined &&
      (!Array.isArray(v.aliases) || v.aliases.some((a) => typeof a !== 'string'))
    )
      errors.push(`statements[${i}].vulnerability.aliases must be strings`);
    if (!Array.isArray(s.products) || s.products.length === 0)
      errors.push(`statements[${i}].products must list a product`);
    for (const p of (s.products as Record<string, unknown>[]) ?? []) {
      if (typeof p['@id'] !== 'string' || p['@id'] === '')
        errors.push(`statements[${i}] product @id is required`);
      for (const c of (p.subcomponents as Record<string, unknown>[] | undefined) ?? [])
        if (typeof c['@id'] !== 'string' || c['@id'] === '')
          errors.push(`statements[${i}] subcomponent @id is required`);
    }
    if (!STATUSES.includes(s.status as string)) errors.push(`statements[${i}].status is not a VEX status`);
    if (
      s.status === 'not_affected' &&
      !JUSTIFICATIONS.includes(s.justification as string) &&
      !s.impact_statement
    )
      errors.push(`statements[${i}]: not_affected needs a justification or an impact_statement`);
    if (s.status === 'affected' && !s.action_statement)
      errors.push(`statements[${i}]: affected needs an action_statement`);
    if (s.timestamp !== undefined && !RFC3339.test(s.timestamp as string))
      errors.push(`statements[${i}].timestamp must be RFC 3339`);
  }
  return errors;
}
