// Which texts may be offered as "open in the browser": http(s) URLs with a host, nothing else
// (a fetched page may carry javascript:, data: or file: URLs). The backend checks again.
export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
