export * from './types';
export * from './catalogue';
export * from './guidance';
export * from './checklist';
export * from './docs';
export * from './implementations';
