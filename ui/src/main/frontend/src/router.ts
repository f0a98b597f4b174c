import { createRouter, createWebHistory } from 'vue-router'
import ComingSoon from './views/ComingSoon.vue'
import ComparePage from './views/ComparePage.vue'
import SearchPage from './views/SearchPage.vue'
import TracePage from './views/TracePage.vue'
import LogsPage from './views/LogsPage.vue'
import ServicePage from './views/ServicePage.vue'
import ServicesPage from './views/ServicesPage.vue'
import RulesPage from './views/RulesPage.vue'
import type { RouteTime } from './lib/useTimeRange'

/** Pages over a time range: their default range and auto-refresh (the header's time control shows on them). */
const hour: RouteTime = { lookback: '1h', refresh: 'off' }
// The topology is watched live: the last 15 minutes, refreshed every 15 s unless the URL says otherwise.
const live: RouteTime = { lookback: '15m', refresh: '15s' }
// Alerts: the history of the last day, the alerts in force refreshed every 30 s.
const alerting: RouteTime = { lookback: '24h', refresh: '30s' }

// Every path here must also be listed in UiService.SPA_ROUTES, which answers deep links with index.html.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/search' },
    { path: '/search', component: SearchPage, meta: { time: hour } },
    { path: '/trace/:traceID', component: TracePage, props: true },
    // Lazy: Cytoscape is only loaded for the topology page.
    { path: '/topology', component: () => import('./views/TopologyPage.vue'), meta: { time: live } },
    { path: '/logs', component: LogsPage, meta: { time: hour } },
    { path: '/services', component: ServicesPage, meta: { time: hour } },
    { path: '/compare', component: ComparePage },
    { path: '/rules', component: RulesPage },
    { path: '/services/:service', component: ServicePage, props: true, meta: { time: hour } },
    { path: '/alerts', component: () => import('./views/AlertsPage.vue'), meta: { time: alerting } },
    { path: '/:unknown(.*)*', component: ComingSoon, props: { title: 'Page not found', notFound: true } },
  ],
})
