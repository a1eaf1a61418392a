// @ts-check
const { themes } = require('prism-react-renderer');

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Backend Interview Handbook',
  tagline: 'Go and distributed systems questions, with model answers',
  favicon: 'img/favicon.ico',
  url: 'https://example.github.io',
  baseUrl: '/interview-handbook/',
  organizationName: 'example',
  projectName: 'interview-handbook',
  onBrokenLinks: 'throw',
  i18n: {
    defaultLocale: 'en',
    locales: ['en'],
  },
  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: './sidebars.js',
          editUrl: 'https://github.com/example/interview-handbook/tree/main/',
        },
      },
    ],
  ],
  themeConfig: {
    navbar: {
      title: 'Interview Handbook',
      items: [{ type: 'docSidebar', sidebarId: 'docs', label: 'Questions' }],
    },
    prism: { theme: themes.github },
  },
};

module.exports = config;
