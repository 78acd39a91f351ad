declare module 'node:path' {
  export function isAbsolute(path: string): boolean;
}
