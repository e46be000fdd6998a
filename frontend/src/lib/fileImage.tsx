/** Member-only images (covers, previews), and the fetch of any member-only file: see
 * files.ts for why split origins fetch them. Kept apart from the downloads, so that the
 * islands' board (its tiles' covers) carries no more than it shows. */
import { useEffect, useState } from "react";
import { API_URL, ApiError, SPLIT_ORIGIN, transport } from "./api";

export async function fetched(path: string): Promise<Response> {
  let response: Response;
  try {
    response = await transport(new Request(`${API_URL}${path}`));
  } catch {
    throw new ApiError(0, { title: "Network error", detail: "The server cannot be reached; try again." });
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as ConstructorParameters<typeof ApiError>[1];
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** An address an <img> can show a member-only image from (null while it is fetched). */
export function useFileSrc(path: string | null): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!path || !SPLIT_ORIGIN) return;
    let url: string | null = null;
    let gone = false;
    fetched(path)
      .then((response) => response.blob())
      .then((blob) => {
        if (gone) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch(() => undefined); // no preview: the file's name still says what it is
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
      setSrc(null);
    };
  }, [path]);
  if (!path) return null;
  return SPLIT_ORIGIN ? src : path;
}

/** A member-only image (a cover, a preview): decorative unless given words. */
export function FileImage({ path, className, alt = "" }: { path: string; className: string; alt?: string }) {
  const src = useFileSrc(path);
  return src ? <img className={className} src={src} alt={alt} loading="lazy" decoding="async" /> : <span className={className} aria-hidden="true" />;
}
