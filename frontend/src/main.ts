import { createApp, watchEffect } from 'vue'
import { createPinia } from 'pinia'
// Element Plus components come per page (unplugin-vue-components); the
// base variables and the services called from scripts are styled here.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import 'element-plus/es/components/loading/style/css'
import './assets/main.css'
import './i18n/weekStart'
import App from './App.vue'
import { setHttpHooks, setRequestLanguage } from './api/http'
import { currentLocale, i18n } from './i18n'
import { createAppRouter } from './router'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const router = createAppRouter()
app.use(router)

const auth = useAuthStore(pinia)
setHttpHooks({
  onUnauthorized() {
    auth.clear()
    const current = router.currentRoute.value
    if (current.meta.public) return
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  },
  onPasswordChangeRequired() {
    auth.requirePasswordChange()
    if (router.currentRoute.value.name !== 'password') void router.replace({ name: 'password' })
  },
})

// Server messages come in the UI language.
watchEffect(() => setRequestLanguage(currentLocale.value))

app.mount('#app')
