// kubeward: the catalogue of controls and the audit engine.
export * from './controls';
export * from './audit';
