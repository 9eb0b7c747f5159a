export * from './therapist-report.js';
export * from './share-link-api.js';
