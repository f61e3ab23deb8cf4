/** Types of build-web.mjs, for the tests. */
export declare function buildWeb(): Promise<string>;
