/**
 * Runs `load` (which `require`s modules) in a fresh module registry with `env` set, then
 * restores `process.env`. Handlers read their config at module scope, so each copy keeps the
 * env it was loaded with and its own module-scope clients. Modules required in one `load`
 * share one registry, so their classes match under `instanceof`.
 */
export function loadIsolated<T>(env: Readonly<Record<string, string>>, load: () => T): T {
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    let loaded: { value: T } | undefined;
    jest.isolateModules(() => {
      loaded = { value: load() };
    });
    return loaded!.value;
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
