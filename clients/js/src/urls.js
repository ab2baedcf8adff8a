// Turns the server's base address (http(s):// or ws(s)://) into the address of one endpoint.
export function webSocketUrl(base, path) {
  const url = new URL(path, base);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.toString();
}

export function httpUrl(base, path) {
  const url = new URL(path, base);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  if (url.protocol === 'wss:') url.protocol = 'https:';
  return url.toString();
}
