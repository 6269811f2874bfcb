import { describe, expect, it } from 'vitest';
import { grantableScopes, isGrantable } from './role-grants';
import { parseUserScope } from './smart-scopes';

describe('what a role may be granted', () => {
  it('gives clinical staff create, read, update and search, in v2 and v1 syntax, and never delete', () => {
    for (const role of ['nurse', 'pcm', 'pharmacist', 'clerk']) {
      for (const scope of ['user/*.crus', 'user/*.rs', 'user/Task.cu', 'user/*.read', 'user/Patient.s']) {
        expect(isGrantable([role], scope)).toBe(true);
      }
      for (const scope of ['user/*.cruds', 'user/Patient.d', 'user/*.write', 'user/*.*', 'user/Task.write']) {
        expect(isGrantable([role], scope)).toBe(false);
      }
    }
  });

  it('gives an auditor reading only, and someone without a known role nothing', () => {
    expect(isGrantable(['auditor'], 'user/*.rs')).toBe(true);
    expect(isGrantable(['auditor'], 'user/AuditEvent.read')).toBe(true);
    expect(isGrantable(['auditor'], 'user/*.crus')).toBe(false);
    expect(isGrantable(['auditor'], 'user/AuditEvent.c')).toBe(false);
    expect(isGrantable(['auditor', 'nurse'], 'user/*.crus')).toBe(true);
    expect(isGrantable([], 'user/*.rs')).toBe(false);
    expect(isGrantable(['volunteer'], 'user/*.rs')).toBe(false);
  });

  it('offers no scope with delete to anyone, before or after sign-in', () => {
    for (const roles of [undefined, ['nurse'], ['pcm'], ['clerk'], ['auditor']]) {
      const offered = grantableScopes(roles);
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.filter((scope) => parseUserScope(scope)?.interactions.has('d'))).toEqual([]);
    }
    expect(grantableScopes(['auditor'])).not.toContain('user/*.crus');
    expect(grantableScopes(undefined)).toContain('user/*.crus');
  });
});
