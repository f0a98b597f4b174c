import { describe, expect, it } from 'vitest'
import { alertsPageQuery } from './alertsLink'

describe('links to the alerts page', () => {
  it('carries the alert name, the service and the time range, leaving out what is not given', () => {
    expect(alertsPageQuery('OrdersDown', 'order-service', { lookback: '1h' }))
      .toEqual({ lookback: '1h', alertname: 'OrdersDown', service: 'order-service' })
    expect(alertsPageQuery(null, 'order-service')).toEqual({ service: 'order-service' })
    expect(alertsPageQuery('', null)).toEqual({})
  })
})
