/** Types of manifest.mjs, for the tests. */
export declare const LOCAL_STAND_INS: Record<'TEAMS_APP_ID' | 'BOT_ID' | 'BOT_ENDPOINT', string>;
export declare class PackageError extends Error {}
export declare function loadEnvironment(
  root: string,
  name: string,
  processEnv: NodeJS.ProcessEnv,
): { values: Record<string, string>; standIns: string[] };
export declare function fill(template: string, values: Record<string, string>, file: string): string;
export declare function schemaPath(manifestVersion: string, kind?: string): string;
export declare function validateAgainst(document: unknown, schemaFile: string): string[];
