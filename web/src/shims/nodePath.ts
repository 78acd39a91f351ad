/** The browser's stand-in for the part of `node:path` the API's schemas use (a path is absolute on the server). */
export function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}
