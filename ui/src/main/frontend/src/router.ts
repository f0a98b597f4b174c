import { createRouter, createWebHistory } from 'vue-router'
import ComingSoon from './views/ComingSoon.vue'
import SearchPage from './views/SearchPage.vue'
import TracePage from './views/TracePage.vue'

// Every path here must also be listed in UiService.SPA_ROUTES, which answers deep links with index.html.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/search' },
    { path: '/search', component: SearchPage },
    { path: '/trace/:traceID', component: TracePage, props: true },
    { path: '/topology', component: ComingSoon, props: { title: 'Topology' } },
    { path: '/logs', component: ComingSoon, props: { title: 'Logs' } },
    { path: '/services/:service', component: ComingSoon, props: (route) => ({ title: `Service ${String(route.params.service)}` }) },
    { path: '/:unknown(.*)*', component: ComingSoon, props: { title: 'Page not found', notFound: true } },
  ],
})
