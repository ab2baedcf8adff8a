package io.lockstep.app;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the demo web app (shared notes, presence, an activity feed, a counter) from the jar's
 * {@code webroot/} at {@code /}, switched by {@code --demo}. Its HTML and CSS are written by hand
 * there; {@code demo.js} is the client SDK bundled by {@code npm run build:demo} in
 * {@code clients/js}, committed so that the Maven build needs no Node.
 *
 * <p>Mounted after every service: a path a service serves never reaches it, and a path with no
 * file falls through to the router's JSON 404. The pages need no login; with authentication on they
 * pass a {@code ?token=} query parameter on to the server.
 */
final class DemoPage {

  private DemoPage() {}

  static void mount(Router router) {
    // Files are revalidated on every load (Last-Modified), so a new jar's demo is never shadowed
    // by a stale cached bundle.
    router.route("/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(0));
  }
}
