/**
 * The dashboard's single entry to the shared core. Every rule (adherence, validation, merging,
 * nudge windows) comes from `@unknot/stretch-model`; the dashboard only displays.
 */
export * from '@unknot/stretch-model';
