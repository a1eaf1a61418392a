// @ts-check
/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Backend Interview Notes',
  tagline: 'Questions we ask, answers we expect',
  url: 'https://notes.example.com',
  baseUrl: '/backend/',
  organizationName: 'example',
  projectName: 'backend-notes',
  onBrokenLinks: 'throw',
  i18n: {
    defaultLocale: 'en',
    locales: ['en'],
  },
  presets: [
    [
      'classic',
      {
        docs: { sidebarPath: require.resolve('./sidebars.js') },
      },
    ],
  ],
  themeConfig: {
    navbar: { title: 'Notes', items: [] },
  },
};

module.exports = config;
