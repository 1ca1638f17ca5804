export * from './report';
export * from './engine';
export * from './files';
export * from './loader';
export * from './suppressions';
export * from './workload';
export * from './set-facts';
export * from './reporters';
