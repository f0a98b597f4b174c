import { createRouter, createWebHistory } from 'vue-router'
import ComingSoon from './views/ComingSoon.vue'
import ComparePage from './views/ComparePage.vue'
import SearchPage from './views/SearchPage.vue'
import TracePage from './views/TracePage.vue'
import LogsPage from './views/LogsPage.vue'
import ServicePage from './views/ServicePage.vue'
import ServicesPage from './views/ServicesPage.vue'

// Every path here must also be listed in UiService.SPA_ROUTES, which answers deep links with index.html.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/search' },
    { path: '/search', component: SearchPage },
    { path: '/trace/:traceID', component: TracePage, props: true },
    // Lazy: Cytoscape is only loaded for the topology page.
    { path: '/topology', component: () => import('./views/TopologyPage.vue') },
    { path: '/logs', component: LogsPage },
    { path: '/services', component: ServicesPage },
    { path: '/compare', component: ComparePage },
    { path: '/services/:service', component: ServicePage, props: true },
    { path: '/:unknown(.*)*', component: ComingSoon, props: { title: 'Page not found', notFound: true } },
  ],
})
