import { createApp } from "vue";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import "./styles.css";
import App from "./App.vue";
import { applyLocale, createAppI18n } from "./i18n";
import { createAppRouter } from "./routes";

const i18n = createAppI18n();
applyLocale(i18n.global, i18n.global.locale.value);

createApp(App).use(ElementPlus).use(i18n).use(createAppRouter()).mount("#app");
