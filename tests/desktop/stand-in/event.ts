// Electron's event object: `preventDefault()` and `defaultPrevented`, plus the event's own fields.
export function preventable<T extends object = Record<never, never>>(params: T = {} as T): Electron.Event<T> {
  let prevented = false;
  return {
    ...params,
    preventDefault() {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}
