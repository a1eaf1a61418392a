import { defineConfig } from 'vitepress'

// https://vitepress.dev/reference/site-config
export default defineConfig({
  title: "云原生面试题",
  description: "Kubernetes 与 Go 的面试题和参考答案",
  lang: 'zh-CN',
  base: '/cloud-native-interview/',
  lastUpdated: true,
  sitemap: {
    hostname: 'https://example.org'
  },
  themeConfig: {
    nav: [{ text: '首页', link: '/' }],
    sidebar: [
      { text: 'Go', items: [{ text: 'Goroutine', link: '/go/1-goroutine' }] },
      { text: 'Kubernetes', items: [{ text: 'Pod', link: '/k8s/pod' }] }
    ],
    socialLinks: [
      { icon: 'github', link: 'https://github.com/example/cloud-native-interview' }
    ]
  }
})
