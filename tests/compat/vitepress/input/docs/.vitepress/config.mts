import { defineConfig } from 'vitepress'

export default defineConfig({
  lang: 'en-US',
  title: 'Algorithm Interview Guide',
  description: 'Classic algorithm questions with the reasoning behind them',
  base: '/algo-guide/',
  themeConfig: {
    sidebar: [
      {
        text: 'Guide',
        items: [{ text: 'How to practise', link: '/guide/practice' }]
      },
      {
        text: 'Algorithms',
        items: [
          { text: 'Two pointers', link: '/algorithms/two-pointers' },
          { text: 'Binary search', link: '/algorithms/binary-search' }
        ]
      }
    ],
    socialLinks: [
      { icon: 'github', link: 'https://github.com/example/algo-guide' }
    ]
  }
})
