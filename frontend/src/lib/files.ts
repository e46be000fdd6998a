/** Files the API serves to members only (attachments, their previews, a board's export).
 *
 * On the same origin the session cookie rides along with any <img> or <a>, so an address
 * is all it takes. Split, the API knows the SPA by its bearer token alone, which neither an
 * <img> nor a link sends: there the bytes are fetched through the authenticated transport
 * and shown from a blob: address (revoked when no longer shown). */
import { SPLIT_ORIGIN } from "./api";
import { fetched } from "./fileImage";

/** The name the server gave the download (RFC 6266 `filename*` first), else `fallback`. */
export function downloadName(disposition: string | null, fallback: string): string {
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "");
  if (exact?.[1]) {
    try {
      return decodeURIComponent(exact[1]);
    } catch {
      // a malformed name: the plain one, or the fallback
    }
  }
  return /filename="([^"]*)"/i.exec(disposition ?? "")?.[1] || fallback;
}

/** Save a member-only file: followed as a link on the same origin (the browser streams it
 * to disk), fetched with the token and saved from memory when split. */
export async function download(path: string, fallback: string): Promise<void> {
  const link = document.createElement("a");
  if (SPLIT_ORIGIN) {
    const response = await fetched(path);
    link.download = downloadName(response.headers.get("Content-Disposition"), fallback);
    link.href = URL.createObjectURL(await response.blob());
  } else {
    link.href = path;
  }
  link.click();
  if (link.href.startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
