/** Demo accounts loaded into the e2e database with the demo data. */
export const DEMO_CONTROLLER = {
  email: 'controller@karta.test',
  password: 'demo-karta-76',
} as const;
