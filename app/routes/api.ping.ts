// A trivial resource route: the offer benchmark's baseline for the server's own overhead.
export const loader = () => new Response("pong", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
