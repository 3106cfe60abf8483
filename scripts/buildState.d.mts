export declare const REPO_ROOT: string;
export declare const STAMP: string;
export declare function newestSource(): number;
export declare function buildState(): 'fresh' | 'stale' | 'missing';
