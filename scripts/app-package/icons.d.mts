/** Types of icons.mjs, for the tests. */
export declare const ACCENT: [number, number, number];
export declare function drawColorIcon(): Buffer;
export declare function drawOutlineIcon(): Buffer;
export declare function writeIcons(dir: string): void;
