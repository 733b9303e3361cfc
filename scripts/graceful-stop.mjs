// Preloaded into the production server (`node --import ./scripts/graceful-stop.mjs server.js`: the app image's CMD,
// scripts/start.mjs, the scale-out proof). README "Production deployment", "Stopping gracefully".
//
// On SIGTERM Next's server calls server.close(): it stops listening, lets requests in flight finish and exits
// once every connection is gone. Node's close() also cuts every kept-alive connection that is idle at that
// instant, and answers later requests on the busy ones with "keep-alive" again. Behind a proxy that pools
// connections (nginx's `keepalive`), the first races with a request the proxy is just sending on such a
// connection (a POST lost with 502), and the second lets the proxy go on sending on a connection it already has,
// so the server keeps serving and never exits until it is killed. This changes close() for this process only:
// stop listening, answer every request from then on with "Connection: close" (the proxy sends the next one
// elsewhere), and leave idle connections to the keep-alive timeout, which the proxy's shorter timeout beats.
import http from "node:http";
import net from "node:net";

const closing = new WeakSet();

// Every answer begins in writeHead (an implicit header goes through it too), so an answer that begins once its
// server is closing says "Connection: close" and its connection ends after it; nothing is tracked per request.
const originalWriteHead = http.ServerResponse.prototype.writeHead;
http.ServerResponse.prototype.writeHead = function writeHead(...args) {
  if (closing.has(this.socket?.server)) this.shouldKeepAlive = false;
  return originalWriteHead.apply(this, args);
};

http.Server.prototype.close = function close(callback) {
  closing.add(this);
  return net.Server.prototype.close.call(this, callback);
};
