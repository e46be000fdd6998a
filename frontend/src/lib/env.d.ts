/** The build-time settings the code reads (vite/client types the rest as `any`). */
interface ImportMetaEnv {
  /** The API's origin for a split-origin build; unset or empty: same origin. */
  readonly VITE_API_URL?: string;
}
