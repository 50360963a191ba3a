/** The part of addons-linter's Node API the tests use (the package ships no types). */
declare module 'addons-linter' {
  interface LinterConfig {
    _: string[];
    logLevel: string;
    stack: boolean;
    pretty: boolean;
    warningsAsErrors: boolean;
    metadata: boolean;
    output: 'none' | 'json' | 'text';
    boring: boolean;
    selfHosted: boolean;
  }
  export function createInstance(options: { config: LinterConfig; runAsBinary: boolean }): { run(): Promise<unknown> };
}
