export * from './therapist-report.js';
