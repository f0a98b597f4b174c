import { describe, expect, it } from 'vitest'
import { base64Url, headersFor, mayOn, pickTenant, tailProtocolsFor, type Me } from './session'

const alice: Me = {
  authEnabled: true,
  login: 'oidc',
  multitenancy: true,
  user: 'alice',
  tenants: [
    { id: 'team-a', roles: ['viewer'], permissions: ['read'] },
    { id: 'team-b', roles: ['writer'], permissions: ['ingest'] },
  ],
  defaultTenant: 'team-a',
}
const off: Me = { authEnabled: false, login: 'none', multitenancy: false }

describe('pickTenant', () => {
  it('keeps the tab\'s tenant while it is still granted', () => {
    expect(pickTenant(alice, 'team-b')).toBe('team-b')
  })
  it('falls back to the server\'s default when the remembered one is no longer granted', () => {
    expect(pickTenant(alice, 'team-z')).toBe('team-a')
    expect(pickTenant(alice, null)).toBe('team-a')
  })
  it('takes the first granted tenant without a default', () => {
    expect(pickTenant({ ...alice, defaultTenant: undefined }, null)).toBe('team-a')
    expect(pickTenant({ ...alice, defaultTenant: undefined, tenants: [] }, null)).toBeNull()
  })
})

describe('headersFor', () => {
  it('adds nothing with authentication off, as before sign-in existed', () => {
    expect(headersFor(off, 'tmt_x', 'team-a')).toEqual({})
    expect(headersFor(null, null, null)).toEqual({})
  })
  it('sends the token, the tenant and the CSRF marker', () => {
    expect(headersFor(alice, 'tmt_x', 'team-b')).toEqual({
      Authorization: 'Bearer tmt_x', 'X-Scope-OrgID': 'team-b', 'X-Requested-With': 'tracemate',
    })
  })
  it('sends the tenant the user typed when the server wants one without authentication', () => {
    const tenantsOnly: Me = { authEnabled: false, login: 'none', multitenancy: true }
    expect(headersFor(tenantsOnly, null, 'team-a')).toEqual({ 'X-Scope-OrgID': 'team-a' })
    expect(headersFor(tenantsOnly, null, null)).toEqual({})
    expect(tailProtocolsFor(tenantsOnly, null, 'team-a')).toEqual(['tracemate.v1', `tracemate.scope.${base64Url('team-a')}`])
  })
  it('leaves Authorization to the session cookie when signed in through OIDC', () => {
    expect(headersFor(alice, null, 'team-a')).toEqual({ 'X-Scope-OrgID': 'team-a', 'X-Requested-With': 'tracemate' })
  })
})

describe('tailProtocolsFor', () => {
  it('offers only the tail protocol with authentication off', () => {
    expect(tailProtocolsFor(off, 'tmt_x', 'team-a')).toEqual(['tracemate.v1'])
  })
  it('carries the token and the tenant as base64url subprotocols, which headers cannot on a WebSocket', () => {
    expect(tailProtocolsFor(alice, 'tmt_a-b_c', 'team-b')).toEqual([
      'tracemate.v1', `tracemate.bearer.${base64Url('tmt_a-b_c')}`, `tracemate.scope.${base64Url('team-b')}`,
    ])
    expect(tailProtocolsFor(alice, null, 'team-a')).toEqual(['tracemate.v1', `tracemate.scope.${base64Url('team-a')}`])
  })
  it('encodes without padding and with the URL alphabet, as a subprotocol name must be', () => {
    expect(base64Url('a|b')).toBe('YXxi')
    expect(base64Url("(x)'*")).toBe('KHgpJyo')
    expect(base64Url('\u00ff\u00fe?>')).toBe('w7_Dvj8-')
  })
})

describe('mayOn', () => {
  it('follows the permissions of the tenant in view', () => {
    expect(mayOn(alice, 'team-a', 'read')).toBe(true)
    expect(mayOn(alice, 'team-b', 'read')).toBe(false)
    expect(mayOn(alice, 'team-c', 'read')).toBe(false)
  })
  it('allows everything with authentication off', () => {
    expect(mayOn(off, null, 'read')).toBe(true)
  })
})
