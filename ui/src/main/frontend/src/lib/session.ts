/**
 * Who is signed in, on which tenant, and the headers every API call carries. The server says (GET /auth/me) whether
 * authentication is on and how to sign in: through the OIDC issuer (the server keeps the tokens; this page only
 * has an HttpOnly session cookie it never sees), or with an API token pasted in, kept in this tab's sessionStorage
 * and sent as a bearer token. The tenant picked is remembered per tab too and sent as X-Scope-OrgID.
 * With authentication off, nothing here changes a request, unless the server requires a tenant: then the user types
 * one (nothing to pick from, since nobody is signed in) and it is sent the same way.
 */
import { computed, reactive } from 'vue'

/** A tenant the signed-in principal holds roles on. */
export interface TenantGrant {
  id: string
  roles: string[]
  /** 'read', 'ingest', 'write_rules', 'admin'. */
  permissions: string[]
}

/** The answer of GET /auth/me. */
export interface Me {
  authEnabled: boolean
  login: 'none' | 'oidc' | 'token'
  multitenancy: boolean
  user?: string | null
  method?: string
  tenants?: TenantGrant[]
  defaultTenant?: string
  error?: string
}

export type SessionState = 'loading' | 'signed-in' | 'signed-out'

const TOKEN_KEY = 'tracemate.token'
const TENANT_KEY = 'tracemate.tenant'

export const session = reactive({
  state: 'loading' as SessionState,
  me: null as Me | null,
  tenant: null as string | null,
  /** Why the user is asked to sign in (again), if there is a reason worth saying. */
  message: '',
})

function stored(key: string): string | null {
  try {
    return sessionStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key: string, value: string | null) {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, value)
  } catch {
    // storage off: the value lasts this page
  }
}

/** The tenant to act on: the one this tab picked if still granted, else the server's default, else the first. */
export function pickTenant(me: Me, remembered: string | null): string | null {
  const tenants = me.tenants ?? []
  if (remembered !== null && tenants.some((t) => t.id === remembered)) return remembered
  if (me.defaultTenant !== undefined) return me.defaultTenant
  return tenants[0]?.id ?? null
}

/** The headers of an API call: the token (token sign-in), the tenant, and the CSRF marker the server asks for. */
export function headersFor(me: Me | null, token: string | null, tenant: string | null): Record<string, string> {
  if (me === null) return {}
  if (!me.authEnabled) return me.multitenancy && tenant !== null ? { 'X-Scope-OrgID': tenant } : {}
  const headers: Record<string, string> = { 'X-Requested-With': 'tracemate' }
  if (token !== null) headers.Authorization = `Bearer ${token}`
  if (tenant !== null) headers['X-Scope-OrgID'] = tenant
  return headers
}

/** The WebSocket subprotocol the server answers with; the others of the list only carry credentials. */
export const TAIL_PROTOCOL = 'tracemate.v1'

/**
 * The subprotocols of a live-tail WebSocket: a browser cannot add headers to one, so the token and the tenant
 * travel as `tracemate.bearer.<base64url>` and `tracemate.scope.<base64url>` entries, which the server reads as
 * `Authorization` and `X-Scope-OrgID` and never echoes. A session cookie goes along by itself.
 */
export function tailProtocolsFor(me: Me | null, token: string | null, tenant: string | null): string[] {
  const protocols = [TAIL_PROTOCOL]
  if (me === null || (!me.authEnabled && !me.multitenancy)) return protocols
  if (token !== null) protocols.push(`tracemate.bearer.${base64Url(token)}`)
  if (tenant !== null) protocols.push(`tracemate.scope.${base64Url(tenant)}`)
  return protocols
}

/** Unpadded base64url of a string's UTF-8 bytes: the characters a subprotocol name may hold. */
export function base64Url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** What one tenant's grant allows; with authentication off, everything. */
export function mayOn(me: Me | null, tenant: string | null, permission: string): boolean {
  if (me === null || !me.authEnabled) return true
  return (me.tenants ?? []).some((t) => t.id === tenant && t.permissions.includes(permission))
}

export function authHeaders(): Record<string, string> {
  return headersFor(session.me, stored(TOKEN_KEY), session.tenant)
}

export function tailProtocols(): string[] {
  return tailProtocolsFor(session.me, stored(TOKEN_KEY), session.tenant)
}

export const currentGrant = computed(() => (session.me?.tenants ?? []).find((t) => t.id === session.tenant) ?? null)
export const canRead = computed(() => mayOn(session.me, session.tenant, 'read'))

/** Asks the server who this tab is; with a stored token that is no longer accepted, forgets it. */
export async function loadSession(): Promise<void> {
  const token = stored(TOKEN_KEY)
  let response: Response
  try {
    response = await fetch('/auth/me', {
      headers: { Accept: 'application/json', ...(token === null ? {} : { Authorization: `Bearer ${token}` }) },
      credentials: 'same-origin',
    })
  } catch {
    // The server cannot be reached: behave as without authentication; the pages say what fails.
    signedIn({ authEnabled: false, login: 'none', multitenancy: false })
    return
  }
  let me: Me
  try {
    me = (await response.json()) as Me
  } catch {
    signedIn({ authEnabled: false, login: 'none', multitenancy: false })
    return
  }
  if (response.ok) {
    signedIn(me)
    return
  }
  if (token !== null) {
    store(TOKEN_KEY, null)
    session.message = `The API token was not accepted: ${me.error ?? response.statusText}`
  } else if (me.error !== undefined && me.error.includes('session has ended')) {
    session.message = 'Your session has ended: sign in again.'
  }
  session.me = me
  session.state = 'signed-out'
}

function signedIn(me: Me) {
  session.me = me
  // Tenants without authentication (a gateway in front authenticates, or a test set-up): the user names the tenant.
  session.tenant = me.authEnabled ? pickTenant(me, stored(TENANT_KEY)) : me.multitenancy ? stored(TENANT_KEY) : null
  session.state = 'signed-in'
  session.message = ''
}

export function chooseTenant(tenant: string) {
  session.tenant = tenant
  store(TENANT_KEY, tenant)
}

/** Signs in with an API token: kept for this tab only, checked with the server at once. */
export async function signInWithToken(token: string): Promise<void> {
  store(TOKEN_KEY, token.trim())
  await loadSession()
}

/** Where the OIDC login starts, coming back to the page in view. */
export function loginUrl(): string {
  return `/auth/login?return=${encodeURIComponent(window.location.pathname + window.location.search)}`
}

/** An API call answered 401: the session or token is no longer good; ask for a sign-in again. */
export function sessionEnded(message: string) {
  if (session.me === null || !session.me.authEnabled) return
  if (stored(TOKEN_KEY) !== null) store(TOKEN_KEY, null)
  session.message = message
  session.state = 'signed-out'
}

export async function signOut(): Promise<void> {
  const token = stored(TOKEN_KEY)
  store(TOKEN_KEY, null)
  store(TENANT_KEY, null)
  if (token !== null || session.me?.login !== 'oidc') {
    session.state = 'signed-out'
    session.message = 'Signed out.'
    return
  }
  let next = '/'
  try {
    const response = await fetch('/auth/logout', {
      method: 'POST', credentials: 'same-origin', headers: { 'X-Requested-With': 'tracemate', Accept: 'application/json' },
    })
    next = ((await response.json()) as { logoutUrl?: string }).logoutUrl ?? '/'
  } catch {
    // the session ends at the server anyway when it expires
  }
  window.location.assign(next)
}
